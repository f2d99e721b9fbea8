import { Cents } from '../money';
import { DomainError } from '../errors';
import { Principal } from '../roles';
import { CallPolicy } from './call.policy';
import { ApplicationStatus } from './call.rules';
import { DoubleFundingFlag, MemberFacts, MemberPayments, Proposal, proposalProblems } from './proposal.rules';

const conflict = (message: string) => new DomainError('conflict', message);
const invalid = (message: string) => new DomainError('validation', message);

export interface ApplicationCallFacts {
  title: string;
  territories: string[];
  funderIds: string[];
  budgetCents: Cents;
  targetPublic: string;
  eoiDeadline: string;
  proposalDeadline: string;
}

export interface ApplicationMember extends MemberFacts {
  siret: string;
}

export interface ApplicationState {
  id: string;
  callId: string;
  consortiumId: string;
  consortiumName: string;
  leadAssociationId: string;
  members: ApplicationMember[];
  call: ApplicationCallFacts;
  paidPreselection: boolean;
  policy: CallPolicy;
  summary: string;
  expressedAt: string;
  status: ApplicationStatus;
  shortlistReason?: string;
  stipend?: { amountCents: Cents; split: { associationId: string; amountCents: Cents }[]; paymentOrderId: string };
  proposal?: Proposal & { submittedAt: string; submittedBy: string };
  /** How many versions of the proposal were submitted (absent before they were counted). */
  proposalVersions?: number;
  doubleFundingFlags: DoubleFundingFlag[];
  award?: { amountCents: Cents; reason: string; awardedAt: string; payments: MemberPayments[] };
  decisionReason?: string;
  reportDueAt?: string;
  finalReport?: { summary: string; submittedAt: string; submittedBy: string };
  closedAt?: string;
}

export interface ProposalCommand {
  actorId: string;
  byAssociationId: string;
  proposal: Proposal;
}

export interface FinalReportCommand {
  actorId: string;
  byAssociationId: string;
  summary: string;
}

export interface ShortlistOutcome {
  shortlisted: boolean;
  reason: string;
}

export interface AwardOutcome {
  amountCents: Cents;
  reason: string;
}

/** Versions of its proposal a consortium may submit: revising cannot grow an application's history without end. */
export const PROPOSAL_VERSIONS_MAX = 20;

export function proposalCommandProblem(state: ApplicationState, c: ProposalCommand, nowMs: number, policy: CallPolicy): DomainError | null {
  if (c.byAssociationId !== state.leadAssociationId) return new DomainError('forbidden', 'only the lead member submits the proposal');
  if (nowMs >= Date.parse(state.call.proposalDeadline)) {
    return conflict(`the proposal deadline (${state.call.proposalDeadline}) has passed`);
  }
  if (state.status !== 'proposal_open' && state.status !== 'shortlisted' && state.status !== 'proposal_submitted') {
    return conflict(
      state.status === 'expressed' ? 'proposals open once the application is shortlisted' : `the application is ${state.status}: it takes no proposal`,
    );
  }
  if ((state.proposalVersions ?? 0) >= PROPOSAL_VERSIONS_MAX) {
    return conflict(`a consortium submits its proposal at most ${PROPOSAL_VERSIONS_MAX} times: the last one stands`);
  }
  const problems = proposalProblems(c.proposal, state.members, policy, state.call.budgetCents);
  if (problems.length) return new DomainError('validation', problems.join('; '), { problems });
  return null;
}

export function finalReportProblem(state: ApplicationState, c: FinalReportCommand): DomainError | null {
  if (!c.summary?.trim()) return invalid('summary: the final report needs a summary');
  if (!state.members.some((m) => m.associationId === c.byAssociationId)) {
    return new DomainError('forbidden', 'only a member of the consortium reports');
  }
  if (state.status === 'awarded' || state.status === 'report_overdue') return null;
  if (state.status === 'closed') return conflict('the final report has already been submitted');
  return conflict(`no final report is expected while the application is ${state.status}`);
}

/** May this principal see this application? Its members, the call's managers, auditors, admins. */
export function applicationReadProblem(
  principal: Principal,
  app: { id: string; members: readonly { associationId: string }[]; call: { territories: string[]; funderIds: string[] } },
): DomainError | null {
  switch (principal.role) {
    case 'admin':
    case 'auditor':
      return null;
    case 'association':
      return app.members.some((m) => m.associationId === principal.org) ? null : new DomainError('not_found', `no application ${app.id}`);
    case 'funder':
      return principal.org && app.call.funderIds.includes(principal.org) ? null : new DomainError('not_found', `no application ${app.id}`);
    case 'project_lead':
    case 'prefect_delegate':
      return principal.territory && app.call.territories.includes(principal.territory)
        ? null
        : new DomainError('forbidden', `application ${app.id} belongs to a call of another territory`);
    default: {
      const never: never = principal.role;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
}
