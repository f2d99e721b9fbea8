import { setHandler } from '@temporalio/workflow';
import {
  Actor,
  ReferralEventBody,
  ReferralState,
  evolveReferral,
  referralAnswerProblem,
  referralClock,
  routeProblem,
  withdrawReferralProblem,
} from '@grants/domain';
import type { ReferralInput } from '@grants/contracts';
import { acts, refuse } from './common';
import { moduleRecorder } from './recorder';
import {
  ReferralActor,
  answerReferralUpdate,
  referralStateQuery,
  referralSubmittedUpdate,
  routeReferralUpdate,
  withdrawReferralUpdate,
} from './referral.messages';

/**
 * An association's need routed to the right signatory (proposal 7): the binôme routes it to a named
 * contact of a signatory (suggested from the declared contributions); the signatory answers within a
 * deadline (support offered, or declined with a reason), reminded before, the need escalated back to
 * the binôme after; it ends supported, or withdrawn by the association.
 */
export async function referralWorkflow(input: ReferralInput): Promise<ReferralState> {
  const { policy } = input;
  const recorder = moduleRecorder<ReferralState, ReferralEventBody>({
    streamId: input.referralId,
    evolve: evolveReferral,
    record: (recorded) => acts.recordReferralEvent(recorded),
    search: (s) => ({
      kind: 'referral',
      status: s.status,
      territoryIds: [s.need.territoryId],
      associationIds: [s.need.associationId],
      funderIds: s.routings.map((r) => r.signatoryId),
    }),
  });
  const user = (a: ReferralActor): Actor => ({ kind: 'user', id: a.id, role: a.role });
  const submitted = recorder.emit({ type: 'ReferralSubmitted', payload: { need: input.need, policy } }, user(input.submittedBy));

  setHandler(referralStateQuery, () => recorder.state);
  setHandler(referralSubmittedUpdate, async () => {
    await submitted.recorded;
    return submitted.state;
  });

  setHandler(
    routeReferralUpdate,
    (c) =>
      recorder.record(
        {
          type: 'ReferralRouted',
          payload: {
            signatoryId: c.signatoryId,
            contactName: c.contactName.trim(),
            answerBy: new Date(Date.now() + policy.answerWithinMs).toISOString(),
            suggested: c.suggested,
            routing: recorder.state.routings.length + 1,
          },
        },
        user(c.actor),
      ),
    { validator: (c) => refuse(routeProblem(recorder.state, c.signatoryId, c.contactName)) },
  );

  setHandler(
    answerReferralUpdate,
    (c) =>
      recorder.record(
        c.supported
          ? { type: 'ReferralSupported', payload: { signatoryId: c.signatoryId, support: c.text.trim() } }
          : { type: 'ReferralDeclined', payload: { signatoryId: c.signatoryId, reason: c.text.trim() } },
        user(c.actor),
      ),
    { validator: (c) => refuse(referralAnswerProblem(recorder.state, c.signatoryId, c.text)) },
  );

  setHandler(withdrawReferralUpdate, (c) => recorder.record({ type: 'ReferralWithdrawn', payload: { reason: c.reason.trim() } }, user(c.actor)), {
    validator: (c) => refuse(withdrawReferralProblem(recorder.state, c.reason)),
  });

  await submitted.recorded;
  return recorder.runClock(referralClock, (s) => s.status === 'supported' || s.status === 'withdrawn');
}
