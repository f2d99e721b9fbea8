import type { AnnualReport } from '../annual-report/annual-report.rules';
import { parisYearEndMs } from '../dates';
import { DomainError } from '../errors';
import { formatCentsFr } from '../money';
import type { BinomeRole, Principal } from '../roles';
import type { ActivityFigures, MissionSheetContent, MissionSheetEventBody } from './mission-sheet.events';
import { MissionSheetState, awaitedSignatures, currentVersion } from './mission-sheet.state';

const invalid = (message: string) => new DomainError('validation', message);
const conflict = (message: string) => new DomainError('conflict', message);
const FIELDS = ['activityReport', 'priorities', 'splitOfWork', 'complementarity'] as const;
const TEXT_MAX = 8000;

/** A territory's mission sheet of a year: its business id is its workflow id. */
export function missionSheetId(territoryId: string, year: number): string {
  return `ms-${territoryId}-${year}`;
}

export function isMissionSheetId(value: string): boolean {
  return /^ms-[a-z0-9][a-z0-9-]{0,99}-\d{4}$/.test(value);
}

/** The past year's figures, from the territory's annual report of that year. */
export function activityFiguresOf(report: AnnualReport): ActivityFigures {
  return {
    year: report.year,
    microGrantsRequested: report.envelope.requested,
    microGrantsApproved: report.envelope.approved,
    microGrantsRejected: report.envelope.rejected,
    envelopeTotalCents: report.envelope.totalCents,
    envelopeCommittedCents: report.envelope.committedCents,
    paidCents: report.payments.totalCents,
    paymentOrders: report.payments.orders,
    callsLaunched: report.calls.length,
    agreementsFollowed: report.agreements.length,
    cohortSelected: report.incubation.selected,
    graduations: report.incubation.graduated,
    taskForces: report.taskForces.length,
    codirHeld: Boolean(report.codir?.heldOn),
  };
}

const n = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;

/** The engine's draft: the joint activity report of the past year written from its figures; the rest for the binôme to write. */
export function draftMissionSheet(f: ActivityFigures): MissionSheetContent {
  const report = [
    `En ${f.year}, le binôme a instruit ${n(f.microGrantsRequested, 'demande de micro-subvention', 'demandes de micro-subvention')} : ${n(f.microGrantsApproved, 'accordée', 'accordées')}, ${n(f.microGrantsRejected, 'refusée', 'refusées')}.`,
    `L'enveloppe de ${formatCentsFr(f.envelopeTotalCents)} a été engagée à hauteur de ${formatCentsFr(f.envelopeCommittedCents)}.`,
    `Tous parcours confondus, ${formatCentsFr(f.paidCents)} ont été ordonnancés en ${n(f.paymentOrders, 'ordre de paiement', 'ordres de paiement')}.`,
    `${n(f.callsLaunched, 'appel à projets lancé', 'appels à projets lancés')}, ${n(f.agreementsFollowed, "convention d'ancrage suivie", "conventions d'ancrage suivies")}, ${n(f.cohortSelected, 'projet incubé', 'projets incubés')} (${n(f.graduations, 'sortie', 'sorties')} d'incubation), ${n(f.taskForces, 'task force de quartier', 'task forces de quartier')}.`,
    f.codirHeld ? 'Le CODIR QPV de la collectivité s’est tenu.' : 'Le CODIR QPV de la collectivité ne s’est pas tenu.',
  ].join('\n');
  return { activityReport: report.replace(/ ([:;])/g, '\u00a0$1'), priorities: '', splitOfWork: '', complementarity: '' };
}

/** What is missing or too long in a version, or an empty list. */
export function contentProblems(content: MissionSheetContent, requireAll: boolean): string[] {
  const problems: string[] = [];
  for (const field of FIELDS) {
    const value = content[field] ?? '';
    if (typeof value !== 'string') problems.push(`${field}: a text`);
    else if (value.length > TEXT_MAX) problems.push(`${field}: ${TEXT_MAX} characters at most`);
    else if (requireAll && !value.trim()) problems.push(`${field}: to write before signing`);
  }
  return problems;
}

export function missionSheetOpeningProblems(copilAt: string, nowMs: number): string[] {
  const at = Date.parse(copilAt);
  if (Number.isNaN(at)) return ['copilAt: not a date'];
  if (at <= nowMs) return ['copilAt: the Copil that is to adopt it, a date to come'];
  return [];
}

/** A member of the binôme puts a new version on the table (both signatures start again). */
export function reviseSheetProblem(state: MissionSheetState, content: MissionSheetContent): DomainError | null {
  if (state.status === 'adopted' || state.status === 'lapsed') return conflict(`the mission sheet is ${state.status}`);
  const problems = contentProblems(content, false);
  if (problems.length) return invalid(problems.join('; '));
  const current = currentVersion(state).content;
  if (FIELDS.every((f) => (current[f] ?? '').trim() === content[f].trim())) return conflict('the version on the table says the same: nothing to revise');
  return null;
}

/** A member signs the version on the table, once every part is written. */
export function signSheetProblem(state: MissionSheetState, side: BinomeRole): DomainError | null {
  if (state.status === 'adopted' || state.status === 'lapsed') return conflict(`the mission sheet is ${state.status}`);
  const v = currentVersion(state);
  if (v.signatures[side]) return conflict(`version ${v.version} is signed by the ${side.replace('_', ' ')} already`);
  const problems = contentProblems(v.content, true);
  if (problems.length) return invalid(problems.join('; '));
  return null;
}

/** The Copil's decision, recorded by the project lead: adopted, or sent back with its comments, once both signed. */
export function copilDecisionProblem(
  state: MissionSheetState,
  adopted: boolean,
  comments: string | undefined,
  decidedOn: string,
  nowMs: number,
): DomainError | null {
  const on = Date.parse(decidedOn);
  if (Number.isNaN(on) || on > nowMs) return invalid('decidedOn: the day the Copil decided (today or earlier)');
  if (!adopted && !comments?.trim()) return invalid('comments: what the Copil asks the binôme to change');
  if (state.status === 'adopted' || state.status === 'lapsed') return conflict(`the mission sheet is ${state.status}`);
  const awaited = awaitedSignatures(state);
  if (awaited.length)
    return conflict(`version ${currentVersion(state).version} awaits the signature of the ${awaited.map((r) => r.replace('_', ' ')).join(' and the ')}`);
  return null;
}

/** Reminders before the Copil to the members whose signature is awaited; the sheet lapses when its year ends. */
export function missionSheetClock(state: MissionSheetState, nowMs: number): { due: MissionSheetEventBody | null; nextAt?: number } {
  if (state.status === 'adopted' || state.status === 'lapsed') return { due: null };
  const end = parisYearEndMs(state.year);
  if (nowMs >= end) return { due: { type: 'MissionSheetLapsed', payload: { version: currentVersion(state).version } }, nextAt: end };
  const awaiting = awaitedSignatures(state);
  const copil = Date.parse(state.copilAt);
  const times = [...state.policy.remindersBeforeCopilMs]
    .map((r) => copil - r)
    .filter((t) => t < copil)
    .sort((a, b) => a - b);
  const last = state.lastReminderAt ? Date.parse(state.lastReminderAt) : -Infinity;
  if (awaiting.length && nowMs < copil && times.some((t) => t <= nowMs && t > last)) {
    return { due: { type: 'MissionSheetReminderSent', payload: { copilAt: state.copilAt, awaiting } }, nextAt: nowMs };
  }
  const upcoming = awaiting.length ? times.filter((t) => t > nowMs && t < copil) : [];
  return { due: null, nextAt: Math.min(upcoming[0] ?? Infinity, end) };
}

/**
 * Who reads it: the territory's binôme, auditors and admins; once adopted, the associations acting
 * in the territory too (`actsInTerritory`). Anyone else: 404.
 */
export function missionSheetReadProblem(
  principal: Principal,
  state: { id: string; territoryId: string; status: string },
  actsInTerritory = false,
): DomainError | null {
  if (principal.role === 'admin' || principal.role === 'auditor') return null;
  if ((principal.role === 'project_lead' || principal.role === 'prefect_delegate') && principal.territory === state.territoryId) return null;
  if (principal.role === 'association' && state.status === 'adopted' && actsInTerritory) return null;
  return new DomainError('not_found', `no mission sheet ${state.id}`);
}
