import { allHandlersFinished, condition, getExternalWorkflowHandle, patched, setHandler } from '@temporalio/workflow';
import {
  Actor,
  MicroGrantEventBody,
  MicroGrantState,
  RecordedMicroGrant,
  SYSTEM_ACTOR,
  decisionOutcome,
  decisionProblem,
  evolveMicroGrant,
  reportProblem,
} from '@grants/domain';
import { MicroGrantInput, envelopeWorkflowId } from '@grants/contracts';
import { decideUpdate, intakeUpdate, microGrantStateQuery, submitReportUpdate } from './micro-grant.messages';
import { commitFundsSignal, releaseFundsSignal } from './envelope.messages';
import { acts, envelopeActs, localActs, refuse } from './common';
import { moduleRecorder } from './recorder';
import { microGrantWorkflowV1 } from './micro-grant.v1';

/** Runs started since this patch change their state through evolveMicroGrant and record each event in one activity. */
export const MICRO_GRANT_RECORDER_PATCH = 'micro-grant-recorder';
/** Runs started since this patch order the payment once the approving decision has answered. */
export const MICRO_GRANT_APPROVAL_ANSWER_PATCH = 'micro-grant-approval-answer';
/**
 * Runs started since this patch record their events and order their payment as local activities:
 * fewer history events and workflow tasks per lifecycle (the capacity of #18).
 */
export const MICRO_GRANT_LOCAL_STEPS_PATCH = 'micro-grant-local-steps';

/**
 * A binôme micro-grant: requested → reserved in the envelope (or escalated) → both members decide →
 * approved → payment order → paid → short report → closed. One rejection, or no decision by the
 * deadline, ends it and gives the reservation back.
 *
 * Handlers validate and emit events; the state changes only through evolveMicroGrant; the recorder
 * appends each event to the log (and the read model) and notifies, in one activity, one event after
 * the other in the order the state took them.
 */
export async function microGrantWorkflow(input: MicroGrantInput): Promise<MicroGrantState> {
  // Runs started before the recorder (and their recorded histories) go on as they were written.
  if (!patched(MICRO_GRANT_RECORDER_PATCH)) return microGrantWorkflowV1(input);

  const { policy } = input;
  const grant = { title: input.title, associationId: input.associationId, territoryId: input.territoryId, amountCents: input.amountCents };
  const steps = patched(MICRO_GRANT_LOCAL_STEPS_PATCH) ? localActs : acts;
  const recorder = moduleRecorder<RecordedMicroGrant, MicroGrantEventBody>({
    streamId: input.grantId,
    evolve: evolveMicroGrant,
    record: ({ event, step }) => steps.recordMicroGrantEvent({ event, step, grant }),
    search: (s) => ({ kind: 'micro_grant', status: s.status, territoryIds: [s.territoryId], associationIds: [s.associationId] }),
  });
  const state = () => recorder.state;
  recorder.emit(
    {
      type: 'MicroGrantRequested',
      payload: {
        binomeId: input.binomeId,
        territoryId: input.territoryId,
        year: input.year,
        associationId: input.associationId,
        title: input.title,
        purpose: input.purpose,
        amountCents: input.amountCents,
        qpv: input.qpv,
        ...(input.targetPublic ? { targetPublic: input.targetPublic } : {}),
      },
    },
    { kind: 'user', id: input.requestedBy, role: 'association' },
  );
  const envelope = getExternalWorkflowHandle(envelopeWorkflowId(input.binomeId, input.year));

  setHandler(microGrantStateQuery, state);

  // The request's answer: once the envelope has answered and what it said is recorded.
  setHandler(intakeUpdate, async () => {
    await condition(() => state().status !== 'requested');
    await recorder.settled();
    return state();
  });

  setHandler(
    decideUpdate,
    async (command) => {
      const reason = command.reason?.trim() || undefined;
      const actor: Actor = { kind: 'user', id: command.actorId, role: command.role };
      await recorder.record({ type: 'MicroGrantDecisionRecorded', payload: { role: command.role, decision: command.decision, reason } }, actor);
      // As it is now: the second approval's answer already says approved (or paid).
      return state();
    },
    { validator: (command) => refuse(decisionProblem(state(), command)) },
  );

  setHandler(
    submitReportUpdate,
    async (command) => {
      await recorder.record(
        { type: 'ReportSubmitted', payload: { summary: command.summary.trim() } },
        { kind: 'user', id: command.actorId, role: 'association' },
      );
      return state();
    },
    { validator: (command) => refuse(reportProblem(state(), command)) },
  );

  /** The end: every event recorded and every handler answered. */
  async function ended(): Promise<MicroGrantState> {
    await condition(allHandlersFinished);
    await recorder.settled();
    return state();
  }

  // 1. The envelope: reserve, or escalate to standard instruction with the reason.
  const reservation = await envelopeActs.reserveEnvelopeFunds({
    binomeId: input.binomeId,
    year: input.year,
    grantId: input.grantId,
    amountCents: input.amountCents,
    associationId: input.associationId,
    ...(input.envelope ? { envelope: input.envelope } : {}),
  });
  if (reservation.outcome === 'escalated') {
    recorder.emit({ type: 'MicroGrantEscalated', payload: { code: reservation.code, reason: reservation.reason } }, SYSTEM_ACTOR);
    return ended();
  }

  // 2. Both members of the binôme decide, before the deadline.
  const deadlineMs = Date.now() + policy.decisionDeadlineMs;
  const decisionDeadlineAt = new Date(deadlineMs).toISOString();
  recorder.emit({ type: 'MicroGrantFundsReserved', payload: { amountCents: input.amountCents, decisionDeadlineAt } }, SYSTEM_ACTOR);
  const decidedInTime = await condition(() => decisionOutcome(state().decisions) !== 'pending', Math.max(deadlineMs - Date.now(), 1));
  const outcome = decisionOutcome(state().decisions);
  if (!decidedInTime || outcome === 'pending') {
    recorder.emit({ type: 'MicroGrantExpired', payload: { decisionDeadlineAt } }, SYSTEM_ACTOR);
    await envelope.signal(releaseFundsSignal, { grantId: input.grantId });
    return ended();
  }
  if (outcome === 'rejected') {
    const rejection = state().decisions.find((d) => d.decision === 'reject')!;
    recorder.emit(
      { type: 'MicroGrantRejected', payload: { role: rejection.role, reason: rejection.reason ?? '' } },
      { kind: 'user', id: rejection.actorId, role: rejection.role },
    );
    await envelope.signal(releaseFundsSignal, { grantId: input.grantId });
    return ended();
  }

  // 3. Approved: the reservation becomes a commitment and exactly one payment order is issued.
  recorder.emit({ type: 'MicroGrantApproved', payload: { amountCents: input.amountCents } }, SYSTEM_ACTOR);
  await envelope.signal(commitFundsSignal, { grantId: input.grantId });
  // The approving decision answers « approved », as the API documents: the payment waits for that
  // answer. (Runs recorded before this patch ordered it at once, and sometimes answered « paid ».)
  if (patched(MICRO_GRANT_APPROVAL_ANSWER_PATCH)) await condition(allHandlersFinished);
  const order = await steps.issuePaymentOrder({
    grantId: input.grantId,
    amountCents: input.amountCents,
    associationId: input.associationId,
    binomeId: input.binomeId,
    year: input.year,
  });
  const paidAtMs = Date.now();
  const reportDueAt = new Date(paidAtMs + policy.reportDueMs).toISOString();
  recorder.emit({ type: 'PaymentOrdered', payload: { paymentOrderId: order.paymentOrderId, amountCents: input.amountCents, reportDueAt } }, SYSTEM_ACTOR);

  // 4. The short report: a reminder before it is due, flagged overdue after; a late report still closes it.
  const reported = () => state().status === 'closed';
  const remindAfterMs = policy.reportDueMs - policy.reportReminderBeforeMs;
  if (!(await condition(reported, Math.max(remindAfterMs - (Date.now() - paidAtMs), 1)))) {
    recorder.emit({ type: 'ReportReminderSent', payload: { reportDueAt } }, SYSTEM_ACTOR);
    if (!(await condition(reported, Math.max(paidAtMs + policy.reportDueMs - Date.now(), 1)))) {
      recorder.emit({ type: 'ReportOverdue', payload: { reportDueAt } }, SYSTEM_ACTOR);
      await condition(reported);
    }
  }
  return ended();
}
