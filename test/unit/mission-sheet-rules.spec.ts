import {
  ActivityFigures,
  DAY_MS,
  DEFAULT_MISSION_SHEET_POLICY,
  MissionSheetEventBody,
  MissionSheetState,
  copilDecisionProblem,
  draftMissionSheet,
  evolveMissionSheet,
  isMissionSheetId,
  missionSheetClock,
  missionSheetId,
  missionSheetReadProblem,
  missionSheetView,
  parisYearEndMs,
  reviseSheetProblem,
  signSheetProblem,
} from '@grants/domain';

const T0 = Date.parse('2027-01-10T09:00:00.000Z');
const COPIL = T0 + 40 * DAY_MS;
const iso = (ms: number) => new Date(ms).toISOString();
const FIGURES: ActivityFigures = {
  year: 2026,
  microGrantsRequested: 12,
  microGrantsApproved: 9,
  microGrantsRejected: 1,
  envelopeTotalCents: 3_000_000,
  envelopeCommittedCents: 1_850_000,
  paidCents: 4_650_000,
  paymentOrders: 14,
  callsLaunched: 1,
  agreementsFollowed: 2,
  cohortSelected: 3,
  graduations: 1,
  taskForces: 1,
  codirHeld: true,
};
const FULL = {
  activityReport: 'Bilan',
  priorities: 'Emploi des jeunes',
  splitOfWork: 'La cheffe de projet suit les appels',
  complementarity: 'Le délégué suit les bailleurs',
};
const PL = { kind: 'user' as const, id: 'pl-t1', role: 'project_lead' as const };
const PD = { kind: 'user' as const, id: 'pd-t1', role: 'prefect_delegate' as const };

function apply(state: MissionSheetState | null, body: MissionSheetEventBody, at: number, actor: typeof PL | typeof PD = PL): MissionSheetState {
  return evolveMissionSheet(state, { ...body, grantId: 'ms-t1-2027', actor, occurredAt: iso(at) });
}
const opened = () =>
  apply(
    null,
    {
      type: 'MissionSheetOpened',
      payload: {
        territoryId: 't1',
        year: 2027,
        copilAt: iso(COPIL),
        figures: FIGURES,
        draft: draftMissionSheet(FIGURES),
        policy: DEFAULT_MISSION_SHEET_POLICY,
      },
    },
    T0,
  );

describe("the binôme's mission sheet", () => {
  it('names its stream after its territory and year', () => {
    expect(missionSheetId('plaine-commune', 2027)).toBe('ms-plaine-commune-2027');
    expect(isMissionSheetId('ms-plaine-commune-2027')).toBe(true);
    expect(isMissionSheetId('ms-x')).toBe(false);
  });

  it('drafts the past year’s activity report from the figures, numbers agreeing with their nouns, the rest to write', () => {
    const draft = draftMissionSheet(FIGURES);
    expect(draft.activityReport).toContain('En 2026, le binôme a instruit 12 demandes de micro-subvention\u00a0: 9 accordées, 1 refusée.');
    expect(draft.activityReport.replace(/[\u00a0\u202f]/g, ' ')).toContain("L'enveloppe de 30 000,00 € a été engagée à hauteur de 18 500,00 €.");
    expect(draft.activityReport).toContain(
      "1 appel à projets lancé, 2 conventions d'ancrage suivies, 3 projets incubés (1 sortie d'incubation), 1 task force de quartier.",
    );
    expect(draft.activityReport).toContain('Le CODIR QPV de la collectivité s’est tenu.');
    expect(draft).toMatchObject({ priorities: '', splitOfWork: '', complementarity: '' });
  });

  it('is signed by each member on a complete version; a new version starts both signatures again; the Copil decides once both signed', () => {
    let s = opened();
    expect(signSheetProblem(s, 'project_lead')?.message).toMatch(/priorities: to write before signing/);
    expect(reviseSheetProblem(s, draftMissionSheet(FIGURES))?.code).toBe('conflict');
    s = apply(s, { type: 'MissionSheetRevised', payload: { version: 2, content: FULL, side: 'project_lead' } }, T0 + DAY_MS);
    expect(signSheetProblem(s, 'project_lead')).toBeNull();
    s = apply(s, { type: 'MissionSheetSigned', payload: { version: 2, side: 'project_lead' } }, T0 + DAY_MS);
    expect(signSheetProblem(s, 'project_lead')?.code).toBe('conflict');
    expect(copilDecisionProblem(s, true, undefined, iso(T0 + DAY_MS), T0 + DAY_MS)?.message).toMatch(/awaits the signature of the prefect delegate/);
    expect(missionSheetView(s)).toMatchObject({ status: 'drafting', version: 2, awaiting: ['prefect_delegate'] });
    s = apply(s, { type: 'MissionSheetSigned', payload: { version: 2, side: 'prefect_delegate' } }, T0 + 2 * DAY_MS, PD);
    expect(s.status).toBe('signed');
    expect(copilDecisionProblem(s, false, ' ', iso(T0 + 2 * DAY_MS), T0 + 2 * DAY_MS)?.message).toMatch(/comments/);
    expect(copilDecisionProblem(s, true, undefined, iso(T0 + 9 * DAY_MS), T0 + 2 * DAY_MS)?.message).toMatch(/decidedOn/);
    const sentBack = apply(s, { type: 'MissionSheetSentBack', payload: { version: 2, decidedOn: iso(COPIL), comments: 'Préciser les priorités' } }, COPIL);
    expect(sentBack.status).toBe('drafting');
    expect(sentBack.versions[1].signatures).toEqual({});
    expect(s.versions[1].signatures.project_lead).toBeDefined();
    const revised = apply(
      sentBack,
      { type: 'MissionSheetRevised', payload: { version: 3, content: { ...FULL, priorities: 'Emploi et santé' }, side: 'prefect_delegate' } },
      COPIL + DAY_MS,
      PD,
    );
    expect(revised.versions.map((v) => [v.version, v.side])).toEqual([
      [1, 'engine'],
      [2, 'project_lead'],
      [3, 'prefect_delegate'],
    ]);
    const adopted = apply(
      apply(
        apply(revised, { type: 'MissionSheetSigned', payload: { version: 3, side: 'project_lead' } }, COPIL + DAY_MS),
        { type: 'MissionSheetSigned', payload: { version: 3, side: 'prefect_delegate' } },
        COPIL + DAY_MS,
        PD,
      ),
      { type: 'MissionSheetAdopted', payload: { version: 3, decidedOn: iso(COPIL + 2 * DAY_MS) } },
      COPIL + 2 * DAY_MS,
    );
    expect(adopted.status).toBe('adopted');
    expect(missionSheetView(adopted)).toMatchObject({ status: 'adopted', adoptedOn: iso(COPIL + 2 * DAY_MS), awaiting: [] });
    expect(reviseSheetProblem(adopted, FULL)?.code).toBe('conflict');
    expect(signSheetProblem(adopted, 'project_lead')?.code).toBe('conflict');
  });

  it('reminds the members whose signature is awaited 14 and 3 days before the Copil, and lapses at the year’s end', () => {
    const s = opened();
    expect(missionSheetClock(s, T0)).toEqual({ due: null, nextAt: COPIL - 14 * DAY_MS });
    expect(missionSheetClock(s, COPIL - 14 * DAY_MS).due).toEqual({
      type: 'MissionSheetReminderSent',
      payload: { copilAt: s.copilAt, awaiting: ['project_lead', 'prefect_delegate'] },
    });
    const reminded = apply(
      s,
      { type: 'MissionSheetReminderSent', payload: { copilAt: s.copilAt, awaiting: ['project_lead', 'prefect_delegate'] } },
      COPIL - 14 * DAY_MS,
    );
    expect(missionSheetClock(reminded, COPIL - 14 * DAY_MS)).toEqual({ due: null, nextAt: COPIL - 3 * DAY_MS });
    // Signed by both: no reminder, only the year's end.
    const full = apply(opened(), { type: 'MissionSheetRevised', payload: { version: 2, content: FULL, side: 'project_lead' } }, T0);
    const signed = apply(
      apply(full, { type: 'MissionSheetSigned', payload: { version: 2, side: 'project_lead' } }, T0),
      { type: 'MissionSheetSigned', payload: { version: 2, side: 'prefect_delegate' } },
      T0,
      PD,
    );
    expect(missionSheetClock(signed, COPIL - 3 * DAY_MS)).toEqual({ due: null, nextAt: parisYearEndMs(2027) });
    expect(missionSheetClock(signed, parisYearEndMs(2027)).due).toEqual({ type: 'MissionSheetLapsed', payload: { version: 2 } });
    expect(new Date(parisYearEndMs(2027)).toISOString()).toBe('2027-12-31T23:00:00.000Z');
  });

  it('is read by its binôme, auditors and admins; once adopted by the associations acting in its territory', () => {
    const s = { id: 'ms-t1-2027', territoryId: 't1', status: 'signed' };
    expect(missionSheetReadProblem({ sub: 'x', role: 'prefect_delegate', territory: 't1' }, s)).toBeNull();
    expect(missionSheetReadProblem({ sub: 'x', role: 'auditor' }, s)).toBeNull();
    expect(missionSheetReadProblem({ sub: 'x', role: 'project_lead', territory: 't2' }, s)?.code).toBe('not_found');
    expect(missionSheetReadProblem({ sub: 'x', role: 'association', org: 'a1' }, s, true)?.code).toBe('not_found');
    expect(missionSheetReadProblem({ sub: 'x', role: 'association', org: 'a1' }, { ...s, status: 'adopted' }, true)).toBeNull();
    expect(missionSheetReadProblem({ sub: 'x', role: 'association', org: 'a1' }, { ...s, status: 'adopted' }, false)?.code).toBe('not_found');
    expect(missionSheetReadProblem({ sub: 'x', role: 'funder', org: 'f1' }, { ...s, status: 'adopted' }, true)?.code).toBe('not_found');
  });
});
