import type { AxisDecision, Candidate, College, CopilEvent, InvitedSeat } from './copil.events';
import type { CopilPolicy } from './copil.policy';

/**
 * active (the year runs: designation rounds, meetings) → following (the year is over: the mandates it
 * designated are followed to their term) → closed (every mandate ended).
 */
export type CopilStatus = 'active' | 'following' | 'closed';
export const COPIL_STATUSES: readonly CopilStatus[] = ['active', 'following', 'closed'];

/** open (candidacies until their due date) → designating (the college designates) → complete; unfilled when no one stood or the year ended first. */
export type RoundStatus = 'open' | 'designating' | 'complete' | 'unfilled';

export interface CandidacyFile {
  candidacyId: string;
  candidate: Candidate;
  statement: string;
  at: string;
  by: string;
}

export interface RoundFile {
  roundId: string;
  college: College;
  seats: number;
  candidaciesDueAt: string;
  termYears: number;
  status: RoundStatus;
  candidacies: CandidacyFile[];
  openedAt: string;
}

export interface MandateFile {
  mandateId: string;
  roundId: string;
  candidacyId: string;
  college: College;
  holder: string;
  associationId?: string;
  reason: string;
  startsAt: string;
  endsAt: string;
  status: 'running' | 'ended';
  remindedAt?: string;
  designatedBy: string;
}

export interface MeetingFile {
  meetingId: string;
  at: string;
  agenda: string[];
  invited: InvitedSeat[];
  status: 'scheduled' | 'held' | 'unheld';
  held?: { heldOn: string; minutes: string; attendees: string[]; recordedBy: string };
  decisions: AxisDecision[];
  creditedAgreementIds?: string[];
  scheduledBy: string;
}

export interface CopilState {
  id: string;
  territoryId: string;
  year: number;
  status: CopilStatus;
  rounds: RoundFile[];
  mandates: MandateFile[];
  meetings: MeetingFile[];
  policy: CopilPolicy;
  openedBy: string;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

/** How many seats of a round can still be designated: its seats, or fewer when fewer stood. */
export function seatsToDesignate(round: RoundFile, mandates: readonly MandateFile[]): number {
  const designated = mandates.filter((m) => m.roundId === round.roundId).length;
  return Math.max(0, Math.min(round.seats, round.candidacies.length) - designated);
}

/** The state after one more event; pure and exhaustive over the event types. */
export function evolveCopil(state: CopilState | null, event: CopilEvent, seq = (state?.lastSeq ?? 0) + 1): CopilState {
  const at = event.occurredAt;
  const by = event.actor.id;
  if (event.type === 'CopilOpened') {
    const p = event.payload;
    return {
      id: event.grantId,
      territoryId: p.territoryId,
      year: p.year,
      status: 'active',
      rounds: [],
      mandates: [],
      meetings: [],
      policy: p.policy,
      openedBy: by,
      createdAt: at,
      updatedAt: at,
      lastSeq: seq,
    };
  }
  if (!state) throw new Error(`${event.grantId}: ${event.type} before CopilOpened`);
  const next: CopilState = JSON.parse(JSON.stringify(state));
  next.lastSeq = seq;
  next.updatedAt = at;
  const round = (id: string) => {
    const r = next.rounds.find((x) => x.roundId === id);
    if (!r) throw new Error(`${next.id}: no round ${id}`);
    return r;
  };
  const mandate = (id: string) => {
    const m = next.mandates.find((x) => x.mandateId === id);
    if (!m) throw new Error(`${next.id}: no mandate ${id}`);
    return m;
  };
  const meeting = (id: string) => {
    const m = next.meetings.find((x) => x.meetingId === id);
    if (!m) throw new Error(`${next.id}: no meeting ${id}`);
    return m;
  };
  switch (event.type) {
    case 'CopilRoundOpened': {
      const p = event.payload;
      next.rounds.push({
        roundId: p.roundId,
        college: p.college,
        seats: p.seats,
        candidaciesDueAt: p.candidaciesDueAt,
        termYears: p.termYears,
        status: 'open',
        candidacies: [],
        openedAt: at,
      });
      break;
    }
    case 'CopilCandidacyFiled': {
      const p = event.payload;
      round(p.roundId).candidacies.push({ candidacyId: p.candidacyId, candidate: p.candidate, statement: p.statement, at, by });
      break;
    }
    case 'CopilRoundClosed': {
      const r = round(event.payload.roundId);
      r.status = r.candidacies.length ? 'designating' : 'unfilled';
      break;
    }
    case 'CopilSeatDesignated': {
      const p = event.payload;
      const r = round(p.roundId);
      const c = r.candidacies.find((x) => x.candidacyId === p.candidacyId);
      if (!c) throw new Error(`${next.id}: no candidacy ${p.candidacyId}`);
      next.mandates.push({
        mandateId: p.mandateId,
        roundId: p.roundId,
        candidacyId: p.candidacyId,
        college: r.college,
        holder: c.candidate.name,
        ...(c.candidate.associationId ? { associationId: c.candidate.associationId } : {}),
        reason: p.reason,
        startsAt: p.startsAt,
        endsAt: p.endsAt,
        status: 'running',
        designatedBy: by,
      });
      if (seatsToDesignate(r, next.mandates) === 0) r.status = 'complete';
      break;
    }
    case 'CopilMandateReminderSent':
      mandate(event.payload.mandateId).remindedAt = at;
      break;
    case 'CopilMandateEnded':
      mandate(event.payload.mandateId).status = 'ended';
      break;
    case 'CopilMeetingScheduled': {
      const p = event.payload;
      next.meetings.push({ meetingId: p.meetingId, at: p.at, agenda: p.agenda, invited: p.invited, status: 'scheduled', decisions: [], scheduledBy: by });
      break;
    }
    case 'CopilMeetingHeld': {
      const p = event.payload;
      const m = meeting(p.meetingId);
      m.status = 'held';
      m.held = { heldOn: p.heldOn, minutes: p.minutes, attendees: p.attendees, recordedBy: by };
      break;
    }
    case 'CopilAxisDecided': {
      const { meetingId, ...decision } = event.payload;
      meeting(meetingId).decisions.push(decision);
      break;
    }
    case 'CopilTokensCredited':
      meeting(event.payload.meetingId).creditedAgreementIds = event.payload.agreementIds;
      break;
    case 'CopilYearEnded':
      for (const id of event.payload.unfilledRounds) round(id).status = 'unfilled';
      for (const id of event.payload.unheldMeetings) meeting(id).status = 'unheld';
      next.status = 'following';
      break;
    case 'CopilClosed':
      next.status = 'closed';
      break;
    default: {
      const never: never = event;
      throw new Error(`unknown Copil event ${JSON.stringify(never)}`);
    }
  }
  return next;
}
