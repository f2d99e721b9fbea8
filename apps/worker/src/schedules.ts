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
