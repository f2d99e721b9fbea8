import { DataSource } from 'typeorm';
import { CONVENTION_EVENTS, DEFAULT_OPEN_DATA_POLICY, GrantEventDraft, OpenDataPolicy } from '@grants/domain';
import { appendChainedEvent, projectAppended, refreshConventionRows } from '@grants/persistence';

export interface GrantEventDeps {
  dataSource: DataSource;
  /** When the open-data rows of a signed convention are due (three months after signature by default). */
  openDataPolicy?: OpenDataPolicy;
}

/** A draft plus the workflow step that produced it: (grant, step) is the idempotency key. */
export type AppendGrantEventInput = GrantEventDraft & { step: string };

export function createGrantEventActivities({ dataSource, openDataPolicy = DEFAULT_OPEN_DATA_POLICY }: GrantEventDeps) {
  return {
    /**
     * Appends a domain event with the grant's next sequence number and projects it onto the read
     * model, in one transaction. A retry of the same step finds its event and appends nothing.
     */
    async appendGrantEvent(input: AppendGrantEventInput): Promise<{ seq: number; duplicate: boolean }> {
      const { step, ...draft } = input;
      const idempotencyKey = `${draft.grantId}:${step}`;
      return dataSource.transaction(async (em) => {
        const appended = await appendChainedEvent(em, draft, idempotencyKey);
        if (appended.duplicate) return appended;
        const next = appended.seq;
        const occurredAt = new Date(draft.occurredAt).toISOString();
        // Its path's read model, through the registry of streams (libs/persistence/src/streams.ts).
        await projectAppended(em, { ...draft, occurredAt, seq: next });
        // A convention signed, amended or ended: its rows of the funders' open data follow, in the same transaction.
        if (CONVENTION_EVENTS.has(draft.type)) await refreshConventionRows(em, draft.grantId, draft.kind, openDataPolicy);
        return { seq: next, duplicate: false };
      });
    },
  };
}
