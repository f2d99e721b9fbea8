import {
  Actor,
  ContributionEventBody,
  ContributionState,
  ContributionTerms,
  DAY_MS,
  DEFAULT_CONTRIBUTION_POLICY,
  contributionAudiences,
  contributionClock,
  contributionTermsProblems,
  contributionView,
  evolveContribution,
  renderContributionNotice,
  reviseProblem,
  sideOf,
  signProblem,
  withdrawContributionProblem,
} from '@grants/domain';

const T0 = Date.parse('2027-01-04T09:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();
const LEAD: Actor = { kind: 'user', id: 'pl-plaine-commune', role: 'project_lead' };
const CAF: Actor = { kind: 'user', id: 'user-funder-caf-93', role: 'funder' };
const TERMS: ContributionTerms = {
  territoryId: 'plaine-commune',
  signatoryId: 'funder-caf-93',
  orientation: 'cohesion_sociale',
  year: 2027,
  nature: 'funding',
  amountCents: 5_000_000,
  description: 'Médiation familiale',
  coCarriers: ['funder-etat-93'],
};

const apply = (state: ContributionState | null, body: ContributionEventBody, ms: number, actor: Actor) =>
  evolveContribution(state, { ...body, grantId: 'ctb-1', actor, occurredAt: at(ms) });
const proposed = () =>
  apply(
    null,
    { type: 'ContributionProposed', payload: { terms: TERMS, side: 'team', signBy: at(T0 + 30 * DAY_MS), policy: DEFAULT_CONTRIBUTION_POLICY } },
    T0,
    LEAD,
  );

describe('a contribution', () => {
  it('states what it commits: an amount for funding, a count for staff, nothing for premises; co-carriers other than the signatory', () => {
    expect(contributionTermsProblems(TERMS)).toEqual([]);
    expect(contributionTermsProblems({ ...TERMS, amountCents: 0 })).toEqual(['amountCents: funding commits an amount in whole cents above zero']);
    expect(contributionTermsProblems({ ...TERMS, nature: 'staff', amountCents: undefined, staffCount: 2 })).toEqual([]);
    expect(contributionTermsProblems({ ...TERMS, nature: 'premises' })).toEqual(['amountCents: only funding has an amount (this is premises)']);
    expect(contributionTermsProblems({ ...TERMS, coCarriers: ['funder-caf-93', 'x', 'x'] })).toHaveLength(2);
    expect(contributionTermsProblems({ ...TERMS, orientation: 'bonheur' as never, year: 1999, description: ' ' })).toHaveLength(3);
  });

  it('belongs to two sides: the territory’s project lead (or an admin) and the signatory itself', () => {
    expect(sideOf({ sub: 'x', role: 'project_lead', territory: 'plaine-commune' }, TERMS)).toBe('team');
    expect(sideOf({ sub: 'x', role: 'admin' }, TERMS)).toBe('team');
    expect(sideOf({ sub: 'x', role: 'funder', org: 'funder-caf-93' }, TERMS)).toBe('signatory');
    expect(sideOf({ sub: 'x', role: 'funder', org: 'funder-etat-93' }, TERMS)).toBeNull();
    expect(sideOf({ sub: 'x', role: 'project_lead', territory: 'est-ensemble' }, TERMS)).toBeNull();
    expect(sideOf({ sub: 'x', role: 'prefect_delegate', territory: 'plaine-commune' }, TERMS)).toBeNull();
  });

  it('concludes on two signatures of one version; a revision clears the other side’s and sets a new deadline', () => {
    let s = proposed();
    expect(s).toMatchObject({ status: 'negotiating', version: 1, awaiting: 'signatory', signatures: { team: { version: 1, by: 'pl-plaine-commune' } } });
    expect(signProblem(s, 'team')?.code).toBe('conflict');
    expect(signProblem(s, 'signatory')).toBeNull();
    expect(reviseProblem(s, 'team', TERMS)?.code).toBe('conflict');
    expect(reviseProblem(s, 'signatory', { ...TERMS, signatoryId: 'funder-etat-93' })?.code).toBe('validation');
    expect(reviseProblem(s, 'signatory', { ...TERMS, amountCents: -1 })?.code).toBe('validation');
    s = apply(
      s,
      { type: 'ContributionRevised', payload: { terms: { ...TERMS, amountCents: 4_000_000 }, side: 'signatory', version: 2, signBy: at(T0 + 40 * DAY_MS) } },
      T0 + 10 * DAY_MS,
      CAF,
    );
    expect(s).toMatchObject({ version: 2, awaiting: 'team', signBy: at(T0 + 40 * DAY_MS), signatures: { signatory: { version: 2 } } });
    expect(s.signatures.team).toBeUndefined();
    expect(reviseProblem(s, 'team', TERMS)).toBeNull(); // the awaited side may counter-propose
    s = apply(s, { type: 'ContributionSigned', payload: { side: 'team', version: 2 } }, T0 + 11 * DAY_MS, LEAD);
    s = apply(s, { type: 'ContributionAgreed', payload: { version: 2 } }, T0 + 11 * DAY_MS, LEAD);
    expect(s).toMatchObject({ status: 'agreed', agreedAt: at(T0 + 11 * DAY_MS) });
    expect(s.awaiting).toBeUndefined();
    expect(signProblem(s, 'signatory')?.message).toMatch(/agreed/);
    expect(withdrawContributionProblem(s, 'x')?.code).toBe('conflict');
    expect(contributionClock(s, T0 + 100 * DAY_MS)).toEqual({ due: null });
    expect(contributionView(s)).toMatchObject({ status: 'agreed', amountCents: 4_000_000, staffCount: null, awaiting: null, signBy: null, version: 2 });
  });

  it('reminds the awaited side 7 days before its deadline, then expires', () => {
    let s = proposed();
    expect(contributionClock(s, T0)).toEqual({ due: null, nextAt: T0 + 23 * DAY_MS });
    const reminder = contributionClock(s, T0 + 23 * DAY_MS).due!;
    expect(reminder).toEqual({ type: 'ContributionReminderSent', payload: { awaiting: 'signatory', signBy: at(T0 + 30 * DAY_MS) } });
    s = apply(s, reminder, T0 + 23 * DAY_MS, { kind: 'system', id: 'engine' });
    expect(contributionClock(s, T0 + 23 * DAY_MS)).toEqual({ due: null, nextAt: T0 + 30 * DAY_MS });
    s = apply(s, contributionClock(s, T0 + 30 * DAY_MS).due!, T0 + 30 * DAY_MS, { kind: 'system', id: 'engine' });
    expect(s.status).toBe('expired');
    expect(contributionAudiences(s, reminder)).toEqual([{ kind: 'org', org: 'funder-caf-93' }]);
  });

  it('is withdrawn with a reason, the other side told; texts in French and English', () => {
    const s = apply(proposed(), { type: 'ContributionWithdrawn', payload: { side: 'team', reason: 'Doublon' } }, T0 + 1, LEAD);
    expect(withdrawContributionProblem(proposed(), ' ')?.code).toBe('validation');
    expect(s).toMatchObject({ status: 'withdrawn', withdrawal: { side: 'team', reason: 'Doublon', by: 'pl-plaine-commune' } });
    expect(contributionAudiences(s, { type: 'ContributionWithdrawn', payload: { side: 'team', reason: 'Doublon' } })).toEqual([
      { kind: 'org', org: 'funder-caf-93' },
    ]);
    const agreed: ContributionEventBody = { type: 'ContributionAgreed', payload: { version: 1 } };
    expect(renderContributionNotice(agreed, proposed(), 'fr').text.replace(/[\u00a0\u202f]/g, ' ')).toContain(
      "un financement de 50 000,00 € pour l'orientation « cohésion sociale » en 2027",
    );
    expect(renderContributionNotice(agreed, proposed(), 'en').text).toContain('funding of €50,000 for social cohesion in 2027');
    expect(contributionAudiences(proposed(), agreed)).toEqual([
      { kind: 'territory_role', role: 'project_lead', territory: 'plaine-commune' },
      { kind: 'org', org: 'funder-caf-93' },
      { kind: 'territory_role', role: 'prefect_delegate', territory: 'plaine-commune' },
    ]);
  });
});
