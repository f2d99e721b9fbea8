// The bare Temporal baseline of the benchmark: the shape of a micro-grant lifecycle (the same
// updates, signal and number of activities), with no-op activities, no API and no database.
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';

export const baselineStateQuery = defineQuery<string>('state');
export const baselineIntakeUpdate = defineUpdate<string>('intake');
export const baselineDecideUpdate = defineUpdate<string, [string]>('decide');
export const baselineReportUpdate = defineUpdate<string>('submitReport');
export const baselineCommitSignal = defineSignal('commitFunds');

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

/** Two no-ops where the real lifecycle appends an event and notifies. */
async function record(): Promise<void> {
  await noop();
  await noop();
}

export async function baselineLifecycleWorkflow(input: { sinkWorkflowId: string }): Promise<string> {
  let status = 'requested';
  const decisions: string[] = [];
  let reported = false;
  setHandler(baselineStateQuery, () => status);
  setHandler(baselineIntakeUpdate, async () => {
    await condition(() => status !== 'requested');
    return status;
  });
  setHandler(
    baselineDecideUpdate,
    async (role) => {
      decisions.push(role);
      await record();
      return status;
    },
    {
      validator: (role) => {
        if (decisions.includes(role)) throw new Error('already decided');
      },
    },
  );
  setHandler(baselineReportUpdate, async () => {
    reported = true;
    status = 'closed';
    await record();
    return status;
  });

  await record(); // requested
  await noop(); // the envelope reservation
  await record(); // reserved
  status = 'awaiting_decisions';
  await condition(() => decisions.length === 2, '14 days');
  status = 'approved';
  await getExternalWorkflowHandle(input.sinkWorkflowId).signal(baselineCommitSignal);
  await condition(allHandlersFinished);
  await record(); // approved
  await noop(); // the payment order
  status = 'paid';
  await record(); // paid
  await condition(() => reported, '90 days');
  await condition(allHandlersFinished);
  return status;
}

/** Receives the commit signals, as the envelope does. */
export async function baselineSinkWorkflow(): Promise<void> {
  let received = 0;
  setHandler(baselineCommitSignal, () => {
    received++;
  });
  await condition(() => received < 0);
}
