import { DomainError } from '../errors';
import type { Principal } from '../roles';
import type { MemberInvitation, TaskForceEventBody } from './task-force.events';
import {
  TASK_FORCE_ACTIONS_MAX,
  TASK_FORCE_INVITATIONS_MAX,
  TASK_FORCE_MAX_DURATION_MONTHS,
  TASK_FORCE_MAX_MEMBERS,
  TASK_FORCE_MIN_MEMBERS,
  TaskForcePolicy,
} from './task-force.policy';
import type { TaskForceState } from './task-force.state';

const invalid = (message: string) => new DomainError('validation', message);
const conflict = (message: string) => new DomainError('conflict', message);

export function isTaskForceId(value: string): boolean {
  return /^tf-[0-9a-f-]{36}$/.test(value);
}

/** What a project lead proposes: one named problem in one QPV, for a few months, with its members (the pilot apart). */
export interface TaskForceTerms {
  territoryId: string;
  qpv: string;
  title: string;
  problem: string;
  durationMonths: number;
  members: Omit<MemberInvitation, 'memberId'>[];
}

/** Members seated (invited or accepted): the pilot and everyone who has not declined. */
export function seated(state: TaskForceState): number {
  return state.members.filter((m) => m.status !== 'declined').length;
}

export function accepted(state: TaskForceState): number {
  return state.members.filter((m) => m.status === 'accepted').length;
}

const sameMember = (a: Omit<MemberInvitation, 'memberId'>, b: Omit<MemberInvitation, 'memberId'>) =>
  a.kind === b.kind && (a.organisationId ? a.organisationId === b.organisationId : a.name.trim().toLowerCase() === b.name.trim().toLowerCase());

function invitationProblem(m: Omit<MemberInvitation, 'memberId'>, at: string): string | null {
  if (m.kind === 'pilot') return `${at}: the pilot is the project lead who proposes the task force, not an invitee`;
  if (!m.name?.trim()) return `${at}.name: must not be empty`;
  if ((m.kind === 'association' || m.kind === 'signatory') && !m.organisationId)
    return `${at}.organisationId: an ${m.kind} member is an organisation of the directory`;
  if (m.kind === 'service' && m.organisationId) return `${at}.organisationId: a service of the city or the EPT is named, not taken from the directory`;
  return null;
}

/** Everything wrong with a proposal (an empty list when it may start). 6 to 8 members, the pilot included. */
export function taskForceTermsProblems(terms: TaskForceTerms): string[] {
  const problems: string[] = [];
  if (!terms.title?.trim()) problems.push('title: must not be empty');
  if (!terms.problem?.trim()) problems.push('problem: name the one problem the task force takes on');
  if (!terms.qpv?.trim()) problems.push('qpv: a task force works at the scale of one priority neighbourhood');
  if (!Number.isSafeInteger(terms.durationMonths) || terms.durationMonths < 1 || terms.durationMonths > TASK_FORCE_MAX_DURATION_MONTHS) {
    problems.push(`durationMonths: a task force is temporary, 1 to ${TASK_FORCE_MAX_DURATION_MONTHS} months`);
  }
  const size = terms.members.length + 1;
  if (size < TASK_FORCE_MIN_MEMBERS || size > TASK_FORCE_MAX_MEMBERS) {
    problems.push(
      `members: a task force has ${TASK_FORCE_MIN_MEMBERS} to ${TASK_FORCE_MAX_MEMBERS} members, its pilot included: invite ${TASK_FORCE_MIN_MEMBERS - 1} to ${TASK_FORCE_MAX_MEMBERS - 1} (${terms.members.length} given)`,
    );
  }
  terms.members.forEach((m, i) => {
    const problem = invitationProblem(m, `members[${i}]`);
    if (problem) problems.push(problem);
    else if (terms.members.slice(0, i).some((other) => sameMember(other, m))) problems.push(`members[${i}]: ${m.organisationId ?? m.name} is invited twice`);
  });
  return problems;
}

const ended = (state: TaskForceState): DomainError | null =>
  state.status === 'closed' || state.status === 'cancelled' ? conflict(`the task force is ${state.status}: it takes no more changes`) : null;

function invitee(state: TaskForceState, memberId: string): DomainError | MemberInvitation {
  const member = state.members.find((m) => m.memberId === memberId);
  if (!member) return new DomainError('not_found', `no member ${memberId} in this task force`);
  return member;
}

export function answerProblem(state: TaskForceState, memberId: string, decline?: { reason: string }): DomainError | null {
  const over = ended(state);
  if (over) return over;
  if (decline && !decline.reason?.trim()) return invalid('reason: say why the invitation is declined');
  const found = invitee(state, memberId);
  if (found instanceof DomainError) return found;
  const member = state.members.find((m) => m.memberId === memberId)!;
  if (member.kind === 'pilot') return conflict('the pilot leads the task force: it has no invitation to answer');
  if (member.status !== 'invited') return conflict(`${member.name} has already ${member.status} the invitation`);
  return null;
}

export function taskForceInviteProblem(state: TaskForceState, member: Omit<MemberInvitation, 'memberId'>): DomainError | null {
  const over = ended(state);
  if (over) return over;
  if (state.status === 'reporting') return conflict('the task force is writing its final report: no new member now');
  const problem = invitationProblem(member, 'member');
  if (problem) return invalid(problem);
  if (state.members.some((m) => m.status !== 'declined' && sameMember(m, member)))
    return conflict(`${member.organisationId ?? member.name} is already a member or invited`);
  if (seated(state) >= TASK_FORCE_MAX_MEMBERS)
    return conflict(`the task force has ${seated(state)} members or invitees, the most it takes (${TASK_FORCE_MAX_MEMBERS})`);
  if (state.members.length >= TASK_FORCE_INVITATIONS_MAX) return conflict(`${state.members.length} invitations sent: the most a task force sends`);
  return null;
}

/** The kick-off needs 6 members who accepted (the pilot included); it starts the clock. */
export function kickOffProblem(state: TaskForceState, c: { heldOn: string; summary: string }, nowMs: number): DomainError | null {
  const over = ended(state);
  if (over) return over;
  if (state.status !== 'forming') return conflict('the task force has already been kicked off');
  if (!c.summary?.trim()) return invalid('summary: what the kick-off agreed');
  const heldOn = Date.parse(c.heldOn);
  if (Number.isNaN(heldOn)) return invalid('heldOn: not a date');
  if (heldOn > nowMs) return invalid('heldOn: a kick-off is recorded once held, not before');
  const proposedDay = Date.parse(state.proposedAt.slice(0, 10));
  if (heldOn < proposedDay) return invalid(`heldOn: before the task force was proposed (${state.proposedAt.slice(0, 10)})`);
  if (accepted(state) < TASK_FORCE_MIN_MEMBERS) {
    return conflict(`${accepted(state)} members have accepted, the pilot included: a task force starts with ${TASK_FORCE_MIN_MEMBERS}`);
  }
  return null;
}

/** Where a task force kicked off at `heldOnMs` stands in time: its end, its mid-term (half-way) and its monthly check-ins before the end. */
export function kickOffSchedule(
  heldOnMs: number,
  durationMonths: number,
  policy: TaskForcePolicy,
): { endsAt: string; midTermDueAt: string; checkInsDue: string[] } {
  const month = policy.monthMs;
  return {
    endsAt: new Date(heldOnMs + durationMonths * month).toISOString(),
    midTermDueAt: new Date(heldOnMs + Math.round((durationMonths * month) / 2)).toISOString(),
    checkInsDue: Array.from({ length: durationMonths - 1 }, (_, i) => new Date(heldOnMs + (i + 1) * month).toISOString()),
  };
}

function running(state: TaskForceState): DomainError | null {
  const over = ended(state);
  if (over) return over;
  if (state.status === 'forming') return conflict('the task force has not been kicked off yet');
  return null;
}

export function logActionProblem(state: TaskForceState, memberId: string, text: string): DomainError | null {
  if (!text?.trim()) return invalid('text: what was done');
  const problem = running(state);
  if (problem) return problem;
  const member = state.members.find((m) => m.memberId === memberId);
  if (!member || member.status !== 'accepted') return new DomainError('forbidden', 'the members who accepted keep the action log');
  if (state.actions.length >= TASK_FORCE_ACTIONS_MAX) return conflict(`the action log holds ${TASK_FORCE_ACTIONS_MAX} entries, the most it takes`);
  return null;
}

export function checkInProblem(state: TaskForceState, n: number, summary: string): DomainError | null {
  if (!summary?.trim()) return invalid('summary: what the check-in found');
  const problem = running(state);
  if (problem) return problem;
  const checkIn = state.checkIns.find((c) => c.n === n);
  if (!checkIn) return new DomainError('not_found', `no check-in ${n} (the task force has ${state.checkIns.length})`);
  if (checkIn.heldAt) return conflict(`check-in ${n} was recorded on ${checkIn.heldAt.slice(0, 10)}`);
  return null;
}

export function midTermProblem(state: TaskForceState, c: { assessment: string; adjustments: string }): DomainError | null {
  if (!c.assessment?.trim()) return invalid('assessment: where the task force stands half-way');
  const problem = running(state);
  if (problem) return problem;
  if (state.midTermReview) return conflict(`the mid-term review was submitted on ${state.midTermReview.at.slice(0, 10)}`);
  return null;
}

/** One extension, of 1 to 3 months, with its reason, before the final report. */
export function extendProblem(state: TaskForceState, c: { months: number; reason: string }): DomainError | null {
  if (!c.reason?.trim()) return invalid('reason: why the task force needs more time');
  if (!Number.isSafeInteger(c.months) || c.months < 1 || c.months > state.policy.maxExtensionMonths) {
    return invalid(`months: an extension lasts 1 to ${state.policy.maxExtensionMonths} months`);
  }
  const problem = running(state);
  if (problem) return problem;
  if (state.extension) return conflict(`the task force was already extended once, by ${state.extension.months} months`);
  return null;
}

export function extensionSchedule(state: TaskForceState, months: number): { endsAt: string; checkInsDue: string[] } {
  const month = state.policy.monthMs;
  const heldOn = Date.parse(state.kickOff!.heldOn);
  const endsAt = Date.parse(state.endsAt!) + months * month;
  const checkInsDue: string[] = [];
  for (let n = state.checkIns.length + 1; heldOn + n * month < endsAt; n++) checkInsDue.push(new Date(heldOn + n * month).toISOString());
  return { endsAt: new Date(endsAt).toISOString(), checkInsDue };
}

export function taskForceReportProblem(state: TaskForceState, c: { coordinated: string; scaleUp: string }): DomainError | null {
  if (!c.coordinated?.trim()) return invalid('coordinated: what the task force coordinated');
  if (!c.scaleUp?.trim()) return invalid('scaleUp: what scales up, or why nothing does');
  const problem = running(state);
  if (problem) return problem;
  return null;
}

export function cancelProblem(state: TaskForceState, reason: string): DomainError | null {
  if (!reason?.trim()) return invalid('reason: why the task force stops');
  return ended(state);
}

/**
 * What the clock does next: the earliest reminder, missed check-in, end or overdue report whose time
 * has come at `nowMs` (null when none has), and when the next one comes (undefined when none will).
 * The workflow records one due event at a time, evolving between them.
 */
export function clockOf(state: TaskForceState, nowMs: number): { due: TaskForceEventBody | null; nextAt?: number } {
  const moments: { at: number; event: () => TaskForceEventBody }[] = [];
  if (state.status === 'closed' || state.status === 'cancelled') return { due: null };
  const { policy } = state;
  const unreminded = state.members.filter((m) => m.status === 'invited' && !m.remindedAt);
  for (const m of unreminded) {
    moments.push({
      at: Date.parse(m.invitedAt) + policy.invitationReminderMs,
      event: () => ({
        type: 'TaskForceInvitationReminderSent',
        payload: { memberIds: unreminded.filter((u) => Date.parse(u.invitedAt) + policy.invitationReminderMs <= nowMs).map((u) => u.memberId) },
      }),
    });
  }
  if (state.status === 'active' || state.status === 'reporting') {
    for (const c of state.checkIns) {
      if (c.heldAt) continue;
      const dueAt = Date.parse(c.dueAt);
      if (!c.remindedAt && !c.missed)
        moments.push({ at: dueAt - policy.reminderBeforeMs, event: () => ({ type: 'TaskForceCheckInReminderSent', payload: { n: c.n, dueAt: c.dueAt } }) });
      if (!c.missed)
        moments.push({ at: dueAt + policy.checkInGraceMs, event: () => ({ type: 'TaskForceCheckInMissed', payload: { n: c.n, dueAt: c.dueAt } }) });
    }
    if (!state.midTermReview && !state.midTermRemindedAt && state.midTermDueAt) {
      moments.push({
        at: Date.parse(state.midTermDueAt) - policy.reminderBeforeMs,
        event: () => ({ type: 'TaskForceMidTermReviewReminderSent', payload: { dueAt: state.midTermDueAt! } }),
      });
    }
    const endsAt = Date.parse(state.endsAt!);
    if (state.status === 'active') {
      if (!state.endRemindedAt)
        moments.push({ at: endsAt - policy.reminderBeforeMs, event: () => ({ type: 'TaskForceEndReminderSent', payload: { endsAt: state.endsAt! } }) });
      moments.push({ at: endsAt, event: () => ({ type: 'TaskForceFinalReportDue', payload: { endsAt: state.endsAt! } }) });
    } else if (!state.finalReportOverdueAt) {
      moments.push({ at: endsAt + policy.reportGraceMs, event: () => ({ type: 'TaskForceFinalReportOverdue', payload: { endsAt: state.endsAt! } }) });
    }
  }
  if (!moments.length) return { due: null };
  moments.sort((a, b) => a.at - b.at);
  const first = moments[0];
  if (first.at <= nowMs) return { due: first.event(), nextAt: first.at };
  return { due: null, nextAt: first.at };
}

/**
 * May this principal see the task force? Its territory's binôme, the organisations invited to it,
 * auditors and admins; for anyone else it does not exist (404).
 */
export function taskForceReadProblem(principal: Principal, state: TaskForceState): DomainError | null {
  const hidden = new DomainError('not_found', `no task force ${state.id}`);
  switch (principal.role) {
    case 'admin':
    case 'auditor':
      return null;
    case 'project_lead':
    case 'prefect_delegate':
      return principal.territory === state.territoryId ? null : hidden;
    case 'association':
    case 'funder':
      return principal.org && state.members.some((m) => m.organisationId === principal.org) ? null : hidden;
    default: {
      const never: never = principal.role;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
}

/** The member an organisation's account acts as (the association or the signatory invited), if any. */
export function memberOf(principal: Principal, state: TaskForceState): MemberInvitation | undefined {
  if (principal.role !== 'association' && principal.role !== 'funder') return undefined;
  const kind = principal.role === 'association' ? 'association' : 'signatory';
  return state.members.find((m) => m.kind === kind && m.organisationId === principal.org);
}

/** May this principal steer the task force (kick-off, check-ins, reviews, extension, report, cancellation)? Its territory's project lead, or an admin. */
export function pilotProblem(principal: Principal, state: TaskForceState): DomainError | null {
  const readable = taskForceReadProblem(principal, state);
  if (readable) return readable;
  if (principal.role === 'admin' || principal.role === 'project_lead') return null;
  return new DomainError('forbidden', `the territory's project lead steers the task force; you are ${principal.role}`);
}
