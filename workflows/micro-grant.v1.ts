import { allHandlersFinished, condition, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import { Actor, MicroGrantEventBody, MicroGrantState, SYSTEM_ACTOR, decisionOutcome, decisionProblem, reportProblem } from '@grants/domain';
import { MicroGrantInput, envelopeWorkflowId } from '@grants/contracts';
import { decideUpdate, intakeUpdate, microGrantStateQuery, submitReportUpdate } from './micro-grant.messages';
import { commitFundsSignal, releaseFundsSignal } from './envelope.messages';
import { acts, envelopeActs, nowIso, refuse } from './common';

/**
 * A micro-grant as runs started before the recorder go on (and their recorded histories replay):
 * its state set by hand beside its events, each event appended then notified by two activities.
 * Kept unchanged for them; new runs take microGrantWorkflow's recorder (the `micro-grant-recorder`
 * patch). Remove it once no run older than the patch is open and its histories are retired
 * (deprecatePatch first).
 */
export async function microGrantWorkflowV1(input: MicroGrantInput): Promise<MicroGrantState> {
  const { policy } = input;
  const state: MicroGrantState = {
    id: input.grantId,
    status: 'requested',
    binomeId: input.binomeId,
    territoryId: input.territoryId,
    year: input.year,
    associationId: input.associationId,
    requestedBy: input.requestedBy,
    title: input.title,
    purpose: input.purpose,
    amountCents: input.amountCents,
    qpv: input.qpv,
    ...(input.targetPublic ? { targetPublic: input.targetPublic } : {}),
    requestedAt: input.requestedAt,
    decisions: [],
  };
  const envelope = getExternalWorkflowHandle(envelopeWorkflowId(input.binomeId, input.year));

  /** Appends the domain event (idempotent by grant and step) and tells whoever it concerns. */
  async function record(step: string, body: MicroGrantEventBody, actor: Actor): Promise<void> {
    const occurredAt = nowIso();
    await acts.appendGrantEvent({ ...body, grantId: state.id, kind: 'micro_grant', actor, occurredAt, step });
    await acts.notifyStakeholders({
      grantId: state.id,
      step,
      event: body,
      grant: {
        title: state.title,
        associationId: state.associationId,
        territoryId: state.territoryId,
        amountCents: state.amountCents,
      },
      occurredAt,
    });
  }

  setHandler(microGrantStateQuery, () => state);

  setHandler(intakeUpdate, async () => {
    await condition(() => state.status !== 'requested');
    return state;
  });

  setHandler(
    decideUpdate,
    async (command) => {
      const at = nowIso();
      state.decisions.push({ ...command, reason: command.reason?.trim() || undefined, at });
      await record(
        `decision:${command.role}`,
        {
          type: 'MicroGrantDecisionRecorded',
          payload: { role: command.role, decision: command.decision, reason: command.reason?.trim() || undefined },
        },
        { kind: 'user', id: command.actorId, role: command.role },
      );
      return state;
    },
    {
      validator: (command) => {
        const problem = decisionProblem(state, command);
        if (problem) refuse(problem);
      },
    },
  );

  let reportArrived = false;
  setHandler(
    submitReportUpdate,
    async (command) => {
      const submittedAt = nowIso();
      reportArrived = true;
      state.report = { summary: command.summary.trim(), submittedAt, submittedBy: command.actorId };
      state.status = 'closed';
      state.closedAt = submittedAt;
      await record(
        'report',
        { type: 'ReportSubmitted', payload: { summary: state.report.summary } },
        { kind: 'user', id: command.actorId, role: 'association' },
      );
      return state;
    },
    {
      validator: (command) => {
        const problem = reportProblem(state, command);
        if (problem) refuse(problem);
      },
    },
  );

  const requester: Actor = { kind: 'user', id: input.requestedBy, role: 'association' };
  await record(
    'requested',
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
    requester,
  );

  // 1. The envelope: reserve, or escalate to standard instruction with the reason.
  const reservation = await envelopeActs.reserveEnvelopeFunds({
    binomeId: input.binomeId,
    year: input.year,
    grantId: state.id,
    amountCents: input.amountCents,
    associationId: input.associationId,
    ...(input.envelope ? { envelope: input.envelope } : {}),
  });
  if (reservation.outcome === 'escalated') {
    state.escalation = { code: reservation.code, reason: reservation.reason };
    await record('escalated', { type: 'MicroGrantEscalated', payload: state.escalation }, SYSTEM_ACTOR);
    state.status = 'escalated';
    await condition(allHandlersFinished);
    return state;
  }

  // 2. Both members of the binôme decide, before the deadline.
  const deadlineMs = Date.now() + policy.decisionDeadlineMs;
  state.decisionDeadlineAt = new Date(deadlineMs).toISOString();
  await record(
    'reserved',
    { type: 'MicroGrantFundsReserved', payload: { amountCents: input.amountCents, decisionDeadlineAt: state.decisionDeadlineAt } },
    SYSTEM_ACTOR,
  );
  state.status = 'awaiting_decisions';
  const decidedInTime = await condition(() => decisionOutcome(state.decisions) !== 'pending', Math.max(deadlineMs - Date.now(), 1));
  const outcome = decisionOutcome(state.decisions);
  if (!decidedInTime || outcome === 'pending') {
    state.status = 'expired';
    await envelope.signal(releaseFundsSignal, { grantId: state.id });
    await condition(allHandlersFinished);
    await record('expired', { type: 'MicroGrantExpired', payload: { decisionDeadlineAt: state.decisionDeadlineAt } }, SYSTEM_ACTOR);
    return state;
  }
  // Decisions are recorded by their handlers: let them finish so that events stay in order.
  if (outcome === 'rejected') {
    state.status = 'rejected';
    await envelope.signal(releaseFundsSignal, { grantId: state.id });
    await condition(allHandlersFinished);
    const rejection = state.decisions.find((d) => d.decision === 'reject')!;
    await record(
      'rejected',
      { type: 'MicroGrantRejected', payload: { role: rejection.role, reason: rejection.reason ?? '' } },
      { kind: 'user', id: rejection.actorId, role: rejection.role },
    );
    return state;
  }

  // 3. Approved: the reservation becomes a commitment and exactly one payment order is issued.
  state.status = 'approved';
  await envelope.signal(commitFundsSignal, { grantId: state.id });
  await condition(allHandlersFinished);
  await record('approved', { type: 'MicroGrantApproved', payload: { amountCents: input.amountCents } }, SYSTEM_ACTOR);
  const order = await acts.issuePaymentOrder({
    grantId: state.id,
    amountCents: input.amountCents,
    associationId: input.associationId,
    binomeId: input.binomeId,
    year: input.year,
  });
  const paidAtMs = Date.now();
  state.paymentOrderId = order.paymentOrderId;
  state.paidAt = new Date(paidAtMs).toISOString();
  state.reportDueAt = new Date(paidAtMs + policy.reportDueMs).toISOString();
  state.status = 'paid';
  await record(
    'paid',
    { type: 'PaymentOrdered', payload: { paymentOrderId: order.paymentOrderId, amountCents: input.amountCents, reportDueAt: state.reportDueAt } },
    SYSTEM_ACTOR,
  );

  // 4. The short report: a reminder before it is due, flagged overdue after; a late report still closes it.
  const remindAfterMs = policy.reportDueMs - policy.reportReminderBeforeMs;
  if (!(await condition(() => reportArrived, Math.max(remindAfterMs - (Date.now() - paidAtMs), 1)))) {
    await record('report-reminder', { type: 'ReportReminderSent', payload: { reportDueAt: state.reportDueAt } }, SYSTEM_ACTOR);
    if (!(await condition(() => reportArrived, Math.max(paidAtMs + policy.reportDueMs - Date.now(), 1)))) {
      state.status = 'report_overdue';
      await record('report-overdue', { type: 'ReportOverdue', payload: { reportDueAt: state.reportDueAt } }, SYSTEM_ACTOR);
      await condition(() => reportArrived);
    }
  }
  await condition(allHandlersFinished);
  return state;
}
