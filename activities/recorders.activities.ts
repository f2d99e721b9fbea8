import type { MicroGrantEvent, MicroGrantEventBody } from '@grants/domain';
import type { GrantFacts } from './notification-templates';
import type { AppendGrantEventInput } from './grant-events.activities';
import type { NotifyRequest } from './notifications.activities';

/** What recording a micro-grant's event needs: the event as the workflow stamped it, its step, and what the texts name. */
export interface RecordMicroGrantEventRequest {
  event: MicroGrantEvent;
  /** `e<seq>`: with the grant, the key of the append, the notifications and the e-mails. */
  step: string;
  grant: GrantFacts;
}

export interface MicroGrantActivityDeps {
  appendGrantEvent(input: AppendGrantEventInput): Promise<{ seq: number; duplicate: boolean }>;
  notifyStakeholders(request: NotifyRequest): Promise<{ notifications: number; emails: number }>;
}

/** The micro-grant's one recording activity, as the later paths have theirs. */
export function createMicroGrantActivities({ appendGrantEvent, notifyStakeholders }: MicroGrantActivityDeps) {
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
  };
}
