import { eventsOf } from '../grant-row';
import { FundingLead, MilestoneName, Support } from './incubation.rules';

/** Events of a territory's yearly incubation cohort (its own stream). */
export type CohortEventBody =
  | { type: 'CohortOpened'; payload: { territoryId: string; year: number; capacity: number; nominationDeadline: string } }
  | {
      type: 'ProjectNominated';
      /** `description`: recorded since the cohort changes through its events (absent before). */
      payload: { nominationId: string; associationId: string; projectTitle: string; description?: string; themes: string[]; qpv: string };
    }
  | {
      type: 'ProjectSelected';
      payload: { nominationId: string; incubationId: string; associationId: string; projectTitle: string; reason: string; selected: number; capacity: number };
    }
  | { type: 'CohortClosed'; payload: { selected: number; nominations: number } };

/** Events of one incubated project. */
export type IncubationEventBody =
  | {
      type: 'IncubationStarted';
      payload: {
        cohortId: string;
        associationId: string;
        projectTitle: string;
        territoryId: string;
        year: number;
        themes: string[];
        qpv: string;
        reason: string;
      };
    }
  | { type: 'MentorAssigned'; payload: { mentorAssociationId: string } }
  | { type: 'SupportPlanSet'; payload: { supports: Support[]; milestones: { name: MilestoneName; dueAt: string }[] } }
  | { type: 'CheckInReminderSent'; payload: { n: number } }
  | { type: 'MilestoneCompleted'; payload: { milestone: MilestoneName; note?: string } }
  | { type: 'MilestoneOverdue'; payload: { milestone: MilestoneName; dueAt: string } }
  | { type: 'FundingLeadRecorded'; payload: { leadId: string; kind: FundingLead['kind']; description: string; openedId?: string } }
  | { type: 'ImpactReportSubmitted'; payload: { summary: string } }
  | { type: 'IncubationGraduated'; payload: { impactSummary: string } }
  | { type: 'IncubationWithdrawn'; payload: { reason: string } };

/** Every an incubation cohort event type (the compiler names one missing or unknown). */
const COHORT_EVENT_TYPES: Record<CohortEventBody['type'], true> = {
  CohortOpened: true,
  ProjectNominated: true,
  ProjectSelected: true,
  CohortClosed: true,
};

/** Whether an event belongs to an incubation cohort's stream. */
export const isCohortEvent = eventsOf(COHORT_EVENT_TYPES);

/** Every an incubated project event type (the compiler names one missing or unknown). */
const INCUBATION_EVENT_TYPES: Record<IncubationEventBody['type'], true> = {
  IncubationStarted: true,
  MentorAssigned: true,
  SupportPlanSet: true,
  CheckInReminderSent: true,
  MilestoneCompleted: true,
  MilestoneOverdue: true,
  FundingLeadRecorded: true,
  ImpactReportSubmitted: true,
  IncubationGraduated: true,
  IncubationWithdrawn: true,
};

/** Whether an event belongs to an incubated project's stream. */
export const isIncubationEvent = eventsOf(INCUBATION_EVENT_TYPES);
