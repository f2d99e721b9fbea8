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
  IncubationEvent,
  IncubationEventBody,
  RecordedIncubation,
  SYSTEM_ACTOR,
  evolveIncubation,
  incubationClock,
  openedIncubation,
  CohortEvent,
  evolveCohort,
  openedCohort,
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

describe("an incubated project's state, event by event (evolveIncubation) and its clock", () => {
  const policy = { ...DEFAULT_INCUBATION_POLICY, checkInEveryMs: 10 * DAY_MS };
  const day = (n: number) => new Date(NOW + n * DAY_MS).toISOString();
  const lead = { kind: 'user' as const, id: 'pl-1', role: 'project_lead' as const };
  const asso = { kind: 'user' as const, id: 'user-1', role: 'association' as const };
  const stamped = (body: IncubationEventBody, n: number, actor: IncubationEvent['actor'] = asso): IncubationEvent =>
    ({ ...body, grantId: 'inc-1', actor, occurredAt: day(n) }) as IncubationEvent;
  const opened = openedIncubation({
    id: 'inc-1',
    cohortId: 'cohort-plaine-commune-2027',
    territoryId: 'plaine-commune',
    year: 2027,
    associationId: 'assoc-francs-moisins',
    projectTitle: 'Atelier numérique',
    description: 'Des ateliers',
    themes: ['numérique'],
    qpv: 'Francs-Moisins',
    selectionReason: 'Public jeune',
    selectedAt: day(0),
    policy,
  });
  const fold = (events: IncubationEvent[], from: RecordedIncubation = opened) => events.reduce(evolveIncubation, from);
  const started = stamped(
    {
      type: 'IncubationStarted',
      payload: {
        cohortId: 'cohort-plaine-commune-2027',
        associationId: 'assoc-francs-moisins',
        projectTitle: 'Atelier numérique',
        territoryId: 'plaine-commune',
        year: 2027,
        themes: [],
        qpv: 'Francs-Moisins',
        reason: 'Public jeune',
      },
    },
    0,
    lead,
  );
  const mentor = stamped({ type: 'MentorAssigned', payload: { mentorAssociationId: 'assoc-sport' } }, 1, lead);
  const plan = stamped(
    {
      type: 'SupportPlanSet',
      payload: {
        supports: ['mentoring'],
        milestones: [
          { name: 'design', dueAt: day(30) },
          { name: 'launch', dueAt: day(60) },
          { name: 'impact_review', dueAt: day(90) },
        ],
      },
    },
    2,
  );

  it('awaits its mentor, then its plan, then follows it with a check-in due', () => {
    expect(fold([started])).toEqual({ ...opened, lastSeq: 1 });
    expect(fold([started, mentor])).toMatchObject({
      status: 'awaiting_plan',
      mentor: { associationId: 'assoc-sport', assignedAt: day(1), assignedBy: 'pl-1' },
    });
    const following = fold([started, mentor, plan]);
    expect(following).toMatchObject({ status: 'in_progress', nextCheckInAt: day(12), lastSeq: 3 });
    expect(following.plan).toEqual({
      supports: ['mentoring'],
      setAt: day(2),
      milestones: [
        { name: 'design', dueAt: day(30), overdue: false },
        { name: 'launch', dueAt: day(60), overdue: false },
        { name: 'impact_review', dueAt: day(90), overdue: false },
      ],
    });
    // Another mentor later leaves the status as it is.
    expect(evolveIncubation(following, stamped({ type: 'MentorAssigned', payload: { mentorAssociationId: 'assoc-b' } }, 3, lead)).status).toBe('in_progress');
  });

  it('keeps a milestone reached when the plan is set again, and marks the others overdue one by one', () => {
    const reached = fold([started, mentor, plan, stamped({ type: 'MilestoneCompleted', payload: { milestone: 'design', note: 'Fait' } }, 20)]);
    expect(reached.plan!.milestones[0]).toEqual({ name: 'design', dueAt: day(30), completedAt: day(20), note: 'Fait', overdue: false });
    const replanned = evolveIncubation(
      reached,
      stamped(
        {
          type: 'SupportPlanSet',
          payload: {
            supports: ['mentoring', 'funding_search'],
            milestones: [
              { name: 'design', dueAt: day(30) },
              { name: 'launch', dueAt: day(70) },
              { name: 'impact_review', dueAt: day(100) },
            ],
          },
        },
        21,
      ),
    );
    expect(replanned.plan!.milestones.map((m) => [m.name, m.dueAt, m.completedAt])).toEqual([
      ['design', day(30), day(20)],
      ['launch', day(70), undefined],
      ['impact_review', day(100), undefined],
    ]);
    const overdue = evolveIncubation(replanned, stamped({ type: 'MilestoneOverdue', payload: { milestone: 'launch', dueAt: day(70) } }, 70, SYSTEM_ACTOR));
    expect(overdue.plan!.milestones.map((m) => m.overdue)).toEqual([false, true, false]);
  });

  it('says what its clock holds: check-ins every period from the plan, milestones overdue, graduation after the report', () => {
    const following = fold([started, mentor, plan]);
    expect(incubationClock(fold([started]), Date.parse(day(500)))).toEqual({ due: null });
    expect(incubationClock(following, Date.parse(day(5)))).toEqual({ due: null, nextAt: Date.parse(day(12)) });
    expect(incubationClock(following, Date.parse(day(12)))).toEqual({ due: { type: 'CheckInReminderSent', payload: { n: 1 } } });
    const checked = evolveIncubation(following, stamped({ type: 'CheckInReminderSent', payload: { n: 1 } }, 12, SYSTEM_ACTOR));
    expect(checked).toMatchObject({ checkIns: [{ n: 1, at: day(12) }], nextCheckInAt: day(22) });
    // With the next check-in far off, the milestones passed are overdue one by one, the first first.
    const late = { ...checked, nextCheckInAt: day(200) };
    expect(incubationClock(late, Date.parse(day(95))).due).toEqual({ type: 'MilestoneOverdue', payload: { milestone: 'design', dueAt: day(30) } });
    const reported = evolveIncubation(following, stamped({ type: 'ImpactReportSubmitted', payload: { summary: '40 jeunes' } }, 40));
    expect(reported.impactReport).toEqual({ summary: '40 jeunes', submittedAt: day(40), submittedBy: 'user-1' });
    expect(incubationClock(reported, Date.parse(day(40))).due).toEqual({ type: 'IncubationGraduated', payload: { impactSummary: '40 jeunes' } });
    const graduated = evolveIncubation(reported, stamped({ type: 'IncubationGraduated', payload: { impactSummary: '40 jeunes' } }, 40, SYSTEM_ACTOR));
    expect(graduated.status).toBe('graduated');
    expect(incubationClock(graduated, Date.parse(day(400)))).toEqual({ due: null });
  });

  it('records funding leads and a withdrawal with who and when', () => {
    const withLead = fold([
      started,
      stamped({ type: 'FundingLeadRecorded', payload: { leadId: 'lead-1', kind: 'micro_grant', description: 'Matériel', openedId: 'mg-1' } }, 5),
      stamped({ type: 'FundingLeadRecorded', payload: { leadId: 'lead-2', kind: 'other', description: 'Mécénat' } }, 6),
    ]);
    expect(withLead.fundingLeads).toEqual([
      { id: 'lead-1', kind: 'micro_grant', description: 'Matériel', recordedBy: 'user-1', recordedAt: day(5), openedId: 'mg-1' },
      { id: 'lead-2', kind: 'other', description: 'Mécénat', recordedBy: 'user-1', recordedAt: day(6) },
    ]);
    const withdrawn = evolveIncubation(withLead, stamped({ type: 'IncubationWithdrawn', payload: { reason: 'Projet arrêté' } }, 7));
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'Projet arrêté', at: day(7), by: 'user-1' } });
  });
});

describe("a cohort's state, event by event (evolveCohort)", () => {
  const at = (minute: number) => `2027-01-15T10:${String(minute).padStart(2, '0')}:00.000Z`;
  const lead = { kind: 'user' as const, id: 'pl-1', role: 'project_lead' as const };
  const stamped = (body: CohortEvent, minute: number, actor: CohortEvent['actor'] = lead): CohortEvent =>
    ({ ...body, grantId: 'cohort-plaine-commune-2027', actor, occurredAt: at(minute) }) as CohortEvent;
  const opened = openedCohort({
    id: 'cohort-plaine-commune-2027',
    territoryId: 'plaine-commune',
    year: 2027,
    capacity: 10,
    nominationDeadline: '2027-03-31T00:00:00.000Z',
    openedBy: 'pl-1',
    openedAt: at(0),
    policy: DEFAULT_INCUBATION_POLICY,
  });
  const body = (event: Omit<CohortEvent, 'grantId' | 'actor' | 'occurredAt'>) => event as CohortEvent;

  it('opens, takes nominations with who and when, selects with the reason, and closes', () => {
    const nominated = [
      stamped(
        body({ type: 'CohortOpened', payload: { territoryId: 'plaine-commune', year: 2027, capacity: 10, nominationDeadline: '2027-03-31T00:00:00.000Z' } }),
        0,
      ),
      stamped(
        body({
          type: 'ProjectNominated',
          payload: { nominationId: 'nom-1', associationId: 'a-1', projectTitle: 'Atelier', description: 'Des ateliers', themes: ['numérique'], qpv: 'Q' },
        }),
        1,
        { kind: 'user', id: 'user-a-1', role: 'association' },
      ),
      stamped(body({ type: 'ProjectNominated', payload: { nominationId: 'nom-2', associationId: 'a-2', projectTitle: 'Potager', themes: [], qpv: 'Q' } }), 2),
    ].reduce(evolveCohort, opened);
    expect(nominated).toMatchObject({ status: 'open', lastSeq: 3 });
    expect(nominated.nominations).toEqual([
      {
        id: 'nom-1',
        associationId: 'a-1',
        projectTitle: 'Atelier',
        description: 'Des ateliers',
        themes: ['numérique'],
        qpv: 'Q',
        nominatedBy: 'user-a-1',
        nominatedAt: at(1),
        status: 'nominated',
      },
      {
        id: 'nom-2',
        associationId: 'a-2',
        projectTitle: 'Potager',
        description: '',
        themes: [],
        qpv: 'Q',
        nominatedBy: 'pl-1',
        nominatedAt: at(2),
        status: 'nominated',
      },
    ]);
    const selected = evolveCohort(
      nominated,
      stamped(
        body({
          type: 'ProjectSelected',
          payload: {
            nominationId: 'nom-1',
            incubationId: 'inc-1',
            associationId: 'a-1',
            projectTitle: 'Atelier',
            reason: 'Public jeune',
            selected: 1,
            capacity: 10,
          },
        }),
        3,
      ),
    );
    expect(selected.nominations[0]).toMatchObject({
      status: 'selected',
      selection: { reason: 'Public jeune', selectedBy: 'pl-1', at: at(3), incubationId: 'inc-1' },
    });
    expect(selected.nominations[1].status).toBe('nominated');
    const closed = evolveCohort(selected, stamped(body({ type: 'CohortClosed', payload: { selected: 1, nominations: 2 } }), 4, SYSTEM_ACTOR));
    expect(closed).toMatchObject({ status: 'closed', lastSeq: 5 });
  });
});
