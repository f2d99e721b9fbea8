import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { checkReservation, commit, newEnvelope, release, reserve, summarizeEnvelope } from '@grants/domain';
import type { EnvelopeInput } from '@grants/contracts';
import { commitFundsSignal, envelopeQuery, releaseFundsSignal, reserveFundsUpdate } from './envelope.messages';

/**
 * One long-lived workflow per binôme and year. Reservations are Updates: Temporal runs them one at a
 * time, and the validator refuses what would go over the ceiling or beyond the envelope before it
 * enters history, so the envelope can never be over-committed whatever the concurrency. The state
 * is carried over when the workflow continues as new.
 */
export async function envelopeWorkflow(input: EnvelopeInput): Promise<void> {
  let envelope = input.carried ?? newEnvelope(input.binomeId, input.year, input.policy);
  let operations = 0;

  setHandler(envelopeQuery, () => summarizeEnvelope(envelope));

  setHandler(
    reserveFundsUpdate,
    ({ grantId, amountCents, associationId, associationCapCents }) => {
      // Synchronous on purpose: the next validator sees this reservation.
      envelope = reserve(envelope, grantId, amountCents, requesterOf(associationId, associationCapCents));
      operations++;
      return { outcome: 'reserved', amountCents: envelope.reserved[grantId] ?? envelope.committed[grantId] };
    },
    {
      validator: ({ grantId, amountCents, associationId, associationCapCents }) => {
        if (typeof grantId !== 'string' || !grantId) throw ApplicationFailure.nonRetryable('grantId is required', 'validation');
        if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
          throw ApplicationFailure.nonRetryable('amountCents must be a positive integer', 'validation');
        }
        const check = checkReservation(envelope, grantId, amountCents, requesterOf(associationId, associationCapCents));
        if (!check.ok) throw ApplicationFailure.nonRetryable(check.reason, check.code);
      },
    },
  );

  setHandler(commitFundsSignal, ({ grantId }) => {
    envelope = commit(envelope, grantId);
    operations++;
  });

  setHandler(releaseFundsSignal, ({ grantId }) => {
    envelope = release(envelope, grantId);
    operations++;
  });

  function requesterOf(associationId: string | undefined, capCents: number | undefined) {
    return associationId && capCents !== undefined ? { associationId, capCents } : undefined;
  }

  await condition(() => operations >= input.maxOperationsPerRun || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof envelopeWorkflow>({ ...input, carried: envelope });
}
