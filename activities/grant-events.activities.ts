import { DataSource } from 'typeorm';
import { GrantEventDraft, projectCall, projectCohort, projectGrant } from '../libs/domain/src';
import { loadCallView, loadCohortView, loadGrantView, saveCallView, saveCohortView, saveFundedPeriods, saveGrantView } from '../libs/persistence/src';
import { GENESIS_HASH, eventHash } from '../libs/audit/src/chain';

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
        const last: { seq: number; hash: string }[] = await em.query(
          'SELECT seq, hash FROM grant_events WHERE grant_id = $1 ORDER BY seq DESC LIMIT 1',
          [draft.grantId],
        );
        const next = (last[0]?.seq ?? 0) + 1;
        const prevHash = last[0]?.hash ?? GENESIS_HASH;
        const occurredAt = new Date(draft.occurredAt).toISOString();
        // Through JSON, as PostgreSQL stores it: the hash covers exactly what is stored.
        const actor = JSON.parse(JSON.stringify(draft.actor));
        const payload = JSON.parse(JSON.stringify(draft.payload));
        const hash = eventHash(prevHash, { grantId: draft.grantId, seq: next, kind: draft.kind, type: draft.type, actor, payload, occurredAt });
        await em.query(
          `INSERT INTO grant_events (grant_id, seq, kind, type, actor, payload, occurred_at, idempotency_key, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [draft.grantId, next, draft.kind, draft.type, actor, payload, occurredAt, idempotencyKey, prevHash, hash],
        );
        const event = { ...draft, occurredAt, seq: next };
        if (draft.kind === 'call') {
          await saveCallView(em, projectCall(await loadCallView(em, draft.grantId), event));
        } else if (draft.kind === 'incubation_cohort') {
          await saveCohortView(em, projectCohort(await loadCohortView(em, draft.grantId), event));
        } else {
          const view = projectGrant(await loadGrantView(em, draft.grantId), event);
          await saveGrantView(em, view);
          if (event.type === 'ApplicationAwarded') {
            const p = event.payload;
            await saveFundedPeriods(em, view.id, view.title, { start: p.actionStart, end: p.actionEnd },
              p.payments.map((m) => ({ associationId: m.associationId, amountCents: m.awardCents })));
          }
        }
        return { seq: next, duplicate: false };
      });
    },
  };
}
