import {
  Actor,
  ContributionView,
  DAY_MS,
  DEFAULT_REFERRAL_POLICY,
  Need,
  ReferralEventBody,
  ReferralState,
  evolveReferral,
  referralAnswerProblem,
  referralAudiences,
  referralClock,
  referralReadProblem,
  referralView,
  routeProblem,
  suggestSignatories,
  withdrawReferralProblem,
} from '@grants/domain';

const T0 = Date.parse('2027-02-01T09:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();
const ASSOC: Actor = { kind: 'user', id: 'user-assoc-a', role: 'association' };
const LEAD: Actor = { kind: 'user', id: 'pl-t', role: 'project_lead' };
const SYSTEM: Actor = { kind: 'system', id: 'engine' };
const NEED: Need = { territoryId: 't', associationId: 'assoc-a', orientation: 'jeunesse', supportKind: 'staff', description: 'Un éducateur le samedi' };
const apply = (s: ReferralState | null, body: ReferralEventBody, ms: number, actor: Actor) =>
  evolveReferral(s, { ...body, grantId: 'ref-1', actor, occurredAt: at(ms) });
const submitted = () => apply(null, { type: 'ReferralSubmitted', payload: { need: NEED, policy: DEFAULT_REFERRAL_POLICY } }, T0, ASSOC);
const routed = (s = submitted(), signatoryId = 'funder-caf', ms = T0 + 1) =>
  apply(
    s,
    {
      type: 'ReferralRouted',
      payload: { signatoryId, contactName: 'Mme Diallo', answerBy: at(ms + 21 * DAY_MS), suggested: true, routing: s.routings.length + 1 },
    },
    ms,
    LEAD,
  );

const contribution = (c: Partial<ContributionView>): ContributionView => ({
  id: 'ctb',
  territoryId: 't',
  signatoryId: 'funder-caf',
  orientation: 'jeunesse',
  year: 2027,
  nature: 'staff',
  amountCents: null,
  staffCount: 2,
  description: '',
  coCarriers: [],
  status: 'agreed',
  version: 1,
  awaiting: null,
  signBy: null,
  agreedAt: null,
  createdAt: at(T0),
  updatedAt: at(T0),
  lastSeq: 2,
  ...c,
});

describe('a routed need', () => {
  it('suggests the signatories whose concluded contributions match its territory, orientation and nature, this year or the next', () => {
    const contributions = [
      contribution({ signatoryId: 'funder-caf' }),
      contribution({ signatoryId: 'funder-caf', year: 2028 }),
      contribution({ signatoryId: 'funder-rectorat' }),
      contribution({ signatoryId: 'funder-bailleur', nature: 'premises', staffCount: null }),
      contribution({ signatoryId: 'funder-etat', status: 'negotiating' }),
      contribution({ signatoryId: 'funder-ville', territoryId: 'other' }),
      contribution({ signatoryId: 'funder-old', year: 2025 }),
      contribution({ signatoryId: 'funder-emploi', orientation: 'emploi_economie' }),
    ];
    expect(suggestSignatories(NEED, contributions, 2027).map((s) => [s.signatoryId, s.contributions])).toEqual([
      ['funder-caf', 2],
      ['funder-rectorat', 1],
    ]);
    expect(suggestSignatories(NEED, contributions, 2027, ['funder-caf']).map((s) => s.signatoryId)).toEqual(['funder-rectorat']);
    expect(suggestSignatories({ ...NEED, supportKind: 'expertise' }, contributions, 2027).map((s) => s.signatoryId)).toEqual([
      'funder-caf',
      'funder-bailleur',
      'funder-rectorat',
    ]);
  });

  it('is routed by the binôme, answered by the signatory it is routed to, reminded, then escalated back', () => {
    let s = routed();
    expect(s).toMatchObject({ status: 'routed', routings: [{ n: 1, signatoryId: 'funder-caf', contactName: 'Mme Diallo', routedBy: 'pl-t' }] });
    expect(routeProblem(s, 'funder-x', 'M. X')?.code).toBe('conflict');
    expect(referralAnswerProblem(s, 'funder-x', 'oui')?.code).toBe('forbidden');
    expect(referralAnswerProblem(s, 'funder-caf', ' ')?.code).toBe('validation');
    expect(referralClock(s, T0 + 1)).toEqual({ due: null, nextAt: T0 + 1 + 16 * DAY_MS });
    s = apply(s, referralClock(s, T0 + 17 * DAY_MS).due!, T0 + 17 * DAY_MS, SYSTEM);
    expect(s.routings[0].remindedAt).toBe(at(T0 + 17 * DAY_MS));
    const escalation = referralClock(s, T0 + 22 * DAY_MS).due!;
    expect(escalation.type).toBe('ReferralEscalated');
    s = apply(s, escalation, T0 + 22 * DAY_MS, SYSTEM);
    expect(s.status).toBe('escalated');
    expect(referralAudiences(s, escalation)).toEqual([
      { kind: 'territory_role', role: 'project_lead', territory: 't' },
      { kind: 'territory_role', role: 'prefect_delegate', territory: 't' },
      { kind: 'org', org: 'assoc-a' },
    ]);
    expect(routeProblem(s, 'funder-caf', 'Mme Diallo')).toBeNull();
  });

  it('is declined (never routed again to who declined), supported (the end), or withdrawn by its association', () => {
    let s = routed();
    s = apply(s, { type: 'ReferralDeclined', payload: { signatoryId: 'funder-caf', reason: 'Hors de nos missions' } }, T0 + 2, {
      kind: 'user',
      id: 'user-funder-caf',
      role: 'funder',
    });
    expect(s.status).toBe('declined');
    expect(routeProblem(s, 'funder-caf', 'Mme Diallo')?.message).toMatch(/funder-caf has declined this need/);
    expect(routeProblem(s, 'funder-rectorat', ' ')?.code).toBe('validation');
    s = routed(s, 'funder-rectorat', T0 + 3);
    s = apply(s, { type: 'ReferralSupported', payload: { signatoryId: 'funder-rectorat', support: 'Un assistant d’éducation le samedi' } }, T0 + 4, {
      kind: 'user',
      id: 'user-funder-rectorat',
      role: 'funder',
    });
    expect(s).toMatchObject({
      status: 'supported',
      routings: [{ outcome: { kind: 'declined' } }, { outcome: { kind: 'supported', support: 'Un assistant d’éducation le samedi' } }],
    });
    expect(withdrawReferralProblem(s, 'x')?.code).toBe('conflict');
    expect(referralClock(s, T0 + 100 * DAY_MS)).toEqual({ due: null });
    expect(referralView(s)).toMatchObject({
      status: 'supported',
      signatoryId: 'funder-rectorat',
      signatoryIds: ['funder-caf', 'funder-rectorat'],
      answerBy: null,
      routings: 2,
    });
    const withdrawn = apply(routed(), { type: 'ReferralWithdrawn', payload: { reason: 'Trouvé ailleurs' } }, T0 + 5, ASSOC);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'Trouvé ailleurs', by: 'user-assoc-a' } });
    expect(referralClock(withdrawn, T0 + 100 * DAY_MS)).toEqual({ due: null });
  });

  it('is seen by its association, its territory’s binôme and the signatories routed to (404 for anyone else)', () => {
    const s = routed();
    expect(referralReadProblem({ sub: 'x', role: 'association', org: 'assoc-a' }, s)).toBeNull();
    expect(referralReadProblem({ sub: 'x', role: 'association', org: 'assoc-b' }, s)?.code).toBe('not_found');
    expect(referralReadProblem({ sub: 'x', role: 'prefect_delegate', territory: 't' }, s)).toBeNull();
    expect(referralReadProblem({ sub: 'x', role: 'funder', org: 'funder-caf' }, s)).toBeNull();
    expect(referralReadProblem({ sub: 'x', role: 'funder', org: 'funder-other' }, s)?.code).toBe('not_found');
  });
});
