import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, ScheduleSpec } from '@temporalio/client';
import { Logger } from '@nestjs/common';

/**
 * A schedule of the worker's, one per task queue (the default queue's under its bare name); created
 * once, kept as it is after (an operator's change to it stands).
 */
async function ensureSchedule(
  client: Client,
  taskQueue: string,
  schedule: { name: string; spec: ScheduleSpec; workflowType: string; args: unknown[]; when: string },
): Promise<string> {
  const scheduleId = taskQueue === 'grants' ? schedule.name : `${schedule.name}-${taskQueue}`;
  try {
    await client.schedule.create({
      scheduleId,
      spec: schedule.spec,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: { type: 'startWorkflow', workflowType: schedule.workflowType, workflowId: `${scheduleId}-run`, taskQueue, args: schedule.args },
    });
    new Logger('worker').log(`schedule ${scheduleId} created (${schedule.when})`);
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  return scheduleId;
}

/** The audit archiver, every `everyMs`. */
export function ensureAuditSchedule(client: Client, taskQueue: string, everyMs: number): Promise<string> {
  return ensureSchedule(client, taskQueue, {
    name: 'audit-archiver',
    spec: { intervals: [{ every: everyMs }] },
    workflowType: 'auditArchiverWorkflow',
    args: [],
    when: `every ${everyMs} ms`,
  });
}

/** The daily digest of notifications (19:00, Paris time). */
export function ensureDigestSchedule(client: Client, taskQueue: string): Promise<string> {
  return ensureSchedule(client, taskQueue, {
    name: 'notification-digest',
    spec: { calendars: [{ hour: 19, minute: 0 }], timezone: 'Europe/Paris' },
    workflowType: 'notificationDigestWorkflow',
    args: [{}],
    when: 'daily at 19:00 Europe/Paris',
  });
}

/** The nightly verification of the archived histories (03:00, Paris time). */
export function ensureHistoryVerificationSchedule(client: Client, taskQueue: string): Promise<string> {
  return ensureSchedule(client, taskQueue, {
    name: 'history-verification',
    spec: { calendars: [{ hour: 3, minute: 0 }], timezone: 'Europe/Paris' },
    workflowType: 'historyVerificationWorkflow',
    args: [],
    when: 'nightly at 03:00 Europe/Paris',
  });
}
