import { allHandlersFinished, condition, continueAsNew, currentUpdateInfo, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { OpenDataInput, PublishOpenDataResult } from '@grants/contracts';
import type { GrantActivities } from '../activities';
import { conventionsChangedSignal, publishOpenDataUpdate } from './open-data.messages';

const acts = proxyActivities<GrantActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Steps in one run before it continues as new (a funder's workflow lives as long as the platform). */
const STEPS_PER_RUN = 500;

/**
 * A funder's open data (id `open-data-<funderId>`): publishes at signature when the funder chose to,
 * reminds it a month before a row's legal deadline (three months after signature), and publishes at
 * the deadline what is still unpublished, unless the funder's SIRET blocks it (then it says why).
 * The funder's own publications come in as updates. Woken by a signal whenever its rows change.
 */
export async function openDataPublicationWorkflow(input: OpenDataInput): Promise<void> {
  const { funderId } = input;
  let step = input.steps ?? 0;
  let changed = false;

  setHandler(conventionsChangedSignal, () => {
    changed = true;
  });
  setHandler(
    publishOpenDataUpdate,
    async (request): Promise<PublishOpenDataResult> => {
      const result = await acts.publishOpenData({
        funderId,
        trigger: 'funder',
        rowIds: request.rowIds,
        actor: { kind: 'user', id: request.actorId, role: 'funder' },
        step: `publish-${currentUpdateInfo()?.id ?? ++step}`,
      });
      changed = true;
      return result;
    },
    {
      validator: (request) => {
        if (request.rowIds && (!Array.isArray(request.rowIds) || request.rowIds.length > 1000)) throw new Error('rowIds: at most 1000 row ids');
      },
    },
  );

  const tell = async (result: { event?: Parameters<GrantActivities['notifyOpenDataFunder']>[0]['event']; occurredAt: string }, name: string) => {
    if (result.event) await acts.notifyOpenDataFunder({ funderId, step: name, event: result.event, occurredAt: result.occurredAt });
  };

  for (;;) {
    changed = false;
    const agenda = await acts.openDataAgenda({ funderId });
    if (agenda.autoPublish) {
      const name = `automatic-${++step}`;
      await tell(await acts.publishOpenData({ funderId, trigger: 'automatic', step: name }), name);
      continue;
    }
    if (agenda.remind) {
      const name = `reminder-${++step}`;
      await tell(await acts.remindOpenData({ funderId, step: name }), name);
      continue;
    }
    if (agenda.deadline) {
      const name = `deadline-${++step}`;
      await tell(await acts.publishOpenData({ funderId, trigger: 'deadline', step: name }), name);
      continue;
    }
    if (step >= (input.steps ?? 0) + STEPS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof openDataPublicationWorkflow>({ funderId, steps: step });
    }
    const wait = agenda.nextAt ? Math.max(1000, Date.parse(agenda.nextAt) - Date.now()) : undefined;
    if (wait === undefined) await condition(() => changed);
    else await condition(() => changed, wait);
  }
}
