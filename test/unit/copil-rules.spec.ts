import {
  CopilEvent,
  CopilEventBody,
  CopilState,
  DAY_MS,
  DEFAULT_COPIL_POLICY,
  adopted,
  axisDecisions,
  candidacyProblem,
  copilClock,
  copilId,
  copilOpeningProblems,
  copilReadProblem,
  copilView,
  designationProblem,
  evolveCopil,
  isCopilId,
  openRoundProblem,
  parisYearEndMs,
  recordMeetingProblem,
  scheduleMeetingProblem,
  seatsHeld,
} from '@grants/domain';

const ID = copilId('plaine-commune', 2027);
const NOW = Date.parse('2027-03-01T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const lead = { kind: 'user' as const, id: 'pl-plaine-commune', role: 'project_lead' as const };

function play(bodies: CopilEventBody[], at = NOW): CopilState {
  return bodies.reduce<CopilState | null>(
    (s, body, i) => evolveCopil(s, { ...body, grantId: ID, actor: lead, occurredAt: iso(at + i * 1000) } as CopilEvent),
    null,
  )!;
}

const OPENED: CopilEventBody = { type: 'CopilOpened', payload: { territoryId: 'plaine-commune', year: 2027, policy: DEFAULT_COPIL_POLICY } };
const ROUND: CopilEventBody = {
  type: 'CopilRoundOpened',
  payload: { roundId: 'r1', college: 'associations', seats: 1, candidaciesDueAt: iso(NOW + 10 * DAY_MS), termYears: 2, toldAssociationIds: ['a1'] },
};
const stand = (n: number): CopilEventBody => ({
  type: 'CopilCandidacyFiled',
  payload: { roundId: 'r1', candidacyId: `r1-c${n}`, candidate: { name: `Association ${n}`, associationId: `a${n}` }, statement: '' },
});
const CLOSED: CopilEventBody = { type: 'CopilRoundClosed', payload: { roundId: 'r1', candidacies: 2 } };
const MANDATE = `${ID}-r1-s1`;
const DESIGNATED: CopilEventBody = {
  type: 'CopilSeatDesignated',
  payload: { roundId: 'r1', candidacyId: 'r1-c2', mandateId: MANDATE, reason: 'Élue', startsAt: iso(NOW + 11 * DAY_MS), endsAt: iso(NOW + 741 * DAY_MS) },
};
const SEAT = { mandateId: MANDATE, copilId: ID, college: 'associations' as const, holder: 'Association 2', associationId: 'a2' };
const SCHEDULED: CopilEventBody = {
  type: 'CopilMeetingScheduled',
  payload: { meetingId: `${ID}-m1`, at: iso(NOW + 20 * DAY_MS), agenda: ['Axes'], invited: [SEAT] },
};
const FOR_ALL = { state: 'for', local_authorities: 'for', associations: 'for', citizens: 'for' } as const;

describe("the Copil's rules", () => {
  it('names a Copil by territory and year', () => {
    expect(ID).toBe('copil-plaine-commune-2027');
    expect(isCopilId(ID)).toBe(true);
    expect(isCopilId('codir-plaine-commune-2027')).toBe(false);
    expect(copilOpeningProblems(2027, NOW)).toEqual([]);
    expect(copilOpeningProblems(2028, NOW)).toEqual([]);
    expect(copilOpeningProblems(2029, NOW)).toEqual(['year: 2027 or 2028']);
  });

  it('evolves through every event type: rounds, candidacies, designations, mandates, meetings, decisions, the year’s end and the close', () => {
    let s = play([OPENED, ROUND, stand(1), stand(2)]);
    expect(s.rounds[0]).toMatchObject({ status: 'open', candidacies: [{ candidacyId: 'r1-c1' }, { candidacyId: 'r1-c2' }] });
    s = play([OPENED, ROUND, stand(1), stand(2), CLOSED]);
    expect(s.rounds[0].status).toBe('designating');
    s = play([OPENED, ROUND, stand(1), stand(2), CLOSED, DESIGNATED]);
    expect(s.rounds[0].status).toBe('complete');
    expect(s.mandates).toEqual([
      expect.objectContaining({ mandateId: MANDATE, holder: 'Association 2', associationId: 'a2', college: 'associations', status: 'running' }),
    ]);
    s = play([
      OPENED,
      ROUND,
      stand(1),
      stand(2),
      CLOSED,
      DESIGNATED,
      SCHEDULED,
      { type: 'CopilMeetingHeld', payload: { meetingId: `${ID}-m1`, heldOn: iso(NOW + 20 * DAY_MS), minutes: 'Compte rendu', attendees: [MANDATE] } },
      { type: 'CopilAxisDecided', payload: { meetingId: `${ID}-m1`, axisId: `${ID}-m1-a1`, title: 'Accès aux droits', votes: FOR_ALL, adopted: true } },
      { type: 'CopilTokensCredited', payload: { meetingId: `${ID}-m1`, agreementIds: ['anc-1'] } },
      { type: 'CopilMandateReminderSent', payload: { mandateId: MANDATE, endsAt: iso(NOW + 741 * DAY_MS) } },
      { type: 'CopilYearEnded', payload: { unfilledRounds: [], unheldMeetings: [] } },
      { type: 'CopilMandateEnded', payload: { mandateId: MANDATE } },
      { type: 'CopilClosed', payload: { mandates: 1, meetings: 1, decisions: 1 } },
    ]);
    expect(s.meetings[0]).toMatchObject({
      status: 'held',
      held: { attendees: [MANDATE] },
      decisions: [{ title: 'Accès aux droits', adopted: true }],
      creditedAgreementIds: ['anc-1'],
    });
    expect(s.mandates[0]).toMatchObject({ status: 'ended', remindedAt: expect.any(String) });
    expect(s.status).toBe('closed');
    expect(s.lastSeq).toBe(14);
    expect(() => evolveCopil(null, { ...ROUND, grantId: ID, actor: lead, occurredAt: iso(NOW) } as CopilEvent)).toThrow(/before CopilOpened/);
  });

  it('leaves a round unfilled when no one stood, and marks what the year’s end left undone', () => {
    expect(play([OPENED, ROUND, { type: 'CopilRoundClosed', payload: { roundId: 'r1', candidacies: 0 } }]).rounds[0].status).toBe('unfilled');
    const s = play([OPENED, ROUND, stand(1), CLOSED, { type: 'CopilYearEnded', payload: { unfilledRounds: ['r1'], unheldMeetings: [] } }]);
    expect(s).toMatchObject({ status: 'following', rounds: [{ status: 'unfilled' }] });
  });

  it('derives its read-model row', () => {
    const s = play([OPENED, ROUND, stand(1), stand(2), CLOSED, DESIGNATED, SCHEDULED]);
    expect(copilView(s)).toMatchObject({
      id: ID,
      status: 'active',
      openRounds: 0,
      runningMandates: 1,
      meetingsHeld: 0,
      adoptedAxes: 0,
      nextDueAt: iso(NOW + 20 * DAY_MS),
    });
    expect(copilView(play([OPENED])).nextDueAt).toBeNull();
    expect(copilView(play([OPENED, ROUND])).openRounds).toBe(1);
  });

  it('opens a round per college at a time, with seats, a due date within the year and a term of 1 to 6 years', () => {
    const s = play([OPENED, ROUND]);
    const round = { college: 'citizens' as const, seats: 2, candidaciesDueAt: iso(NOW + DAY_MS), termYears: 2 };
    expect(openRoundProblem(s, round, NOW)).toBeNull();
    expect(openRoundProblem(s, { ...round, college: 'associations' }, NOW)?.code).toBe('conflict');
    expect(openRoundProblem(s, { ...round, seats: 0, termYears: 7 }, NOW)?.message).toBe('seats: 1 to 12; termYears: 1 to 6');
    expect(openRoundProblem(s, { ...round, candidaciesDueAt: iso(parisYearEndMs(2027) + 1) }, NOW)?.message).toMatch(/before the end of 2027/);
    expect(openRoundProblem(s, { ...round, college: 'bishops' as never }, NOW)?.message).toMatch(/college: one of/);
    expect(openRoundProblem(play([OPENED, { type: 'CopilYearEnded', payload: { unfilledRounds: [], unheldMeetings: [] } }]), round, NOW)?.code).toBe(
      'conflict',
    );
  });

  it('takes an association once in the associations’ college, named candidates elsewhere, until the due date', () => {
    const s = play([OPENED, ROUND, stand(1)]);
    expect(candidacyProblem(s, 'r1', { name: 'Association 2', associationId: 'a2' }, '')).toBeNull();
    expect(candidacyProblem(s, 'r1', { name: 'Association 1', associationId: 'a1' }, '')?.code).toBe('conflict');
    expect(candidacyProblem(s, 'r1', { name: 'Conseil citoyen' }, '')?.message).toMatch(/associations of the directory/);
    expect(candidacyProblem(s, 'r2', { name: 'x' }, '')?.code).toBe('not_found');
    expect(candidacyProblem(play([OPENED, ROUND, stand(1), CLOSED]), 'r1', { name: 'Association 3', associationId: 'a3' }, '')?.message).toMatch(
      /candidacies closed/,
    );
    const citizens = play([
      OPENED,
      { type: 'CopilRoundOpened', payload: { ...(ROUND.payload as object), roundId: 'r1', college: 'citizens' } } as CopilEventBody,
    ]);
    expect(candidacyProblem(citizens, 'r1', { name: 'Association 1', associationId: 'a1' }, '')?.message).toMatch(/not citizens/);
    expect(candidacyProblem(citizens, 'r1', { name: '  ' }, '')?.message).toMatch(/candidate.name/);
  });

  it('designates after the due date, one candidate per seat, each once, with a reason', () => {
    expect(designationProblem(play([OPENED, ROUND, stand(1)]), 'r1', 'r1-c1', 'Élue')?.message).toMatch(/candidacies are taken until/);
    const closed = play([OPENED, ROUND, stand(1), stand(2), CLOSED]);
    expect(designationProblem(closed, 'r1', 'r1-c1', 'Élue')).toBeNull();
    expect(designationProblem(closed, 'r1', 'r1-c1', ' ')?.code).toBe('validation');
    expect(designationProblem(closed, 'r1', 'r1-c9', 'Élue')?.code).toBe('validation');
    expect(designationProblem(closed, 'r9', 'r1-c1', 'Élue')?.code).toBe('not_found');
    const full = play([OPENED, ROUND, stand(1), stand(2), CLOSED, DESIGNATED]);
    expect(designationProblem(full, 'r1', 'r1-c1', 'Élue')?.message).toMatch(/every seat/);
    expect(designationProblem(full, 'r1', 'r1-c2', 'Élue')?.message).toMatch(/designated already/);
  });

  it('schedules a meeting ahead within the year, with an agenda and the seats held', () => {
    const s = play([OPENED]);
    const meeting = { at: iso(NOW + DAY_MS), agenda: ['Axes'], invited: [SEAT] };
    expect(scheduleMeetingProblem(s, meeting, NOW)).toBeNull();
    expect(scheduleMeetingProblem(s, { ...meeting, invited: [] }, NOW)?.message).toMatch(/no seat is held yet/);
    expect(scheduleMeetingProblem(s, { ...meeting, agenda: [] }, NOW)?.message).toBe('agenda: at least one item');
    expect(scheduleMeetingProblem(s, { ...meeting, at: iso(NOW - 1) }, NOW)?.message).toMatch(/^at: after now/);
  });

  it("records a meeting once: attendees among the seats invited, each decision with the four colleges' votes", () => {
    const s = play([OPENED, ROUND, stand(1), stand(2), CLOSED, DESIGNATED, SCHEDULED]);
    const m = `${ID}-m1`;
    const record = { heldOn: iso(NOW + 20 * DAY_MS), minutes: 'CR', attendees: [MANDATE], decisions: [{ title: 'Accès aux droits', votes: FOR_ALL }] };
    expect(recordMeetingProblem(s, m, record, NOW + 21 * DAY_MS)).toBeNull();
    expect(recordMeetingProblem(s, m, record, NOW)?.message).toMatch(/has taken place/);
    expect(recordMeetingProblem(s, m, { ...record, attendees: ['x', MANDATE, MANDATE] }, NOW + 21 * DAY_MS)?.message).toBe(
      'attendees[0]: x is not a seat invited to this meeting; attendees: each seat once',
    );
    expect(recordMeetingProblem(s, m, { ...record, decisions: [{ title: 'Axe', votes: { state: 'for' } }] }, NOW + 21 * DAY_MS)?.message).toMatch(
      /decisions\[0\]\.votes\.local_authorities/,
    );
    expect(recordMeetingProblem(s, 'm9', record, NOW + 21 * DAY_MS)?.code).toBe('not_found');
  });

  it('adopts an axis when more colleges voted for than against', () => {
    expect(adopted(FOR_ALL)).toBe(true);
    expect(adopted({ state: 'for', local_authorities: 'against', associations: 'abstain', citizens: 'abstain' })).toBe(false);
    expect(adopted({ state: 'for', local_authorities: 'abstain', associations: 'abstain', citizens: 'abstain' })).toBe(true);
    expect(axisDecisions('m1', [{ title: ' Axe ', votes: FOR_ALL }])).toEqual([{ axisId: 'm1-a1', title: 'Axe', votes: FOR_ALL, adopted: true }]);
  });

  it('keeps its clock: candidacies close at their due date, mandates reminded before their term and ended at it, the year’s end, then the close', () => {
    const open = play([OPENED, ROUND]);
    expect(copilClock(open, NOW)).toEqual({ due: null, nextAt: NOW + 10 * DAY_MS });
    expect(copilClock(open, NOW + 10 * DAY_MS).due).toEqual({ type: 'CopilRoundClosed', payload: { roundId: 'r1', candidacies: 0 } });
    const seated = play([OPENED, ROUND, stand(1), stand(2), CLOSED, DESIGNATED]);
    expect(copilClock(seated, NOW).nextAt).toBe(parisYearEndMs(2027));
    expect(copilClock(seated, parisYearEndMs(2027)).due?.type).toBe('CopilYearEnded');
    const following = play([
      OPENED,
      ROUND,
      stand(1),
      stand(2),
      CLOSED,
      DESIGNATED,
      { type: 'CopilYearEnded', payload: { unfilledRounds: [], unheldMeetings: [] } },
    ]);
    expect(copilClock(following, NOW).nextAt).toBe(NOW + 681 * DAY_MS);
    expect(copilClock(following, NOW + 681 * DAY_MS).due).toEqual({
      type: 'CopilMandateReminderSent',
      payload: { mandateId: MANDATE, endsAt: iso(NOW + 741 * DAY_MS) },
    });
    const ended = play([OPENED, { type: 'CopilYearEnded', payload: { unfilledRounds: [], unheldMeetings: [] } }]);
    expect(copilClock(ended, NOW).due).toEqual({ type: 'CopilClosed', payload: { mandates: 0, meetings: 0, decisions: 0 } });
  });

  it('shows the seats held now, of every year, college by college', () => {
    const s = play([OPENED, ROUND, stand(1), stand(2), CLOSED, DESIGNATED]);
    expect(seatsHeld([s], NOW)).toEqual([]);
    expect(seatsHeld([s], NOW + 12 * DAY_MS)).toEqual([SEAT]);
    expect(seatsHeld([s], NOW + 742 * DAY_MS)).toEqual([]);
  });

  it('is read by its territory’s binôme and associations, auditors and admins', () => {
    const s = { id: ID, territoryId: 'plaine-commune' };
    expect(copilReadProblem({ sub: 'x', role: 'auditor' }, s, false)).toBeNull();
    expect(copilReadProblem({ sub: 'x', role: 'prefect_delegate', territory: 'plaine-commune' }, s, false)).toBeNull();
    expect(copilReadProblem({ sub: 'x', role: 'association', org: 'a1' }, s, true)).toBeNull();
    expect(copilReadProblem({ sub: 'x', role: 'association', org: 'a1' }, s, false)?.code).toBe('not_found');
    expect(copilReadProblem({ sub: 'x', role: 'funder', org: 'f' }, s, false)?.code).toBe('not_found');
  });
});
