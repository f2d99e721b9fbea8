import type { ContributionView } from '../contribution/contribution.view';
import type { Orientation } from '../contribution/contribution.events';
import { DAY_MS } from '../duration';
import { DomainError } from '../errors';
import type { Principal } from '../roles';
import { CodirEventBody, Commitment, Direction, SECTORS, Sector } from './codir.events';
import { CODIR_COMMITMENTS_MAX, CODIR_DIRECTIONS_MAX, CodirPolicy, CodirSchedule } from './codir.policy';
import { CodirState } from './codir.state';

const invalid = (message: string) => new DomainError('validation', message);
const conflict = (message: string) => new DomainError('conflict', message);
const TEXT_MAX = 4000;

/** A territory's CODIR of a year: its business id is its workflow id. */
export function codirId(territoryId: string, year: number): string {
  return `codir-${territoryId}-${year}`;
}

export function isCodirId(value: string): boolean {
  return /^codir-[a-z0-9][a-z0-9-]{0,99}-\d{4}$/.test(value);
}

/** What is wrong with the directions invited (each named, of a sector, with a contact; ids unique), or an empty list. */
export function directionsProblems(directions: readonly Direction[], already: readonly Direction[] = []): string[] {
  const problems: string[] = [];
  const ids = [...already.map((d) => d.directionId)];
  directions.forEach((d, i) => {
    if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(d.directionId ?? '')) problems.push(`directions[${i}].directionId: lower-case letters, digits and hyphens`);
    else if (ids.includes(d.directionId)) problems.push(`directions[${i}].directionId: ${d.directionId} is invited already`);
    ids.push(d.directionId);
    if (!(SECTORS as readonly string[]).includes(d.sector)) problems.push(`directions[${i}].sector: one of ${SECTORS.join(', ')}`);
    if (!d.name?.trim()) problems.push(`directions[${i}].name: the direction's name`);
    if (!d.contact?.trim()) problems.push(`directions[${i}].contact: whom to write to (an e-mail address or a phone number)`);
  });
  if (already.length + directions.length > CODIR_DIRECTIONS_MAX) problems.push(`directions: ${CODIR_DIRECTIONS_MAX} at most`);
  return problems;
}

/** What is wrong with an opening: a meeting far enough ahead for the statements, at least one direction. */
export function codirOpeningProblems(opening: { meetingAt: string; directions: readonly Direction[] }, policy: CodirPolicy, nowMs: number): string[] {
  const problems: string[] = [];
  const meeting = Date.parse(opening.meetingAt);
  if (Number.isNaN(meeting)) problems.push('meetingAt: not a date');
  else if (meeting - policy.statementsBeforeMeetingMs <= nowMs) {
    problems.push(
      `meetingAt: from ${new Date(nowMs + policy.statementsBeforeMeetingMs).toISOString()} on, for the directions' statements (due ${Math.round(policy.statementsBeforeMeetingMs / DAY_MS) || 'some'} days before it) to come in`,
    );
  }
  if (opening.directions.length === 0) problems.push('directions: at least one sectoral direction');
  problems.push(...directionsProblems(opening.directions));
  return problems;
}

export function codirScheduleProblems(s: CodirSchedule): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(s.month) || s.month < 1 || s.month > 12) problems.push('month: 1 to 12');
  if (!Number.isInteger(s.day) || s.day < 1 || s.day > 28) problems.push('day: 1 to 28 (every month has it)');
  if (!Number.isInteger(s.meetingAfterDays) || s.meetingAfterDays < 15 || s.meetingAfterDays > 120) problems.push('meetingAfterDays: 15 to 120');
  return problems;
}

export function inviteDirectionProblem(state: CodirState, direction: Direction): DomainError | null {
  if (state.status !== 'collecting' && state.status !== 'preparing') return conflict(`the CODIR is ${state.status}: its meeting is held`);
  const problems = directionsProblems([direction], state.directions);
  return problems.length ? invalid(problems.join('; ')) : null;
}

/** A direction's statement (how its policies apply in the priority neighbourhoods), recorded until the statements close. */
export function statementProblem(state: CodirState, directionId: string, text: string): DomainError | null {
  if (!text?.trim()) return invalid('text: how the direction’s policies apply in the priority neighbourhoods');
  if (text.length > TEXT_MAX) return invalid(`text: ${TEXT_MAX} characters at most`);
  if (!state.directions.some((d) => d.directionId === directionId)) return invalid(`directionId: ${directionId} is not invited`);
  if (state.status !== 'collecting') return conflict(`statements closed on ${state.statementsDueAt}`);
  return null;
}

/** The team's answer to a direction's statement, as a resource: local relays, co-funding that could be mobilised. */
export function resourceAnswerProblem(state: CodirState, directionId: string, text: string): DomainError | null {
  if (!text?.trim()) return invalid('text: what the politique de la ville team offers this direction');
  if (text.length > TEXT_MAX) return invalid(`text: ${TEXT_MAX} characters at most`);
  const direction = state.directions.find((d) => d.directionId === directionId);
  if (!direction) return invalid(`directionId: ${directionId} is not invited`);
  if (state.status !== 'collecting' && state.status !== 'preparing') return conflict(`the CODIR is ${state.status}: its meeting is held`);
  if (!direction.statement) return conflict(`${direction.name} has not stated yet`);
  return null;
}

/** The meeting's minutes: held once, the directions present, each commitment of an invited direction due before the next CODIR. */
export function meetingProblems(
  state: CodirState,
  meeting: { heldOn: string; minutes: string; attendees: readonly string[]; commitments: readonly Commitment[] },
  nowMs: number,
): DomainError | null {
  if (state.status === 'following' || state.status === 'closed') return conflict('the meeting is recorded already');
  const problems: string[] = [];
  const held = Date.parse(meeting.heldOn);
  if (Number.isNaN(held)) problems.push('heldOn: not a date');
  else if (held > nowMs) problems.push('heldOn: the meeting has taken place (today or earlier)');
  if (!meeting.minutes?.trim()) problems.push('minutes: what was said and decided');
  const invited = new Set(state.directions.map((d) => d.directionId));
  meeting.attendees.forEach((a, i) => invited.has(a) || problems.push(`attendees[${i}]: ${a} is not invited`));
  if (meeting.commitments.length > CODIR_COMMITMENTS_MAX) problems.push(`commitments: ${CODIR_COMMITMENTS_MAX} at most`);
  const until = (Number.isNaN(held) ? nowMs : held) + state.policy.followUpMs;
  meeting.commitments.forEach((c, i) => {
    if (!invited.has(c.directionId)) problems.push(`commitments[${i}].directionId: ${c.directionId} is not invited`);
    if (!c.text?.trim()) problems.push(`commitments[${i}].text: what the direction commits to`);
    const due = Date.parse(c.dueAt);
    if (Number.isNaN(due)) problems.push(`commitments[${i}].dueAt: not a date`);
    else if (due <= nowMs || due > until)
      problems.push(`commitments[${i}].dueAt: after today and before the next CODIR (${new Date(until).toISOString().slice(0, 10)})`);
  });
  return problems.length ? invalid(problems.join('; ')) : null;
}

export function commitmentDoneProblem(state: CodirState, commitmentId: string, note: string): DomainError | null {
  if (!note?.trim()) return invalid('note: what was done');
  const c = state.commitments.find((x) => x.commitmentId === commitmentId);
  if (!c) return new DomainError('not_found', `no commitment ${commitmentId}`);
  if (state.status !== 'following') return conflict(`the CODIR is ${state.status}`);
  if (c.status === 'done') return conflict('the commitment is done already');
  return null;
}

/** The next reminder or deadline of the CODIR, when its time has come. */
export function codirClock(state: CodirState, nowMs: number): { due: CodirEventBody | null; nextAt?: number } {
  const moments: { at: number; event: CodirEventBody }[] = [];
  if (state.status === 'collecting') {
    const dueAt = Date.parse(state.statementsDueAt);
    const silent = state.directions.filter((d) => !d.statement);
    const toRemind = silent.filter((d) => !d.reminded).map((d) => d.directionId);
    if (toRemind.length)
      moments.push({
        at: dueAt - state.policy.statementReminderBeforeMs,
        event: { type: 'CodirStatementReminderSent', payload: { directionIds: toRemind, dueAt: state.statementsDueAt } },
      });
    moments.push({ at: dueAt, event: { type: 'CodirStatementsClosed', payload: { missing: silent.map((d) => d.directionId) } } });
  }
  if (state.status === 'following' && state.meeting) {
    for (const c of state.commitments.filter((x) => x.status === 'open')) {
      const due = Date.parse(c.dueAt);
      if (!c.remindedAt)
        moments.push({
          at: due - state.policy.commitmentReminderBeforeMs,
          event: { type: 'CodirCommitmentReminderSent', payload: { commitmentId: c.commitmentId, dueAt: c.dueAt } },
        });
      moments.push({ at: due, event: { type: 'CodirCommitmentOverdue', payload: { commitmentId: c.commitmentId, dueAt: c.dueAt } } });
    }
    const count = (status: string) => state.commitments.filter((c) => c.status === status).length;
    moments.push({
      at: Date.parse(state.meeting.followUpUntil),
      event: { type: 'CodirClosed', payload: { done: count('done'), overdue: count('overdue') + count('open') } },
    });
  }
  if (moments.length === 0) return { due: null };
  const first = moments.reduce((a, b) => (b.at < a.at ? b : a));
  return first.at <= nowMs ? { due: first.event, nextAt: first.at } : { due: null, nextAt: first.at };
}

/** Who sees a CODIR: the territory's binôme, auditors and admins (404 for anyone else: it is the local authority's own meeting). */
export function codirReadProblem(principal: Principal, state: { id: string; territoryId: string }): DomainError | null {
  if (principal.role === 'admin' || principal.role === 'auditor') return null;
  if ((principal.role === 'project_lead' || principal.role === 'prefect_delegate') && principal.territory === state.territoryId) return null;
  return new DomainError('not_found', `no CODIR ${state.id}`);
}

/** Who runs it: the territory's project lead (the politique de la ville team), or an admin. */
export function codirActProblem(principal: Principal, territoryId: string): DomainError | null {
  if (principal.role === 'admin' || (principal.role === 'project_lead' && principal.territory === territoryId)) return null;
  return new DomainError('forbidden', "the territory's project lead runs its CODIR");
}

/** Which orientations of the contract and which associations' themes a sector's policies meet. */
export const SECTOR_AFFINITIES: Record<Sector, { orientations: Orientation[]; themes: string[] }> = {
  education: { orientations: ['jeunesse', 'cohesion_sociale'], themes: ['éducation', 'jeunesse', 'numérique'] },
  sport: { orientations: ['cohesion_sociale', 'jeunesse'], themes: ['sport'] },
  culture: { orientations: ['cohesion_sociale'], themes: ['culture'] },
  housing: { orientations: ['cadre_de_vie'], themes: ['environnement', 'lien social', 'médiation'] },
  employment: { orientations: ['emploi_economie'], themes: ['emploi', 'insertion', 'numérique'] },
  health: { orientations: ['cohesion_sociale'], themes: ['santé', 'accès aux droits'] },
  social_action: {
    orientations: ['cohesion_sociale', 'lutte_discriminations', 'egalite_femmes_hommes'],
    themes: ['accès aux droits', 'lien social', 'médiation'],
  },
  public_space: { orientations: ['cadre_de_vie'], themes: ['médiation', 'environnement'] },
};

export interface ResourceSuggestions {
  /** Associations acting in the territory whose themes meet the sector's: the most themes in common first. */
  relays: { associationId: string; name: string; themes: string[] }[];
  /** Concluded contributions of the territory, this year or the next, for the sector's orientations: the largest first. */
  coFunding: {
    contributionId: string;
    signatoryId: string;
    orientation: Orientation;
    nature: string;
    amountCents: number | null;
    staffCount: number | null;
    year: number;
  }[];
}

/** What the team could offer a direction as a resource, suggested from the directory and the signatories' contributions. */
export function suggestResources(
  sector: Sector,
  territoryId: string,
  year: number,
  associations: readonly { id: string; name: string; themes: string[]; territories: string[] }[],
  contributions: readonly ContributionView[],
): ResourceSuggestions {
  const affinity = SECTOR_AFFINITIES[sector];
  const relays = associations
    .filter((a) => a.territories.includes(territoryId))
    .map((a) => ({ associationId: a.id, name: a.name, themes: a.themes.filter((t) => affinity.themes.includes(t)) }))
    .filter((a) => a.themes.length > 0)
    .sort((a, b) => b.themes.length - a.themes.length || a.name.localeCompare(b.name, 'fr'))
    .slice(0, 8);
  const coFunding = contributions
    .filter(
      (c) =>
        c.status === 'agreed' && c.territoryId === territoryId && (c.year === year || c.year === year + 1) && affinity.orientations.includes(c.orientation),
    )
    .sort((a, b) => (b.amountCents ?? 0) - (a.amountCents ?? 0) || (b.staffCount ?? 0) - (a.staffCount ?? 0) || a.id.localeCompare(b.id))
    .slice(0, 8)
    .map((c) => ({
      contributionId: c.id,
      signatoryId: c.signatoryId,
      orientation: c.orientation,
      nature: c.nature,
      amountCents: c.amountCents ?? null,
      staffCount: c.staffCount ?? null,
      year: c.year,
    }));
  return { relays, coFunding };
}
