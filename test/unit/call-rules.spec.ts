import fc from 'fast-check';
import {
  CallEventBody,
  RecordedCall,
  StampedCallEvent,
  evolveCall,
  launchedCall,
  noticeApplication,
  shortlistLapsed,
  ApplicationEventBody,
  RecordedApplication,
  SYSTEM_ACTOR,
  StampedApplicationEvent,
  evolveApplication,
  openedApplication,
  CallState,
  CallTerms,
  DEFAULT_CALL_POLICY,
  MemberFacts,
  acceptCallLineProblem,
  awaitingFunders,
  Proposal,
  awardPayments,
  awardProblem,
  callAudiences,
  callTermsProblems,
  euros,
  expressInterestProblem,
  hasPaidPreselection,
  periodsOverlap,
  projectCall,
  proposalProblems,
  shortlistProblem,
  splitByWeights,
} from '@grants/domain';

const NOW = '2027-01-01T00:00:00.000Z';
const terms = (overrides: Partial<CallTerms> = {}): CallTerms => ({
  title: 'Appel',
  themes: ['lien social'],
  territories: ['plaine-commune'],
  targetPublic: 'Habitants',
  budgetCents: euros(60_000),
  fundingPlan: [
    { funderId: 'funder-etat-93', amountCents: euros(40_000) },
    { funderId: 'funder-caf-93', amountCents: euros(20_000) },
  ],
  meetupWindow: { startsAt: '2027-01-05T00:00:00Z', endsAt: '2027-01-20T00:00:00Z' },
  eoiDeadline: '2027-02-01T00:00:00Z',
  proposalDeadline: '2027-03-01T00:00:00Z',
  ...overrides,
});

const local = (id: string): MemberFacts => ({ associationId: id, name: id.toUpperCase(), proximity: 'local' });
const national = (id: string): MemberFacts => ({ associationId: id, name: id.toUpperCase(), proximity: 'national' });
const proposal = (members: [string, number, number][], amount = members.reduce((s, [, c]) => s + c, 0)): Proposal => ({
  requestedAmountCents: amount,
  members: members.map(([associationId, shareCents, hours]) => ({ associationId, shareCents, contribution: { role: 'animation', hours } })),
  targetPublicPlan: 'plan',
  actionStart: '2027-04-01',
  actionEnd: '2028-03-31',
});

function call(overrides: Partial<CallState> = {}): CallState {
  return {
    ...terms(),
    id: 'call-1',
    launchedBy: 'pl-1',
    launchedAt: NOW,
    policy: DEFAULT_CALL_POLICY,
    paidPreselection: true,
    phase: 'open',
    invited: ['a', 'b', 'c'],
    meetups: [],
    consortia: [],
    applications: [],
    ...overrides,
  };
}

describe('launching a call', () => {
  it('accepts ordered dates and a funding plan that adds up to the budget', () => {
    expect(callTermsProblems(terms(), NOW)).toEqual([]);
  });

  it('names every problem: meetups after the EOI deadline, EOI after proposals, a plan that does not add up', () => {
    const problems = callTermsProblems(
      terms({
        meetupWindow: { startsAt: '2027-01-05T00:00:00Z', endsAt: '2027-02-10T00:00:00Z' },
        eoiDeadline: '2027-03-05T00:00:00Z',
        budgetCents: euros(70_000),
      }),
      NOW,
    );
    expect(problems).toEqual([
      'eoiDeadline: must come before the proposal deadline',
      "fundingPlan: the funders' shares add up to 6000000 cents, not the budget of 7000000 cents",
    ]);
    expect(callTermsProblems(terms({ meetupWindow: { startsAt: '2027-01-05T00:00:00Z', endsAt: '2027-02-02T00:00:00Z' } }), NOW)).toEqual([
      'meetupWindow.endsAt: meetups must end before the expression-of-interest deadline',
    ]);
  });

  it('pays pre-selection at or above the threshold (50,000 € by default), not below', () => {
    expect(hasPaidPreselection(euros(50_000), DEFAULT_CALL_POLICY)).toBe(true);
    expect(hasPaidPreselection(euros(50_000) - 1, DEFAULT_CALL_POLICY)).toBe(false);
  });
});

describe('splitting to the cent', () => {
  it('never loses or invents a cent, and follows the weights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)),
        (amount, weights) => {
          const parts = splitByWeights(amount, weights);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
          const total = weights.reduce((s, w) => s + w, 0);
          parts.forEach((p, i) => expect(Math.abs(p - (amount * weights[i]) / total)).toBeLessThan(1));
        },
      ),
    );
  });

  it('splits an award by the proposed shares, 80 % at once and the rest on the final report', () => {
    const payments = awardPayments(
      euros(35_000),
      proposal([
        ['a', euros(24_000), 600],
        ['b', euros(16_000), 400],
      ]).members,
      DEFAULT_CALL_POLICY,
    );
    expect(payments).toEqual([
      { associationId: 'a', awardCents: euros(21_000), firstTrancheCents: euros(16_800), finalTrancheCents: euros(4_200) },
      { associationId: 'b', awardCents: euros(14_000), firstTrancheCents: euros(11_200), finalTrancheCents: euros(2_800) },
    ]);
  });
});

describe('the equity rules of a proposal', () => {
  const consortium = [local('a'), local('b'), national('n')];

  it('accepts shares that follow the declared contributions, with every local member above the floor', () => {
    expect(
      proposalProblems(
        proposal([
          ['a', euros(10_000), 250],
          ['b', euros(10_000), 250],
          ['n', euros(20_000), 500],
        ]),
        consortium,
        DEFAULT_CALL_POLICY,
        euros(60_000),
      ),
    ).toEqual([]);
  });

  it('names the member whose share exceeds its contribution', () => {
    const problems = proposalProblems(
      proposal([
        ['a', euros(8_000), 100],
        ['b', euros(8_000), 100],
        ['n', euros(24_000), 100],
      ]),
      consortium,
      DEFAULT_CALL_POLICY,
      euros(60_000),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^N \(n\): its share \(60 % of the amount\) exceeds 1.5× its share of the declared contributions \(33.3 %\)/),
    ]);
  });

  it('names a local member below the proximity floor, even when its contribution is small', () => {
    const problems = proposalProblems(
      proposal([
        ['a', euros(4_000), 40],
        ['b', euros(18_000), 180],
        ['n', euros(18_000), 180],
      ]),
      consortium,
      DEFAULT_CALL_POLICY,
      euros(60_000),
    );
    expect(problems).toEqual(['A (a): a proximity (local) member must receive at least 20 % of the amount; it gets 10 %']);
  });

  it('refuses shares that do not add up, a missing member, a stranger, and an amount above the budget', () => {
    const problems = proposalProblems(
      proposal(
        [
          ['a', euros(30_000), 100],
          ['z', euros(40_000), 100],
        ],
        euros(80_000),
      ),
      consortium,
      DEFAULT_CALL_POLICY,
      euros(60_000),
    );
    expect(problems).toEqual([
      "requestedAmountCents: 8000000 cents is above the call's budget of 6000000 cents",
      'z: is not a member of this consortium',
      'B (b): has no share in the split',
      'N (n): has no share in the split',
    ]);
    expect(
      proposalProblems(
        proposal(
          [
            ['a', euros(1), 1],
            ['b', euros(1), 1],
            ['n', euros(1), 1],
          ],
          euros(4),
        ),
        consortium,
        DEFAULT_CALL_POLICY,
        euros(60_000),
      ),
    ).toEqual(['shares: they add up to 300 cents, not the requested 400 cents']);
  });
});

describe('the phases of a call', () => {
  it('refuses expressions of interest after the deadline (409), and from associations it did not invite (403)', () => {
    const command = { actorId: 'u', associationId: 'a', soloConsortiumId: 'cons-x', soloConsortiumName: 'A', summary: 'intérêt' };
    expect(expressInterestProblem(call(), command, Date.parse('2027-01-31T00:00:00Z'))).toBeNull();
    expect(expressInterestProblem(call(), command, Date.parse('2027-02-01T00:00:00Z'))?.code).toBe('conflict');
    expect(expressInterestProblem(call(), { ...command, associationId: 'z' }, Date.parse(NOW))?.code).toBe('forbidden');
  });

  it('shortlists at most K applications, each decision with a reason, and only above the threshold', () => {
    const applications = ['app-1', 'app-2'].map((id) => ({ id, consortiumId: id, members: [id], status: 'expressed' as const }));
    const state = call({ phase: 'preselection', applications, policy: { ...DEFAULT_CALL_POLICY, shortlistMax: 1 } });
    const both = {
      actorId: 'u',
      actorRole: 'project_lead' as const,
      decisions: applications.map((a) => ({ applicationId: a.id, shortlisted: true, reason: 'ok' })),
    };
    expect(shortlistProblem(state, both)?.message).toMatch(/at most 1/);
    expect(
      shortlistProblem(state, {
        ...both,
        decisions: [
          { ...both.decisions[0], reason: ' ' },
          { ...both.decisions[1], shortlisted: false },
        ],
      })?.code,
    ).toBe('validation');
    expect(shortlistProblem(state, { ...both, decisions: [both.decisions[0], { ...both.decisions[1], shortlisted: false }] })).toBeNull();
    expect(shortlistProblem({ ...state, paidPreselection: false }, both)?.message).toMatch(/below the paid pre-selection threshold/);
  });

  it('never awards more than the budget, nor more than asked, nor before the proposal deadline', () => {
    const applications = [
      { id: 'app-1', consortiumId: 'c1', members: ['a'], status: 'proposal_submitted' as const, requestedAmountCents: euros(40_000) },
      { id: 'app-2', consortiumId: 'c2', members: ['b'], status: 'proposal_submitted' as const, requestedAmountCents: euros(30_000) },
    ];
    const state = call({ phase: 'deciding', applications });
    const award = (a: number, b: number) => ({
      actorId: 'u',
      actorRole: 'funder' as const,
      reason: 'décision',
      awards: [
        { applicationId: 'app-1', amountCents: a },
        { applicationId: 'app-2', amountCents: b },
      ],
    });
    expect(awardProblem(state, award(euros(35_000), euros(25_000)))).toBeNull();
    expect(awardProblem(state, award(euros(35_000), euros(25_000) + 1))?.message).toMatch(/above the call's budget/);
    expect(awardProblem(state, award(euros(40_001), euros(1)))?.code).toBe('conflict');
    expect(awardProblem({ ...state, phase: 'proposals' }, award(euros(1), euros(1)))?.code).toBe('conflict');
  });

  it("orders none of the call's money before every funder of the plan has accepted its line", () => {
    const applications = [{ id: 'app-1', consortiumId: 'c1', members: ['a'], status: 'proposal_submitted' as const, requestedAmountCents: euros(40_000) }];
    const awaiting = call({ phase: 'deciding', applications, fundersAccepted: ['funder-caf-93'] });
    expect(awaitingFunders(awaiting)).toEqual(['funder-etat-93']);
    const award = { actorId: 'u', actorRole: 'project_lead' as const, reason: 'décision', awards: [{ applicationId: 'app-1', amountCents: euros(30_000) }] };
    expect(awardProblem(awaiting, award)?.message).toMatch(/still awaits funder-etat-93 accepting its line/);
    expect(awardProblem(awaiting, { ...award, awards: [] })).toBeNull(); // awarding nothing orders nothing
    expect(awardProblem({ ...awaiting, fundersAccepted: ['funder-caf-93', 'funder-etat-93'] }, award)).toBeNull();
    expect(awardProblem({ ...awaiting, fundersAccepted: undefined }, award)).toBeNull(); // a call launched before the rule
    expect(acceptCallLineProblem(awaiting, { actorId: 'u', funderId: 'funder-caf-93' })?.code).toBe('conflict');
    expect(acceptCallLineProblem(awaiting, { actorId: 'u', funderId: 'funder-rectorat-creteil' })?.code).toBe('forbidden');
    expect(acceptCallLineProblem(awaiting, { actorId: 'u', funderId: 'funder-etat-93' })).toBeNull();
    const shortlisting = call({ phase: 'preselection', applications: [{ ...applications[0], status: 'expressed' as const }], fundersAccepted: [] });
    const shortlist = { actorId: 'u', actorRole: 'project_lead' as const, decisions: [{ applicationId: 'app-1', shortlisted: true, reason: 'ok' }] };
    expect(shortlistProblem(shortlisting, shortlist)?.message).toMatch(/a shortlist with stipends orders money/);
    expect(shortlistProblem(shortlisting, { ...shortlist, decisions: [{ ...shortlist.decisions[0], shortlisted: false }] })).toBeNull();
  });
});

describe('who hears of a call', () => {
  const parties = { territories: ['plaine-commune'], funderIds: ['funder-caf-93'], invited: ['a', 'b'], members: ['a'] };

  it('invites exactly the matched associations, and tells the deciders of a double funding', () => {
    expect(callAudiences({ type: 'AssociationsInvited', payload: { associationIds: ['a', 'b'] } }, parties)).toEqual([
      { kind: 'org', org: 'a' },
      { kind: 'org', org: 'b' },
    ]);
    expect(callAudiences({ type: 'DoubleFundingFlagged', payload: { flags: [] } }, parties)).toEqual([
      { kind: 'territory_role', role: 'project_lead', territory: 'plaine-commune' },
      { kind: 'org', org: 'funder-caf-93' },
    ]);
    expect(callAudiences({ type: 'ApplicationNotShortlisted', payload: { reason: 'r' } }, parties)).toEqual([{ kind: 'org', org: 'a' }]);
  });
});

describe('periods and the calls read model', () => {
  it('sees overlapping periods, ends included', () => {
    expect(periodsOverlap({ start: '2027-01-01', end: '2027-12-31' }, { start: '2027-12-31', end: '2028-06-30' })).toBe(true);
    expect(periodsOverlap({ start: '2027-01-01', end: '2027-06-30' }, { start: '2027-07-01', end: '2027-12-31' })).toBe(false);
  });

  it('projects a call from its events', () => {
    const base = { grantId: 'call-1', kind: 'call' as const, actor: { kind: 'system' as const, id: 'engine' as const }, occurredAt: NOW };
    let view = projectCall(null, { ...base, seq: 1, type: 'CallLaunched', payload: { ...terms(), paidPreselection: true, policy: DEFAULT_CALL_POLICY } });
    view = projectCall(view, {
      ...base,
      seq: 2,
      type: 'ExpressionOfInterestReceived',
      payload: { applicationId: 'app-1', consortiumId: 'c', members: ['a'], summary: 's' },
    });
    view = projectCall(view, { ...base, seq: 3, type: 'ExpressionsClosed', payload: { applications: 1, next: 'preselection' } });
    view = projectCall(view, {
      ...base,
      seq: 4,
      type: 'AwardsDecided',
      payload: { awards: [{ applicationId: 'app-1', amountCents: 100 }], totalCents: 100, reason: 'r' },
    });
    expect(view).toMatchObject({ phase: 'awarded', applications: 1, awardedCents: 100, funderIds: ['funder-etat-93', 'funder-caf-93'], lastSeq: 4 });
  });
});

describe("a consortium application's state, event by event (evolveApplication)", () => {
  const day = (n: number) => new Date(Date.parse(NOW) + n * 86_400_000).toISOString();
  const lead = { kind: 'user' as const, id: 'user-a', role: 'association' as const };
  const stamped = (body: ApplicationEventBody, n: number, actor: StampedApplicationEvent['actor'] = SYSTEM_ACTOR): StampedApplicationEvent =>
    ({ ...body, grantId: 'app-1', actor, occurredAt: day(n) }) as StampedApplicationEvent;
  const opened = (paidPreselection: boolean) =>
    openedApplication({
      applicationId: 'app-1',
      callId: 'call-1',
      consortiumId: 'cons-1',
      consortiumName: 'Ensemble',
      leadAssociationId: 'a',
      members: [
        { ...local('a'), siret: '1' },
        { ...national('b'), siret: '2' },
      ],
      call: {
        title: 'Appel',
        territories: ['plaine-commune'],
        funderIds: ['funder-etat-93'],
        budgetCents: euros(60_000),
        targetPublic: 'Habitants',
        eoiDeadline: day(30),
        proposalDeadline: day(60),
      },
      paidPreselection,
      policy: DEFAULT_CALL_POLICY,
      summary: 'Un projet',
      expressedAt: day(0),
    });
  const fold = (events: StampedApplicationEvent[], from: RecordedApplication) => events.reduce(evolveApplication, from);
  const text = proposal([
    ['a', euros(6_000), 100],
    ['b', euros(4_000), 80],
  ]);
  const submitted = (n: number) =>
    stamped(
      {
        type: 'ProposalSubmitted',
        payload: { requestedAmountCents: text.requestedAmountCents, members: [], actionStart: text.actionStart, actionEnd: text.actionEnd, proposal: text },
      },
      n,
      lead,
    );

  it('opens awaiting the shortlist above the threshold, open to proposals below it; the opening counts as its first event', () => {
    expect(opened(true)).toMatchObject({ status: 'expressed', doubleFundingFlags: [], lastSeq: 0 });
    expect(opened(false).status).toBe('proposal_open');
    const open = stamped({ type: 'ApplicationOpened', payload: {} as never }, 0, lead);
    expect(evolveApplication(opened(false), open)).toEqual({ ...opened(false), lastSeq: 1 });
  });

  it('shortlisted with its stipend, or not shortlisted, with the reason', () => {
    const split = [
      { associationId: 'a', amountCents: 60_000 },
      { associationId: 'b', amountCents: 40_000 },
    ];
    const shortlisted = fold(
      [
        stamped({ type: 'ApplicationShortlisted', payload: { reason: 'Solide' } }, 35),
        stamped({ type: 'StipendOrdered', payload: { paymentOrderId: 'po-1', amountCents: 100_000, split } }, 35),
      ],
      opened(true),
    );
    expect(shortlisted).toMatchObject({
      status: 'shortlisted',
      shortlistReason: 'Solide',
      stipend: { amountCents: 100_000, split, paymentOrderId: 'po-1' },
      lastSeq: 2,
    });
    expect(evolveApplication(opened(true), stamped({ type: 'ApplicationNotShortlisted', payload: { reason: 'Hors sujet' } }, 35))).toMatchObject({
      status: 'not_shortlisted',
      shortlistReason: 'Hors sujet',
    });
  });

  it('a proposal, its versions counted; double funding flagged on the newest only until it is replaced; or none by the deadline', () => {
    const flags = [{ associationId: 'b', grantId: 'app-9', title: 'Autre', start: '2027-01-01', end: '2027-12-31' }] as never;
    const first = fold([submitted(40), stamped({ type: 'DoubleFundingFlagged', payload: { flags } }, 40)], opened(false));
    expect(first).toMatchObject({ status: 'proposal_submitted', proposalVersions: 1, doubleFundingFlags: flags });
    expect(first.proposal).toEqual({ ...text, submittedAt: day(40), submittedBy: 'user-a' });
    const second = evolveApplication(first, submitted(45));
    expect(second).toMatchObject({ proposalVersions: 2, doubleFundingFlags: [] });
    expect(second.proposal?.submittedAt).toBe(day(45));
    expect(evolveApplication(opened(false), stamped({ type: 'ProposalMissing', payload: { proposalDeadline: day(60) } }, 60)).status).toBe('no_proposal');
    // A proposal recorded before the recorder does not hold its text: it cannot make a state.
    const { proposal: _text, ...older } = submitted(40).payload as { proposal?: unknown };
    expect(() => evolveApplication(opened(false), { ...submitted(40), payload: older } as StampedApplicationEvent)).toThrow(/without its text/);
  });

  it('awarded: its tranches, a reminder, overdue, the report, then the balance closes it on the day of the report; or not awarded', () => {
    const payments = awardPayments(euros(10_000), text.members, DEFAULT_CALL_POLICY);
    const awarded = fold(
      [
        submitted(40),
        stamped(
          {
            type: 'ApplicationAwarded',
            payload: {
              amountCents: euros(10_000),
              reason: 'Retenu',
              payments,
              actionStart: text.actionStart,
              actionEnd: text.actionEnd,
              reportDueAt: day(400),
            },
          },
          70,
        ),
      ],
      opened(false),
    );
    expect(awarded).toMatchObject({
      status: 'awarded',
      decisionReason: 'Retenu',
      reportDueAt: day(400),
      award: { amountCents: euros(10_000), reason: 'Retenu', awardedAt: day(70), payments },
    });
    const firstTranche = evolveApplication(awarded, stamped({ type: 'ConsortiumTrancheOrdered', payload: { tranche: 'award', orders: [] } }, 70));
    expect(firstTranche.status).toBe('awarded');
    const late = fold(
      [
        stamped({ type: 'FinalReportReminderSent', payload: { reportDueAt: day(400) } }, 370),
        stamped({ type: 'FinalReportOverdue', payload: { reportDueAt: day(400) } }, 400),
      ],
      firstTranche,
    );
    expect(late.status).toBe('report_overdue');
    const reported = evolveApplication(late, stamped({ type: 'FinalReportSubmitted', payload: { summary: 'Bilan' } }, 410, lead));
    expect(reported).toMatchObject({ status: 'report_overdue', finalReport: { summary: 'Bilan', submittedAt: day(410), submittedBy: 'user-a' } });
    const closed = evolveApplication(reported, stamped({ type: 'ConsortiumTrancheOrdered', payload: { tranche: 'final', orders: [] } }, 411));
    expect(closed).toMatchObject({ status: 'closed', closedAt: day(410), lastSeq: 7 });
    expect(evolveApplication(awarded, stamped({ type: 'ApplicationNotAwarded', payload: { reason: 'Budget' } }, 70))).toMatchObject({
      status: 'not_awarded',
      decisionReason: 'Budget',
    });
  });
});

describe("a call's state, event by event (evolveCall), and what its applications tell it", () => {
  const day = (n: number) => new Date(Date.parse(NOW) + n * 86_400_000).toISOString();
  const pl = { kind: 'user' as const, id: 'pl-1', role: 'project_lead' as const };
  const asso = (id: string) => ({ kind: 'user' as const, id: `user-${id}`, role: 'association' as const });
  const stamped = (body: CallEventBody, n: number, actor: StampedCallEvent['actor'] = SYSTEM_ACTOR): StampedCallEvent =>
    ({ ...body, grantId: 'call-1', actor, occurredAt: day(n) }) as StampedCallEvent;
  const launched = launchedCall({ callId: 'call-1', launchedBy: { id: 'pl-1' }, launchedAt: NOW, terms: terms(), policy: DEFAULT_CALL_POLICY });
  const fold = (events: StampedCallEvent[], from: RecordedCall = launched) => events.reduce(evolveCall, from);
  const formed = fold([
    stamped({ type: 'CallLaunched', payload: { ...terms(), paidPreselection: true, policy: DEFAULT_CALL_POLICY } }, 0, pl),
    stamped({ type: 'AssociationsInvited', payload: { associationIds: ['a', 'b', 'c'] } }, 0),
    stamped({ type: 'ConsortiumFormed', payload: { consortiumId: 'cons-1', name: 'Ensemble', leadAssociationId: 'a' } }, 6, asso('a')),
    stamped({ type: 'ConsortiumMemberInvited', payload: { consortiumId: 'cons-1', associationId: 'b' } }, 6, asso('a')),
    stamped({ type: 'ConsortiumMemberInvited', payload: { consortiumId: 'cons-1', associationId: 'c' } }, 6, asso('a')),
  ]);

  it('launches open, with its preselection and the funders still to accept their lines; invites; each funder accepts its own', () => {
    expect(launched).toMatchObject({ phase: 'open', paidPreselection: true, invited: [], lastSeq: 0 });
    expect(launched.fundersAccepted).toBeUndefined();
    const byFunder = launchedCall({
      callId: 'call-1',
      launchedBy: { id: 'f' },
      launchedAt: NOW,
      terms: terms(),
      policy: DEFAULT_CALL_POLICY,
      fundersAccepted: ['funder-etat-93'],
    });
    expect(byFunder).toMatchObject({ fundersAccepted: ['funder-etat-93'], awaitingFunders: ['funder-caf-93'] });
    const accepted = evolveCall(byFunder, stamped({ type: 'CallFundingLineAccepted', payload: { funderId: 'funder-caf-93', awaitingFunders: [] } }, 1));
    expect(accepted).toMatchObject({ fundersAccepted: ['funder-etat-93', 'funder-caf-93'], awaitingFunders: [], lastSeq: 1 });
    expect(formed.invited).toEqual(['a', 'b', 'c']);
  });

  it('meetups: scheduled, each answer kept with how many times it changed, the attendance', () => {
    const met = fold(
      [
        stamped({ type: 'MeetupScheduled', payload: { meetupId: 'm-1', at: '2027-01-10T10:00:00+01:00', place: 'Mairie' } }, 1, pl),
        stamped({ type: 'MeetupRsvpRecorded', payload: { meetupId: 'm-1', associationId: 'a', attending: true } }, 2, asso('a')),
        stamped({ type: 'MeetupRsvpRecorded', payload: { meetupId: 'm-1', associationId: 'b', attending: true } }, 2, asso('b')),
        stamped({ type: 'MeetupRsvpRecorded', payload: { meetupId: 'm-1', associationId: 'a', attending: false } }, 3, asso('a')),
        stamped({ type: 'MeetupAttendanceRecorded', payload: { meetupId: 'm-1', attendeeIds: ['b'] } }, 9, pl),
      ],
      formed,
    );
    expect(met.meetups).toEqual([
      {
        id: 'm-1',
        at: '2027-01-10T09:00:00.000Z',
        place: 'Mairie',
        rsvps: [
          { associationId: 'b', attending: true, at: day(2), changes: 1 },
          { associationId: 'a', attending: false, at: day(3), changes: 2 },
        ],
        attendees: ['b'],
      },
    ]);
  });

  it('a consortium: formed by its lead, invitations answered (a member joins, a refusal does not), taken by its expression of interest', () => {
    const answered = fold(
      [
        stamped({ type: 'ConsortiumInvitationAnswered', payload: { consortiumId: 'cons-1', associationId: 'b', accepted: true } }, 7, asso('b')),
        stamped({ type: 'ConsortiumMemberInvited', payload: { consortiumId: 'cons-1', associationId: 'd' } }, 7, asso('a')),
      ],
      formed,
    );
    expect(answered.consortia[0]).toMatchObject({
      members: ['a', 'b'],
      invitations: [
        { associationId: 'b', status: 'accepted' },
        { associationId: 'c', status: 'pending' },
        { associationId: 'd', status: 'pending' },
      ],
    });
    const declined = evolveCall(
      answered,
      stamped({ type: 'ConsortiumInvitationAnswered', payload: { consortiumId: 'cons-1', associationId: 'c', accepted: false } }, 8, asso('c')),
    );
    expect(declined.consortia[0].members).toEqual(['a', 'b']);
    expect(declined.consortia[0].invitations[1]).toEqual({ associationId: 'c', status: 'declined' });

    const expressed = evolveCall(
      declined,
      stamped(
        { type: 'ExpressionOfInterestReceived', payload: { applicationId: 'app-cons-1', consortiumId: 'cons-1', members: ['a', 'b'], summary: 'Projet' } },
        20,
        asso('a'),
      ),
    );
    // Pending invitations lapse once the consortium has applied.
    expect(expressed.consortia[0]).toMatchObject({
      applicationId: 'app-cons-1',
      invitations: [
        { associationId: 'b', status: 'accepted' },
        { associationId: 'c', status: 'declined' },
      ],
    });
    expect(expressed.applications).toEqual([{ id: 'app-cons-1', consortiumId: 'cons-1', members: ['a', 'b'], status: 'expressed' }]);
  });

  it('an association expressing interest alone forms its consortium of one; below the threshold its application is open to proposals', () => {
    const below = { ...formed, paidPreselection: false };
    const solo = evolveCall(
      below,
      stamped(
        {
          type: 'ExpressionOfInterestReceived',
          payload: { applicationId: 'app-solo', consortiumId: 'solo-c', members: ['c'], summary: 'Seule', consortiumName: 'C', leadAssociationId: 'c' },
        },
        20,
        asso('c'),
      ),
    );
    expect(solo.consortia[1]).toEqual({ id: 'solo-c', name: 'C', leadAssociationId: 'c', members: ['c'], invitations: [], applicationId: 'app-solo' });
    expect(solo.applications[0].status).toBe('proposal_open');
  });

  it('phases: expressions closed, the shortlist, proposals noticed from the applications, proposals closed, the awards', () => {
    const expressedBoth = fold(
      [
        stamped(
          { type: 'ExpressionOfInterestReceived', payload: { applicationId: 'app-1', consortiumId: 'cons-1', members: ['a'], summary: 'Un' } },
          20,
          asso('a'),
        ),
        stamped(
          {
            type: 'ExpressionOfInterestReceived',
            payload: { applicationId: 'app-2', consortiumId: 'solo-b', members: ['b'], summary: 'Deux', consortiumName: 'B', leadAssociationId: 'b' },
          },
          21,
          asso('b'),
        ),
        stamped(
          {
            type: 'ExpressionOfInterestReceived',
            payload: { applicationId: 'app-3', consortiumId: 'solo-c', members: ['c'], summary: 'Trois', consortiumName: 'C', leadAssociationId: 'c' },
          },
          22,
          asso('c'),
        ),
        stamped({ type: 'ExpressionsClosed', payload: { applications: 3, next: 'preselection' } }, 31),
      ],
      formed,
    );
    expect(expressedBoth.phase).toBe('preselection');
    const decisions = [
      { applicationId: 'app-1', shortlisted: true, reason: 'Oui' },
      { applicationId: 'app-2', shortlisted: true, reason: 'Oui' },
      { applicationId: 'app-3', shortlisted: false, reason: 'Non' },
    ];
    const shortlisted = evolveCall(expressedBoth, stamped({ type: 'ShortlistDecided', payload: { decisions } }, 35, pl));
    expect(shortlisted).toMatchObject({ phase: 'proposals', shortlist: decisions });
    expect(shortlisted.applications.map((a) => a.status)).toEqual(['shortlisted', 'shortlisted', 'not_shortlisted']);

    const flags = [{ associationId: 'a' }] as never;
    let noticed = noticeApplication(shortlisted, { applicationId: 'app-1', requestedAmountCents: euros(20_000), doubleFundingFlags: flags, settled: false });
    noticed = noticeApplication(noticed, { applicationId: 'app-2', requestedAmountCents: null, doubleFundingFlags: [], settled: true });
    noticed = noticeApplication(noticed, { applicationId: 'app-3', requestedAmountCents: null, doubleFundingFlags: [], settled: true });
    // A notice from an application the call does not know changes nothing.
    expect(noticeApplication(noticed, { applicationId: 'app-9', requestedAmountCents: 1, doubleFundingFlags: [], settled: true })).toBe(noticed);
    expect(noticed.applications.map((a) => [a.status, a.requestedAmountCents])).toEqual([
      ['proposal_submitted', euros(20_000)],
      ['no_proposal', undefined],
      ['not_shortlisted', undefined],
    ]);
    expect(noticed.applications[0].doubleFundingFlags).toEqual(flags);
    expect(noticed.lastSeq).toBe(shortlisted.lastSeq);

    const closed = evolveCall(noticed, stamped({ type: 'ProposalsClosed', payload: { proposals: 1 } }, 60));
    expect(closed.phase).toBe('deciding');
    const awarded = evolveCall(
      closed,
      stamped(
        { type: 'AwardsDecided', payload: { awards: [{ applicationId: 'app-1', amountCents: euros(18_000) }], totalCents: euros(18_000), reason: 'Budget' } },
        70,
        pl,
      ),
    );
    expect(awarded).toMatchObject({ phase: 'awarded', decisionReason: 'Budget', awards: [{ applicationId: 'app-1', amountCents: euros(18_000) }] });
    expect(awarded.applications.map((a) => [a.status, a.awardCents])).toEqual([
      ['awarded', euros(18_000)],
      ['no_proposal', undefined],
      ['not_shortlisted', undefined],
    ]);
    const none = evolveCall(closed, stamped({ type: 'AwardsDecided', payload: { awards: [], totalCents: 0, reason: 'Aucun' } }, 70, pl));
    expect(none.phase).toBe('closed_without_award');
    expect(none.applications[0]).toMatchObject({ status: 'not_awarded', awardCents: undefined });

    // Without a shortlist by the proposal deadline, nobody is shortlisted.
    expect(shortlistLapsed(expressedBoth).applications.map((a) => a.status)).toEqual(['not_shortlisted', 'not_shortlisted', 'not_shortlisted']);
    expect(evolveCall(expressedBoth, stamped({ type: 'ProposalsClosed', payload: { proposals: 0 } }, 60)).phase).toBe('deciding');
  });
});
