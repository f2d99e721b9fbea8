import { DomainError } from '../errors';
import type { Principal } from '../roles';
import { CONTRIBUTION_NATURES, ContributionEventBody, ContributionSide, ContributionTerms, ORIENTATIONS } from './contribution.events';
import { CONTRIBUTION_REVISIONS_MAX } from './contribution.policy';
import type { ContributionState } from './contribution.state';

const invalid = (message: string) => new DomainError('validation', message);
const conflict = (message: string) => new DomainError('conflict', message);

export function isContributionId(value: string): boolean {
  return /^ctb-[0-9a-f-]{36}$/.test(value);
}

/** Everything wrong with a contribution's terms (an empty list when they stand). */
export function contributionTermsProblems(t: ContributionTerms): string[] {
  const problems: string[] = [];
  if (!(ORIENTATIONS as readonly string[]).includes(t.orientation)) problems.push(`orientation: one of ${ORIENTATIONS.join(', ')}`);
  if (!Number.isSafeInteger(t.year) || t.year < 2000 || t.year > 2100) problems.push('year: a year between 2000 and 2100');
  if (!(CONTRIBUTION_NATURES as readonly string[]).includes(t.nature)) problems.push(`nature: one of ${CONTRIBUTION_NATURES.join(', ')}`);
  if (t.nature === 'funding' && !(Number.isSafeInteger(t.amountCents) && t.amountCents! > 0))
    problems.push('amountCents: funding commits an amount in whole cents above zero');
  if (t.nature !== 'funding' && t.amountCents !== undefined) problems.push(`amountCents: only funding has an amount (this is ${t.nature})`);
  if (t.nature === 'staff' && !(Number.isSafeInteger(t.staffCount) && t.staffCount! >= 1 && t.staffCount! <= 1000))
    problems.push('staffCount: staff on the ground counts 1 to 1,000 people');
  if (t.nature !== 'staff' && t.staffCount !== undefined) problems.push(`staffCount: only staff has a count (this is ${t.nature})`);
  if (!t.description?.trim()) problems.push('description: what the contribution is, in words');
  if (new Set(t.coCarriers).size !== t.coCarriers.length) problems.push('coCarriers: each organisation once');
  if (t.coCarriers.includes(t.signatoryId)) problems.push('coCarriers: the signatory carries its own contribution; co-carriers are the others');
  return problems;
}

/** Which side of the contribution this principal stands on: the territory's project lead (or an admin) for the team, the signatory's accounts for it. */
export function sideOf(principal: Principal, terms: Pick<ContributionTerms, 'territoryId' | 'signatoryId'>): ContributionSide | null {
  if (principal.role === 'admin' || (principal.role === 'project_lead' && principal.territory === terms.territoryId)) return 'team';
  if (principal.role === 'funder' && principal.org === terms.signatoryId) return 'signatory';
  return null;
}

function negotiating(state: ContributionState): DomainError | null {
  return state.status === 'negotiating' ? null : conflict(`the contribution is ${state.status}: it takes no more changes`);
}

export function signProblem(state: ContributionState, side: ContributionSide): DomainError | null {
  const closed = negotiating(state);
  if (closed) return closed;
  if (state.signatures[side]?.version === state.version)
    return conflict(`your side has signed version ${state.version}; the other side's signature is awaited`);
  return null;
}

export function reviseProblem(state: ContributionState, side: ContributionSide, terms: ContributionTerms): DomainError | null {
  const closed = negotiating(state);
  if (closed) return closed;
  if (terms.territoryId !== state.terms.territoryId || terms.signatoryId !== state.terms.signatoryId) {
    return invalid('a revision keeps the territory and the signatory: propose another contribution for another');
  }
  const problems = contributionTermsProblems(terms);
  if (problems.length) return new DomainError('validation', problems.join('; '), { problems });
  if (state.version > CONTRIBUTION_REVISIONS_MAX) return conflict(`${CONTRIBUTION_REVISIONS_MAX} revisions already: agree on this one, or withdraw it`);
  if (side === state.awaiting || state.signatures[side]?.version !== state.version) return null;
  return conflict(`your side's version ${state.version} awaits the other side: it may sign it or revise it`);
}

export function withdrawContributionProblem(state: ContributionState, reason: string): DomainError | null {
  if (!reason?.trim()) return invalid('reason: why the contribution is withdrawn');
  return negotiating(state);
}

/** The reminder or the expiry whose time has come at `nowMs`, and when the next one comes. */
export function contributionClock(state: ContributionState, nowMs: number): { due: ContributionEventBody | null; nextAt?: number } {
  if (state.status !== 'negotiating' || !state.signBy || !state.awaiting) return { due: null };
  const signBy = Date.parse(state.signBy);
  const moments: { at: number; event: ContributionEventBody }[] = [
    { at: signBy, event: { type: 'ContributionExpired', payload: { awaiting: state.awaiting, signBy: state.signBy } } },
  ];
  if (!state.remindedAt)
    moments.unshift({
      at: signBy - state.policy.reminderBeforeMs,
      event: { type: 'ContributionReminderSent', payload: { awaiting: state.awaiting, signBy: state.signBy } },
    });
  const first = moments[0];
  return first.at <= nowMs ? { due: first.event, nextAt: first.at } : { due: null, nextAt: first.at };
}
