import type {
  AgreementEventBody,
  ApplicationEventBody,
  Audience,
  CallFacts,
  CohortEvent,
  CohortEventBody,
  IncubationEvent,
  IncubationEventBody,
  MicroGrantEvent,
  MicroGrantEventBody,
  StampedAgreementEvent,
  StampedApplicationEvent,
  StampedCallEvent,
  CallEventBody,
} from '@grants/domain';
import type { GrantFacts } from './notification-templates';
import type { AppendGrantEventInput } from './grant-events.activities';
import type { NotifyAgreementRequest, NotifyCallRequest, NotifyIncubationRequest, NotifyRequest } from './notifications.activities';

/** What recording a micro-grant's event needs: the event as the workflow stamped it, its step, and what the texts name. */
export interface RecordMicroGrantEventRequest {
  event: MicroGrantEvent;
  /** `e<seq>`: with the grant, the key of the append, the notifications and the e-mails. */
  step: string;
  grant: GrantFacts;
}

/** What recording an incubated project's event needs: the event, its step, the project's title and who hears of it (computed by the workflow from the state right after it). */
export interface RecordIncubationEventRequest {
  event: IncubationEvent;
  step: string;
  title: string;
  audiences: Audience[];
}

/** What recording a cohort's event needs: the event, its step, the cohort's name and who hears of it. */
export interface RecordCohortEventRequest {
  event: CohortEvent;
  step: string;
  title: string;
  audiences: Audience[];
  /** The cohort's territory and year, for its link. */
  territoryId: string;
  year: number;
}

/** What recording an anchoring agreement's event needs: the event, its step, the agreement's title and who hears of it (computed by the workflow from the state right after it). */
export interface RecordAgreementEventRequest {
  event: StampedAgreementEvent;
  step: string;
  title: string;
  audiences: Audience[];
}

/** What recording a consortium application's event needs: the event, its step, who hears of it and what the texts name. */
export interface RecordApplicationEventRequest {
  event: StampedApplicationEvent;
  step: string;
  audiences: Audience[];
  facts: CallFacts;
}

/** What recording a call's event needs: the event, its step, who hears of it and what the texts name. */
export interface RecordCallEventRequest {
  event: StampedCallEvent;
  step: string;
  audiences: Audience[];
  facts: CallFacts;
}

export interface RecorderDeps {
  appendGrantEvent(input: AppendGrantEventInput): Promise<{ seq: number; duplicate: boolean }>;
  notifyStakeholders(request: NotifyRequest): Promise<{ notifications: number; emails: number }>;
  notifyIncubationParties(request: NotifyIncubationRequest): Promise<{ notifications: number; emails: number }>;
  notifyAgreementParties(request: NotifyAgreementRequest): Promise<{ notifications: number; emails: number }>;
  notifyCallParties(request: NotifyCallRequest): Promise<{ notifications: number; emails: number }>;
}

/**
 * The funding paths' recording activities, one per path, as the governance paths have theirs: an
 * event appended to the log with its read-model row (one transaction), then told to whoever it
 * concerns; (stream, step) keys both, so a retry records and sends nothing twice.
 */
export function createRecorderActivities({
  appendGrantEvent,
  notifyStakeholders,
  notifyIncubationParties,
  notifyAgreementParties,
  notifyCallParties,
}: RecorderDeps) {
  /** An incubated project's or a cohort's event: appended, then told to its audiences with the page's path. */
  async function recordIncubationStream(
    request: { event: IncubationEvent | CohortEvent; step: string; title: string; audiences: Audience[] },
    kind: 'incubation' | 'incubation_cohort',
    path: string,
  ): Promise<{ seq: number; notifications: number; emails: number }> {
    const { event, step, title, audiences } = request;
    const { seq } = await appendGrantEvent({ ...event, kind, step } as AppendGrantEventInput);
    const body = { type: event.type, payload: event.payload } as IncubationEventBody | CohortEventBody;
    const sent = audiences.length
      ? await notifyIncubationParties({ streamId: event.grantId, title, path, step, event: body, audiences, occurredAt: event.occurredAt })
      : { notifications: 0, emails: 0 };
    return { seq, ...sent };
  }

  /** A call's or an application's event: appended, then told to its audiences with the page's path. */
  async function recordCallStream(
    request: RecordCallEventRequest | RecordApplicationEventRequest,
    kind: 'call' | 'consortium_application',
    path: string,
  ): Promise<{ seq: number; notifications: number; emails: number }> {
    const { event, step, audiences, facts } = request;
    const { seq } = await appendGrantEvent({ ...event, kind, step } as AppendGrantEventInput);
    const body = { type: event.type, payload: event.payload } as CallEventBody | ApplicationEventBody;
    const sent = audiences.length
      ? await notifyCallParties({ streamId: event.grantId, step, event: body, audiences, facts, path, occurredAt: event.occurredAt })
      : { notifications: 0, emails: 0 };
    return { seq, ...sent };
  }

  return {
    /**
     * Records a micro-grant's event: appended to the hash-chained log with its read-model row
     * (one transaction), then told to whoever it concerns (MICRO_GRANT_NOTICES). A retry records and
     * sends nothing twice.
     */
    async recordMicroGrantEvent({ event, step, grant }: RecordMicroGrantEventRequest): Promise<{ seq: number; notifications: number; emails: number }> {
      const { seq } = await appendGrantEvent({ ...event, kind: 'micro_grant', step });
      const body = { type: event.type, payload: event.payload } as MicroGrantEventBody;
      const sent = await notifyStakeholders({ grantId: event.grantId, step, event: body, grant, occurredAt: event.occurredAt });
      return { seq, ...sent };
    },

    /** Records an incubated project's event (INCUBATION_NOTICES). */
    recordIncubationEvent({ event, step, title, audiences }: RecordIncubationEventRequest): Promise<{ seq: number; notifications: number; emails: number }> {
      return recordIncubationStream({ event, step, title, audiences }, 'incubation', `/incubations/${event.grantId}`);
    },

    /** Records an anchoring agreement's event (AGREEMENT_NOTICES). */
    async recordAgreementEvent({
      event,
      step,
      title,
      audiences,
    }: RecordAgreementEventRequest): Promise<{ seq: number; notifications: number; emails: number }> {
      const { seq } = await appendGrantEvent({ ...event, kind: 'anchoring_agreement', step } as AppendGrantEventInput);
      const body = { type: event.type, payload: event.payload } as AgreementEventBody;
      const sent = audiences.length
        ? await notifyAgreementParties({ agreementId: event.grantId, title, step, event: body, audiences, occurredAt: event.occurredAt })
        : { notifications: 0, emails: 0 };
      return { seq, ...sent };
    },

    /** Records a consortium application's event (CALL_NOTICES). */
    recordApplicationEvent(request: RecordApplicationEventRequest): Promise<{ seq: number; notifications: number; emails: number }> {
      return recordCallStream(request, 'consortium_application', `/applications/${request.event.grantId}`);
    },

    /** Records a call's event (CALL_NOTICES). */
    recordCallEvent(request: RecordCallEventRequest): Promise<{ seq: number; notifications: number; emails: number }> {
      return recordCallStream(request, 'call', `/calls/${request.event.grantId}`);
    },

    /** Records a cohort's event (INCUBATION_NOTICES). */
    recordCohortEvent({
      event,
      step,
      title,
      audiences,
      territoryId,
      year,
    }: RecordCohortEventRequest): Promise<{ seq: number; notifications: number; emails: number }> {
      return recordIncubationStream({ event, step, title, audiences }, 'incubation_cohort', `/incubation-cohorts/${territoryId}/${year}`);
    },
  };
}
