import { ORIENTATIONS } from '../contribution/contribution.events';
import type { ContributionView } from '../contribution/contribution.view';
import { DomainError } from '../errors';
import type { Principal } from '../roles';
import { Need, ReferralEventBody, SUPPORT_KINDS } from './referral.events';
import { REFERRAL_ROUTINGS_MAX } from './referral.policy';
import { ReferralState, currentRouting } from './referral.state';

const invalid = (message: string) => new DomainError('validation', message);
const conflict = (message: string) => new DomainError('conflict', message);

export function isReferralId(value: string): boolean {
  return /^ref-[0-9a-f-]{36}$/.test(value);
}

export function needProblems(need: Need): string[] {
  const problems: string[] = [];
  if (!(ORIENTATIONS as readonly string[]).includes(need.orientation)) problems.push(`orientation: one of ${ORIENTATIONS.join(', ')}`);
  if (!(SUPPORT_KINDS as readonly string[]).includes(need.supportKind)) problems.push(`supportKind: one of ${SUPPORT_KINDS.join(', ')}`);
  if (!need.description?.trim()) problems.push('description: what the association needs, in words');
  return problems;
}

/** The binôme routes a need awaiting routing (new, declined, or unanswered in time) to a named contact of a signatory. */
export function routeProblem(state: ReferralState, signatoryId: string, contactName: string): DomainError | null {
  if (!contactName?.trim()) return invalid('contactName: the named contact in the signatory institution');
  if (state.status === 'routed') return conflict(`the need awaits the answer of ${currentRouting(state)!.signatoryId}`);
  if (state.status === 'supported' || state.status === 'withdrawn') return conflict(`the need is ${state.status}`);
  if (state.routings.length >= REFERRAL_ROUTINGS_MAX) return conflict(`routed ${state.routings.length} times already, the most a need is`);
  if (state.routings.some((r) => r.signatoryId === signatoryId && r.outcome?.kind === 'declined')) return conflict(`${signatoryId} has declined this need`);
  return null;
}

/** The signatory the need is routed to answers: the support it offers, or why it declines. */
export function referralAnswerProblem(state: ReferralState, signatoryId: string, text: string): DomainError | null {
  if (!text?.trim()) return invalid('the support offered, or the reason for declining');
  const routing = currentRouting(state);
  if (state.status !== 'routed' || !routing) return conflict(`the need is ${state.status}: no answer awaited`);
  if (routing.signatoryId !== signatoryId) return new DomainError('forbidden', `the need is routed to ${routing.signatoryId}`);
  return null;
}

export function withdrawReferralProblem(state: ReferralState, reason: string): DomainError | null {
  if (!reason?.trim()) return invalid('reason: why the need is withdrawn');
  if (state.status === 'supported' || state.status === 'withdrawn') return conflict(`the need is ${state.status}`);
  return null;
}

/** The reminder before the signatory's deadline, or the escalation at it, when its time has come. */
export function referralClock(state: ReferralState, nowMs: number): { due: ReferralEventBody | null; nextAt?: number } {
  const routing = currentRouting(state);
  if (state.status !== 'routed' || !routing) return { due: null };
  const answerBy = Date.parse(routing.answerBy);
  const moments: { at: number; event: ReferralEventBody }[] = [
    { at: answerBy, event: { type: 'ReferralEscalated', payload: { signatoryId: routing.signatoryId, answerBy: routing.answerBy } } },
  ];
  if (!routing.remindedAt)
    moments.unshift({
      at: answerBy - state.policy.reminderBeforeMs,
      event: { type: 'ReferralReminderSent', payload: { signatoryId: routing.signatoryId, answerBy: routing.answerBy } },
    });
  const first = moments[0];
  return first.at <= nowMs ? { due: first.event, nextAt: first.at } : { due: null, nextAt: first.at };
}

/** Who sees a need: its association, its territory's binôme, the signatories it was routed to, auditors and admins (404 for anyone else). */
export function referralReadProblem(principal: Principal, state: ReferralState): DomainError | null {
  const hidden = new DomainError('not_found', `no need ${state.id}`);
  switch (principal.role) {
    case 'admin':
    case 'auditor':
      return null;
    case 'association':
      return principal.org === state.need.associationId ? null : hidden;
    case 'project_lead':
    case 'prefect_delegate':
      return principal.territory === state.need.territoryId ? null : hidden;
    case 'funder':
      return state.routings.some((r) => r.signatoryId === principal.org) ? null : hidden;
    default: {
      const never: never = principal.role;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
}

export interface SignatorySuggestion {
  signatoryId: string;
  /** The concluded contributions that match: same territory and orientation, a nature fit for the support. */
  contributions: number;
  fundingCents: number;
}

/**
 * The signatories whose declared contributions match a need: concluded in its territory, for its
 * orientation, of a nature that gives the support (expertise: any), this year or the next; the most
 * matching contributions first, then the most funding.
 */
export function suggestSignatories(
  need: Need,
  contributions: readonly ContributionView[],
  year: number,
  declined: readonly string[] = [],
): SignatorySuggestion[] {
  const bySignatory = new Map<string, SignatorySuggestion>();
  for (const c of contributions) {
    if (c.status !== 'agreed' || c.territoryId !== need.territoryId || c.orientation !== need.orientation) continue;
    if (c.year < year || c.year > year + 1) continue;
    if (need.supportKind !== 'expertise' && c.nature !== need.supportKind) continue;
    if (declined.includes(c.signatoryId)) continue;
    const s = bySignatory.get(c.signatoryId) ?? { signatoryId: c.signatoryId, contributions: 0, fundingCents: 0 };
    s.contributions++;
    s.fundingCents += c.amountCents ?? 0;
    bySignatory.set(c.signatoryId, s);
  }
  return [...bySignatory.values()].sort(
    (a, b) => b.contributions - a.contributions || b.fundingCents - a.fundingCents || a.signatoryId.localeCompare(b.signatoryId),
  );
}
