import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { Logger } from '@nestjs/common';

/** The schedule of the audit archiver, one per task queue; created once, kept as it is after. */
export async function ensureAuditSchedule(client: Client, taskQueue: string, everyMs: number): Promise<void> {
  const scheduleId = taskQueue === 'grants' ? 'audit-archiver' : `audit-archiver-${taskQueue}`;
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: everyMs }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: {
        type: 'startWorkflow',
        workflowType: 'auditArchiverWorkflow',
        workflowId: `${scheduleId}-run`,
        taskQueue,
        args: [],
      },
    });
    new Logger('worker').log(`schedule ${scheduleId} created (every ${everyMs} ms)`);
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}

/** The daily digest schedule (19:00, Paris time), one per task queue; created once, kept as it is after. */
export async function ensureDigestSchedule(client: Client, taskQueue: string): Promise<string> {
  const scheduleId = taskQueue === 'grants' ? 'notification-digest' : `notification-digest-${taskQueue}`;
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ hour: 19, minute: 0 }], timezone: 'Europe/Paris' },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: {
        type: 'startWorkflow',
        workflowType: 'notificationDigestWorkflow',
        workflowId: `${scheduleId}-run`,
        taskQueue,
        args: [{}],
      },
    });
    new Logger('worker').log(`schedule ${scheduleId} created (daily at 19:00 Europe/Paris)`);
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  return scheduleId;
}

/** The nightly verification of the archived histories (03:00, Paris time), one per task queue; created once, kept as it is after. */
export async function ensureHistoryVerificationSchedule(client: Client, taskQueue: string): Promise<string> {
  const scheduleId = taskQueue === 'grants' ? 'history-verification' : `history-verification-${taskQueue}`;
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ hour: 3, minute: 0 }], timezone: 'Europe/Paris' },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: {
        type: 'startWorkflow',
        workflowType: 'historyVerificationWorkflow',
        workflowId: `${scheduleId}-run`,
        taskQueue,
        args: [],
      },
    });
    new Logger('worker').log(`schedule ${scheduleId} created (nightly at 03:00 Europe/Paris)`);
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  return scheduleId;
}
