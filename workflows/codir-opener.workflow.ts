import { ParentClosePolicy, WorkflowIdReusePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { codirId, parisYearMonth } from '@grants/domain';
import type { CodirOpenerInput } from '@grants/contracts';
import { codirWorkflow } from './codir.workflow';

/**
 * The action of a territory's yearly Schedule (`codir-schedule-<territory>`): opens that year's CODIR
 * QPV (`codir-<territory>-<year>`, a child left running on its own) with the Schedule's directions,
 * its meeting the Schedule's number of days later. A CODIR the project lead opened already that year
 * is left as it is.
 */
export async function codirOpenerWorkflow(input: CodirOpenerInput): Promise<{ codirId: string; opened: boolean }> {
  const now = Date.now();
  const year = parisYearMonth(new Date(now).toISOString()).year;
  const id = codirId(input.territoryId, year);
  try {
    await startChild(codirWorkflow, {
      workflowId: id,
      taskQueue: input.taskQueue ?? workflowInfo().taskQueue,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [
        {
          codirId: id,
          territoryId: input.territoryId,
          year,
          meetingAt: new Date(now + input.meetingAfterMs).toISOString(),
          directions: input.directions,
          openedBy: null,
          policy: input.policy,
        },
      ],
    });
    return { codirId: id, opened: true };
  } catch (error) {
    if ((error as Error)?.name === 'WorkflowExecutionAlreadyStartedError') return { codirId: id, opened: false };
    throw error;
  }
}
