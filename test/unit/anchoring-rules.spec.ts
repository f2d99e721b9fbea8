import {
  AgreementState,
  AgreementTerms,
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
