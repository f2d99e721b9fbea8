import {
  AgreementEventBody,
  AgreementState,
  AgreementTerms,
  AgreementYear,
  RecordedAgreement,
  SYSTEM_ACTOR,
  StampedAgreementEvent,
  agreementSnapshot,
  evolveAgreement,
  proposedAgreement,
  DAY_MS,
  DEFAULT_ANCHORING_POLICY,
  agreementAudiences,
  agreementSchedule,
  agreementSideOf,
  agreementTermsProblems,
  acceptAmendmentProblem,
  amendmentAgreement,
  amendmentChangedFunders,
  amendmentProblem,
  fundersWithLinesToCome,
  coordinationOwed,
  euros,
  missingReports,
  scalePlan,
  terminationProblem,
} from '@grants/domain';

const NOW = '2027-01-01T00:00:00.000Z';
const terms = (overrides: Partial<AgreementTerms> = {}): AgreementTerms => ({
  associationId: 'assoc-jardins-montreuil',
  territoryId: 'est-ensemble',
  years: 3,
  yearlyAmountCents: euros(40_000),
  startDate: NOW,
  fundingPlan: [
    { funderId: 'funder-etat-93', amountCents: euros(30_000) },
    { funderId: 'funder-caf-93', amountCents: euros(10_000) },
  ],
  coordination: { mode: 'flat', flatAmountCents: euros(3_650) },
  ...overrides,
});

function agreement(overrides: Partial<AgreementState> = {}): AgreementState {
  return {
    ...terms(),
    id: 'anc-1',
    proposedBy: { id: 'pl-1', role: 'project_lead' },
    proposedAt: NOW,
    policy: DEFAULT_ANCHORING_POLICY,
    status: 'active',
    currentYear: 1,
    schedule: agreementSchedule(terms(), DEFAULT_ANCHORING_POLICY),
    amendments: [],
    rejectedCredits: [],
    pendingCredits: [],
    totals: { operatingPaidCents: 0, coordinationPaidCents: 0, tokens: 0 },
    ...overrides,
  };
}

describe('the terms of an anchoring agreement', () => {
  it('accepts 1 to 4 years with a funding plan that adds up to the yearly amount', () => {
    expect(agreementTermsProblems(terms(), NOW)).toEqual([]);
    expect(agreementTermsProblems(terms({ years: 5, yearlyAmountCents: euros(45_000) }), NOW)).toEqual([
      'years: from 1 to 4',
      "fundingPlan: the funders' yearly shares add up to 4000000 cents, not the yearly amount of 4500000 cents",
    ]);
  });

  it('refuses a token cap below one token', () => {
    expect(agreementTermsProblems(terms({ coordination: { mode: 'tokens', tokenValueCents: euros(80), yearlyCapCents: euros(50) } }), NOW)).toEqual([
      'coordination.yearlyCapCents: at least one token',
    ]);
  });

  it('lays out the years: each report due six months after its year ends', () => {
    const [first, , third] = agreementSchedule(terms(), DEFAULT_ANCHORING_POLICY);
    expect(first).toMatchObject({ year: 1, startsAt: NOW, endsAt: '2028-01-01T00:00:00.000Z', amountCents: euros(40_000), tranche: 'upcoming' });
    expect(Date.parse(first.report.dueAt) - Date.parse(first.endsAt)).toBe(182 * DAY_MS);
    expect(third.endsAt).toBe('2030-01-01T00:00:00.000Z'); // calendar years, not blocks of 365 days
  });

  it('counts calendar years from the start date, leap years included, and compresses them alike in the demo mode', () => {
    const calendar = { ...DEFAULT_ANCHORING_POLICY, calendarYears: { timeScale: 1 } };
    const years = agreementSchedule(terms({ startDate: '2027-01-01T00:00:00.000Z' }), calendar);
    expect(years.map((y) => y.startsAt)).toEqual(['2027-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z']);
    expect(years[2].endsAt).toBe('2030-01-01T00:00:00.000Z');
    // A year of ten minutes: 2028 (366 days) lasts a little longer than 2027.
    const scale = (365 * DAY_MS) / 600_000;
    const demo = agreementSchedule(terms({ startDate: '2027-01-01T00:00:00.000Z' }), { ...calendar, calendarYears: { timeScale: scale } });
    const lengths = demo.map((y) => Date.parse(y.endsAt) - Date.parse(y.startsAt));
    expect(lengths).toEqual([600_000, 601_644, 600_000]);
    // Blocks of yearMs where a year was set explicitly (ANCHORING_YEAR), as for agreements proposed before.
    const blocks = agreementSchedule(terms(), { ...DEFAULT_ANCHORING_POLICY, calendarYears: undefined });
    expect(blocks[2].startsAt).toBe('2028-12-31T00:00:00.000Z');
  });
});

describe('coordination time', () => {
  const [year] = agreementSchedule(terms(), DEFAULT_ANCHORING_POLICY);
  const start = Date.parse(year.startsAt);

  it('pays the flat envelope for a whole year, pro rata when the agreement ends within it', () => {
    expect(coordinationOwed({ mode: 'flat', flatAmountCents: euros(3_650) }, year)).toBe(euros(3_650));
    expect(coordinationOwed({ mode: 'flat', flatAmountCents: euros(3_650) }, year, start + 73 * DAY_MS)).toBe(euros(730));
  });

  it('pays tokens × value, never above the yearly cap', () => {
    const tokens = (n: number) => ({ ...year, tokens: Array.from({ length: n }, (_, i) => ({ meetingId: `m${i}`, date: NOW })) });
    const mode = { mode: 'tokens' as const, tokenValueCents: euros(80), yearlyCapCents: euros(300) };
    expect(coordinationOwed(mode, tokens(3))).toBe(euros(240));
    expect(coordinationOwed(mode, tokens(9))).toBe(euros(300));
  });

  it('scales each funder line to an amended amount, to the cent', () => {
    expect(scalePlan(terms().fundingPlan, euros(50_000) + 1)).toEqual([
      { funderId: 'funder-etat-93', amountCents: euros(37_500) + 1 },
      { funderId: 'funder-caf-93', amountCents: euros(12_500) },
    ]);
  });
});

describe('reports, amendments and termination', () => {
  it('holds back the next tranche only for reports past their due date', () => {
    const state = agreement();
    const due = Date.parse(state.schedule[0].report.dueAt);
    expect(missingReports(state, due - 1)).toEqual([]);
    expect(missingReports(state, due)).toEqual([1]);
    state.schedule[0].report.status = 'received';
    expect(missingReports(state, due)).toEqual([]);
  });

  it('amends only years that have not started, one amendment at a time', () => {
    const state = agreement();
    const inYear1 = Date.parse(NOW) + 30 * DAY_MS;
    const amend = (fromYear: number) => ({ actorId: 'u', side: 'funding' as const, yearlyAmountCents: euros(50_000), fromYear });
    expect(amendmentProblem(state, amend(2), inYear1)).toBeNull();
    expect(amendmentProblem(state, amend(1), inYear1)?.code).toBe('conflict');
    expect(amendmentProblem(state, amend(4), inYear1)?.code).toBe('validation');
    expect(
      amendmentProblem(
        { ...state, pendingAmendment: { yearlyAmountCents: 1, fromYear: 2, proposedBy: 'u', proposedBySide: 'association', proposedAt: NOW } },
        amend(2),
        inYear1,
      )?.code,
    ).toBe('conflict');
  });

  it('lets the funder side terminate with notice, and needs both parties for a mutual termination', () => {
    const state = agreement();
    expect(terminationProblem(state, { actorId: 'u', side: 'association', mode: 'notice', reason: 'x' })?.code).toBe('forbidden');
    expect(terminationProblem(state, { actorId: 'u', side: 'funding', mode: 'notice', reason: ' ' })?.code).toBe('validation');
    const asked = { ...state, termination: { mode: 'mutual' as const, reason: 'x', requestedBy: 'association' as const, requestedAt: NOW } };
    expect(terminationProblem(asked, { actorId: 'u', side: 'association', mode: 'mutual', reason: 'x' })?.code).toBe('conflict');
    expect(terminationProblem(asked, { actorId: 'u', side: 'funding', mode: 'mutual', reason: 'x' })).toBeNull();
  });

  it('needs each funder whose line changes, for itself: amendments and mutual terminations', () => {
    const state = agreement();
    // Both lines scale with the yearly amount: both funders agree; the proposing funder has.
    expect(amendmentChangedFunders(state, 2, euros(50_000))).toEqual(['funder-etat-93', 'funder-caf-93']);
    expect(amendmentChangedFunders(state, 2, state.schedule[1].amountCents)).toEqual([]);
    expect(amendmentAgreement(state, { actorId: 'u', side: 'funding', funderId: 'funder-caf-93', yearlyAmountCents: euros(50_000), fromYear: 2 })).toEqual({
      awaitingFunders: ['funder-etat-93'],
      associationAgreed: false,
    });
    const pending = {
      yearlyAmountCents: euros(50_000),
      fromYear: 2,
      proposedBy: 'u',
      proposedBySide: 'association' as const,
      proposedAt: NOW,
      awaitingFunders: ['funder-etat-93'],
      associationAgreed: true,
    };
    const inYear1 = Date.parse(NOW) + 30 * DAY_MS;
    expect(acceptAmendmentProblem({ ...state, pendingAmendment: pending }, { actorId: 'p', side: 'funding' }, inYear1)?.code).toBe('forbidden');
    expect(acceptAmendmentProblem({ ...state, pendingAmendment: pending }, { actorId: 'f', side: 'funding', funderId: 'funder-caf-93' }, inYear1)?.code).toBe(
      'conflict',
    );
    expect(acceptAmendmentProblem({ ...state, pendingAmendment: pending }, { actorId: 'a', side: 'association' }, inYear1)?.code).toBe('conflict');
    expect(acceptAmendmentProblem({ ...state, pendingAmendment: pending }, { actorId: 'f', side: 'funding', funderId: 'funder-etat-93' }, inYear1)).toBeNull();
    // A mutual termination: each party still awaited agrees for itself; a project lead for nobody.
    expect(fundersWithLinesToCome(state)).toEqual(['funder-etat-93', 'funder-caf-93']);
    const asked = {
      ...state,
      termination: { mode: 'mutual' as const, reason: 'x', requestedBy: 'association' as const, requestedAt: NOW, awaiting: ['funder-etat-93'] },
    };
    expect(terminationProblem(asked, { actorId: 'p', side: 'funding', mode: 'mutual', reason: 'x' })?.code).toBe('forbidden');
    expect(terminationProblem(asked, { actorId: 'f', side: 'funding', funderId: 'funder-caf-93', mode: 'mutual', reason: 'x' })?.code).toBe('conflict');
    expect(terminationProblem(asked, { actorId: 'a', side: 'association', mode: 'mutual', reason: 'x' })?.code).toBe('conflict');
    expect(terminationProblem(asked, { actorId: 'f', side: 'funding', funderId: 'funder-etat-93', mode: 'mutual', reason: 'x' })).toBeNull();
  });

  it('knows which side a principal speaks for', () => {
    const t = terms();
    expect(agreementSideOf({ sub: 'a', role: 'association', org: 'assoc-jardins-montreuil' }, t)).toBe('association');
    expect(agreementSideOf({ sub: 'f', role: 'funder', org: 'funder-caf-93' }, t)).toBe('funding');
    expect(agreementSideOf({ sub: 'p', role: 'project_lead', territory: 'est-ensemble' }, t)).toBe('funding');
    expect((agreementSideOf({ sub: 'o', role: 'association', org: 'assoc-bondy-culture' }, t) as { code: string }).code).toBe('not_found');
    expect((agreementSideOf({ sub: 'p', role: 'project_lead', territory: 'plaine-commune' }, t) as { code: string }).code).toBe('forbidden');
  });

  it('tells the association and the funder side of a withheld tranche', () => {
    const audiences = agreementAudiences(
      { type: 'OperatingTrancheWithheld', payload: { year: 3, amountCents: 1, missingReports: [1] } },
      { associationId: 'assoc-jardins-montreuil', territoryId: 'est-ensemble', funderIds: ['funder-caf-93'] },
    );
    expect(audiences).toEqual([
      { kind: 'org', org: 'assoc-jardins-montreuil' },
      { kind: 'territory_role', role: 'project_lead', territory: 'est-ensemble' },
      { kind: 'org', org: 'funder-caf-93' },
    ]);
  });
});

describe("an agreement's state, event by event (evolveAgreement) and as readers see it (agreementSnapshot)", () => {
  const day = (n: number) => new Date(Date.parse(NOW) + n * DAY_MS).toISOString();
  const asso = { kind: 'user' as const, id: 'user-asso', role: 'association' as const };
  const etat = { kind: 'user' as const, id: 'user-etat', role: 'funder' as const };
  const stamped = (body: AgreementEventBody, n: number, actor: StampedAgreementEvent['actor'] = SYSTEM_ACTOR): StampedAgreementEvent =>
    ({ ...body, grantId: 'anc-1', actor, occurredAt: day(n) }) as StampedAgreementEvent;
  const proposed = proposedAgreement({
    agreementId: 'anc-1',
    proposedBy: { id: 'user-etat', role: 'funder', org: 'funder-etat-93' },
    proposedAt: day(-10),
    terms: terms(),
    policy: { ...DEFAULT_ANCHORING_POLICY, calendarYears: undefined },
  });
  const fold = (events: StampedAgreementEvent[], from: RecordedAgreement = proposed) => events.reduce(evolveAgreement, from);
  const proposal = stamped({ type: 'AgreementProposed', payload: { title: 'Jardins', ...terms() } }, -10, etat);
  const acceptedAwaiting = stamped({ type: 'AgreementAccepted', payload: { awaitingFunders: ['funder-caf-93'] } }, -5, asso);
  const cafAccepts = stamped({ type: 'FundingLineAccepted', payload: { funderId: 'funder-caf-93', awaitingFunders: [], associationAccepted: true } }, -1, {
    ...etat,
    id: 'user-caf',
  });
  const active = fold([proposal, acceptedAwaiting, cafAccepts]);

  it("starts proposed, the proposing funder's own line accepted by its proposal, and counts its events", () => {
    expect(proposed).toMatchObject({ status: 'proposed', currentYear: 1, fundersAccepted: ['funder-etat-93'], lastSeq: 0 });
    expect(proposed.schedule).toHaveLength(3);
    expect(
      proposedAgreement({
        ...{ agreementId: 'anc-2', proposedAt: NOW, terms: terms(), policy: DEFAULT_ANCHORING_POLICY },
        proposedBy: { id: 'pl', role: 'project_lead' },
      }).fundersAccepted,
    ).toEqual([]);
    expect(fold([proposal])).toEqual({ ...proposed, lastSeq: 1 });
  });

  it('is signed by the last party to accept: the association first, then the funder; or the funder first, then the association', () => {
    const afterAssociation = fold([proposal, acceptedAwaiting]);
    expect(afterAssociation).toMatchObject({ status: 'proposed', associationAcceptedAt: day(-5) });
    expect(afterAssociation.acceptedAt).toBeUndefined();
    expect(active).toMatchObject({ status: 'active', acceptedAt: day(-1), fundersAccepted: ['funder-etat-93', 'funder-caf-93'], lastSeq: 3 });

    const funderFirst = fold([
      proposal,
      stamped({ type: 'FundingLineAccepted', payload: { funderId: 'funder-caf-93', awaitingFunders: [], associationAccepted: false } }, -3, etat),
    ]);
    expect(funderFirst.status).toBe('proposed');
    const signed = evolveAgreement(funderFirst, stamped({ type: 'AgreementAccepted', payload: {} }, -2, asso));
    expect(signed).toMatchObject({ status: 'active', acceptedAt: day(-2), associationAcceptedAt: day(-2) });
  });

  it('an agreement of before the rule (no funder accepts its line) is active on the association alone', () => {
    const { fundersAccepted: _none, ...before } = proposed;
    const signed = evolveAgreement(before, stamped({ type: 'AgreementAccepted', payload: {} }, -2, asso));
    expect(signed).toMatchObject({ status: 'active', acceptedAt: day(-2) });
    expect(signed.associationAcceptedAt).toBeUndefined();
  });

  it('is withdrawn, completed or terminated with the moment it ended', () => {
    expect(evolveAgreement(proposed, stamped({ type: 'AgreementWithdrawn', payload: { reason: 'not accepted' } }, 30))).toMatchObject({
      status: 'withdrawn',
      endedAt: day(30),
    });
    expect(evolveAgreement(active, stamped({ type: 'AgreementCompleted', payload: { operatingPaidCents: 0, coordinationPaidCents: 0 } }, 1200))).toMatchObject({
      status: 'completed',
      endedAt: day(1200),
    });
  });

  it('a tranche ordered or withheld, a report reminded, overdue, then received puts it back on track', () => {
    const orders = [
      { funderId: 'funder-etat-93', paymentOrderId: 'po-1', amountCents: euros(30_000) },
      { funderId: 'funder-caf-93', paymentOrderId: 'po-2', amountCents: euros(10_000) },
    ];
    const paid = evolveAgreement(
      active,
      stamped({ type: 'OperatingTrancheOrdered', payload: { year: 1, amountCents: euros(40_000), orders, released: false } }, 0),
    );
    expect(paid.schedule[0]).toMatchObject({ tranche: 'paid', trancheOrders: orders });
    expect(paid.schedule[1].tranche).toBe('upcoming');

    const dueAt = paid.schedule[0].report.dueAt;
    const reminded = evolveAgreement(paid, stamped({ type: 'ActivityReportReminderSent', payload: { year: 1, dueAt } }, 500));
    expect(reminded.schedule[0].report).toMatchObject({ status: 'due', remindersSent: 1 });
    const again = evolveAgreement(reminded, stamped({ type: 'ActivityReportReminderSent', payload: { year: 1, dueAt } }, 540));
    expect(again.schedule[0].report).toMatchObject({ status: 'due', remindersSent: 2 });
    const overdue = evolveAgreement(again, stamped({ type: 'ActivityReportOverdue', payload: { year: 1, dueAt } }, 548));
    expect(overdue).toMatchObject({ status: 'report_overdue' });
    expect(overdue.schedule[0].report.status).toBe('overdue');

    const withheld = evolveAgreement(
      overdue,
      stamped({ type: 'OperatingTrancheWithheld', payload: { year: 2, amountCents: euros(40_000), missingReports: [1] } }, 365),
    );
    expect(withheld.status).toBe('report_overdue');
    expect(withheld.schedule[1].tranche).toBe('withheld');

    const received = evolveAgreement(withheld, stamped({ type: 'ActivityReportSubmitted', payload: { year: 1, summary: 'Bilan' } }, 560, asso));
    expect(received.status).toBe('active');
    expect(received.schedule[0].report).toMatchObject({ status: 'received', submittedAt: day(560), summary: 'Bilan' });

    // A report sent while another is still missing leaves the agreement overdue; one sent on time changes no status.
    const twoMissing = withYearReport(withheld, 2, 'overdue');
    expect(evolveAgreement(twoMissing, stamped({ type: 'ActivityReportSubmitted', payload: { year: 1, summary: 'Bilan' } }, 900, asso)).status).toBe(
      'report_overdue',
    );
    expect(evolveAgreement(paid, stamped({ type: 'ActivityReportSubmitted', payload: { year: 1, summary: 'Bilan' } }, 400, asso)).status).toBe('active');
  });

  it("tokens credited to their year, and a year's compensation moves the agreement on to the next year (not the last, not pro rata)", () => {
    const credited = evolveAgreement(
      active,
      stamped({ type: 'CoordinationTokenCredited', payload: { meetingId: 'cm-1', date: day(20), topic: 'Copil', year: 1, tokens: 1 } }, 21),
    );
    expect(credited.schedule[0].tokens).toEqual([{ meetingId: 'cm-1', date: day(20) }]);

    const compensated = evolveAgreement(
      credited,
      stamped({ type: 'CoordinationCompensationOrdered', payload: { year: 1, amountCents: 5_000, tokens: 1, paymentOrderId: 'po-9', proRata: false } }, 365),
    );
    expect(compensated.schedule[0].coordination).toEqual({ status: 'paid', paidCents: 5_000, paymentOrderId: 'po-9' });
    expect(compensated.currentYear).toBe(2);

    const last = { ...active, currentYear: 3 };
    const lastPaid = evolveAgreement(last, stamped({ type: 'CoordinationCompensationOrdered', payload: { year: 3, amountCents: 0, proRata: false } }, 1095));
    expect(lastPaid.currentYear).toBe(3);
    expect(lastPaid.schedule[2].coordination).toEqual({ status: 'paid', paidCents: 0 });
    const proRata = evolveAgreement(active, stamped({ type: 'CoordinationCompensationOrdered', payload: { year: 1, amountCents: 100, proRata: true } }, 100));
    expect(proRata.currentYear).toBe(1);
  });

  it('an amendment proposed, agreed by one party, then accepted scales the years to come and only those', () => {
    const started = evolveAgreement(
      active,
      stamped({ type: 'OperatingTrancheOrdered', payload: { year: 1, amountCents: euros(40_000), orders: [], released: false } }, 0),
    );
    const amendment = { fromYear: 2, yearlyAmountCents: euros(48_000) };
    const asked = evolveAgreement(
      started,
      stamped(
        { type: 'AmendmentProposed', payload: { ...amendment, side: 'funding', funderId: 'funder-etat-93', awaitingFunders: ['funder-caf-93'] } },
        100,
        etat,
      ),
    );
    expect(asked.pendingAmendment).toEqual({
      ...amendment,
      proposedBy: 'user-etat',
      proposedBySide: 'funding',
      proposedAt: day(100),
      awaitingFunders: ['funder-caf-93'],
      associationAgreed: false,
    });
    const agreed = evolveAgreement(
      asked,
      stamped(
        { type: 'AmendmentAgreed', payload: { ...amendment, side: 'association', awaitingFunders: ['funder-caf-93'], associationAgreed: true } },
        101,
        asso,
      ),
    );
    expect(agreed.pendingAmendment).toMatchObject({ awaitingFunders: ['funder-caf-93'], associationAgreed: true });
    const accepted = evolveAgreement(agreed, stamped({ type: 'AmendmentAccepted', payload: { ...amendment, side: 'funding' } }, 102, etat));
    expect(accepted.pendingAmendment).toBeUndefined();
    expect('pendingAmendment' in accepted).toBe(false);
    expect(accepted.amendments).toEqual([{ ...amendment, acceptedAt: day(102) }]);
    expect(accepted.schedule.map((y) => y.amountCents)).toEqual([euros(40_000), euros(48_000), euros(48_000)]);
    expect(accepted.schedule[1].fundingPlan).toEqual([
      { funderId: 'funder-etat-93', amountCents: euros(36_000) },
      { funderId: 'funder-caf-93', amountCents: euros(12_000) },
    ]);

    // Before the rule, an amendment names nobody to await: the other side's acceptance applies it.
    const old = evolveAgreement(started, stamped({ type: 'AmendmentProposed', payload: { ...amendment, side: 'association' } }, 100, asso));
    expect(old.pendingAmendment).toEqual({ ...amendment, proposedBy: 'user-asso', proposedBySide: 'association', proposedAt: day(100) });
  });

  it('a termination: with notice; mutual, each party agreeing for itself; mutual of before the rule, agreed by the other side', () => {
    const notice = evolveAgreement(
      active,
      stamped({ type: 'TerminationRequested', payload: { mode: 'notice', reason: 'Fin', side: 'funding', effectiveAt: day(190) } }, 100, etat),
    );
    expect(notice.termination).toEqual({ mode: 'notice', reason: 'Fin', requestedBy: 'funding', requestedAt: day(100), effectiveAt: day(190) });

    const asked = evolveAgreement(
      active,
      stamped(
        { type: 'TerminationRequested', payload: { mode: 'mutual', reason: 'Fin', side: 'association', awaiting: ['funder-etat-93', 'funder-caf-93'] } },
        100,
        asso,
      ),
    );
    expect(asked.termination).toEqual({
      mode: 'mutual',
      reason: 'Fin',
      requestedBy: 'association',
      requestedAt: day(100),
      awaiting: ['funder-etat-93', 'funder-caf-93'],
    });
    const allAgreed = fold(
      [
        stamped(
          {
            type: 'TerminationRequested',
            payload: { mode: 'mutual', reason: 'Autre', side: 'funding', funderId: 'funder-etat-93', awaiting: ['funder-caf-93'] },
          },
          101,
          etat,
        ),
        stamped(
          {
            type: 'TerminationRequested',
            payload: { mode: 'mutual', reason: 'Autre', side: 'funding', funderId: 'funder-caf-93', effectiveAt: day(102), awaiting: [] },
          },
          102,
          etat,
        ),
      ],
      asked,
    );
    // The first request's reason, side and moment stand.
    expect(allAgreed.termination).toEqual({
      mode: 'mutual',
      reason: 'Fin',
      requestedBy: 'association',
      requestedAt: day(100),
      effectiveAt: day(102),
      awaiting: [],
    });

    const oldAsked = evolveAgreement(
      active,
      stamped({ type: 'TerminationRequested', payload: { mode: 'mutual', reason: 'Fin', side: 'association' } }, 100, asso),
    );
    const oldAgreed = evolveAgreement(
      oldAsked,
      stamped({ type: 'TerminationRequested', payload: { mode: 'mutual', reason: 'Oui', side: 'funding', effectiveAt: day(101) } }, 101, etat),
    );
    expect(oldAgreed.termination).toEqual({ mode: 'mutual', reason: 'Oui', requestedBy: 'association', requestedAt: day(101), effectiveAt: day(101) });

    const paidYear = withTranche(notice, 1, 'paid');
    const terminated = evolveAgreement(paidYear, stamped({ type: 'AgreementTerminated', payload: { mode: 'notice', reason: 'Fin' } }, 190));
    expect(terminated).toMatchObject({ status: 'terminated', endedAt: day(190) });
    expect(terminated.schedule.map((y) => [y.tranche, y.coordination.status])).toEqual([
      ['paid', 'cancelled'],
      ['cancelled', 'cancelled'],
      ['cancelled', 'cancelled'],
    ]);
  });

  it('readers see its credits, its totals, and the report of each ended year due', () => {
    const paid = evolveAgreement(
      active,
      stamped({ type: 'OperatingTrancheOrdered', payload: { year: 1, amountCents: euros(40_000), orders: [], released: false } }, 0),
    );
    const credits = { pendingCredits: [], rejectedCredits: [{ meetingId: 'cm-2', date: day(3), reason: 'flat' }] };
    const during = agreementSnapshot(paid, credits, Date.parse(day(100)));
    expect(during).toMatchObject({
      rejectedCredits: credits.rejectedCredits,
      totals: { operatingPaidCents: euros(40_000), coordinationPaidCents: 0, tokens: 0 },
    });
    expect('lastSeq' in during).toBe(false);
    expect(during.schedule[0].report.status).toBe('not_due');
    const after = agreementSnapshot(paid, credits, Date.parse(paid.schedule[0].endsAt));
    expect(after.schedule.map((y) => y.report.status)).toEqual(['due', 'not_due', 'not_due']);
  });

  function withYearReport(state: RecordedAgreement, year: number, status: AgreementYear['report']['status']): RecordedAgreement {
    return { ...state, schedule: state.schedule.map((y) => (y.year === year ? { ...y, report: { ...y.report, status, dueAt: day(600) } } : y)) };
  }
  function withTranche(state: RecordedAgreement, year: number, tranche: AgreementYear['tranche']): RecordedAgreement {
    return { ...state, schedule: state.schedule.map((y) => (y.year === year ? { ...y, tranche } : y)) };
  }
});
