import { allHandlersFinished, condition, continueAsNew, patched, setHandler } from '@temporalio/workflow';
import {
  Actor,
  AgreementCredits,
  AgreementEventBody,
  AgreementState,
  AgreementYear,
  RecordedAgreement,
  Role,
  SYSTEM_ACTOR,
  TokenCredit,
  acceptAgreementProblem,
  acceptAmendmentProblem,
  acceptFundingLineProblem,
  activityReportProblem,
  agreementAudiences,
  agreementSnapshot,
  agreementTotals,
  amendmentAgreement,
  amendmentProblem,
  awaitingFunders,
  coordinationOwed,
  evolveAgreement,
  fundersWithLinesToCome,
  missingReports,
  proposedAgreement,
  terminationParty,
  terminationProblem,
} from '@grants/domain';
import { AgreementInput } from '@grants/contracts';
import { acts, refuse } from './common';
import {
  acceptAgreementUpdate,
  acceptAmendmentUpdate,
  acceptFundingLineUpdate,
  agreementStateQuery,
  proposeAmendmentUpdate,
  proposedUpdate,
  submitActivityReportUpdate,
  terminateUpdate,
  tokenCreditSignal,
} from './anchoring-agreement.messages';
import { moduleRecorder } from './recorder';
import { mirrorSearch } from './search';
import { anchoringAgreementWorkflowV1 } from './anchoring-agreement.v1';

/** Runs started since this patch change their state through evolveAgreement and record each event in one activity. */
export const AGREEMENT_RECORDER_PATCH = 'agreement-recorder';

const at = (iso: string) => Date.parse(iso);

/** The funders of an agreement's plan, every year's. */
const funderIdsOf = (state: Pick<RecordedAgreement, 'schedule'>) => [...new Set(state.schedule.flatMap((y) => y.fundingPlan.map((line) => line.funderId)))];

/** Where a run continues from: the state carried by the run before (its token credits apart), or the proposal. */
function startingPoint(input: AgreementInput): { state: RecordedAgreement; credits: AgreementCredits } {
  if (!input.carried) {
    const state = proposedAgreement(input);
    return { state, credits: { pendingCredits: [], rejectedCredits: [] } };
  }
  const { pendingCredits, rejectedCredits, lastSeq, ...held } = input.carried;
  // A run of before the recorder carries no count: its steps had names, the recorder's are e1, e2…
  return { state: { ...held, lastSeq: lastSeq ?? 0 }, credits: { pendingCredits, rejectedCredits } };
}

/**
 * A multi-year anchoring agreement: proposed → accepted by the association and each funder for its
 * own line (or withdrawn after the delay) → each year, the operating tranche at its start (one order
 * per funder line, withheld while a report is overdue and released when it arrives), coordination
 * tokens credited by meetings, the coordination compensation at its end; an activity report due after
 * each year, with reminders → completed after the last report, or terminated.
 *
 * Handlers validate and emit events; the state changes only through evolveAgreement; the main line
 * emits what falls due; each event is recorded by one activity (the log, the read model, the
 * notifications), one after the other. One run per year: the workflow continues as new at each year
 * boundary, carrying its state, so the history of a four-year agreement stays small.
 */
export async function anchoringAgreementWorkflow(input: AgreementInput): Promise<AgreementState> {
  // Runs started before the recorder (and their recorded histories) go on as they were written.
  if (!patched(AGREEMENT_RECORDER_PATCH)) return anchoringAgreementWorkflowV1(input);

  const { policy } = input;
  const start = startingPoint(input);
  /** Token credits from meetings: the workflow's inbox, dealt with by the main line (a credited one is an event). */
  const credits = start.credits;
  const search = (s: RecordedAgreement) => ({
    kind: 'anchoring_agreement' as const,
    status: s.status,
    territoryIds: [s.territoryId],
    associationIds: [s.associationId],
    funderIds: funderIdsOf(s),
  });
  const recorder = moduleRecorder<RecordedAgreement, AgreementEventBody>({
    streamId: input.agreementId,
    initial: start.state,
    evolve: (state, event) => evolveAgreement(state!, event),
    // Who hears of an event is read from the state right after it.
    record: ({ event, step }, state) =>
      acts.recordAgreementEvent({
        event,
        step,
        title: input.title,
        audiences: agreementAudiences(event, { associationId: state.associationId, territoryId: state.territoryId, funderIds: funderIdsOf(state) }),
      }),
    search,
  });
  const state = () => recorder.state;
  const year = (n: number): AgreementYear => state().schedule[n - 1];
  /** The state as readers see it. */
  const snapshot = (): AgreementState => agreementSnapshot(state(), credits, Date.now());
  /** What the next run starts from. */
  const carried = () => ({ ...state(), ...credits });
  mirrorSearch(search(state()));

  const person = (id: string, role: Role): Actor => ({ kind: 'user', id, role });
  /** Who acted for a side: the association, a funder for its own line, or the territory's project lead. */
  const sideActor = (id: string, side: 'association' | 'funding', funderId?: string): Actor =>
    person(id, side === 'association' ? 'association' : funderId ? 'funder' : 'project_lead');
  /** Emits the event, waits until it is recorded, and answers the state as it is then. */
  const answer = async (body: AgreementEventBody, actor: Actor): Promise<AgreementState> => {
    await recorder.record(body, actor);
    return snapshot();
  };
  let proposalRecorded = input.carried !== undefined;

  setHandler(agreementStateQuery, snapshot);
  setHandler(proposedUpdate, async () => {
    await condition(() => proposalRecorded);
    return snapshot();
  });

  setHandler(
    acceptAgreementUpdate,
    (c) => {
      // Accepted by the association; signed once each funder has accepted its line.
      const awaiting = awaitingFunders(state());
      return answer({ type: 'AgreementAccepted', payload: awaiting.length ? { awaitingFunders: awaiting } : {} }, person(c.actorId, 'association'));
    },
    { validator: (c) => refuse(acceptAgreementProblem(state(), c)) },
  );

  setHandler(
    acceptFundingLineUpdate,
    (c) => {
      const awaiting = awaitingFunders({ ...state(), fundersAccepted: [...(state().fundersAccepted ?? []), c.funderId] });
      const associationAccepted = state().associationAcceptedAt !== undefined;
      return answer(
        { type: 'FundingLineAccepted', payload: { funderId: c.funderId, awaitingFunders: awaiting, associationAccepted } },
        person(c.actorId, 'funder'),
      );
    },
    { validator: (c) => refuse(acceptFundingLineProblem(state(), c)) },
  );

  setHandler(
    submitActivityReportUpdate,
    (c) => answer({ type: 'ActivityReportSubmitted', payload: { year: c.year, summary: c.summary.trim() } }, person(c.actorId, 'association')),
    { validator: (c) => refuse(activityReportProblem(state(), c, Date.now())) },
  );

  setHandler(
    proposeAmendmentUpdate,
    (c) => {
      // Each funder whose line changes agrees for itself, and the association.
      const agreement = amendmentAgreement(state(), c);
      return answer(
        {
          type: 'AmendmentProposed',
          payload: {
            fromYear: c.fromYear,
            yearlyAmountCents: c.yearlyAmountCents,
            side: c.side,
            funderId: c.funderId,
            awaitingFunders: agreement.awaitingFunders,
          },
        },
        sideActor(c.actorId, c.side, c.funderId),
      );
    },
    { validator: (c) => refuse(amendmentProblem(state(), c, Date.now())) },
  );

  setHandler(
    acceptAmendmentUpdate,
    (c) => {
      const pending = state().pendingAmendment!;
      const actor = sideActor(c.actorId, c.side, c.funderId);
      if (pending.awaitingFunders) {
        const associationAgreed = pending.associationAgreed === true || c.side === 'association';
        const awaiting = c.side === 'association' ? pending.awaitingFunders : pending.awaitingFunders.filter((funderId) => funderId !== c.funderId);
        if (!associationAgreed || awaiting.length) {
          const { fromYear, yearlyAmountCents } = pending;
          return answer(
            {
              type: 'AmendmentAgreed',
              payload: { fromYear, yearlyAmountCents, side: c.side, funderId: c.funderId, awaitingFunders: awaiting, associationAgreed },
            },
            actor,
          );
        }
      }
      return answer({ type: 'AmendmentAccepted', payload: { fromYear: pending.fromYear, yearlyAmountCents: pending.yearlyAmountCents, side: c.side } }, actor);
    },
    { validator: (c) => refuse(acceptAmendmentProblem(state(), c, Date.now())) },
  );

  setHandler(
    terminateUpdate,
    (c) => {
      const now = Date.now();
      const reason = c.reason.trim();
      const before = state().termination;
      const actor = sideActor(c.actorId, c.side, c.funderId);
      if (c.mode === 'mutual' && (before?.awaiting || !before)) {
        // A mutual termination cancels every line still to come: the association and each of those funders agree for themselves.
        const party = terminationParty(c);
        const awaiting = (before?.awaiting ?? ['association', ...fundersWithLinesToCome(state())]).filter((p) => p !== party);
        const effectiveAt = awaiting.length ? undefined : new Date(now).toISOString();
        return answer({ type: 'TerminationRequested', payload: { mode: 'mutual', reason, side: c.side, effectiveAt, funderId: c.funderId, awaiting } }, actor);
      }
      // A notice, or the other side agreeing to a mutual termination asked before the rule above.
      const agreed = c.mode === 'mutual' && before?.mode === 'mutual' && before.requestedBy !== c.side;
      const effectiveAt = c.mode === 'notice' ? new Date(now + policy.terminationNoticeMs).toISOString() : agreed ? new Date(now).toISOString() : undefined;
      return answer({ type: 'TerminationRequested', payload: { mode: c.mode, reason, side: c.side, effectiveAt } }, actor);
    },
    { validator: (c) => refuse(terminationProblem(state(), c)) },
  );

  let creditArrived = false;
  setHandler(tokenCreditSignal, (credit) => {
    const known =
      credits.pendingCredits.some((p) => p.meetingId === credit.meetingId) ||
      credits.rejectedCredits.some((r) => r.meetingId === credit.meetingId) ||
      state().schedule.some((y) => y.tokens.some((t) => t.meetingId === credit.meetingId));
    if (!known) {
      credits.pendingCredits.push(credit);
      creditArrived = true;
    }
  });

  // 1. The proposal, and its acceptance within the delay.
  if (!input.carried) {
    await recorder.record({ type: 'AgreementProposed', payload: { title: input.title, ...input.terms } }, person(input.proposedBy.id, input.proposedBy.role));
    proposalRecorded = true;
    const accepted = await condition(() => state().status !== 'proposed', policy.acceptanceDelayMs);
    if (!accepted) {
      const missing = [...(state().associationAcceptedAt ? [] : [state().associationId]), ...awaitingFunders(state())];
      await recorder.record({ type: 'AgreementWithdrawn', payload: { reason: `not accepted within the delay by ${missing.join(', ')}` } }, SYSTEM_ACTOR);
      await condition(allHandlersFinished);
      return snapshot();
    }
  }

  // 2. The years: act on whatever is due, then sleep until the next due moment, a command or a credit.
  for (;;) {
    // Commands record their own events: let them finish first, so that the log keeps their order.
    await condition(allHandlersFinished);
    await recorder.settled();
    const now = Date.now();
    const current = state().currentYear;

    for (const credit of credits.pendingCredits.splice(0)) await creditToken(credit, current);

    const termination = state().termination;
    if (termination?.effectiveAt && at(termination.effectiveAt) <= now) {
      await terminate(current, now);
      return snapshot();
    }

    if (year(current).tranche === 'upcoming' && at(year(current).startsAt) <= now) await startYear(current, now);

    if (missingReports(state(), now).length === 0) {
      for (const withheld of state().schedule.filter((y) => y.tranche === 'withheld')) await orderTranche(withheld.year, true);
    }

    const reminders = [...policy.reportRemindersBeforeMs].sort((a, b) => b - a);
    for (const ended of state().schedule.filter((y) => at(y.endsAt) <= now && y.report.status !== 'received')) {
      const dueAt = at(ended.report.dueAt);
      while (year(ended.year).report.remindersSent < reminders.length && dueAt - reminders[year(ended.year).report.remindersSent] <= now && now < dueAt) {
        await recorder.record({ type: 'ActivityReportReminderSent', payload: { year: ended.year, dueAt: ended.report.dueAt } }, SYSTEM_ACTOR);
      }
      if (dueAt <= now && year(ended.year).report.status !== 'overdue') {
        await recorder.record({ type: 'ActivityReportOverdue', payload: { year: ended.year, dueAt: ended.report.dueAt } }, SYSTEM_ACTOR);
      }
    }

    if (year(current).coordination.status === 'upcoming' && at(year(current).endsAt) <= now) {
      await payCoordination(current, undefined);
      if (state().currentYear > current) {
        // The year boundary: the next run starts with the next year, carrying everything.
        await condition(allHandlersFinished);
        await recorder.settled();
        await continueAsNew<typeof anchoringAgreementWorkflow>({ ...input, carried: carried() });
      }
    }

    const lastYearOver = state().currentYear === state().years && year(state().years).coordination.status !== 'upcoming';
    if (lastYearOver && state().schedule.every((y) => y.report.status === 'received') && state().schedule.every((y) => y.tranche !== 'withheld')) {
      const { operatingPaidCents, coordinationPaidCents } = agreementTotals(state().schedule);
      await recorder.record({ type: 'AgreementCompleted', payload: { operatingPaidCents, coordinationPaidCents } }, SYSTEM_ACTOR);
      await condition(allHandlersFinished);
      return snapshot();
    }

    recorder.takeChanged();
    creditArrived = false;
    const wake = nextDueMoment(Date.now());
    const woken = () => recorder.changed || creditArrived;
    if (wake === undefined) await condition(woken);
    else await condition(woken, Math.max(wake - Date.now(), 1));
  }

  /** The earliest moment something falls due after `now`: a year's start or end, a reminder, a report, a termination. */
  function nextDueMoment(now: number): number | undefined {
    const current = year(state().currentYear);
    const moments: number[] = [];
    if (current.tranche === 'upcoming') moments.push(at(current.startsAt));
    if (current.coordination.status === 'upcoming') moments.push(at(current.endsAt));
    for (const y of state().schedule.filter((y) => y.report.status !== 'received')) {
      const dueAt = at(y.report.dueAt);
      moments.push(at(y.endsAt), dueAt, ...policy.reportRemindersBeforeMs.map((before) => dueAt - before));
    }
    const effectiveAt = state().termination?.effectiveAt;
    if (effectiveAt) moments.push(at(effectiveAt));
    const future = moments.filter((m) => m > now);
    return future.length ? Math.min(...future) : undefined;
  }

  /** A year's start: its tranche ordered, or withheld while a report is missing. */
  async function startYear(n: number, now: number): Promise<void> {
    const missing = missingReports(state(), now);
    if (missing.length) {
      await recorder.record(
        { type: 'OperatingTrancheWithheld', payload: { year: n, amountCents: year(n).amountCents, missingReports: missing } },
        SYSTEM_ACTOR,
      );
      return;
    }
    await orderTranche(n, false);
  }

  /** One payment order per funder line for this year's tranche (idempotent by agreement, year and funder). */
  async function orderTranche(n: number, released: boolean): Promise<void> {
    const { fundingPlan, amountCents } = year(n);
    const orders = [];
    for (const line of fundingPlan.filter((l) => l.amountCents > 0)) {
      const order = await acts.orderPayment({
        orderKey: `${input.agreementId}:tranche:${n}:${line.funderId}`,
        grantId: input.agreementId,
        purpose: 'operating_tranche',
        payeeAssociationId: state().associationId,
        funderId: line.funderId,
        amountCents: line.amountCents,
      });
      orders.push({ funderId: line.funderId, paymentOrderId: order.paymentOrderId, amountCents: line.amountCents });
    }
    await recorder.record({ type: 'OperatingTrancheOrdered', payload: { year: n, amountCents, orders, released } }, SYSTEM_ACTOR);
  }

  /** A meeting's token: credited to the year under way, or refused (kept with why: the meeting's workflow reads it). */
  async function creditToken(credit: TokenCredit, n: number): Promise<void> {
    const date = at(credit.date);
    const current = year(n);
    const { coordination, status } = state();
    let reason: string | undefined;
    if (coordination.mode !== 'tokens') reason = 'the agreement pays coordination by a flat envelope';
    else if (status !== 'active' && status !== 'report_overdue') reason = `the agreement is ${status}`;
    else if (date < at(current.startsAt) || date >= at(current.endsAt) || current.coordination.status !== 'upcoming') {
      reason = `the meeting is outside year ${n} (${current.startsAt} to ${current.endsAt})`;
    }
    if (reason) {
      credits.rejectedCredits.push({ meetingId: credit.meetingId, date: credit.date, reason });
      return;
    }
    await recorder.record(
      {
        type: 'CoordinationTokenCredited',
        payload: { meetingId: credit.meetingId, date: credit.date, topic: credit.topic, year: n, tokens: current.tokens.length + 1 },
      },
      SYSTEM_ACTOR,
    );
  }

  /** A year's coordination compensation (pro rata until `untilMs` when the agreement ends early). */
  async function payCoordination(n: number, untilMs: number | undefined): Promise<void> {
    const { coordination } = state();
    const amountCents = coordinationOwed(coordination, year(n), untilMs);
    let paymentOrderId: string | undefined;
    if (amountCents > 0) {
      ({ paymentOrderId } = await acts.orderPayment({
        orderKey: `${input.agreementId}:coordination:${n}`,
        grantId: input.agreementId,
        purpose: 'coordination',
        payeeAssociationId: state().associationId,
        amountCents,
      }));
    }
    await recorder.record(
      {
        type: 'CoordinationCompensationOrdered',
        payload: {
          year: n,
          amountCents,
          tokens: coordination.mode === 'tokens' ? year(n).tokens.length : undefined,
          paymentOrderId,
          proRata: untilMs !== undefined,
        },
      },
      SYSTEM_ACTOR,
    );
  }

  /** Stops what is to come, pays what is owed: the coordination time of the year under way. */
  async function terminate(n: number, now: number): Promise<void> {
    if (year(n).coordination.status === 'upcoming' && at(year(n).startsAt) <= now) await payCoordination(n, now);
    const { mode, reason } = state().termination!;
    await recorder.record({ type: 'AgreementTerminated', payload: { mode, reason } }, SYSTEM_ACTOR);
    await condition(allHandlersFinished);
  }
}
