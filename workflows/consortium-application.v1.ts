import { allHandlersFinished, condition, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import {
  Actor,
  ApplicationEventBody,
  ApplicationState,
  AwardOutcome,
  SYSTEM_ACTOR,
  ShortlistOutcome,
  awardPayments,
  callAudiences,
  finalReportProblem,
  proposalCommandProblem,
  splitByWeights,
} from '@grants/domain';
import { ApplicationInput } from '@grants/contracts';
import { mirrorSearch } from './search';
import { acts, nowIso, refuse } from './common';
import {
  applicationStateQuery,
  awardOutcomeSignal,
  shortlistOutcomeSignal,
  submitFinalReportUpdate,
  submitProposalUpdate,
} from './consortium-application.messages';
import { applicationProposalSignal } from './call.messages';

/**
 * A consortium's application as runs started before the recorder go on (and their recorded
 * histories replay): its state set by hand beside its events, each event appended then notified by
 * two activities, each step named by what it records. Not to be changed: see
 * consortiumApplicationWorkflow.
 *
 * One consortium's application to a call, and then its grant: expressed → (paid pre-selection:
 * shortlisted with a stipend, or told why not) → proposal, checked for equity and double funding →
 * awarded (first tranche per member) or not → final report (the balance) → closed.
 */
export async function consortiumApplicationWorkflowV1(input: ApplicationInput): Promise<ApplicationState> {
  const { policy } = input;
  const state: ApplicationState = {
    id: input.applicationId,
    callId: input.callId,
    consortiumId: input.consortiumId,
    consortiumName: input.consortiumName,
    leadAssociationId: input.leadAssociationId,
    members: input.members,
    call: input.call,
    paidPreselection: input.paidPreselection,
    policy,
    summary: input.summary,
    expressedAt: input.expressedAt,
    status: input.paidPreselection ? 'expressed' : 'proposal_open',
    doubleFundingFlags: [],
  };
  const memberIds = input.members.map((m) => m.associationId);
  /** The application as Temporal finds it: its status, territories, members and funders. */
  const search = () =>
    mirrorSearch({
      kind: 'consortium_application',
      status: state.status,
      territoryIds: input.call.territories,
      associationIds: memberIds,
      funderIds: input.call.funderIds,
    });
  search();
  const call = getExternalWorkflowHandle(input.callId);
  let proposals = 0;
  let shortlist: ShortlistOutcome | undefined;
  let award: AwardOutcome | undefined;
  let reportArrived = false;

  async function record(step: string, body: ApplicationEventBody, actor: Actor): Promise<void> {
    const occurredAt = nowIso();
    await acts.appendGrantEvent({ ...body, grantId: state.id, kind: 'consortium_application', actor, occurredAt, step });
    const audiences = callAudiences(body, {
      territories: input.call.territories,
      funderIds: input.call.funderIds,
      invited: [],
      members: memberIds,
    });
    if (audiences.length) {
      await acts.notifyCallParties({
        streamId: state.id,
        step,
        event: body,
        audiences,
        facts: { callTitle: input.call.title, consortiumName: input.consortiumName },
        path: `/applications/${state.id}`,
        occurredAt,
      });
    }
  }

  setHandler(applicationStateQuery, () => state);
  setHandler(shortlistOutcomeSignal, (outcome) => {
    shortlist ??= outcome;
  });
  setHandler(awardOutcomeSignal, (outcome) => {
    award ??= outcome;
  });

  setHandler(
    submitProposalUpdate,
    async (c) => {
      const n = ++proposals;
      state.proposalVersions = n;
      const submittedAt = nowIso();
      const proposal = { ...c.proposal, targetPublicPlan: c.proposal.targetPublicPlan.trim(), submittedAt, submittedBy: c.actorId };
      state.proposal = proposal;
      state.status = 'proposal_submitted';
      search();
      const flags = await acts.checkDoubleFunding({
        applicationId: state.id,
        associationIds: memberIds,
        actionStart: proposal.actionStart,
        actionEnd: proposal.actionEnd,
      });
      // A later proposal may have replaced this one while the check ran: the newest one wins.
      if (state.proposal === proposal) state.doubleFundingFlags = flags;
      const actor: Actor = { kind: 'user', id: c.actorId, role: 'association' };
      await record(
        `proposal:${n}`,
        {
          type: 'ProposalSubmitted',
          payload: {
            requestedAmountCents: proposal.requestedAmountCents,
            members: proposal.members.map((m) => ({ associationId: m.associationId, shareCents: m.shareCents, role: m.contribution.role })),
            actionStart: proposal.actionStart,
            actionEnd: proposal.actionEnd,
          },
        },
        actor,
      );
      if (flags.length) await record(`double-funding:${n}`, { type: 'DoubleFundingFlagged', payload: { flags } }, SYSTEM_ACTOR);
      await call.signal(applicationProposalSignal, {
        applicationId: state.id,
        requestedAmountCents: proposal.requestedAmountCents,
        doubleFundingFlags: flags,
        settled: false,
      });
      return state;
    },
    { validator: (c) => refuse(proposalCommandProblem(state, c, Date.now(), policy)) },
  );

  setHandler(
    submitFinalReportUpdate,
    async (c) => {
      const submittedAt = nowIso();
      reportArrived = true;
      state.finalReport = { summary: c.summary.trim(), submittedAt, submittedBy: c.actorId };
      await record(
        'final-report',
        { type: 'FinalReportSubmitted', payload: { summary: state.finalReport.summary } },
        {
          kind: 'user',
          id: c.actorId,
          role: 'association',
        },
      );
      return state;
    },
    { validator: (c) => refuse(finalReportProblem(state, c)) },
  );

  /** Tells the call what this application holds once its proposal phase is over. */
  async function settle(): Promise<void> {
    await call.signal(applicationProposalSignal, {
      applicationId: state.id,
      requestedAmountCents: state.status === 'proposal_submitted' ? state.proposal!.requestedAmountCents : null,
      doubleFundingFlags: state.doubleFundingFlags,
      settled: true,
    });
  }

  const expresser: Actor = { kind: 'user', id: input.expressedBy, role: 'association' };
  await record(
    'opened',
    {
      type: 'ApplicationOpened',
      payload: {
        callId: input.callId,
        callTitle: input.call.title,
        consortiumId: input.consortiumId,
        consortiumName: input.consortiumName,
        leadAssociationId: input.leadAssociationId,
        members: memberIds,
        territoryId: input.call.territories[0],
        funderIds: input.call.funderIds,
        paidPreselection: input.paidPreselection,
        proposalDeadline: input.call.proposalDeadline,
        summary: input.summary,
      },
    },
    expresser,
  );

  // 1. Paid pre-selection: shortlisted (and paid a stipend, split as the members agreed), or told why not.
  if (input.paidPreselection) {
    await condition(() => shortlist !== undefined);
    if (!shortlist!.shortlisted) {
      state.status = 'not_shortlisted';
      search();
      state.shortlistReason = shortlist!.reason;
      await record('not-shortlisted', { type: 'ApplicationNotShortlisted', payload: { reason: shortlist!.reason } }, SYSTEM_ACTOR);
      await settle();
      return state;
    }
    state.status = 'shortlisted';
    search();
    state.shortlistReason = shortlist!.reason;
    await record('shortlisted', { type: 'ApplicationShortlisted', payload: { reason: shortlist!.reason } }, SYSTEM_ACTOR);
    const amounts = splitByWeights(
      policy.stipendCents,
      input.stipendSplit.map((s) => s.percent),
    );
    const split = input.stipendSplit.map((s, i) => ({ associationId: s.associationId, amountCents: amounts[i] }));
    if (policy.stipendCents > 0) {
      const order = await acts.orderPayment({
        orderKey: `${state.id}:stipend`,
        grantId: state.id,
        purpose: 'stipend',
        payeeAssociationId: input.leadAssociationId,
        amountCents: policy.stipendCents,
        split,
      });
      state.stipend = { amountCents: policy.stipendCents, split, paymentOrderId: order.paymentOrderId };
      await record(
        'stipend',
        { type: 'StipendOrdered', payload: { paymentOrderId: order.paymentOrderId, amountCents: policy.stipendCents, split } },
        SYSTEM_ACTOR,
      );
    }
  }

  // 2. The proposal, until the deadline (the update validator refuses later ones).
  await condition(() => false, Math.max(Date.parse(input.call.proposalDeadline) - Date.now(), 1));
  await condition(allHandlersFinished);
  if (state.status !== 'proposal_submitted') {
    state.status = 'no_proposal';
    search();
    await record('no-proposal', { type: 'ProposalMissing', payload: { proposalDeadline: input.call.proposalDeadline } }, SYSTEM_ACTOR);
    await settle();
    return state;
  }
  await settle();

  // 3. The award decision, made on the call.
  await condition(() => award !== undefined);
  const proposal = state.proposal!;
  if (award!.amountCents <= 0) {
    state.status = 'not_awarded';
    search();
    state.decisionReason = award!.reason;
    await record('not-awarded', { type: 'ApplicationNotAwarded', payload: { reason: award!.reason } }, SYSTEM_ACTOR);
    return state;
  }
  const awardedAtMs = Date.now();
  const payments = awardPayments(award!.amountCents, proposal.members, policy);
  state.status = 'awarded';
  search();
  state.decisionReason = award!.reason;
  state.award = { amountCents: award!.amountCents, reason: award!.reason, awardedAt: new Date(awardedAtMs).toISOString(), payments };
  state.reportDueAt = new Date(awardedAtMs + policy.finalReportDueMs).toISOString();
  await record(
    'awarded',
    {
      type: 'ApplicationAwarded',
      payload: {
        amountCents: award!.amountCents,
        reason: award!.reason,
        payments,
        actionStart: proposal.actionStart,
        actionEnd: proposal.actionEnd,
        reportDueAt: state.reportDueAt,
      },
    },
    SYSTEM_ACTOR,
  );
  await orderTranche('award');

  // 4. The final report: a reminder before it is due, flagged overdue after; it releases the balance.
  const remindAfterMs = policy.finalReportDueMs - policy.finalReportReminderBeforeMs;
  if (!(await condition(() => reportArrived, Math.max(awardedAtMs + remindAfterMs - Date.now(), 1)))) {
    await record('report-reminder', { type: 'FinalReportReminderSent', payload: { reportDueAt: state.reportDueAt } }, SYSTEM_ACTOR);
    if (!(await condition(() => reportArrived, Math.max(awardedAtMs + policy.finalReportDueMs - Date.now(), 1)))) {
      state.status = 'report_overdue';
      search();
      await record('report-overdue', { type: 'FinalReportOverdue', payload: { reportDueAt: state.reportDueAt } }, SYSTEM_ACTOR);
      await condition(() => reportArrived);
    }
  }
  await condition(allHandlersFinished);
  await orderTranche('final');
  state.status = 'closed';
  search();
  state.closedAt = state.finalReport!.submittedAt;
  return state;

  /** One payment order per member for this tranche (none for a member whose tranche is zero). */
  async function orderTranche(tranche: 'award' | 'final'): Promise<void> {
    const orders: { associationId: string; paymentOrderId: string; amountCents: number }[] = [];
    for (const payment of payments) {
      const amountCents = tranche === 'award' ? payment.firstTrancheCents : payment.finalTrancheCents;
      if (amountCents <= 0) continue;
      const order = await acts.orderPayment({
        orderKey: `${state.id}:${tranche}:${payment.associationId}`,
        grantId: state.id,
        purpose: tranche === 'award' ? 'award_tranche' : 'final_tranche',
        payeeAssociationId: payment.associationId,
        amountCents,
      });
      orders.push({ associationId: payment.associationId, paymentOrderId: order.paymentOrderId, amountCents });
    }
    await record(`tranche:${tranche}`, { type: 'ConsortiumTrancheOrdered', payload: { tranche, orders } }, SYSTEM_ACTOR);
  }
}
