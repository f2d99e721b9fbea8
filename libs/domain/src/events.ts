import { Cents } from './money';
import { Role } from './roles';
import { MicroGrantEventBody, MicroGrantStatus, isMicroGrantEvent, projectMicroGrant } from './micro-grant';
import { ApplicationEventBody, ApplicationStatus, CallEventBody, isApplicationEvent, isCallEvent, projectApplication } from './call';
import { AgreementEventBody, AgreementStatus, isAgreementEvent, projectAgreement } from './anchoring';
import { CohortEventBody, IncubationEventBody, IncubationStatus, isCohortEvent, isIncubationEvent, projectIncubation } from './incubation';

/** What a stream of events is about: a micro-grant, a call for projects, or one consortium's application. */
export type GrantKind =
  | 'micro_grant'
  | 'call'
  | 'consortium_application'
  | 'anchoring_agreement'
  | 'incubation_cohort'
  | 'incubation'
  | 'open_data'
  | 'task_force'
  | 'contribution'
  | 'referral'
  | 'codir'
  | 'mission_sheet'
  | 'copil';

/** Who caused an event: a person (their token's subject and role) or the system (timers, the engine). */
export type Actor = { kind: 'user'; id: string; role: Role } | { kind: 'system'; id: 'engine' };

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'engine' };

/** Domain events, in the past tense. Payloads are plain JSON. */
export type GrantEventBody = MicroGrantEventBody | CallEventBody | ApplicationEventBody | AgreementEventBody | CohortEventBody | IncubationEventBody;

export type GrantEventType = GrantEventBody['type'];

/** What a workflow asks the event log to append: the event, its actor, and when it happened. */
export type GrantEventDraft = GrantEventBody & {
  grantId: string;
  kind: GrantKind;
  actor: Actor;
  occurredAt: string;
};

/** One row of the read model: what lists and dashboards show. */
export interface GrantView {
  id: string;
  kind: GrantKind;
  status: MicroGrantStatus | ApplicationStatus | AgreementStatus | IncubationStatus;
  title: string;
  associationId: string;
  territoryId: string;
  binomeId: string | null;
  amountCents: Cents;
  funderIds: string[];
  /** Every association the grant funds (a consortium's members; the requester of a micro-grant). */
  memberIds: string[];
  paymentOrderId: string | null;
  reportDueAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

/**
 * Projects one event onto the read model. Pure: the same events always give the same rows, so the
 * read model can be rebuilt from grant_events at any time.
 */
export function projectGrant(view: GrantView | null, event: GrantEventDraft & { seq: number }): GrantView {
  if (isMicroGrantEvent(event)) return projectMicroGrant(view, event);
  if (isApplicationEvent(event)) return projectApplication(view, event);
  if (isAgreementEvent(event)) return projectAgreement(view, event);
  if (isIncubationEvent(event)) return projectIncubation(view, event);
  if (!view) throw new Error(`event ${event.type} #${event.seq} of ${event.grantId} comes before the grant was requested`);
  if (isCohortEvent(event)) throw new Error(`${event.type} belongs to a cohort's stream, not a grant's: see projectCohort`);
  if (isCallEvent(event)) throw new Error(`${event.type} belongs to a call's stream, not a grant's: see projectCall`);
  const never: never = event;
  throw new Error(`unknown event ${JSON.stringify(never)}`);
}
