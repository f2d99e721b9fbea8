import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApplicationState, AwardOutcome, FinalReportCommand, ProposalCommand, ShortlistOutcome } from '@grants/domain';

export const applicationStateQuery = defineQuery<ApplicationState>('state');
/** The lead member's proposal (replaces an earlier one until the deadline). Returns the state after it. */
export const submitProposalUpdate = defineUpdate<ApplicationState, [ProposalCommand]>('submitProposal');
export const submitFinalReportUpdate = defineUpdate<ApplicationState, [FinalReportCommand]>('submitFinalReport');
/** From the call: the pre-selection decision. */
export const shortlistOutcomeSignal = defineSignal<[ShortlistOutcome]>('shortlistOutcome');
/** From the call: the award decision (amount 0: not awarded). */
export const awardOutcomeSignal = defineSignal<[AwardOutcome]>('awardOutcome');
