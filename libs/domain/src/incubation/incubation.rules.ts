import { DAY_MS } from '../duration';
import { DomainError } from '../errors';
import { Principal, Role } from '../roles';

/**
 * Nominating cannot grow a cohort's history without end: an association nominates itself for at
 * most SELF_NOMINATIONS_MAX projects (counting those nominated for it), and a cohort takes at most
 * NOMINATIONS_PER_PLACE nominations per place.
 */
export const SELF_NOMINATIONS_MAX = 3;
export const NOMINATIONS_PER_PLACE = 5;

/** Bounds and rhythms of incubation; tests compress the weeks. */
export interface IncubationPolicy {
  /** A cohort takes at least this many projects, at most that many (defaults 10 and 15). */
  capacityMin: number;
  capacityMax: number;
  /** Check-in reminders to the project and its mentor (default every 4 weeks). */
  checkInEveryMs: number;
  /** Default due dates of the milestones, counted from the support plan (60, 180 and 330 days). */
  milestoneOffsetsMs: Record<MilestoneName, number>;
}

export const MILESTONES = ['design', 'launch', 'impact_review'] as const;
export type MilestoneName = (typeof MILESTONES)[number];

export const SUPPORTS = ['mentoring', 'project_management', 'funding_search', 'impact_analysis'] as const;
export type Support = (typeof SUPPORTS)[number];

export const DEFAULT_INCUBATION_POLICY: IncubationPolicy = {
  capacityMin: 10,
  capacityMax: 15,
  checkInEveryMs: 28 * DAY_MS,
  milestoneOffsetsMs: { design: 60 * DAY_MS, launch: 180 * DAY_MS, impact_review: 330 * DAY_MS },
};

export function cohortId(territoryId: string, year: number): string {
  return `cohort-${territoryId}-${year}`;
}

// ---- the cohort ----

export interface Nomination {
  id: string;
  associationId: string;
  projectTitle: string;
  description: string;
  themes: string[];
  qpv: string;
  nominatedBy: string;
  nominatedAt: string;
  status: 'nominated' | 'selected';
  selection?: { reason: string; selectedBy: string; at: string; incubationId: string };
}

export interface CohortState {
  id: string;
  territoryId: string;
  year: number;
  capacity: number;
  nominationDeadline: string;
  openedBy: string;
  openedAt: string;
  status: 'open' | 'closed';
  nominations: Nomination[];
  policy: IncubationPolicy;
}

export interface NominateCommand {
  actorId: string;
  actorRole: Role;
  nominationId: string;
  associationId: string;
  projectTitle: string;
  description: string;
  themes: string[];
  qpv: string;
}

export interface SelectCommand {
  actorId: string;
  nominationId: string;
  reason: string;
}

const conflict = (message: string) => new DomainError('conflict', message);
const invalid = (message: string) => new DomainError('validation', message);

export function cohortTermsProblem(capacity: number, nominationDeadline: string, nowIso: string, policy: IncubationPolicy): string | null {
  if (!Number.isSafeInteger(capacity) || capacity < policy.capacityMin || capacity > policy.capacityMax) {
    return `capacity: a cohort takes ${policy.capacityMin} to ${policy.capacityMax} projects`;
  }
  if (Number.isNaN(Date.parse(nominationDeadline))) return 'nominationDeadline: not a date';
  if (Date.parse(nominationDeadline) <= Date.parse(nowIso)) return 'nominationDeadline: must be in the future';
  return null;
}

export function selectedCount(state: CohortState): number {
  return state.nominations.filter((n) => n.status === 'selected').length;
}

function cohortOpen(state: CohortState, nowMs: number): DomainError | null {
  if (state.status !== 'open' || nowMs >= Date.parse(state.nominationDeadline)) {
    return conflict(`the cohort closed at ${state.nominationDeadline}`);
  }
  return null;
}

export function nominateProblem(state: CohortState, c: NominateCommand, nowMs: number): DomainError | null {
  if (!c.projectTitle?.trim()) return invalid('projectTitle must not be empty');
  const closed = cohortOpen(state, nowMs);
  if (closed) return closed;
  if (state.nominations.some((n) => n.id === c.nominationId)) return conflict(`nomination ${c.nominationId} exists`);
  if (state.nominations.length >= NOMINATIONS_PER_PLACE * state.capacity) {
    return conflict(`the cohort has ${state.nominations.length} nominations for ${state.capacity} places, the most it takes`);
  }
  const own = state.nominations.filter((n) => n.associationId === c.associationId).length;
  if (c.actorRole === 'association' && own >= SELF_NOMINATIONS_MAX) {
    return conflict(
      `${c.associationId} already has ${own} projects nominated in this cohort: an association nominates itself for at most ${SELF_NOMINATIONS_MAX}`,
    );
  }
  if (state.nominations.some((n) => n.associationId === c.associationId && n.projectTitle.toLowerCase() === c.projectTitle.trim().toLowerCase())) {
    return conflict(`${c.associationId} has already nominated "${c.projectTitle.trim()}"`);
  }
  return null;
}

/** Selection, with the capacity checked against every selection accepted before (validators run one at a time). */
export function selectProblem(state: CohortState, c: SelectCommand, nowMs: number): DomainError | null {
  if (!c.reason?.trim()) return invalid('reason: a selection needs a reason');
  const closed = cohortOpen(state, nowMs);
  if (closed) return closed;
  const nomination = state.nominations.find((n) => n.id === c.nominationId);
  if (!nomination) return new DomainError('not_found', `no nomination ${c.nominationId} in this cohort`);
  if (nomination.status === 'selected') return conflict(`"${nomination.projectTitle}" is already selected`);
  const selected = selectedCount(state);
  if (selected >= state.capacity) return conflict(`the cohort is full: ${selected} of ${state.capacity} projects selected`);
  return null;
}

// ---- one incubated project ----

export type IncubationStatus = 'awaiting_mentor' | 'awaiting_plan' | 'in_progress' | 'graduated' | 'withdrawn';
export const INCUBATION_STATUSES: readonly IncubationStatus[] = ['awaiting_mentor', 'awaiting_plan', 'in_progress', 'graduated', 'withdrawn'];

export interface Milestone {
  name: MilestoneName;
  dueAt: string;
  completedAt?: string;
  note?: string;
  overdue: boolean;
}

export interface FundingLead {
  id: string;
  kind: 'micro_grant' | 'call' | 'other';
  description: string;
  recordedBy: string;
  recordedAt: string;
  /** The micro-grant or the call application opened from this lead. */
  openedId?: string;
}

export interface IncubationState {
  id: string;
  cohortId: string;
  territoryId: string;
  year: number;
  associationId: string;
  projectTitle: string;
  description: string;
  themes: string[];
  qpv: string;
  selectionReason: string;
  selectedAt: string;
  status: IncubationStatus;
  mentor?: { associationId: string; assignedAt: string; assignedBy: string };
  plan?: { supports: Support[]; setAt: string; milestones: Milestone[] };
  checkIns: { n: number; at: string }[];
  fundingLeads: FundingLead[];
  impactReport?: { summary: string; submittedAt: string; submittedBy: string };
  withdrawal?: { reason: string; at: string; by: string };
  policy: IncubationPolicy;
}

export interface AssignMentorCommand {
  actorId: string;
  mentorAssociationId: string;
}
export interface PlanCommand {
  actorId: string;
  /** Who sets it: the project's association, its mentor (an association) or the project lead (absent on commands of before: the project lead). */
  actorRole?: Role;
  supports: Support[];
  /** Explicit due dates; the policy's offsets otherwise. */
  dueDates?: Partial<Record<MilestoneName, string>>;
}
export interface CompleteMilestoneCommand {
  actorId: string;
  milestone: MilestoneName;
  note?: string;
}
export interface FundingLeadCommand {
  actorId: string;
  lead: FundingLead;
}
export interface ImpactReportCommand {
  actorId: string;
  summary: string;
}
export interface WithdrawCommand {
  actorId: string;
  reason: string;
}

function live(state: IncubationState): DomainError | null {
  return state.status === 'graduated' || state.status === 'withdrawn' ? conflict(`the incubation is ${state.status}`) : null;
}

export function assignMentorProblem(state: IncubationState, c: AssignMentorCommand): DomainError | null {
  if (c.mentorAssociationId === state.associationId) {
    return invalid(`mentorAssociationId: a project is never mentored by its own association (${state.associationId})`);
  }
  return live(state);
}

export function planProblem(state: IncubationState, c: PlanCommand, nowMs: number): DomainError | null {
  if (!c.supports.length) return invalid('supports: pick at least one of mentoring, project management, funding search, impact analysis');
  const unknown = c.supports.filter((s) => !(SUPPORTS as readonly string[]).includes(s));
  if (unknown.length) return invalid(`supports: unknown ${unknown.join(', ')}`);
  for (const [name, due] of Object.entries(c.dueDates ?? {})) {
    if (!(MILESTONES as readonly string[]).includes(name)) return invalid(`dueDates: no milestone ${name}`);
    if (Number.isNaN(Date.parse(due!)) || Date.parse(due!) <= nowMs) return invalid(`dueDates.${name}: a date in the future`);
  }
  const dates = MILESTONES.map((m) => c.dueDates?.[m])
    .filter((d): d is string => d !== undefined)
    .map(Date.parse);
  if (dates.some((d, i) => i > 0 && d < dates[i - 1])) return invalid('dueDates: design, launch and impact review come in that order');
  if (!state.mentor) return conflict('assign a mentor before the support plan');
  return live(state);
}

export function completeMilestoneProblem(state: IncubationState, c: CompleteMilestoneCommand): DomainError | null {
  const problem = live(state);
  if (problem) return problem;
  const milestone = state.plan?.milestones.find((m) => m.name === c.milestone);
  if (!milestone) return state.plan ? new DomainError('not_found', `no milestone ${c.milestone}`) : conflict('the support plan is not set yet');
  if (milestone.completedAt) return conflict(`the ${c.milestone} milestone is already complete`);
  return null;
}

export function fundingLeadProblem(state: IncubationState, c: FundingLeadCommand): DomainError | null {
  if (!c.lead.description?.trim()) return invalid('description must not be empty');
  if (state.fundingLeads.some((l) => l.id === c.lead.id)) return conflict(`lead ${c.lead.id} exists`);
  return live(state);
}

export function impactReportProblem(state: IncubationState, c: ImpactReportCommand): DomainError | null {
  if (!c.summary?.trim()) return invalid('summary: the impact report needs a summary');
  if (state.status !== 'in_progress')
    return conflict(
      state.status === 'graduated' || state.status === 'withdrawn'
        ? `the incubation is ${state.status}`
        : 'the impact report ends a follow-up under way (mentor and plan first)',
    );
  return null;
}

export function withdrawProblem(state: IncubationState, c: WithdrawCommand): DomainError | null {
  if (!c.reason?.trim()) return invalid('reason: a withdrawal needs a reason');
  return live(state);
}

/** Who may act on an incubation: its association, its mentor, the territory's binôme, admins. */
export function incubationAccessProblem(
  principal: Principal,
  state: { id: string; associationId: string; territoryId: string; mentor?: { associationId: string } },
): DomainError | null {
  switch (principal.role) {
    case 'admin':
    case 'auditor':
      return null;
    case 'association':
      return principal.org === state.associationId || principal.org === state.mentor?.associationId
        ? null
        : new DomainError('not_found', `no incubation ${state.id}`);
    case 'project_lead':
    case 'prefect_delegate':
      // Another territory's incubation does not exist for this binôme (404, as for an association).
      return principal.territory === state.territoryId ? null : new DomainError('not_found', `no incubation ${state.id}`);
    case 'funder':
      return new DomainError('forbidden', 'incubations are followed by the territory, the project and its mentor');
    default: {
      const never: never = principal.role;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
}

/** Mentor candidates: sharing a theme and the territory, never the project's association, fewest mentees first. */
export function rankMentors(
  project: { associationId: string; territoryId: string; themes: string[] },
  associations: readonly { id: string; name: string; themes: string[]; territories: string[] }[],
  mentees: Readonly<Record<string, number>>,
): { associationId: string; name: string; sharedThemes: string[]; mentees: number }[] {
  return associations
    .filter((a) => a.id !== project.associationId && a.territories.includes(project.territoryId))
    .map((a) => ({ associationId: a.id, name: a.name, sharedThemes: a.themes.filter((t) => project.themes.includes(t)), mentees: mentees[a.id] ?? 0 }))
    .filter((a) => a.sharedThemes.length > 0)
    .sort((a, b) => a.mentees - b.mentees || b.sharedThemes.length - a.sharedThemes.length || a.associationId.localeCompare(b.associationId));
}
