import { Audience } from '../roles';
import { CohortEventBody, IncubationEventBody } from './incubation.events';

/** Who hears of each incubation event: the project's association, its mentor, the territory's project lead. */
export function incubationAudiences(
  event: CohortEventBody | IncubationEventBody,
  parties: { associationId?: string; mentorAssociationId?: string; territoryId: string },
): Audience[] {
  const project: Audience[] = parties.associationId ? [{ kind: 'org', org: parties.associationId }] : [];
  const mentor: Audience[] = parties.mentorAssociationId ? [{ kind: 'org', org: parties.mentorAssociationId }] : [];
  const lead: Audience[] = [{ kind: 'territory_role', role: 'project_lead', territory: parties.territoryId }];
  switch (event.type) {
    case 'ProjectNominated':
      return [...project, ...lead];
    case 'ProjectSelected':
    case 'IncubationStarted':
      return project;
    case 'CohortClosed':
      return lead;
    case 'MentorAssigned':
    case 'SupportPlanSet':
    case 'CheckInReminderSent':
    case 'FundingLeadRecorded':
      return [...project, ...mentor];
    case 'MilestoneOverdue':
    case 'ImpactReportSubmitted':
    case 'IncubationGraduated':
    case 'IncubationWithdrawn':
      return [...project, ...mentor, ...lead];
    case 'MilestoneCompleted':
      return [...mentor, ...lead];
    case 'CohortOpened':
      return [];
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}
