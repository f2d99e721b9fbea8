import { Audience, orgAudiences as orgs } from '../roles';
import { callManagerAudiences } from '../call';
import { AgreementEventBody } from './anchoring.events';

/** Who hears of each anchoring-agreement event: the association, and the funding side (the territory's project lead, the funders). */
export function agreementAudiences(
  event: AgreementEventBody,
  parties: { associationId: string; territoryId: string; funderIds: readonly string[] },
): Audience[] {
  const association: Audience[] = [{ kind: 'org', org: parties.associationId }];
  const funding = callManagerAudiences({ territories: [parties.territoryId], funderIds: parties.funderIds, invited: [] });
  switch (event.type) {
    case 'OperatingTrancheOrdered':
      // Each funder hears of the order on its own line.
      return [...association, ...orgs(event.payload.orders.flatMap((order) => (order.funderId ? [order.funderId] : [])))];
    case 'AgreementProposed':
      // The funders hear of a line put on their money: each accepts its own.
      return [...association, ...orgs(parties.funderIds)];
    case 'CoordinationCompensationOrdered':
    case 'ActivityReportReminderSent':
      return association;
    case 'AgreementAccepted':
    case 'ActivityReportSubmitted':
      return funding;
    case 'AgreementWithdrawn':
    case 'OperatingTrancheWithheld':
    case 'ActivityReportOverdue':
    case 'AmendmentAccepted':
    case 'FundingLineAccepted':
    case 'AgreementTerminated':
    case 'AgreementCompleted':
      return [...association, ...funding];
    case 'AmendmentAgreed':
      return [...association, ...funding];
    case 'AmendmentProposed':
      // Under the rule that each funder whose line changes agrees for itself, the funders hear of it whichever side proposes.
      if (event.payload.awaitingFunders) return event.payload.side === 'association' ? funding : [...association, ...funding];
      return event.payload.side === 'association' ? funding : association;
    case 'TerminationRequested':
      if (event.payload.awaiting) return [...association, ...funding];
      return event.payload.side === 'association' ? funding : association;
    case 'CoordinationTokenCredited':
      return [];
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}
