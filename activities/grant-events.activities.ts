import { DataSource } from 'typeorm';
import { CONVENTION_EVENTS, DEFAULT_OPEN_DATA_POLICY, GrantEventDraft, OpenDataPolicy, projectCall, projectCohort, projectGrant } from '@grants/domain';
import {
  appendChainedEvent,
  refreshConventionRows,
  loadCallView,
  loadCohortView,
  loadGrantView,
  saveCallView,
  saveCohortView,
  saveFundedPeriods,
  saveGrantView,
} from '@grants/persistence';

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
            await saveFundedPeriods(
              em,
              view.id,
              view.title,
              { start: p.actionStart, end: p.actionEnd },
              p.payments.map((m) => ({ associationId: m.associationId, amountCents: m.awardCents })),
            );
          }
        }
        // A convention signed, amended or ended: its rows of the funders' open data follow, in the same transaction.
        if (CONVENTION_EVENTS.has(draft.type)) await refreshConventionRows(em, draft.grantId, draft.kind, openDataPolicy);
        return { seq: next, duplicate: false };
      });
    },
  };
}
