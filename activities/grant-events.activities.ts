import { DataSource } from 'typeorm';
import { GrantEventDraft, projectGrant } from '../libs/domain/src';
import { loadGrantView, saveGrantView } from '../libs/persistence/src';

export interface GrantEventDeps {
  dataSource: DataSource;
}

/** A draft plus the workflow step that produced it: (grant, step) is the idempotency key. */
export type AppendGrantEventInput = GrantEventDraft & { step: string };

export function createGrantEventActivities({ dataSource }: GrantEventDeps) {
  return {
    /**
     * Appends a domain event with the grant's next sequence number and projects it onto the read
     * model, in one transaction. A retry of the same step finds its event and appends nothing.
     */
    async appendGrantEvent(input: AppendGrantEventInput): Promise<{ seq: number; duplicate: boolean }> {
      const { step, ...draft } = input;
      const idempotencyKey = `${draft.grantId}:${step}`;
      return dataSource.transaction(async (em) => {
        await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [draft.grantId]);
        const existing: { seq: number }[] = await em.query('SELECT seq FROM grant_events WHERE idempotency_key = $1', [
          idempotencyKey,
        ]);
        if (existing.length) return { seq: existing[0].seq, duplicate: true };
        const [{ next }]: { next: number }[] = await em.query(
          'SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM grant_events WHERE grant_id = $1',
          [draft.grantId],
        );
        await em.query(
          `INSERT INTO grant_events (grant_id, seq, kind, type, actor, payload, occurred_at, idempotency_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [draft.grantId, next, draft.kind, draft.type, draft.actor, draft.payload, draft.occurredAt, idempotencyKey],
        );
        const view = await loadGrantView(em, draft.grantId);
        await saveGrantView(em, projectGrant(view, { ...draft, seq: next }));
        return { seq: next, duplicate: false };
      });
    },
  };
}
