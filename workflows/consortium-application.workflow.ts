import { allHandlersFinished, condition, getExternalWorkflowHandle, patched, setHandler } from '@temporalio/workflow';
import {
  Actor,
  ApplicationEventBody,
  ApplicationState,
  AwardOutcome,
  RecordedApplication,
  SYSTEM_ACTOR,
  withoutSeq,
  ShortlistOutcome,
  awardPayments,
  callAudiences,
  evolveApplication,
  finalReportProblem,
  openedApplication,
  proposalCommandProblem,
  splitByWeights,
} from '@grants/domain';
import { ApplicationInput } from '@grants/contracts';
import { acts, refuse } from './common';
import {
  applicationStateQuery,
  awardOutcomeSignal,
  shortlistOutcomeSignal,
  submitFinalReportUpdate,
  submitProposalUpdate,
} from './consortium-application.messages';
import { applicationProposalSignal } from './call.messages';
import { moduleRecorder } from './recorder';
import { consortiumApplicationWorkflowV1 } from './consortium-application.v1';

/** Runs started since this patch change their state through evolveApplication and record each event in one activity. */
export const APPLICATION_RECORDER_PATCH = 'application-recorder';

/**
 * One consortium's application to a call, and then its grant: expressed → (paid pre-selection:
 * shortlisted with a stipend, or told why not) → proposal, checked for equity and double funding →
 * awarded (first tranche per member) or not → final report (the balance) → closed.
 *
 * Handlers validate and emit events; the state changes only through evolveApplication; the call's
 * decisions arrive as signals (the workflow's inbox) and the main line records what they say; each
 * event is recorded by one activity (the log, the read model, the notifications), one after the other.
 */
export async function consortiumApplicationWorkflow(input: ApplicationInput): Promise<ApplicationState> {
  // Runs started before the recorder (and their recorded histories) go on as they were written.
  if (!patched(APPLICATION_RECORDER_PATCH)) return consortiumApplicationWorkflowV1(input);

  const { policy } = input;
  const memberIds = input.members.map((m) => m.associationId);
  const recorder = moduleRecorder<RecordedApplication, ApplicationEventBody>({
    streamId: input.applicationId,
    initial: openedApplication(input),
    evolve: (state, event) => evolveApplication(state!, event),
    record: ({ event, step }) =>
      acts.recordApplicationEvent({
        event,
        step,
        audiences: callAudiences(event, { territories: input.call.territories, funderIds: input.call.funderIds, invited: [], members: memberIds }),
        facts: { callTitle: input.call.title, consortiumName: input.consortiumName },
      }),
    search: (s) => ({
      kind: 'consortium_application',
      status: s.status,
      territoryIds: input.call.territories,
      associationIds: memberIds,
      funderIds: input.call.funderIds,
    }),
  });
  const state = () => recorder.state;
  /** The application as readers see it (the recorder's count apart). */
  const view = (): ApplicationState => withoutSeq(state());
  const call = getExternalWorkflowHandle(input.callId);
  let shortlist: ShortlistOutcome | undefined;
  let award: AwardOutcome | undefined;

  setHandler(applicationStateQuery, view);
  setHandler(shortlistOutcomeSignal, (outcome) => {
    shortlist ??= outcome;
  });
  setHandler(awardOutcomeSignal, (outcome) => {
    award ??= outcome;
  });

  setHandler(
    submitProposalUpdate,
    async (c) => {
      const proposal = { ...c.proposal, targetPublicPlan: c.proposal.targetPublicPlan.trim() };
      const actor: Actor = { kind: 'user', id: c.actorId, role: 'association' };
      const { state: submitted } = recorder.emit(
        {
          type: 'ProposalSubmitted',
          payload: {
            requestedAmountCents: proposal.requestedAmountCents,
            members: proposal.members.map((m) => ({ associationId: m.associationId, shareCents: m.shareCents, role: m.contribution.role })),
            actionStart: proposal.actionStart,
            actionEnd: proposal.actionEnd,
            proposal,
          },
        },
        actor,
      );
      const flags = await acts.checkDoubleFunding({
        applicationId: input.applicationId,
        associationIds: memberIds,
        actionStart: proposal.actionStart,
        actionEnd: proposal.actionEnd,
      });
      // A later proposal may have replaced this one while the check ran: its own check says.
      const current = state().proposalVersions === submitted.proposalVersions;
      if (flags.length && current) recorder.emit({ type: 'DoubleFundingFlagged', payload: { flags } }, SYSTEM_ACTOR);
      await recorder.settled();
      await call.signal(applicationProposalSignal, {
        applicationId: input.applicationId,
        requestedAmountCents: proposal.requestedAmountCents,
        doubleFundingFlags: flags,
        settled: false,
      });
      return view();
    },
    { validator: (c) => refuse(proposalCommandProblem(state(), c, Date.now(), policy)) },
  );

  setHandler(
    submitFinalReportUpdate,
    async (c) => {
      await recorder.record({ type: 'FinalReportSubmitted', payload: { summary: c.summary.trim() } }, { kind: 'user', id: c.actorId, role: 'association' });
      return view();
    },
    { validator: (c) => refuse(finalReportProblem(state(), c)) },
  );

  /** Tells the call what this application holds once its proposal phase is over. */
  async function settle(): Promise<void> {
    await call.signal(applicationProposalSignal, {
      applicationId: input.applicationId,
      requestedAmountCents: state().status === 'proposal_submitted' ? state().proposal!.requestedAmountCents : null,
      doubleFundingFlags: state().doubleFundingFlags,
      settled: true,
    });
  }

  await recorder.record(
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
    { kind: 'user', id: input.expressedBy, role: 'association' },
  );

  // 1. Paid pre-selection: shortlisted (and paid a stipend, split as the members agreed), or told why not.
  if (input.paidPreselection) {
    await condition(() => shortlist !== undefined);
    const { shortlisted, reason } = shortlist!;
    if (!shortlisted) {
      await recorder.record({ type: 'ApplicationNotShortlisted', payload: { reason } }, SYSTEM_ACTOR);
      await settle();
      return view();
    }
    await recorder.record({ type: 'ApplicationShortlisted', payload: { reason } }, SYSTEM_ACTOR);
    const amounts = splitByWeights(
      policy.stipendCents,
      input.stipendSplit.map((s) => s.percent),
    );
    const split = input.stipendSplit.map((s, i) => ({ associationId: s.associationId, amountCents: amounts[i] }));
    if (policy.stipendCents > 0) {
      const order = await acts.orderPayment({
        orderKey: `${input.applicationId}:stipend`,
        grantId: input.applicationId,
        purpose: 'stipend',
        payeeAssociationId: input.leadAssociationId,
        amountCents: policy.stipendCents,
        split,
      });
      await recorder.record(
        { type: 'StipendOrdered', payload: { paymentOrderId: order.paymentOrderId, amountCents: policy.stipendCents, split } },
        SYSTEM_ACTOR,
      );
    }
  }

  // 2. The proposal, until the deadline (the update validator refuses later ones).
  await condition(() => false, Math.max(Date.parse(input.call.proposalDeadline) - Date.now(), 1));
  await condition(allHandlersFinished);
  await recorder.settled();
  if (state().status !== 'proposal_submitted') {
    await recorder.record({ type: 'ProposalMissing', payload: { proposalDeadline: input.call.proposalDeadline } }, SYSTEM_ACTOR);
    await settle();
    return view();
  }
  await settle();

  // 3. The award decision, made on the call.
  await condition(() => award !== undefined);
  const proposal = state().proposal!;
  if (award!.amountCents <= 0) {
    await recorder.record({ type: 'ApplicationNotAwarded', payload: { reason: award!.reason } }, SYSTEM_ACTOR);
    return view();
  }
  const awardedAtMs = Date.now();
  const payments = awardPayments(award!.amountCents, proposal.members, policy);
  const reportDueAt = new Date(awardedAtMs + policy.finalReportDueMs).toISOString();
  await recorder.record(
    {
      type: 'ApplicationAwarded',
      payload: {
        amountCents: award!.amountCents,
        reason: award!.reason,
        payments,
        actionStart: proposal.actionStart,
        actionEnd: proposal.actionEnd,
        reportDueAt,
      },
    },
    SYSTEM_ACTOR,
  );
  await orderTranche('award');

  // 4. The final report: a reminder before it is due, flagged overdue after; it releases the balance.
  const reportArrived = () => state().finalReport !== undefined;
  const remindAfterMs = policy.finalReportDueMs - policy.finalReportReminderBeforeMs;
  if (!(await condition(reportArrived, Math.max(awardedAtMs + remindAfterMs - Date.now(), 1)))) {
    await recorder.record({ type: 'FinalReportReminderSent', payload: { reportDueAt } }, SYSTEM_ACTOR);
    if (!(await condition(reportArrived, Math.max(awardedAtMs + policy.finalReportDueMs - Date.now(), 1)))) {
      await recorder.record({ type: 'FinalReportOverdue', payload: { reportDueAt } }, SYSTEM_ACTOR);
      await condition(reportArrived);
    }
  }
  await condition(allHandlersFinished);
  await orderTranche('final');
  return view();

  /** One payment order per member for this tranche (none for a member whose tranche is zero); the final one closes the grant. */
  async function orderTranche(tranche: 'award' | 'final'): Promise<void> {
    const orders: { associationId: string; paymentOrderId: string; amountCents: number }[] = [];
    for (const payment of payments) {
      const amountCents = tranche === 'award' ? payment.firstTrancheCents : payment.finalTrancheCents;
      if (amountCents <= 0) continue;
      const order = await acts.orderPayment({
        orderKey: `${input.applicationId}:${tranche}:${payment.associationId}`,
        grantId: input.applicationId,
        purpose: tranche === 'award' ? 'award_tranche' : 'final_tranche',
        payeeAssociationId: payment.associationId,
        amountCents,
      });
      orders.push({ associationId: payment.associationId, paymentOrderId: order.paymentOrderId, amountCents });
    }
    await recorder.record({ type: 'ConsortiumTrancheOrdered', payload: { tranche, orders } }, SYSTEM_ACTOR);
  }
}
