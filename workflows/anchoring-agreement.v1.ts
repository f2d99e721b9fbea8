import { allHandlersFinished, condition, continueAsNew, patched, setHandler } from '@temporalio/workflow';
import {
  Actor,
  AgreementEventBody,
  AgreementState,
  AgreementYear,
  HeldAgreement,
  Role,
  SYSTEM_ACTOR,
  acceptAgreementProblem,
  acceptAmendmentProblem,
  amendmentAgreement,
  acceptFundingLineProblem,
  activityReportProblem,
  agreementAudiences,
  agreementSchedule,
  agreementTotals,
  amendmentProblem,
  awaitingFunders,
  coordinationOwed,
  missingReports,
  scalePlan,
  fundersWithLinesToCome,
  terminationParty,
  terminationProblem,
} from '@grants/domain';
import { AgreementInput } from '@grants/contracts';
import { mirrorSearch } from './search';
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

const at = (iso: string) => Date.parse(iso);

/**
 * An anchoring agreement as runs started before the recorder go on (and their recorded histories
 * replay): its state set by hand beside its events, each event appended then notified by two
 * activities, each step named by what it records. Not to be changed: see anchoringAgreementWorkflow.
 *
 * A multi-year anchoring agreement: proposed → accepted (or withdrawn after the delay) → each year,
 * the operating tranche at its start (one order per funder line, withheld while a report is overdue
 * and released when it arrives), coordination tokens credited by meetings, the coordination
 * compensation at its end; an activity report due after each year, with reminders → completed after
 * the last report. One run per year: the workflow continues as new at each year boundary, carrying
 * its state, so the history of a four-year agreement stays small.
 */
export async function anchoringAgreementWorkflowV1(input: AgreementInput): Promise<AgreementState> {
  const { policy } = input;
  const state: HeldAgreement = input.carried ?? {
    ...input.terms,
    id: input.agreementId,
    proposedBy: input.proposedBy,
    proposedAt: input.proposedAt,
    policy,
    status: 'proposed',
    currentYear: 1,
    schedule: agreementSchedule(input.terms, policy),
    amendments: [],
    rejectedCredits: [],
    pendingCredits: [],
  };
  // Nobody commits another's money: on agreements proposed from now on, each funder of the plan
  // accepts its own line (the proposing funder's is accepted by its proposal) before anything is ordered.
  if (!input.carried && patched('funders-accept-their-lines')) {
    const own = input.proposedBy.role === 'funder' ? input.proposedBy.org : undefined;
    state.fundersAccepted = own && state.fundingPlan.some((line) => line.funderId === own) ? [own] : [];
  }
  /** The state as readers see it, with the totals derived from the schedule. */
  const snapshot = (): AgreementState => ({ ...state, totals: agreementTotals(state.schedule) });
  let proposalRecorded = input.carried !== undefined;
  let dirty = false;
  const funderIds = () => [...new Set(state.schedule.flatMap((y) => y.fundingPlan.map((line) => line.funderId)))];

  /** The agreement as Temporal finds it: its status, territory, association and funders. */
  const search = () =>
    mirrorSearch({
      kind: 'anchoring_agreement',
      status: state.status,
      territoryIds: [state.territoryId],
      associationIds: [state.associationId],
      funderIds: funderIds(),
    });
  search();

  async function record(step: string, body: AgreementEventBody, actor: Actor): Promise<void> {
    const occurredAt = new Date().toISOString();
    await acts.appendGrantEvent({ ...body, grantId: state.id, kind: 'anchoring_agreement', actor, occurredAt, step });
    const audiences = agreementAudiences(body, { associationId: state.associationId, territoryId: state.territoryId, funderIds: funderIds() });
    if (audiences.length) {
      await acts.notifyAgreementParties({ agreementId: state.id, title: input.title, step, event: body, audiences, occurredAt });
    }
  }
  const person = (id: string, role: Role): Actor => ({ kind: 'user', id, role });
  /** Who acted for a side: the association, a funder for its own line, or the territory's project lead. */
  const sideActor = (id: string, side: 'association' | 'funding', funderId?: string): Actor =>
    person(id, side === 'association' ? 'association' : funderId ? 'funder' : 'project_lead');

  setHandler(agreementStateQuery, snapshot);
  setHandler(proposedUpdate, async () => {
    await condition(() => proposalRecorded);
    return snapshot();
  });

  setHandler(
    acceptAgreementUpdate,
    async (c) => {
      const awaiting = awaitingFunders(state);
      if (awaiting.length) {
        // Accepted by the association; signed once each funder has accepted its line.
        state.associationAcceptedAt = new Date().toISOString();
        await record('accepted', { type: 'AgreementAccepted', payload: { awaitingFunders: awaiting } }, person(c.actorId, 'association'));
        return snapshot();
      }
      state.status = 'active';
      search();
      state.acceptedAt = new Date().toISOString();
      if (state.fundersAccepted) state.associationAcceptedAt = state.acceptedAt;
      dirty = true;
      await record('accepted', { type: 'AgreementAccepted', payload: {} }, person(c.actorId, 'association'));
      return snapshot();
    },
    { validator: (c) => refuse(acceptAgreementProblem(state, c)) },
  );

  setHandler(
    acceptFundingLineUpdate,
    async (c) => {
      state.fundersAccepted!.push(c.funderId);
      const awaiting = awaitingFunders(state);
      const associationAccepted = state.associationAcceptedAt !== undefined;
      if (associationAccepted && !awaiting.length) {
        state.status = 'active';
        search();
        state.acceptedAt = new Date().toISOString();
        dirty = true;
      }
      await record(
        `funding-line:${c.funderId}`,
        { type: 'FundingLineAccepted', payload: { funderId: c.funderId, awaitingFunders: awaiting, associationAccepted } },
        person(c.actorId, 'funder'),
      );
      return snapshot();
    },
    { validator: (c) => refuse(acceptFundingLineProblem(state, c)) },
  );

  setHandler(
    submitActivityReportUpdate,
    async (c) => {
      const year = state.schedule[c.year - 1];
      year.report = { ...year.report, status: 'received', submittedAt: new Date().toISOString(), summary: c.summary.trim() };
      if (state.status === 'report_overdue' && missingReports(state, Date.now()).length === 0) {
        state.status = 'active';
        search();
      }
      dirty = true;
      await record(
        `report:${c.year}`,
        { type: 'ActivityReportSubmitted', payload: { year: c.year, summary: c.summary.trim() } },
        person(c.actorId, 'association'),
      );
      return snapshot();
    },
    { validator: (c) => refuse(activityReportProblem(state, c, Date.now())) },
  );

  let amendments = state.amendments.length;
  setHandler(
    proposeAmendmentUpdate,
    async (c) => {
      // Each funder whose line changes agrees for itself, and the association; amendments proposed before that rule replay as they ran.
      const agreement = patched('funders-agree-to-changes') ? amendmentAgreement(state, c) : undefined;
      state.pendingAmendment = {
        yearlyAmountCents: c.yearlyAmountCents,
        fromYear: c.fromYear,
        proposedBy: c.actorId,
        proposedBySide: c.side,
        proposedAt: new Date().toISOString(),
        ...agreement,
      };
      await record(
        `amendment-proposed:${amendments + 1}`,
        {
          type: 'AmendmentProposed',
          payload: {
            fromYear: c.fromYear,
            yearlyAmountCents: c.yearlyAmountCents,
            side: c.side,
            ...(agreement ? { funderId: c.funderId, awaitingFunders: agreement.awaitingFunders } : {}),
          },
        },
        sideActor(c.actorId, c.side, c.funderId),
      );
      return snapshot();
    },
    { validator: (c) => refuse(amendmentProblem(state, c, Date.now())) },
  );

  setHandler(
    acceptAmendmentUpdate,
    async (c) => {
      const pending = state.pendingAmendment!;
      if (pending.awaitingFunders) {
        if (c.side === 'association') pending.associationAgreed = true;
        else pending.awaitingFunders = pending.awaitingFunders.filter((funderId) => funderId !== c.funderId);
        if (!pending.associationAgreed || pending.awaitingFunders.length) {
          await record(
            `amendment-agreed:${amendments + 1}:${c.side === 'association' ? 'association' : c.funderId}`,
            {
              type: 'AmendmentAgreed',
              payload: {
                fromYear: pending.fromYear,
                yearlyAmountCents: pending.yearlyAmountCents,
                side: c.side,
                funderId: c.funderId,
                awaitingFunders: pending.awaitingFunders,
                associationAgreed: pending.associationAgreed === true,
              },
            },
            sideActor(c.actorId, c.side, c.funderId),
          );
          return snapshot();
        }
      }
      state.pendingAmendment = undefined;
      for (const year of state.schedule.filter((y) => y.year >= pending.fromYear && y.tranche === 'upcoming')) {
        year.fundingPlan = scalePlan(year.fundingPlan, pending.yearlyAmountCents);
        year.amountCents = pending.yearlyAmountCents;
      }
      state.amendments.push({ yearlyAmountCents: pending.yearlyAmountCents, fromYear: pending.fromYear, acceptedAt: new Date().toISOString() });
      amendments = state.amendments.length;
      await record(
        `amendment-accepted:${amendments}`,
        { type: 'AmendmentAccepted', payload: { fromYear: pending.fromYear, yearlyAmountCents: pending.yearlyAmountCents, side: c.side } },
        sideActor(c.actorId, c.side, c.funderId),
      );
      return snapshot();
    },
    { validator: (c) => refuse(acceptAmendmentProblem(state, c, Date.now())) },
  );

  setHandler(
    terminateUpdate,
    async (c) => {
      const now = Date.now();
      if (c.mode === 'mutual' && (state.termination?.awaiting || (!state.termination && patched('funders-agree-to-changes')))) {
        // A mutual termination cancels every line still to come: the association and each of those funders agree for themselves.
        const before = state.termination;
        const party = terminationParty(c);
        const awaiting = (before?.awaiting ?? ['association', ...fundersWithLinesToCome(state)]).filter((p) => p !== party);
        const effectiveAt = awaiting.length ? undefined : new Date(now).toISOString();
        state.termination = {
          mode: 'mutual',
          reason: before?.reason ?? c.reason.trim(),
          requestedBy: before?.requestedBy ?? c.side,
          requestedAt: before?.requestedAt ?? new Date(now).toISOString(),
          effectiveAt,
          awaiting,
        };
        dirty = true;
        await record(
          `termination:${c.side}:mutual${party && party !== 'association' ? `:${party}` : ''}`,
          { type: 'TerminationRequested', payload: { mode: 'mutual', reason: c.reason.trim(), side: c.side, effectiveAt, funderId: c.funderId, awaiting } },
          sideActor(c.actorId, c.side, c.funderId),
        );
        return snapshot();
      }
      const agreed = c.mode === 'mutual' && state.termination?.mode === 'mutual' && state.termination.requestedBy !== c.side;
      const effectiveAt = c.mode === 'notice' ? new Date(now + policy.terminationNoticeMs).toISOString() : agreed ? new Date(now).toISOString() : undefined;
      state.termination = {
        mode: c.mode,
        reason: c.reason.trim(),
        requestedBy: agreed ? state.termination!.requestedBy : c.side,
        requestedAt: new Date(now).toISOString(),
        effectiveAt,
      };
      dirty = true;
      await record(
        `termination:${c.side}:${c.mode}`,
        { type: 'TerminationRequested', payload: { mode: c.mode, reason: c.reason.trim(), side: c.side, effectiveAt } },
        sideActor(c.actorId, c.side, c.funderId),
      );
      return snapshot();
    },
    { validator: (c) => refuse(terminationProblem(state, c)) },
  );

  setHandler(tokenCreditSignal, (credit) => {
    const known =
      state.pendingCredits.some((p) => p.meetingId === credit.meetingId) ||
      state.rejectedCredits.some((r) => r.meetingId === credit.meetingId) ||
      state.schedule.some((y) => y.tokens.some((t) => t.meetingId === credit.meetingId));
    if (!known) {
      state.pendingCredits.push(credit);
      dirty = true;
    }
  });

  // 1. The proposal, and its acceptance within the delay.
  if (!input.carried) {
    await record(
      'proposed',
      {
        type: 'AgreementProposed',
        payload: { title: input.title, ...input.terms },
      },
      person(input.proposedBy.id, input.proposedBy.role),
    );
    proposalRecorded = true;
    const accepted = await condition(() => state.status !== 'proposed', policy.acceptanceDelayMs);
    if (!accepted) {
      const missing = [...(state.associationAcceptedAt ? [] : [state.associationId]), ...awaitingFunders(state)];
      const reason = state.fundersAccepted ? `not accepted within the delay by ${missing.join(', ')}` : 'not accepted within the delay';
      await record('withdrawn', { type: 'AgreementWithdrawn', payload: { reason } }, SYSTEM_ACTOR);
      state.status = 'withdrawn';
      search();
      state.endedAt = new Date().toISOString();
      await condition(allHandlersFinished);
      return snapshot();
    }
    await condition(allHandlersFinished);
  }

  // 2. The years: act on whatever is due, then sleep until the next due moment or a command.
  for (;;) {
    // Commands record their own events: let them finish first, so that the log keeps their order.
    await condition(allHandlersFinished);
    const now = Date.now();
    const current: AgreementYear = state.schedule[state.currentYear - 1];

    for (const credit of state.pendingCredits.splice(0)) await creditToken(credit, current);

    if (state.termination?.effectiveAt && at(state.termination.effectiveAt) <= now) {
      await terminate(current, now);
      return snapshot();
    }

    if (current.tranche === 'upcoming' && at(current.startsAt) <= now) await startYear(current, now);

    if (missingReports(state, now).length === 0) {
      for (const year of state.schedule.filter((y) => y.tranche === 'withheld')) await orderTranche(year, true);
    }

    for (const year of state.schedule.filter((y) => at(y.endsAt) <= now && y.report.status !== 'received')) {
      const dueAt = at(year.report.dueAt);
      if (year.report.status === 'not_due') year.report.status = 'due';
      const reminders = [...policy.reportRemindersBeforeMs].sort((a, b) => b - a);
      while (year.report.remindersSent < reminders.length && dueAt - reminders[year.report.remindersSent] <= now && now < dueAt) {
        const i = year.report.remindersSent++;
        await record(
          `report-reminder:${year.year}:${i}`,
          { type: 'ActivityReportReminderSent', payload: { year: year.year, dueAt: year.report.dueAt } },
          SYSTEM_ACTOR,
        );
      }
      if (dueAt <= now && year.report.status !== 'overdue') {
        year.report.status = 'overdue';
        state.status = 'report_overdue';
        search();
        await record(`report-overdue:${year.year}`, { type: 'ActivityReportOverdue', payload: { year: year.year, dueAt: year.report.dueAt } }, SYSTEM_ACTOR);
      }
    }

    if (current.coordination.status === 'upcoming' && at(current.endsAt) <= now) {
      await payCoordination(current, undefined);
      if (state.currentYear < state.years) {
        // The year boundary: the next run starts with the next year, carrying everything.
        state.currentYear++;
        await condition(allHandlersFinished);
        await continueAsNew<typeof anchoringAgreementWorkflowV1>({ ...input, carried: state });
      }
    }

    const lastYearOver = state.currentYear === state.years && current.coordination.status !== 'upcoming';
    if (lastYearOver && state.schedule.every((y) => y.report.status === 'received') && state.schedule.every((y) => y.tranche !== 'withheld')) {
      // The state says "completed" once the log holds it.
      const { operatingPaidCents, coordinationPaidCents } = agreementTotals(state.schedule);
      await record('completed', { type: 'AgreementCompleted', payload: { operatingPaidCents, coordinationPaidCents } }, SYSTEM_ACTOR);
      state.status = 'completed';
      search();
      state.endedAt = new Date().toISOString();
      await condition(allHandlersFinished);
      return snapshot();
    }

    dirty = false;
    const wake = nextDueMoment(Date.now());
    if (wake === undefined) await condition(() => dirty);
    else await condition(() => dirty, Math.max(wake - Date.now(), 1));
  }

  /** The earliest moment something falls due after `now`: a year's start or end, a reminder, a report, a termination. */
  function nextDueMoment(now: number): number | undefined {
    const current = state.schedule[state.currentYear - 1];
    const moments: number[] = [];
    if (current.tranche === 'upcoming') moments.push(at(current.startsAt));
    if (current.coordination.status === 'upcoming') moments.push(at(current.endsAt));
    for (const year of state.schedule.filter((y) => y.report.status !== 'received')) {
      const dueAt = at(year.report.dueAt);
      moments.push(at(year.endsAt), dueAt, ...policy.reportRemindersBeforeMs.map((before) => dueAt - before));
    }
    if (state.termination?.effectiveAt) moments.push(at(state.termination.effectiveAt));
    const future = moments.filter((m) => m > now);
    return future.length ? Math.min(...future) : undefined;
  }

  async function startYear(year: AgreementYear, now: number): Promise<void> {
    const missing = missingReports(state, now);
    if (missing.length) {
      year.tranche = 'withheld';
      state.status = 'report_overdue';
      search();
      await record(
        `tranche-withheld:${year.year}`,
        { type: 'OperatingTrancheWithheld', payload: { year: year.year, amountCents: year.amountCents, missingReports: missing } },
        SYSTEM_ACTOR,
      );
      return;
    }
    await orderTranche(year, false);
  }

  /** One payment order per funder line for this year's tranche (idempotent by agreement, year and funder). */
  async function orderTranche(year: AgreementYear, released: boolean): Promise<void> {
    const orders = [];
    for (const line of year.fundingPlan.filter((l) => l.amountCents > 0)) {
      const order = await acts.orderPayment({
        orderKey: `${state.id}:tranche:${year.year}:${line.funderId}`,
        grantId: state.id,
        purpose: 'operating_tranche',
        payeeAssociationId: state.associationId,
        funderId: line.funderId,
        amountCents: line.amountCents,
      });
      orders.push({ funderId: line.funderId, paymentOrderId: order.paymentOrderId, amountCents: line.amountCents });
    }
    year.tranche = 'paid';
    year.trancheOrders = orders;
    await record(
      `tranche:${year.year}`,
      { type: 'OperatingTrancheOrdered', payload: { year: year.year, amountCents: year.amountCents, orders, released } },
      SYSTEM_ACTOR,
    );
  }

  async function creditToken(credit: { meetingId: string; date: string; topic: string }, current: AgreementYear): Promise<void> {
    const date = at(credit.date);
    let reason: string | undefined;
    if (state.coordination.mode !== 'tokens') reason = 'the agreement pays coordination by a flat envelope';
    else if (state.status !== 'active' && state.status !== 'report_overdue') reason = `the agreement is ${state.status}`;
    else if (date < at(current.startsAt) || date >= at(current.endsAt) || current.coordination.status !== 'upcoming') {
      reason = `the meeting is outside year ${current.year} (${current.startsAt} to ${current.endsAt})`;
    }
    if (reason) {
      state.rejectedCredits.push({ meetingId: credit.meetingId, date: credit.date, reason });
      return;
    }
    current.tokens.push({ meetingId: credit.meetingId, date: credit.date });
    await record(
      `token:${credit.meetingId}`,
      {
        type: 'CoordinationTokenCredited',
        payload: { meetingId: credit.meetingId, date: credit.date, topic: credit.topic, year: current.year, tokens: current.tokens.length },
      },
      SYSTEM_ACTOR,
    );
  }

  async function payCoordination(year: AgreementYear, untilMs: number | undefined): Promise<void> {
    const amountCents = coordinationOwed(state.coordination, year, untilMs);
    let paymentOrderId: string | undefined;
    if (amountCents > 0) {
      ({ paymentOrderId } = await acts.orderPayment({
        orderKey: `${state.id}:coordination:${year.year}`,
        grantId: state.id,
        purpose: 'coordination',
        payeeAssociationId: state.associationId,
        amountCents,
      }));
    }
    year.coordination = { status: 'paid', paidCents: amountCents, paymentOrderId };
    await record(
      `coordination:${year.year}`,
      {
        type: 'CoordinationCompensationOrdered',
        payload: {
          year: year.year,
          amountCents,
          tokens: state.coordination.mode === 'tokens' ? year.tokens.length : undefined,
          paymentOrderId,
          proRata: untilMs !== undefined,
        },
      },
      SYSTEM_ACTOR,
    );
  }

  /** Stops what is to come, pays what is owed: the coordination time of the year under way. */
  async function terminate(current: AgreementYear, now: number): Promise<void> {
    if (current.coordination.status === 'upcoming' && at(current.startsAt) <= now) await payCoordination(current, now);
    for (const year of state.schedule) {
      if (year.tranche === 'upcoming') year.tranche = 'cancelled';
      if (year.coordination.status === 'upcoming') year.coordination = { status: 'cancelled', paidCents: 0 };
    }
    await record('terminated', { type: 'AgreementTerminated', payload: { mode: state.termination!.mode, reason: state.termination!.reason } }, SYSTEM_ACTOR);
    state.status = 'terminated';
    search();
    state.endedAt = new Date(now).toISOString();
    await condition(allHandlersFinished);
  }
}
