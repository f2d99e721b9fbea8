import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Actor, OpenDataEventBody, PublicationTrigger, SYSTEM_ACTOR, openDataStreamId } from '@grants/domain';
import {
  OpenDataRowState,
  appendChainedEvent,
  applyPublication,
  eventByKey,
  loadAttribuant,
  publicationOf,
  rowsAwaitingPublication,
} from '@grants/persistence';
import { conventionsChangedSignal } from '../workflows/open-data.messages';
import type { PublishOpenDataResult } from '@grants/contracts';

export interface OpenDataDeps {
  dataSource: DataSource;
}

/** What the funder's workflow does next, and when it looks again. */
export interface OpenDataAgenda {
  /** The funder publishes at signature and rows await publication. */
  autoPublish: boolean;
  /** Rows whose reminder is due (a month before their deadline). */
  remind: boolean;
  /** Rows whose deadline has passed unpublished (and not blocked since they last changed). */
  deadline: boolean;
  /** The next reminder or deadline, if any. */
  nextAt: string | null;
}

export interface PublishOpenDataInput {
  funderId: string;
  trigger: PublicationTrigger;
  /** The rows the funder chose; every row awaiting publication when absent. */
  rowIds?: string[];
  actor?: Actor;
  /** The workflow step: (stream, step) is the event's idempotency key. */
  step: string;
}

const notBlocked = (row: OpenDataRowState) => row.blockedRevision < row.revision;

export function createOpenDataActivities({ dataSource }: OpenDataDeps) {
  return {
    async openDataAgenda(input: { funderId: string }): Promise<OpenDataAgenda> {
      const now = Date.now();
      const { settings, rows } = await rowsAwaitingPublication(dataSource.manager, input.funderId);
      const live = rows.filter(notBlocked);
      const reminders = live.filter((row) => row.remindedRevision < row.revision && Date.parse(row.dueBy) > now);
      const times = [...reminders.map((row) => Date.parse(row.remindAt)), ...live.map((row) => Date.parse(row.dueBy))].filter((t) => t > now);
      return {
        autoPublish: settings.autoPublish && live.length > 0,
        remind: reminders.some((row) => Date.parse(row.remindAt) <= now),
        deadline: live.some((row) => Date.parse(row.dueBy) <= now),
        nextAt: times.length ? new Date(Math.min(...times)).toISOString() : null,
      };
    },

    /** Records a reminder for the rows whose deadline is a month away or less (once per row revision). */
    async remindOpenData(input: { funderId: string; step: string }): Promise<{ event?: OpenDataEventBody; occurredAt: string }> {
      const streamId = openDataStreamId(input.funderId);
      return dataSource.transaction(async (em) => {
        await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [streamId]);
        const existing = await eventByKey(em, `${streamId}:${input.step}`);
        if (existing) return { event: { type: existing.type, payload: existing.payload } as OpenDataEventBody, occurredAt: existing.occurredAt };
        const now = Date.now();
        const occurredAt = new Date(now).toISOString();
        const rows = (await rowsAwaitingPublication(em, input.funderId)).rows.filter(
          (row) => notBlocked(row) && row.remindedRevision < row.revision && Date.parse(row.remindAt) <= now,
        );
        if (!rows.length) return { occurredAt };
        const event: OpenDataEventBody = {
          type: 'OpenDataReminderSent',
          payload: { rowIds: rows.map((row) => row.id), dueBy: new Date(Math.min(...rows.map((row) => Date.parse(row.dueBy)))).toISOString() },
        };
        await appendChainedEvent(em, { grantId: streamId, kind: 'open_data', ...event, actor: SYSTEM_ACTOR, occurredAt }, `${streamId}:${input.step}`);
        for (const row of rows) await em.query('UPDATE open_data_rows SET reminded_revision = $2 WHERE id = $1', [row.id, row.revision]);
        return { event, occurredAt };
      });
    },

    /**
     * Publishes rows of a funder's dataset: the funder's choice, all at signature (its setting), or
     * those whose deadline has passed. Checks the funder's SIRET and every record against the SCDL
     * rules first: a blocked publication writes no row (and, when the engine tried it, records why).
     */
    async publishOpenData(input: PublishOpenDataInput): Promise<PublishOpenDataResult> {
      const streamId = openDataStreamId(input.funderId);
      const key = `${streamId}:${input.step}`;
      return dataSource.transaction(async (em) => {
        await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [streamId]);
        const existing = await eventByKey(em, key);
        if (existing) {
          const event = { type: existing.type, payload: existing.payload } as OpenDataEventBody;
          const rows = event.type === 'OpenDataPublished' ? event.payload.rows.map((r) => ({ rowId: r.rowId, change: r.change, revision: r.revision })) : [];
          return { rows, event, occurredAt: existing.occurredAt, ...(event.type === 'OpenDataPublicationBlocked' ? { blocked: event.payload.reason } : {}) };
        }
        const now = Date.now();
        const occurredAt = new Date(now).toISOString();
        const { settings, rows: pending } = await rowsAwaitingPublication(em, input.funderId);
        let chosen: OpenDataRowState[];
        if (input.trigger === 'funder') {
          const wanted = new Set(input.rowIds ?? pending.map((row) => row.id));
          chosen = pending.filter((row) => wanted.has(row.id));
          const unknown = [...wanted].filter((id) => !chosen.some((row) => row.id === id));
          if (unknown.length) return { rows: [], unknown, occurredAt };
        } else if (input.trigger === 'automatic') {
          chosen = pending.filter(notBlocked);
        } else {
          chosen = pending.filter((row) => notBlocked(row) && Date.parse(row.dueBy) <= now);
        }
        if (!chosen.length) return { rows: [], occurredAt };
        const publication = publicationOf(chosen, await loadAttribuant(em, input.funderId, settings), input.funderId);
        const actor = input.actor ?? SYSTEM_ACTOR;
        if ('blocked' in publication) {
          if (input.trigger === 'funder') return { rows: [], blocked: publication.blocked, occurredAt };
          const event: OpenDataEventBody = {
            type: 'OpenDataPublicationBlocked',
            payload: { code: publication.code, reason: publication.blocked, rowIds: chosen.map((row) => row.id) },
          };
          await appendChainedEvent(em, { grantId: streamId, kind: 'open_data', ...event, actor, occurredAt }, key);
          for (const row of chosen) {
            await em.query('UPDATE open_data_rows SET blocked_revision = $2, blocked_reason = $3 WHERE id = $1', [row.id, row.revision, publication.blocked]);
          }
          return { rows: [], blocked: publication.blocked, event, occurredAt };
        }
        const event: OpenDataEventBody = { type: 'OpenDataPublished', payload: { trigger: input.trigger, rows: publication.rows } };
        const { seq } = await appendChainedEvent(em, { grantId: streamId, kind: 'open_data', ...event, actor, occurredAt }, key);
        await applyPublication(em, input.funderId, input.trigger, publication.rows, occurredAt, seq);
        return { rows: publication.rows.map((r) => ({ rowId: r.rowId, change: r.change, revision: r.revision })), event, occurredAt };
      });
    },
  };
}

/**
 * Wakes the workflow of every funder whose rows changed (a convention signed, amended or ended, its
 * settings or SIRET changed): claimed first, so that a row changed meanwhile wakes it again at the
 * next round; given back if Temporal cannot be reached. The worker calls this every second.
 */
export async function kickOpenDataWorkflows(deps: { dataSource: DataSource; client: Client; taskQueue: string }): Promise<number> {
  const funders: { funder_id: string }[] = await deps.dataSource.query(
    `WITH claimed AS (
       UPDATE open_data_rows SET kicked = true WHERE id IN (SELECT id FROM open_data_rows WHERE NOT kicked LIMIT 500 FOR UPDATE SKIP LOCKED)
       RETURNING funder_id
     )
     SELECT DISTINCT funder_id FROM claimed`,
  );
  const ids = funders.map((f) => f.funder_id);
  for (const funderId of ids) {
    try {
      await deps.client.workflow.signalWithStart('openDataPublicationWorkflow', {
        workflowId: openDataStreamId(funderId),
        taskQueue: deps.taskQueue,
        args: [{ funderId }],
        signal: conventionsChangedSignal,
        signalArgs: [],
      });
    } catch (error) {
      await deps.dataSource.query('UPDATE open_data_rows SET kicked = false WHERE funder_id = $1', [funderId]);
      throw error;
    }
  }
  return ids.length;
}
