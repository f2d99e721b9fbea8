import {
  Actor,
  DAY_MS,
  DEFAULT_TASK_FORCE_POLICY,
  MemberInvitation,
  TaskForceEventBody,
  TaskForceState,
  answerProblem,
  cancelProblem,
  checkInProblem,
  clockOf,
  evolveTaskForce,
  extendProblem,
  extensionSchedule,
  kickOffProblem,
  kickOffSchedule,
  logActionProblem,
  memberOf,
  midTermProblem,
  pilotProblem,
  taskForceAudiences,
  taskForceInviteProblem,
  taskForceReadProblem,
  taskForceReportProblem,
  taskForceTermsProblems,
  taskForceView,
} from '@grants/domain';

const T0 = Date.parse('2027-01-04T09:00:00.000Z');
const MONTH = DEFAULT_TASK_FORCE_POLICY.monthMs;
const PILOT: Actor = { kind: 'user', id: 'pl-plaine-commune', role: 'project_lead' };
const SYSTEM: Actor = { kind: 'system', id: 'engine' };
const at = (ms: number) => new Date(ms).toISOString();

const INVITED: Omit<MemberInvitation, 'memberId'>[] = [
  { kind: 'association', organisationId: 'assoc-a', name: 'A' },
  { kind: 'association', organisationId: 'assoc-b', name: 'B' },
  { kind: 'association', organisationId: 'assoc-c', name: 'C' },
  { kind: 'signatory', organisationId: 'funder-caf-93', name: 'CAF' },
  { kind: 'service', name: 'Tranquillité publique' },
];

function apply(state: TaskForceState | null, body: TaskForceEventBody, ms: number, actor: Actor = PILOT): TaskForceState {
  return evolveTaskForce(state, { ...body, grantId: 'tf-1', actor, occurredAt: at(ms) });
}

function proposed(durationMonths = 6): TaskForceState {
  const members: MemberInvitation[] = [{ memberId: 'pilot', kind: 'pilot', name: 'Pilote' }, ...INVITED.map((m, i) => ({ ...m, memberId: `m${i + 1}` }))];
  return apply(
    null,
    {
      type: 'TaskForceProposed',
      payload: {
        territoryId: 'plaine-commune',
        qpv: 'Francs-Moisins',
        title: 'Halls',
        problem: 'Regroupements',
        durationMonths,
        members,
        policy: DEFAULT_TASK_FORCE_POLICY,
      },
    },
    T0,
  );
}

function active(): TaskForceState {
  let s = proposed();
  for (const memberId of ['m1', 'm2', 'm3', 'm4', 'm5'])
    s = apply(s, { type: 'TaskForceInvitationAccepted', payload: { memberId, recordedByPilot: memberId === 'm5' } }, T0 + DAY_MS);
  return apply(
    s,
    {
      type: 'TaskForceKickedOff',
      payload: { heldOn: at(T0 + 2 * DAY_MS), summary: 'Lancement', ...kickOffSchedule(T0 + 2 * DAY_MS, 6, DEFAULT_TASK_FORCE_POLICY) },
    },
    T0 + 2 * DAY_MS,
  );
}

/** Runs the clock from `from` to `to` as the workflow does: each due event recorded, then the next moment. */
function runClock(state: TaskForceState, to: number): { state: TaskForceState; events: string[] } {
  const events: string[] = [];
  let now = Date.parse(state.updatedAt);
  for (;;) {
    const { due, nextAt } = clockOf(state, now);
    if (due) {
      state = apply(state, due, now, SYSTEM);
      events.push(due.type === 'TaskForceCheckInReminderSent' || due.type === 'TaskForceCheckInMissed' ? `${due.type}:${due.payload.n}` : due.type);
      continue;
    }
    if (nextAt === undefined || nextAt > to) return { state, events };
    now = nextAt;
  }
}

describe('a task force: proposal and membership', () => {
  it('takes 6 to 8 members, its pilot included, each organisation once, services named', () => {
    const terms = { territoryId: 't', qpv: 'Q', title: 'T', problem: 'P', durationMonths: 6, members: INVITED };
    expect(taskForceTermsProblems(terms)).toEqual([]);
    expect(taskForceTermsProblems({ ...terms, members: INVITED.slice(0, 4) })).toEqual([
      expect.stringMatching(/6 to 8 members, its pilot included: invite 5 to 7 \(4 given\)/),
    ]);
    expect(taskForceTermsProblems({ ...terms, members: [...INVITED, INVITED[0], INVITED[1], INVITED[2]] })[0]).toMatch(/\(8 given\)/);
    expect(taskForceTermsProblems({ ...terms, members: [...INVITED, INVITED[0]] })).toEqual(['members[5]: assoc-a is invited twice']);
    expect(taskForceTermsProblems({ ...terms, durationMonths: 7, qpv: ' ', problem: '' })).toHaveLength(3);
    expect(taskForceTermsProblems({ ...terms, members: [...INVITED.slice(0, 4), { kind: 'pilot', name: 'x' }] })[0]).toMatch(/the pilot is the project lead/);
  });

  it('evolves invitations: accepted, declined with its reason, reminded, a replacement invited within 8 seats', () => {
    let s = proposed();
    expect(s).toMatchObject({ status: 'forming', pilotId: 'pl-plaine-commune', lastSeq: 1 });
    expect(s.members.map((m) => m.status)).toEqual(['accepted', 'invited', 'invited', 'invited', 'invited', 'invited']);
    s = apply(s, { type: 'TaskForceInvitationDeclined', payload: { memberId: 'm3', reason: 'Pas le temps', recordedByPilot: false } }, T0 + 1);
    expect(s.members[3]).toMatchObject({ status: 'declined', declineReason: 'Pas le temps' });
    expect(answerProblem(s, 'm3')?.message).toMatch(/already declined/);
    expect(answerProblem(s, 'pilot')?.code).toBe('conflict');
    expect(answerProblem(s, 'm9')?.code).toBe('not_found');
    expect(answerProblem(s, 'm1', { reason: ' ' })?.code).toBe('validation');
    s = apply(s, { type: 'TaskForceInvitationReminderSent', payload: { memberIds: ['m1'] } }, T0 + 2);
    expect(s.members[1].remindedAt).toBe(at(T0 + 2));
    expect(taskForceInviteProblem(s, { kind: 'association', organisationId: 'assoc-a', name: 'A' })?.message).toMatch(/already a member or invited/);
    expect(taskForceInviteProblem(s, { kind: 'association', organisationId: 'assoc-c', name: 'C' })).toBeNull(); // declined: may be invited again
    for (const org of ['assoc-d', 'assoc-e', 'assoc-f']) {
      expect(taskForceInviteProblem(s, { kind: 'association', organisationId: org, name: org })).toBeNull();
      s = apply(
        s,
        { type: 'TaskForceMemberInvited', payload: { member: { kind: 'association', organisationId: org, name: org, memberId: `m${s.members.length}` } } },
        T0 + 3,
      );
    }
    expect(taskForceInviteProblem(s, { kind: 'association', organisationId: 'assoc-g', name: 'G' })?.message).toMatch(
      /8 members or invitees, the most it takes/,
    );
    expect(taskForceView(s)).toMatchObject({ seated: 8, accepted: 1, nextStep: { step: 'kick_off', dueAt: null } });
  });

  it('kicks off with six who accepted, held before now and not before the proposal, and schedules its months', () => {
    let s = proposed();
    for (const memberId of ['m1', 'm2', 'm3', 'm4'])
      s = apply(s, { type: 'TaskForceInvitationAccepted', payload: { memberId, recordedByPilot: false } }, T0 + 1);
    expect(kickOffProblem(s, { heldOn: at(T0 + 5), summary: 'x' }, T0 + 10)?.message).toMatch(/5 members have accepted/);
    s = apply(s, { type: 'TaskForceInvitationAccepted', payload: { memberId: 'm5', recordedByPilot: true } }, T0 + 2);
    expect(kickOffProblem(s, { heldOn: at(T0 + 5), summary: 'x' }, T0 + 10)).toBeNull();
    expect(kickOffProblem(s, { heldOn: at(T0 + 50), summary: 'x' }, T0 + 10)?.code).toBe('validation');
    expect(kickOffProblem(s, { heldOn: at(T0 - 2 * DAY_MS), summary: 'x' }, T0 + 10)?.message).toMatch(/before the task force was proposed/);
    expect(kickOffProblem(s, { heldOn: at(T0 + 5), summary: ' ' }, T0 + 10)?.code).toBe('validation');
    const schedule = kickOffSchedule(T0, 6, DEFAULT_TASK_FORCE_POLICY);
    expect(schedule).toEqual({ endsAt: at(T0 + 6 * MONTH), midTermDueAt: at(T0 + 3 * MONTH), checkInsDue: [1, 2, 3, 4, 5].map((n) => at(T0 + n * MONTH)) });
    expect(kickOffSchedule(T0, 1, DEFAULT_TASK_FORCE_POLICY).checkInsDue).toEqual([]);
    s = active();
    expect(s).toMatchObject({ status: 'active', endsAt: at(T0 + 2 * DAY_MS + 6 * MONTH) });
    expect(kickOffProblem(s, { heldOn: at(T0), summary: 'x' }, T0 + 10)?.message).toMatch(/already been kicked off/);
  });
});

describe('a task force: its months', () => {
  it('reminds before each check-in, marks a check-in not held as missed, reminds the mid-term review and the end, then asks for the report and flags it late', () => {
    let s = active();
    s = apply(s, { type: 'TaskForceCheckInHeld', payload: { n: 1, summary: 'Bien' } }, Date.parse(s.checkIns[0].dueAt) - 4 * DAY_MS);
    const { state, events } = runClock(s, Date.parse(s.endsAt!) + 20 * DAY_MS);
    expect(events).toEqual([
      'TaskForceCheckInReminderSent:2',
      'TaskForceCheckInMissed:2',
      'TaskForceCheckInReminderSent:3',
      'TaskForceMidTermReviewReminderSent',
      'TaskForceCheckInMissed:3',
      'TaskForceCheckInReminderSent:4',
      'TaskForceCheckInMissed:4',
      'TaskForceCheckInReminderSent:5',
      'TaskForceCheckInMissed:5',
      'TaskForceEndReminderSent',
      'TaskForceFinalReportDue',
      'TaskForceFinalReportOverdue',
    ]);
    expect(state.status).toBe('reporting');
    expect(clockOf(state, Date.parse(s.endsAt!) + 100 * DAY_MS)).toEqual({ due: null });
    expect(taskForceView(state).nextStep).toEqual({ step: 'final_report', dueAt: s.endsAt });
  });

  it('extends once, by 1 to 3 months with a reason, adding the monthly check-ins to the new end; active again when it was reporting', () => {
    let s = runClock(active(), Date.parse(active().endsAt!) + 1).state;
    expect(s.status).toBe('reporting');
    expect(extendProblem(s, { months: 4, reason: 'x' })?.code).toBe('validation');
    expect(extendProblem(s, { months: 2, reason: '' })?.code).toBe('validation');
    expect(extendProblem(s, { months: 2, reason: 'Travaux' })).toBeNull();
    const schedule = extensionSchedule(s, 2);
    const heldOn = Date.parse(s.kickOff!.heldOn);
    expect(schedule).toEqual({ endsAt: at(heldOn + 8 * MONTH), checkInsDue: [at(heldOn + 6 * MONTH), at(heldOn + 7 * MONTH)] });
    s = apply(s, { type: 'TaskForceExtended', payload: { months: 2, reason: 'Travaux', ...schedule } }, Date.parse(s.endsAt!) + 2);
    expect(s).toMatchObject({ status: 'active', extension: { months: 2, reason: 'Travaux' }, endsAt: schedule.endsAt });
    expect(s.endRemindedAt).toBeUndefined();
    expect(s.checkIns.map((c) => c.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(extendProblem(s, { months: 1, reason: 'encore' })?.message).toMatch(/already extended once, by 2 months/);
    expect(runClock(s, Date.parse(schedule.endsAt) + 1).events).toContain('TaskForceFinalReportDue');
  });

  it('logs actions of the members who accepted, takes each check-in and review once, and closes on its final report', () => {
    let s = active();
    expect(logActionProblem(s, 'm1', 'x')).toBeNull();
    expect(logActionProblem(s, 'm1', ' ')?.code).toBe('validation');
    s = apply(s, { type: 'TaskForceActionLogged', payload: { entryId: 'a1', text: 'Permanence', memberId: 'm1' } }, T0 + 3 * DAY_MS, {
      kind: 'user',
      id: 'user-a',
      role: 'association',
    });
    expect(s.actions).toEqual([{ entryId: 'a1', text: 'Permanence', memberId: 'm1', by: 'user-a', at: at(T0 + 3 * DAY_MS) }]);
    const declined = apply(proposed(), { type: 'TaskForceInvitationDeclined', payload: { memberId: 'm1', reason: 'Non', recordedByPilot: false } }, T0 + 1);
    expect(logActionProblem(declined, 'm1', 'x')?.message).toMatch(/not been kicked off/);
    expect(checkInProblem(s, 9, 'x')?.code).toBe('not_found');
    s = apply(s, { type: 'TaskForceCheckInHeld', payload: { n: 1, summary: 'Bien' } }, T0 + 4 * DAY_MS);
    expect(checkInProblem(s, 1, 'x')?.code).toBe('conflict');
    expect(midTermProblem(s, { assessment: '', adjustments: '' })?.code).toBe('validation');
    s = apply(s, { type: 'TaskForceMidTermReviewSubmitted', payload: { assessment: 'Mieux', adjustments: '' } }, T0 + 5 * DAY_MS);
    expect(midTermProblem(s, { assessment: 'x', adjustments: '' })?.code).toBe('conflict');
    expect(taskForceView(s).nextStep).toEqual({ step: 'check_in', dueAt: s.checkIns[1].dueAt });
    expect(taskForceReportProblem(s, { coordinated: 'x', scaleUp: ' ' })?.code).toBe('validation');
    s = apply(s, { type: 'TaskForceFinalReportSubmitted', payload: { coordinated: 'Planning commun', scaleUp: 'Le samedi' } }, T0 + 6 * DAY_MS);
    expect(s).toMatchObject({ status: 'closed', finalReport: { coordinated: 'Planning commun', by: 'pl-plaine-commune' } });
    expect(clockOf(s, T0 + 400 * DAY_MS)).toEqual({ due: null });
    expect(logActionProblem(s, 'm1', 'x')?.message).toMatch(/closed/);
    expect(taskForceView(s).nextStep).toBeNull();
  });

  it('is cancelled with a reason at any time before its end, and then takes nothing more', () => {
    const s = proposed();
    expect(cancelProblem(s, ' ')?.code).toBe('validation');
    const cancelled = apply(s, { type: 'TaskForceCancelled', payload: { reason: 'Doublon' } }, T0 + 1);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Doublon', by: 'pl-plaine-commune' } });
    expect(cancelProblem(cancelled, 'x')?.code).toBe('conflict');
    expect(answerProblem(cancelled, 'm1')?.code).toBe('conflict');
    expect(taskForceInviteProblem(cancelled, { kind: 'service', name: 'S' })?.code).toBe('conflict');
    expect(() => apply(null, { type: 'TaskForceCancelled', payload: { reason: 'x' } }, T0)).toThrow(/before TaskForceProposed/);
  });
});

describe('a task force: who sees it, who steers it, who hears of it', () => {
  const s = proposed();
  it('is seen by its territory, the organisations invited, auditors and admins; 404 for anyone else', () => {
    expect(taskForceReadProblem({ sub: 'x', role: 'prefect_delegate', territory: 'plaine-commune' }, s)).toBeNull();
    expect(taskForceReadProblem({ sub: 'x', role: 'association', org: 'assoc-a' }, s)).toBeNull();
    expect(taskForceReadProblem({ sub: 'x', role: 'funder', org: 'funder-caf-93' }, s)).toBeNull();
    expect(taskForceReadProblem({ sub: 'x', role: 'auditor' }, s)).toBeNull();
    expect(taskForceReadProblem({ sub: 'x', role: 'association', org: 'assoc-z' }, s)?.code).toBe('not_found');
    expect(taskForceReadProblem({ sub: 'x', role: 'project_lead', territory: 'est-ensemble' }, s)?.code).toBe('not_found');
    expect(pilotProblem({ sub: 'x', role: 'prefect_delegate', territory: 'plaine-commune' }, s)?.code).toBe('forbidden');
    expect(pilotProblem({ sub: 'x', role: 'project_lead', territory: 'plaine-commune' }, s)).toBeNull();
    expect(memberOf({ sub: 'x', role: 'funder', org: 'funder-caf-93' }, s)?.memberId).toBe('m4');
    expect(memberOf({ sub: 'x', role: 'association', org: 'funder-caf-93' }, s)).toBeUndefined();
  });

  it('tells the invited organisations and the prefect delegate of the proposal, the pilot of the answers, the binôme of a late report', () => {
    const keys = (body: TaskForceEventBody, state = s) =>
      taskForceAudiences(state, body).map((a) => (a.kind === 'org' ? a.org : a.kind === 'territory_role' ? a.role : a.role));
    expect(keys({ type: 'TaskForceProposed', payload: {} as never })).toEqual(['assoc-a', 'assoc-b', 'assoc-c', 'funder-caf-93', 'prefect_delegate']);
    expect(keys({ type: 'TaskForceInvitationAccepted', payload: { memberId: 'm1', recordedByPilot: false } })).toEqual(['project_lead']);
    expect(keys({ type: 'TaskForceFinalReportOverdue', payload: { endsAt: at(T0) } })).toEqual(['project_lead', 'prefect_delegate']);
    expect(keys({ type: 'TaskForceActionLogged', payload: { entryId: 'a1', text: 'x', memberId: 'm1' } })).toEqual([]);
    expect(keys({ type: 'TaskForceKickedOff', payload: {} as never }, active())).toEqual([
      'assoc-a',
      'assoc-b',
      'assoc-c',
      'funder-caf-93',
      'prefect_delegate',
    ]);
  });
});
