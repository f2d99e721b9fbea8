import type { ContributionPolicy, ContributionSide, ContributionTerms, Role } from '@grants/domain';

/** Input of contributionWorkflow (workflow id ctb-<uuid>). */
export interface ContributionInput {
  contributionId: string;
  terms: ContributionTerms;
  /** The side proposing (its signature comes with its proposal) and who. */
  side: ContributionSide;
  proposedBy: { id: string; role: Role };
  policy: ContributionPolicy;
}
