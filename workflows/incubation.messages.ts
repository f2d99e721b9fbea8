import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AssignMentorCommand,
  CohortState,
  CompleteMilestoneCommand,
  FundingLeadCommand,
  ImpactReportCommand,
  IncubationState,
  NominateCommand,
  PlanCommand,
  SelectCommand,
  WithdrawCommand,
} from '@grants/domain';

export const cohortStateQuery = defineQuery<CohortState>('state');
/** Waits until the cohort's opening is recorded; returns the state. */
export const cohortOpenedUpdate = defineUpdate<CohortState>('opened');
export const nominateUpdate = defineUpdate<CohortState, [NominateCommand]>('nominate');
/** Returns the id of the incubation it started. */
export const selectUpdate = defineUpdate<{ incubationId: string; state: CohortState }, [SelectCommand]>('select');

export const incubationStateQuery = defineQuery<IncubationState>('state');
export const assignMentorUpdate = defineUpdate<IncubationState, [AssignMentorCommand]>('assignMentor');
export const setPlanUpdate = defineUpdate<IncubationState, [PlanCommand]>('setPlan');
export const completeMilestoneUpdate = defineUpdate<IncubationState, [CompleteMilestoneCommand]>('completeMilestone');
export const addFundingLeadUpdate = defineUpdate<IncubationState, [FundingLeadCommand]>('addFundingLead');
export const submitImpactReportUpdate = defineUpdate<IncubationState, [ImpactReportCommand]>('submitImpactReport');
export const withdrawUpdate = defineUpdate<IncubationState, [WithdrawCommand]>('withdraw');
