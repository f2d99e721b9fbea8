import { parisYearEndMs, parisYearMonth } from '../dates';
import { DomainError } from '../errors';
import type { Principal } from '../roles';
import { AxisDecision, COLLEGES, Candidate, College, CopilEventBody, InvitedSeat, VOTES, Vote } from './copil.events';
import {
  COPIL_AGENDA_MAX,
  COPIL_CANDIDACIES_MAX,
  COPIL_DECISIONS_MAX,
  COPIL_MEETINGS_MAX,
  COPIL_ROUNDS_MAX,
  COPIL_SEATS_MAX,
  TERM_YEARS_MAX,
} from './copil.policy';
import { CopilState, seatsToDesignate } from './copil.state';

const invalid = (message: string) => new DomainError('validation', message);
const conflict = (message: string) => new DomainError('conflict', message);
const TEXT_MAX = 4000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A territory's Copil of a year: its business id is its workflow id. */
export function copilId(territoryId: string, year: number): string {
  return `copil-${territoryId}-${year}`;
}

export function isCopilId(value: string): boolean {
  return /^copil-[a-z0-9][a-z0-9-]{0,99}-\d{4}$/.test(value);
}

/** The college's name as people say it, after « collège » / "college of". */
export const COLLEGE_NAMES: Record<College, { fr: string; en: string }> = {
  state: { fr: "de l'État et de ses opérateurs", en: 'the State and its operators' },
  local_authorities: { fr: 'des collectivités', en: 'the local authorities' },
  associations: { fr: 'des associations', en: 'the associations' },
  citizens: { fr: 'des habitants (conseils citoyens)', en: 'the citizens (conseils citoyens)' },
};

/** A Copil is opened for the year under way or the next one. */
export function copilOpeningProblems(year: number, nowMs: number): string[] {
  const current = parisYearMonth(new Date(nowMs).toISOString()).year;
  return year === current || year === current + 1 ? [] : [`year: ${current} or ${current + 1}`];
}

function active(state: CopilState): DomainError | null {
  return state.status === 'active' ? null : conflict(`the Copil's year ${state.year} is over`);
}

/** A designation round: a college, its seats, candidacies due within the year, a term of 1 to 6 years; one round at a time per college. */
export function openRoundProblem(
  state: CopilState,
  round: { college: College; seats: number; candidaciesDueAt: string; termYears: number },
  nowMs: number,
): DomainError | null {
  const closed = active(state);
  if (closed) return closed;
  const problems: string[] = [];
  if (!(COLLEGES as readonly string[]).includes(round.college)) problems.push(`college: one of ${COLLEGES.join(', ')}`);
  if (!Number.isInteger(round.seats) || round.seats < 1 || round.seats > COPIL_SEATS_MAX) problems.push(`seats: 1 to ${COPIL_SEATS_MAX}`);
  if (!Number.isInteger(round.termYears) || round.termYears < 1 || round.termYears > TERM_YEARS_MAX) problems.push(`termYears: 1 to ${TERM_YEARS_MAX}`);
  const due = Date.parse(round.candidaciesDueAt);
  const end = parisYearEndMs(state.year);
  if (Number.isNaN(due)) problems.push('candidaciesDueAt: not a date');
  else if (due <= nowMs || due >= end) problems.push(`candidaciesDueAt: after now and before the end of ${state.year} (${day(end)})`);
  if (problems.length) return invalid(problems.join('; '));
  if (state.rounds.length >= COPIL_ROUNDS_MAX) return conflict(`${COPIL_ROUNDS_MAX} designation rounds a year at most`);
  const running = state.rounds.find((r) => r.college === round.college && (r.status === 'open' || r.status === 'designating'));
  if (running) return conflict(`the round ${running.roundId} of this college is still ${running.status === 'open' ? 'taking candidacies' : 'to designate'}`);
  return null;
}

/**
 * A candidacy: in an open round; the associations' college takes associations of the directory (each
 * once), the other colleges named organisations or people; a short statement.
 */
export function candidacyProblem(state: CopilState, roundId: string, candidate: Candidate, statement: string): DomainError | null {
  const round = state.rounds.find((r) => r.roundId === roundId);
  if (!round) return new DomainError('not_found', `no designation round ${roundId}`);
  const problems: string[] = [];
  if (!candidate?.name?.trim()) problems.push("candidate.name: the candidate's name");
  else if (candidate.name.length > 200) problems.push('candidate.name: 200 characters at most');
  if (round.college === 'associations' && !candidate.associationId)
    problems.push("candidate.associationId: the associations' college takes associations of the directory");
  if (round.college !== 'associations' && candidate.associationId)
    problems.push(`candidate.associationId: associations stand in the associations' college, not ${round.college}`);
  if ((statement ?? '').length > TEXT_MAX) problems.push(`statement: ${TEXT_MAX} characters at most`);
  if (problems.length) return invalid(problems.join('; '));
  if (round.status !== 'open') return conflict(`candidacies closed on ${round.candidaciesDueAt}`);
  if (round.candidacies.length >= COPIL_CANDIDACIES_MAX) return conflict(`${COPIL_CANDIDACIES_MAX} candidacies a round at most`);
  const twice = round.candidacies.find((c) =>
    candidate.associationId
      ? c.candidate.associationId === candidate.associationId
      : c.candidate.name.trim().toLowerCase() === candidate.name.trim().toLowerCase(),
  );
  if (twice) return conflict(`${twice.candidate.name} stands already (${twice.candidacyId})`);
  return null;
}

/** The college's designation of one candidate to one seat, with its reason: once the candidacies closed, one designation per seat. */
export function designationProblem(state: CopilState, roundId: string, candidacyId: string, reason: string): DomainError | null {
  const round = state.rounds.find((r) => r.roundId === roundId);
  if (!round) return new DomainError('not_found', `no designation round ${roundId}`);
  if (!reason?.trim()) return invalid('reason: why the college designates this candidate');
  if (reason.length > TEXT_MAX) return invalid(`reason: ${TEXT_MAX} characters at most`);
  if (!round.candidacies.some((c) => c.candidacyId === candidacyId)) return invalid(`candidacyId: no candidacy ${candidacyId} in ${roundId}`);
  if (round.status === 'open') return conflict(`candidacies are taken until ${round.candidaciesDueAt}: the college designates after`);
  if (state.mandates.some((m) => m.roundId === roundId && m.candidacyId === candidacyId)) return conflict(`${candidacyId} is designated already`);
  if (round.status !== 'designating' || seatsToDesignate(round, state.mandates) === 0) return conflict(`every seat of the round ${roundId} is designated`);
  return null;
}

/** A meeting: within the year and ahead, an agenda, the seats held at that time invited (at least one). */
export function scheduleMeetingProblem(
  state: CopilState,
  meeting: { at: string; agenda: readonly string[]; invited: readonly InvitedSeat[] },
  nowMs: number,
): DomainError | null {
  const closed = active(state);
  if (closed) return closed;
  const problems: string[] = [];
  const at = Date.parse(meeting.at);
  const end = parisYearEndMs(state.year);
  if (Number.isNaN(at)) problems.push('at: not a date');
  else if (at <= nowMs || at >= end) problems.push(`at: after now and before the end of ${state.year} (${day(end)})`);
  if (!meeting.agenda.length) problems.push('agenda: at least one item');
  if (meeting.agenda.length > COPIL_AGENDA_MAX) problems.push(`agenda: ${COPIL_AGENDA_MAX} items at most`);
  meeting.agenda.forEach((item, i) => {
    if (!item?.trim()) problems.push(`agenda[${i}]: the item's title`);
    else if (item.length > 300) problems.push(`agenda[${i}]: 300 characters at most`);
  });
  if (problems.length) return invalid(problems.join('; '));
  if (state.meetings.length >= COPIL_MEETINGS_MAX) return conflict(`${COPIL_MEETINGS_MAX} meetings a year at most`);
  if (!meeting.invited.length) return conflict('no seat is held yet: the colleges designate their members first');
  return null;
}

/** The colleges' votes on an axis adopt it when more colleges voted for it than against. */
export function adopted(votes: Record<College, Vote>): boolean {
  const count = (v: Vote) => COLLEGES.filter((c) => votes[c] === v).length;
  return count('for') > count('against');
}

/** A held meeting: once, on or after its day; the attendees among the invited seats; each decision with the four colleges' votes. */
export function recordMeetingProblem(
  state: CopilState,
  meetingId: string,
  record: { heldOn: string; minutes: string; attendees: readonly string[]; decisions: readonly { title: string; votes: Partial<Record<College, Vote>> }[] },
  nowMs: number,
): DomainError | null {
  const meeting = state.meetings.find((m) => m.meetingId === meetingId);
  if (!meeting) return new DomainError('not_found', `no meeting ${meetingId}`);
  const problems: string[] = [];
  const held = Date.parse(record.heldOn);
  if (Number.isNaN(held)) problems.push('heldOn: not a date');
  else if (held > nowMs) problems.push('heldOn: the meeting has taken place (today or earlier)');
  if (!record.minutes?.trim()) problems.push('minutes: what was said and decided');
  else if (record.minutes.length > 8000) problems.push('minutes: 8000 characters at most');
  const invited = new Set(meeting.invited.map((s) => s.mandateId));
  record.attendees.forEach((a, i) => invited.has(a) || problems.push(`attendees[${i}]: ${a} is not a seat invited to this meeting`));
  if (new Set(record.attendees).size !== record.attendees.length) problems.push('attendees: each seat once');
  if (record.decisions.length > COPIL_DECISIONS_MAX) problems.push(`decisions: ${COPIL_DECISIONS_MAX} at most`);
  record.decisions.forEach((d, i) => {
    if (!d.title?.trim()) problems.push(`decisions[${i}].title: the priority axis`);
    else if (d.title.length > 300) problems.push(`decisions[${i}].title: 300 characters at most`);
    for (const college of COLLEGES) {
      if (!(VOTES as readonly string[]).includes(d.votes?.[college] as string)) problems.push(`decisions[${i}].votes.${college}: one of ${VOTES.join(', ')}`);
    }
  });
  if (problems.length) return invalid(problems.join('; '));
  if (meeting.status !== 'scheduled') return conflict(`the meeting ${meetingId} is ${meeting.status === 'held' ? 'recorded already' : 'past its year'}`);
  return null;
}

/** The decisions as recorded: each with its id and whether it is adopted. */
export function axisDecisions(meetingId: string, decisions: readonly { title: string; votes: Record<College, Vote> }[]): AxisDecision[] {
  return decisions.map((d, i) => ({ axisId: `${meetingId}-a${i + 1}`, title: d.title.trim(), votes: d.votes, adopted: adopted(d.votes) }));
}

/** Mandates reminded before and ended at their term; candidacies closed at their due date; the year's end; the close once every mandate ended. */
export function copilClock(state: CopilState, nowMs: number): { due: CopilEventBody | null; nextAt?: number } {
  const moments: { at: number; event: CopilEventBody }[] = [];
  for (const r of state.rounds.filter((x) => x.status === 'open')) {
    moments.push({
      at: Date.parse(r.candidaciesDueAt),
      event: { type: 'CopilRoundClosed', payload: { roundId: r.roundId, candidacies: r.candidacies.length } },
    });
  }
  for (const m of state.mandates.filter((x) => x.status === 'running')) {
    const end = Date.parse(m.endsAt);
    if (!m.remindedAt)
      moments.push({
        at: end - state.policy.mandateReminderBeforeMs,
        event: { type: 'CopilMandateReminderSent', payload: { mandateId: m.mandateId, endsAt: m.endsAt } },
      });
    moments.push({ at: end, event: { type: 'CopilMandateEnded', payload: { mandateId: m.mandateId } } });
  }
  if (state.status === 'active') {
    const unfilledRounds = state.rounds.filter((r) => r.status === 'open' || r.status === 'designating').map((r) => r.roundId);
    const unheldMeetings = state.meetings.filter((m) => m.status === 'scheduled').map((m) => m.meetingId);
    moments.push({ at: parisYearEndMs(state.year), event: { type: 'CopilYearEnded', payload: { unfilledRounds, unheldMeetings } } });
  }
  if (state.status === 'following' && state.mandates.every((m) => m.status === 'ended')) {
    const decisions = state.meetings.reduce((n, m) => n + m.decisions.length, 0);
    moments.push({
      at: nowMs,
      event: {
        type: 'CopilClosed',
        payload: { mandates: state.mandates.length, meetings: state.meetings.filter((m) => m.status === 'held').length, decisions },
      },
    });
  }
  if (moments.length === 0) return { due: null };
  const first = moments.reduce((a, b) => (b.at < a.at ? b : a));
  return first.at <= nowMs ? { due: first.event, nextAt: first.at } : { due: null, nextAt: first.at };
}

/** Who reads a Copil: its territory's binôme and associations, auditors and admins (404 for anyone else). */
export function copilReadProblem(principal: Principal, state: { id: string; territoryId: string }, associationActsThere: boolean): DomainError | null {
  if (principal.role === 'admin' || principal.role === 'auditor') return null;
  if ((principal.role === 'project_lead' || principal.role === 'prefect_delegate') && principal.territory === state.territoryId) return null;
  if (principal.role === 'association' && associationActsThere) return null;
  return new DomainError('not_found', `no Copil ${state.id}`);
}

/** Who runs it: the territory's project lead, or an admin. */
export function copilActProblem(principal: Principal, territoryId: string): DomainError | null {
  if (principal.role === 'admin' || (principal.role === 'project_lead' && principal.territory === territoryId)) return null;
  return new DomainError('forbidden', "the territory's project lead runs its Copil");
}

/** The seats held at an instant, of every year's Copil of a territory: those a meeting invites. */
export function seatsHeld(copils: readonly CopilState[], nowMs: number): InvitedSeat[] {
  return copils
    .flatMap((c) =>
      c.mandates.filter((m) => m.status === 'running' && Date.parse(m.startsAt) <= nowMs && Date.parse(m.endsAt) > nowMs).map((m) => ({ m, copilId: c.id })),
    )
    .sort((a, b) => COLLEGES.indexOf(a.m.college) - COLLEGES.indexOf(b.m.college) || a.m.startsAt.localeCompare(b.m.startsAt))
    .map(({ m, copilId: id }) => ({
      mandateId: m.mandateId,
      copilId: id,
      college: m.college,
      holder: m.holder,
      ...(m.associationId ? { associationId: m.associationId } : {}),
    }));
}
