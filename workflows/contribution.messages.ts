import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ContributionSide, ContributionState, ContributionTerms, Role } from '@grants/domain';

export interface ContributionActor {
  id: string;
  role: Role;
}

export const contributionStateQuery = defineQuery<ContributionState>('state');
/** Waits until the proposal is recorded; returns the state. */
export const contributionProposedUpdate = defineUpdate<ContributionState>('proposed');
export const signContributionUpdate = defineUpdate<ContributionState, [{ actor: ContributionActor; side: ContributionSide }]>('sign');
export const reviseContributionUpdate = defineUpdate<ContributionState, [{ actor: ContributionActor; side: ContributionSide; terms: ContributionTerms }]>(
  'revise',
);
export const withdrawContributionUpdate = defineUpdate<ContributionState, [{ actor: ContributionActor; side: ContributionSide; reason: string }]>('withdraw');
