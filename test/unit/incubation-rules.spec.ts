import {
  CohortState,
  DAY_MS,
  DEFAULT_INCUBATION_POLICY,
  IncubationState,
  assignMentorProblem,
  cohortTermsProblem,
  completeMilestoneProblem,
  impactReportProblem,
  incubationAccessProblem,
  planProblem,
  projectCohort,
  rankMentors,
  selectProblem,
} from '@grants/domain';

const NOW = Date.parse('2027-01-15T00:00:00Z');

function cohort(selected: number, capacity = 10): CohortState {
  return {
    id: 'cohort-plaine-commune-2027',
    territoryId: 'plaine-commune',
    year: 2027,
    capacity,
    nominationDeadline: '2027-03-31T00:00:00Z',
    openedBy: 'pl',
    openedAt: '2027-01-01T00:00:00Z',
    status: 'open',
    policy: DEFAULT_INCUBATION_POLICY,
    nominations: Array.from({ length: 12 }, (_, i) => ({
      id: `nom-${i}`,
      associationId: 'a',
      projectTitle: `P${i}`,
      description: 'd',
      themes: ['t'],
      qpv: 'q',
      nominatedBy: 'pl',
      nominatedAt: '2027-01-02T00:00:00Z',
      status: i < selected ? ('selected' as const) : ('nominated' as const),
    })),
  };
}

function project(overrides: Partial<IncubationState> = {}): IncubationState {
  return {
    id: 'inc-1',
    cohortId: 'cohort-plaine-commune-2027',
    territoryId: 'plaine-commune',
    year: 2027,
    associationId: 'assoc-jeunesse-aubervilliers',
    projectTitle: 'Atelier',
    description: 'd',
    themes: ['jeunesse', 'numérique'],
    qpv: 'q',
    selectionReason: 'r',
    selectedAt: '2027-01-10T00:00:00Z',
    status: 'awaiting_mentor',
    checkIns: [],
    fundingLeads: [],
    policy: DEFAULT_INCUBATION_POLICY,
    ...overrides,
  };
}

describe('a cohort', () => {
  it('takes 10 to 15 projects and a deadline in the future', () => {
    expect(cohortTermsProblem(10, '2027-03-31T00:00:00Z', '2027-01-01T00:00:00Z', DEFAULT_INCUBATION_POLICY)).toBeNull();
    expect(cohortTermsProblem(9, '2027-03-31T00:00:00Z', '2027-01-01T00:00:00Z', DEFAULT_INCUBATION_POLICY)).toMatch(/10 to 15/);
    expect(cohortTermsProblem(16, '2027-03-31T00:00:00Z', '2027-01-01T00:00:00Z', DEFAULT_INCUBATION_POLICY)).toMatch(/10 to 15/);
    expect(cohortTermsProblem(12, '2026-12-31T00:00:00Z', '2027-01-01T00:00:00Z', DEFAULT_INCUBATION_POLICY)).toMatch(/future/);
  });

  it('selects until the capacity, then refuses (409), and never twice the same project', () => {
    expect(selectProblem(cohort(9), { actorId: 'pl', nominationId: 'nom-10', reason: 'ok' }, NOW)).toBeNull();
    expect(selectProblem(cohort(10), { actorId: 'pl', nominationId: 'nom-10', reason: 'ok' }, NOW)?.message).toBe(
      'the cohort is full: 10 of 10 projects selected',
    );
    expect(selectProblem(cohort(3), { actorId: 'pl', nominationId: 'nom-1', reason: 'ok' }, NOW)?.code).toBe('conflict');
    expect(selectProblem(cohort(3), { actorId: 'pl', nominationId: 'nom-9', reason: ' ' }, NOW)?.code).toBe('validation');
    expect(selectProblem(cohort(3), { actorId: 'pl', nominationId: 'nom-9', reason: 'ok' }, Date.parse('2027-04-01T00:00:00Z'))?.message).toMatch(/closed/);
  });

  it('is projected onto the read model', () => {
    const base = {
      grantId: 'cohort-x',
      kind: 'incubation_cohort' as const,
      actor: { kind: 'system' as const, id: 'engine' as const },
      occurredAt: '2027-01-01T00:00:00.000Z',
    };
    let view = projectCohort(null, {
      ...base,
      seq: 1,
      type: 'CohortOpened',
      payload: { territoryId: 't', year: 2027, capacity: 10, nominationDeadline: '2027-03-31T00:00:00.000Z' },
    });
    view = projectCohort(view, {
      ...base,
      seq: 2,
      type: 'ProjectNominated',
      payload: { nominationId: 'n', associationId: 'a', projectTitle: 'p', themes: [], qpv: 'q' },
    });
    view = projectCohort(view, {
      ...base,
      seq: 3,
      type: 'ProjectSelected',
      payload: { nominationId: 'n', incubationId: 'i', associationId: 'a', projectTitle: 'p', reason: 'r', selected: 1, capacity: 10 },
    });
    expect(view).toMatchObject({ nominations: 1, selected: 1, status: 'open', lastSeq: 3 });
  });
});

describe('an incubated project', () => {
  it('is never mentored by its own association', () => {
    expect(assignMentorProblem(project(), { actorId: 'pl', mentorAssociationId: 'assoc-jeunesse-aubervilliers' })?.code).toBe('validation');
    expect(assignMentorProblem(project(), { actorId: 'pl', mentorAssociationId: 'assoc-sport-pour-tous' })).toBeNull();
  });

  it('sets its plan after the mentor, with known supports and milestones in order', () => {
    const mentored = project({ status: 'awaiting_plan', mentor: { associationId: 'm', assignedAt: '', assignedBy: '' } });
    expect(planProblem(project(), { actorId: 'pl', supports: ['mentoring'] }, NOW)?.message).toMatch(/mentor before/);
    expect(planProblem(mentored, { actorId: 'pl', supports: [] }, NOW)?.code).toBe('validation');
    const later = (days: number) => new Date(NOW + days * DAY_MS).toISOString();
    expect(planProblem(mentored, { actorId: 'pl', supports: ['mentoring'], dueDates: { design: later(90), launch: later(30) } }, NOW)?.message).toMatch(
      /in that order/,
    );
    expect(
      planProblem(mentored, { actorId: 'pl', supports: ['mentoring', 'impact_analysis'], dueDates: { design: later(30), launch: later(90) } }, NOW),
    ).toBeNull();
  });

  it('completes each milestone once, and graduates only once the follow-up is under way', () => {
    const running = project({
      status: 'in_progress',
      plan: { supports: ['mentoring'], setAt: '', milestones: [{ name: 'design', dueAt: '', overdue: false, completedAt: 'x' }] },
    });
    expect(completeMilestoneProblem(running, { actorId: 'a', milestone: 'design' })?.code).toBe('conflict');
    expect(impactReportProblem(project(), { actorId: 'a', summary: 'ok' })?.code).toBe('conflict');
    expect(impactReportProblem(running, { actorId: 'a', summary: 'ok' })).toBeNull();
  });

  it('is seen by its association and its mentor, not by another association', () => {
    const mentored = project({ mentor: { associationId: 'assoc-sport-pour-tous', assignedAt: '', assignedBy: '' } });
    expect(incubationAccessProblem({ sub: 'u', role: 'association', org: 'assoc-sport-pour-tous' }, mentored)).toBeNull();
    expect(incubationAccessProblem({ sub: 'u', role: 'association', org: 'assoc-bondy-culture' }, mentored)?.code).toBe('not_found');
    // Another territory's binôme does not see it either.
    const elsewhere = mentored.territoryId === 'est-ensemble' ? 'plaine-commune' : 'est-ensemble';
    expect(incubationAccessProblem({ sub: 'u', role: 'project_lead', territory: mentored.territoryId }, mentored)).toBeNull();
    expect(incubationAccessProblem({ sub: 'u', role: 'project_lead', territory: elsewhere }, mentored)?.code).toBe('not_found');
  });

  it('suggests mentors sharing a theme and the territory, never itself, fewest mentees first', () => {
    const associations = [
      { id: 'assoc-jeunesse-aubervilliers', name: 'Self', themes: ['jeunesse'], territories: ['plaine-commune'] },
      { id: 'busy', name: 'Busy', themes: ['jeunesse', 'numérique'], territories: ['plaine-commune'] },
      { id: 'free', name: 'Free', themes: ['numérique'], territories: ['plaine-commune'] },
      { id: 'elsewhere', name: 'Elsewhere', themes: ['jeunesse'], territories: ['est-ensemble'] },
      { id: 'unrelated', name: 'Unrelated', themes: ['santé'], territories: ['plaine-commune'] },
    ];
    const ranked = rankMentors(project(), associations, { busy: 3 });
    expect(ranked.map((r) => [r.associationId, r.mentees, r.sharedThemes])).toEqual([
      ['free', 0, ['numérique']],
      ['busy', 3, ['jeunesse', 'numérique']],
    ]);
  });
});
