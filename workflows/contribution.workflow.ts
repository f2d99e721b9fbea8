import { setHandler } from '@temporalio/workflow';
import {
  Actor,
  ContributionEventBody,
  ContributionState,
  contributionClock,
  evolveContribution,
  reviseProblem,
  signProblem,
  withdrawContributionProblem,
} from '@grants/domain';
import type { ContributionInput } from '@grants/contracts';
import { acts, refuse } from './common';
import {
  ContributionActor,
  contributionProposedUpdate,
  contributionStateQuery,
  reviseContributionUpdate,
  signContributionUpdate,
  withdrawContributionUpdate,
} from './contribution.messages';
import { moduleRecorder } from './recorder';

/**
 * One associated signatory's contribution to the contrat de ville (proposal 6): proposed by the
 * politique de la ville team or by the signatory, revised by either until both have signed the same
 * version (two signatures), reminded before the other side's deadline, expired past it, or
 * withdrawn with a reason.
 */
export async function contributionWorkflow(input: ContributionInput): Promise<ContributionState> {
  const { policy } = input;
  const recorder = moduleRecorder<ContributionState, ContributionEventBody>({
    streamId: input.contributionId,
    evolve: evolveContribution,
    record: (recorded) => acts.recordContributionEvent(recorded),
    search: (s) => ({ kind: 'contribution', status: s.status, territoryIds: [s.terms.territoryId], funderIds: [s.terms.signatoryId] }),
  });
  const signBy = () => new Date(Date.now() + policy.signWithinMs).toISOString();
  const user = (a: ContributionActor): Actor => ({ kind: 'user', id: a.id, role: a.role });
  const proposal = recorder.emit(
    { type: 'ContributionProposed', payload: { terms: input.terms, side: input.side, signBy: signBy(), policy } },
    user(input.proposedBy),
  );

  setHandler(contributionStateQuery, () => recorder.state);
  setHandler(contributionProposedUpdate, async () => {
    await proposal.recorded;
    return proposal.state;
  });

  setHandler(
    signContributionUpdate,
    async (c) => {
      const signed = recorder.emit({ type: 'ContributionSigned', payload: { side: c.side, version: recorder.state.version } }, user(c.actor));
      const { signatures, version } = signed.state;
      // The second signature of the same version concludes it.
      if (signatures.team?.version === version && signatures.signatory?.version === version) {
        return recorder.record({ type: 'ContributionAgreed', payload: { version } }, user(c.actor));
      }
      await signed.recorded;
      return signed.state;
    },
    { validator: (c) => refuse(signProblem(recorder.state, c.side)) },
  );

  setHandler(
    reviseContributionUpdate,
    (c) =>
      recorder.record(
        { type: 'ContributionRevised', payload: { terms: c.terms, side: c.side, version: recorder.state.version + 1, signBy: signBy() } },
        user(c.actor),
      ),
    { validator: (c) => refuse(reviseProblem(recorder.state, c.side, c.terms)) },
  );

  setHandler(
    withdrawContributionUpdate,
    (c) => recorder.record({ type: 'ContributionWithdrawn', payload: { side: c.side, reason: c.reason.trim() } }, user(c.actor)),
    { validator: (c) => refuse(withdrawContributionProblem(recorder.state, c.reason)) },
  );

  await proposal.recorded;
  // The other side's deadline: a reminder before it, the expiry at it (each revision sets a new one).
  return recorder.runClock(contributionClock, (s) => s.status !== 'negotiating');
}
