import { Audience } from '../roles';
import { MicroGrantEventBody } from './micro-grant.events';

/** The parties of a micro-grant: the requesting association and the binôme of its territory. */
export interface MicroGrantParties {
  associationId: string;
  territoryId: string;
  /** Whose money the binôme's envelope is: it hears of the payment orders. */
  funderId?: string;
}

/** Who hears of each micro-grant event. Events absent here notify nobody. */
export function microGrantAudiences(type: MicroGrantEventBody['type'], parties: MicroGrantParties): Audience[] {
  const association: Audience = { kind: 'org', org: parties.associationId };
  const binome: Audience[] = [
    { kind: 'territory_role', role: 'project_lead', territory: parties.territoryId },
    { kind: 'territory_role', role: 'prefect_delegate', territory: parties.territoryId },
  ];
  switch (type) {
    case 'MicroGrantRequested':
      return [];
    case 'MicroGrantEscalated':
    case 'MicroGrantFundsReserved':
    case 'MicroGrantDecisionRecorded':
    case 'MicroGrantApproved':
    case 'MicroGrantRejected':
    case 'MicroGrantExpired':
    case 'ReportOverdue':
      return [association, ...binome];
    case 'PaymentOrdered':
      return parties.funderId ? [association, { kind: 'org', org: parties.funderId }] : [association];
    case 'ReportReminderSent':
      return [association];
    case 'ReportSubmitted':
      return binome;
    default: {
      const never: never = type;
      throw new Error(`unknown event type ${String(never)}`);
    }
  }
}
