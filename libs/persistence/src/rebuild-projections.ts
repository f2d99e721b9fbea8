import { DataSource } from 'typeorm';
import { DEFAULT_OPEN_DATA_POLICY, GrantEventDraft, GrantView, OpenDataPolicy } from '@grants/domain';
import { runDatabaseTool } from './cli';
import { rebuildOpenData } from './open-data';
import { GRANTS_STREAM, StoredEvent, rebuildModuleStreams, rebuildProjectedStreams } from './streams';

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
    const rows: EventRow[] = await em.query('SELECT grant_id, seq, kind, type, actor, payload, occurred_at FROM grant_events ORDER BY grant_id, seq');
    const events = rows.map(
      (e) =>
        ({
          grantId: e.grant_id,
          seq: e.seq,
          kind: e.kind,
          type: e.type,
          actor: e.actor,
          payload: e.payload,
          occurredAt: e.occurred_at.toISOString(),
        }) as StoredEvent,
    );
    // The grants' rows as they are, to say which the events contradict.
    const live: Record<string, unknown>[] = await em.query('SELECT * FROM grants');
    const folded = await rebuildProjectedStreams(em, events);
    const rebuilt = folded.get(GRANTS_STREAM as never) as Map<string, GrantView>;
    const differences = grantDifferences(live, rebuilt);
    // A funder's open data (its publications) and the governance processes have read models of their own.
    const openData = await rebuildOpenData(em, openDataPolicy);
    differences.push(...openData.differences.map((d) => `open data ${d}`));
    differences.push(...(await rebuildModuleStreams(em)));
    return { grants: rebuilt.size, openDataRows: openData.rows, differences };
  });
}

/** The `grants` rows that differed from what their events say, named. */
function grantDifferences(live: Record<string, unknown>[], rebuilt: Map<string, GrantView>): string[] {
  const differences: string[] = [];
  const liveIds = new Set(live.map((row) => row.id as string));
  for (const row of live) {
    const id = row.id as string;
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
  return differences;
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
