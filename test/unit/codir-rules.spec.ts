import {
  CodirEventBody,
  CodirState,
  DAY_MS,
  DEFAULT_CODIR_POLICY,
  Direction,
  codirClock,
  codirId,
  codirOpeningProblems,
  codirReadProblem,
  codirScheduleProblems,
  codirView,
  commitmentDoneProblem,
  evolveCodir,
  isCodirId,
  meetingProblems,
  resourceAnswerProblem,
  statementProblem,
  suggestResources,
} from '@grants/domain';

const T0 = Date.parse('2027-01-15T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const DIRECTIONS: Direction[] = [
  { directionId: 'education', sector: 'education', name: 'Éducation', contact: 'e@ville.example' },
  { directionId: 'sports', sector: 'sport', name: 'Sports', contact: 's@ville.example' },
];
const LEAD = { kind: 'user' as const, id: 'pl-t1', role: 'project_lead' as const };

function run(bodies: { body: CodirEventBody; at: number }[]): CodirState {
  return bodies.reduce<CodirState | null>(
    (state, { body, at }) => evolveCodir(state, { ...body, grantId: 'codir-t1-2027', actor: LEAD, occurredAt: iso(at) }),
    null,
  )!;
}

const opened = {
  body: {
    type: 'CodirOpened',
    payload: {
      territoryId: 't1',
      year: 2027,
      meetingAt: iso(T0 + 45 * DAY_MS),
      statementsDueAt: iso(T0 + 31 * DAY_MS),
      directions: DIRECTIONS,
      bySchedule: false,
      policy: DEFAULT_CODIR_POLICY,
    },
  } as CodirEventBody,
  at: T0,
};
const meeting = (at: number) => ({
  body: {
    type: 'CodirMeetingHeld',
    payload: {
      heldOn: iso(at),
      minutes: 'Tour de table',
      attendees: ['education'],
      commitments: [{ commitmentId: 'c1', directionId: 'sports', text: 'Gymnase le samedi', dueAt: iso(at + 30 * DAY_MS) }],
      followUpUntil: iso(at + 365 * DAY_MS),
    },
  } as CodirEventBody,
  at,
});

describe('the CODIR QPV', () => {
  it('names its stream after its territory and year', () => {
    expect(codirId('plaine-commune', 2027)).toBe('codir-plaine-commune-2027');
    expect(isCodirId('codir-plaine-commune-2027')).toBe(true);
    expect(isCodirId('codir-../x-2027')).toBe(false);
  });

  it('evolves through every event: statements, their closing, answers, the meeting, commitments, the end', () => {
    const s = run([
      opened,
      {
        body: {
          type: 'CodirDirectionInvited',
          payload: { direction: { directionId: 'habitat', sector: 'housing', name: 'Habitat', contact: 'h@ville.example' } },
        },
        at: T0 + DAY_MS,
      },
      { body: { type: 'CodirStatementRecorded', payload: { directionId: 'education', text: 'Trois écoles', qpvs: ['Q1'] } }, at: T0 + 2 * DAY_MS },
      { body: { type: 'CodirStatementReminderSent', payload: { directionIds: ['sports', 'habitat'], dueAt: iso(T0 + 31 * DAY_MS) } }, at: T0 + 26 * DAY_MS },
      { body: { type: 'CodirStatementsClosed', payload: { missing: ['sports', 'habitat'] } }, at: T0 + 31 * DAY_MS },
      { body: { type: 'CodirResourceAnswered', payload: { directionId: 'education', text: 'Relais', relays: ['a1'], coFunding: [] } }, at: T0 + 32 * DAY_MS },
    ]);
    expect(s.status).toBe('preparing');
    expect(s.missing).toEqual(['sports', 'habitat']);
    expect(s.directions.map((d) => [d.directionId, d.reminded, Boolean(d.statement), Boolean(d.answer)])).toEqual([
      ['education', false, true, true],
      ['sports', true, false, false],
      ['habitat', true, false, false],
    ]);
    expect(codirView(s)).toMatchObject({ directions: 3, stated: 1, nextDueAt: s.meetingAt });
    const held = evolveCodir(s, { ...meeting(T0 + 45 * DAY_MS).body, grantId: s.id, actor: LEAD, occurredAt: iso(T0 + 45 * DAY_MS) });
    expect(held.status).toBe('following');
    expect(codirView(held)).toMatchObject({ commitments: 1, openCommitments: 1, nextDueAt: held.commitments[0].dueAt });
    const later = [
      { type: 'CodirCommitmentReminderSent', payload: { commitmentId: 'c1', dueAt: held.commitments[0].dueAt } },
      { type: 'CodirCommitmentOverdue', payload: { commitmentId: 'c1', dueAt: held.commitments[0].dueAt } },
      { type: 'CodirCommitmentDone', payload: { commitmentId: 'c1', note: 'Ouvert' } },
      { type: 'CodirClosed', payload: { done: 1, overdue: 0 } },
    ] as CodirEventBody[];
    const states = later.reduce<CodirState[]>(
      (acc, body) => [...acc, evolveCodir(acc.at(-1)!, { ...body, grantId: s.id, actor: LEAD, occurredAt: iso(T0 + 80 * DAY_MS) })],
      [held],
    );
    expect(states.map((x) => x.commitments[0].status)).toEqual(['open', 'open', 'overdue', 'done', 'done']);
    expect(states.at(-1)!.status).toBe('closed');
    expect(codirView(states.at(-1)!)).toMatchObject({ openCommitments: 0, nextDueAt: null });
    // The state before is never changed.
    expect(held.commitments[0].status).toBe('open');
  });

  it('refuses an event before the opening', () => {
    expect(() =>
      evolveCodir(null, { type: 'CodirClosed', payload: { done: 0, overdue: 0 }, grantId: 'codir-t1-2027', actor: LEAD, occurredAt: iso(T0) }),
    ).toThrow(/before CodirOpened/);
  });

  it('reminds the silent directions, closes the statements at their due date, then waits for the meeting', () => {
    const s = run([opened, { body: { type: 'CodirStatementRecorded', payload: { directionId: 'education', text: 'x', qpvs: [] } }, at: T0 }]);
    expect(codirClock(s, T0 + DAY_MS)).toEqual({ due: null, nextAt: T0 + 26 * DAY_MS });
    expect(codirClock(s, T0 + 26 * DAY_MS).due).toEqual({
      type: 'CodirStatementReminderSent',
      payload: { directionIds: ['sports'], dueAt: s.statementsDueAt },
    });
    const reminded = evolveCodir(s, { ...codirClock(s, T0 + 26 * DAY_MS).due!, grantId: s.id, actor: LEAD, occurredAt: iso(T0 + 26 * DAY_MS) } as never);
    expect(codirClock(reminded, T0 + 26 * DAY_MS)).toEqual({ due: null, nextAt: T0 + 31 * DAY_MS });
    expect(codirClock(reminded, T0 + 31 * DAY_MS).due).toEqual({ type: 'CodirStatementsClosed', payload: { missing: ['sports'] } });
    const closed = evolveCodir(reminded, {
      type: 'CodirStatementsClosed',
      payload: { missing: ['sports'] },
      grantId: s.id,
      actor: LEAD,
      occurredAt: iso(T0 + 31 * DAY_MS),
    });
    expect(codirClock(closed, T0 + 40 * DAY_MS)).toEqual({ due: null });
  });

  it('reminds a commitment 14 days before its due date, marks it overdue at it, and closes a year after the meeting', () => {
    const at = T0 + 45 * DAY_MS;
    const s = run([opened, meeting(at)]);
    expect(codirClock(s, at).nextAt).toBe(at + 16 * DAY_MS);
    expect(codirClock(s, at + 16 * DAY_MS).due?.type).toBe('CodirCommitmentReminderSent');
    const reminded = evolveCodir(s, {
      type: 'CodirCommitmentReminderSent',
      payload: { commitmentId: 'c1', dueAt: s.commitments[0].dueAt },
      grantId: s.id,
      actor: LEAD,
      occurredAt: iso(at + 16 * DAY_MS),
    });
    expect(codirClock(reminded, at + 30 * DAY_MS).due?.type).toBe('CodirCommitmentOverdue');
    const overdue = evolveCodir(reminded, {
      type: 'CodirCommitmentOverdue',
      payload: { commitmentId: 'c1', dueAt: s.commitments[0].dueAt },
      grantId: s.id,
      actor: LEAD,
      occurredAt: iso(at + 30 * DAY_MS),
    });
    expect(codirClock(overdue, at + 31 * DAY_MS)).toEqual({ due: null, nextAt: at + 365 * DAY_MS });
    expect(codirClock(overdue, at + 365 * DAY_MS).due).toEqual({ type: 'CodirClosed', payload: { done: 0, overdue: 1 } });
  });

  it('checks an opening, a schedule, a statement, an answer, the meeting and a commitment kept', () => {
    expect(codirOpeningProblems({ meetingAt: iso(T0 + 10 * DAY_MS), directions: [] }, DEFAULT_CODIR_POLICY, T0)).toEqual([
      "meetingAt: from 2027-01-29T08:00:00.000Z on, for the directions' statements (due 14 days before it) to come in",
      'directions: at least one sectoral direction',
    ]);
    expect(
      codirOpeningProblems(
        { meetingAt: iso(T0 + 30 * DAY_MS), directions: [DIRECTIONS[0], { ...DIRECTIONS[0], sector: 'bonheur' as never, name: ' ' }] },
        DEFAULT_CODIR_POLICY,
        T0,
      ),
    ).toEqual([
      'directions[1].directionId: education is invited already',
      'directions[1].sector: one of education, sport, culture, housing, employment, health, social_action, public_space',
      "directions[1].name: the direction's name",
    ]);
    expect(codirScheduleProblems({ month: 13, day: 31, meetingAfterDays: 10 })).toHaveLength(3);
    expect(codirScheduleProblems({ month: 1, day: 15, meetingAfterDays: 45 })).toEqual([]);

    const s = run([opened]);
    expect(statementProblem(s, 'nobody', 'x')?.message).toMatch(/not invited/);
    expect(statementProblem(s, 'education', ' ')?.code).toBe('validation');
    expect(statementProblem(s, 'education', 'x')).toBeNull();
    expect(resourceAnswerProblem(s, 'education', 'x')?.code).toBe('conflict');
    const closed = run([opened, { body: { type: 'CodirStatementsClosed', payload: { missing: ['education', 'sports'] } }, at: T0 + 31 * DAY_MS }]);
    expect(statementProblem(closed, 'education', 'x')?.code).toBe('conflict');

    const now = T0 + 45 * DAY_MS;
    const draft = (dueAt: number, directionId = 'sports') => ({
      heldOn: iso(now),
      minutes: 'm',
      attendees: ['education'],
      commitments: [{ commitmentId: 'c1', directionId, text: 't', dueAt: iso(dueAt) }],
    });
    expect(meetingProblems(s, draft(now + 30 * DAY_MS), now)).toBeNull();
    expect(meetingProblems(s, draft(now + 400 * DAY_MS), now)?.message).toMatch(/before the next CODIR/);
    expect(meetingProblems(s, draft(now - DAY_MS), now)?.message).toMatch(/after today/);
    expect(meetingProblems(s, draft(now + DAY_MS, 'nobody'), now)?.message).toMatch(/nobody is not invited/);
    expect(meetingProblems(s, { ...draft(now + DAY_MS), heldOn: iso(now + DAY_MS) }, now)?.message).toMatch(/has taken place/);
    const held = run([opened, meeting(now)]);
    expect(meetingProblems(held, draft(now + DAY_MS), now)?.code).toBe('conflict');
    expect(commitmentDoneProblem(held, 'c9', 'x')?.code).toBe('not_found');
    expect(commitmentDoneProblem(held, 'c1', ' ')?.code).toBe('validation');
    expect(commitmentDoneProblem(held, 'c1', 'fait')).toBeNull();
  });

  it('is read by its territory’s binôme, auditors and admins only', () => {
    const s = { id: 'codir-t1-2027', territoryId: 't1' };
    expect(codirReadProblem({ sub: 'x', role: 'prefect_delegate', territory: 't1' }, s)).toBeNull();
    expect(codirReadProblem({ sub: 'x', role: 'auditor' }, s)).toBeNull();
    expect(codirReadProblem({ sub: 'x', role: 'project_lead', territory: 't2' }, s)?.code).toBe('not_found');
    expect(codirReadProblem({ sub: 'x', role: 'association', org: 'a1' }, s)?.code).toBe('not_found');
    expect(codirReadProblem({ sub: 'x', role: 'funder', org: 'f1' }, s)?.code).toBe('not_found');
  });

  it('suggests local relays by the sector’s themes and co-funding by its orientations', () => {
    const associations = [
      { id: 'a1', name: 'Soutien scolaire', themes: ['éducation', 'jeunesse'], territories: ['t1'] },
      { id: 'a2', name: 'Club de foot', themes: ['sport'], territories: ['t1'] },
      { id: 'a3', name: 'Ailleurs', themes: ['éducation'], territories: ['t2'] },
      { id: 'a4', name: 'Numérique', themes: ['numérique'], territories: ['t1'] },
    ];
    const contribution = (id: string, orientation: string, amountCents: number, year = 2027, status = 'agreed') =>
      ({ id, territoryId: 't1', signatoryId: 'f1', orientation, year, nature: 'funding', amountCents, staffCount: null, status }) as never;
    const s = suggestResources('education', 't1', 2027, associations, [
      contribution('ctb-1', 'jeunesse', 100),
      contribution('ctb-2', 'cadre_de_vie', 900),
      contribution('ctb-3', 'cohesion_sociale', 500),
      contribution('ctb-4', 'jeunesse', 800, 2025),
      contribution('ctb-5', 'jeunesse', 700, 2027, 'negotiating'),
    ]);
    expect(s.relays.map((r) => [r.associationId, r.themes])).toEqual([
      ['a1', ['éducation', 'jeunesse']],
      ['a4', ['numérique']],
    ]);
    expect(s.coFunding.map((c) => c.contributionId)).toEqual(['ctb-3', 'ctb-1']);
  });
});
