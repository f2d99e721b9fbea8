import { DataSource } from 'typeorm';
import {
  CallView,
  CohortView,
  DEFAULT_OPEN_DATA_POLICY,
  GrantEventDraft,
  GrantView,
  OpenDataPolicy,
  projectCall,
  projectCohort,
  projectGrant,
} from '@grants/domain';
import { runDatabaseTool } from './cli';
import { saveCallView, saveCohortView, saveFundedPeriods, saveGrantView } from './grant-views';
import { rebuildOpenData } from './open-data';
import { rebuildTaskForces } from './task-forces';
import { rebuildContributions } from './contributions';
import { rebuildReferrals } from './referrals';
import { rebuildCodirs } from './codirs';
import { rebuildMissionSheets } from './mission-sheets';
import { rebuildCopils } from './copils';

interface EventRow {
  grant_id: string;
  seq: number;
  kind: GrantEventDraft['kind'];
  type: GrantEventDraft['type'];
  actor: GrantEventDraft['actor'];
  payload: never;
  occurred_at: Date;
}

/**
 * Recomputes the read model from the event log alone and writes it in one transaction. Returns the
 * rows that differed from the live read model before the rebuild (none when all is well). The
 * platform keeps running meanwhile: a serialization failure (a lifecycle wrote at the same moment)
 * starts the whole rebuild again, a few times.
 */
export async function rebuildProjections(
  dataSource: DataSource,
  openDataPolicy: OpenDataPolicy = DEFAULT_OPEN_DATA_POLICY,
): Promise<{ grants: number; openDataRows: number; differences: string[] }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await rebuildOnce(dataSource, openDataPolicy);
    } catch (error) {
      const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
      if (code !== '40001' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

function rebuildOnce(dataSource: DataSource, openDataPolicy: OpenDataPolicy): Promise<{ grants: number; openDataRows: number; differences: string[] }> {
  return dataSource.transaction('SERIALIZABLE', async (em) => {
    const events: EventRow[] = await em.query('SELECT grant_id, seq, kind, type, actor, payload, occurred_at FROM grant_events ORDER BY grant_id, seq');
    const rebuilt = new Map<string, GrantView>();
    const calls = new Map<string, CallView>();
    const cohorts = new Map<string, CohortView>();
    const funded: { grantId: string; period: { start: string; end: string }; members: { associationId: string; amountCents: number }[] }[] = [];
    for (const e of events) {
      const draft = {
        grantId: e.grant_id,
        seq: e.seq,
        kind: e.kind,
        type: e.type,
        actor: e.actor,
        payload: e.payload,
        occurredAt: e.occurred_at.toISOString(),
      } as GrantEventDraft & { seq: number };
      // A funder's open-data stream (its publications), the task forces, the contributions, the referrals, the CODIRs, the mission sheets and the Copils have read models of their own.
      if (
        draft.kind === 'open_data' ||
        draft.kind === 'task_force' ||
        draft.kind === 'contribution' ||
        draft.kind === 'referral' ||
        draft.kind === 'codir' ||
        draft.kind === 'mission_sheet' ||
        draft.kind === 'copil'
      )
        continue;
      if (draft.kind === 'call') {
        calls.set(e.grant_id, projectCall(calls.get(e.grant_id) ?? null, draft));
        continue;
      }
      if (draft.kind === 'incubation_cohort') {
        cohorts.set(e.grant_id, projectCohort(cohorts.get(e.grant_id) ?? null, draft));
        continue;
      }
      rebuilt.set(e.grant_id, projectGrant(rebuilt.get(e.grant_id) ?? null, draft));
      if (draft.type === 'ApplicationAwarded') {
        const p = draft.payload;
        funded.push({
          grantId: e.grant_id,
          period: { start: p.actionStart, end: p.actionEnd },
          members: p.payments.map((m) => ({ associationId: m.associationId, amountCents: m.awardCents })),
        });
      }
    }
    const live: { id: string; row: Record<string, unknown> }[] = (await em.query('SELECT * FROM grants')).map((row: Record<string, unknown>) => ({
      id: row.id as string,
      row,
    }));
    const differences: string[] = [];
    const liveIds = new Set(live.map((l) => l.id));
    for (const { id, row } of live) {
      const view = rebuilt.get(id);
      if (!view) {
        differences.push(`${id}: in the read model but has no events (removed)`);
        continue;
      }
      const current = {
        status: row.status,
        title: row.title,
        amountCents: row.amount_cents,
        paymentOrderId: row.payment_order_id,
        reportDueAt: row.report_due_at ? (row.report_due_at as Date).toISOString() : null,
        updatedAt: (row.updated_at as Date).toISOString(),
        lastSeq: row.last_seq,
      };
      const expected = {
        status: view.status,
        title: view.title,
        amountCents: view.amountCents,
        paymentOrderId: view.paymentOrderId,
        reportDueAt: view.reportDueAt,
        updatedAt: view.updatedAt,
        lastSeq: view.lastSeq,
      };
      if (JSON.stringify(current) !== JSON.stringify(expected)) {
        differences.push(`${id}: read model ${JSON.stringify(current)} != events ${JSON.stringify(expected)}`);
      }
    }
    for (const id of rebuilt.keys()) if (!liveIds.has(id)) differences.push(`${id}: has events but no read-model row (added)`);
    await em.query('DELETE FROM grants WHERE NOT (id = ANY($1))', [[...rebuilt.keys()]]);
    for (const view of rebuilt.values()) await saveGrantView(em, view);
    await em.query('DELETE FROM calls WHERE NOT (id = ANY($1))', [[...calls.keys()]]);
    for (const view of calls.values()) await saveCallView(em, view);
    await em.query('DELETE FROM incubation_cohorts WHERE NOT (id = ANY($1))', [[...cohorts.keys()]]);
    for (const view of cohorts.values()) await saveCohortView(em, view);
    await em.query('DELETE FROM funded_periods');
    for (const f of funded) await saveFundedPeriods(em, f.grantId, rebuilt.get(f.grantId)!.title, f.period, f.members);
    const openData = await rebuildOpenData(em, openDataPolicy);
    differences.push(...openData.differences.map((d) => `open data ${d}`));
    const taskForces = await rebuildTaskForces(em);
    differences.push(...taskForces.differences.map((d) => `task force ${d}`));
    const contributions = await rebuildContributions(em);
    differences.push(...contributions.differences.map((d) => `contribution ${d}`));
    const referrals = await rebuildReferrals(em);
    differences.push(...referrals.differences.map((d) => `referral ${d}`));
    const codirs = await rebuildCodirs(em);
    differences.push(...codirs.differences.map((d) => `CODIR ${d}`));
    const sheets = await rebuildMissionSheets(em);
    differences.push(...sheets.differences.map((d) => `mission sheet ${d}`));
    const copils = await rebuildCopils(em);
    differences.push(...copils.differences.map((d) => `Copil ${d}`));
    return { grants: rebuilt.size, openDataRows: openData.rows, differences };
  });
}

if (require.main === module) {
  runDatabaseTool('projections:rebuild', async (dataSource) => {
    const { grants, openDataRows, differences } = await rebuildProjections(dataSource);
    const lines = [`read model rebuilt from grant_events: ${grants} grants, ${openDataRows} open-data rows`];
    if (differences.length) {
      lines.push(`${differences.length} row(s) differed from the live read model and were corrected:`, ...differences.map((d) => `  ${d}`));
    } else {
      lines.push('the rebuilt read model equals the live one');
    }
    return lines.join('\n');
  });
}
