import { EntityManager } from 'typeorm';
import {
  AgreementEventBody,
  ApplicationEventBody,
  Attribuant,
  Beneficiary,
  ConventionContext,
  CONVENTION_EVENTS,
  ConventionRow,
  FundingLine,
  MicroGrantEventBody,
  OpenDataEventBody,
  OpenDataPolicy,
  PublicationBlock,
  PublicationTrigger,
  PublishedRow,
  ScdlRecord,
  StreamEvent,
  agreementConventionRows,
  applicationConventionRows,
  attribuantProblem,
  microGrantConventionRows,
  publicationDeadlines,
  scdlProblems,
  scdlRecord,
} from '@grants/domain';

type Query = Pick<EntityManager, 'query'>;

/** JSON with sorted keys: jsonb does not keep the order it was given. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

async function streamEvents<T>(em: Query, streamId: string, untilSeq?: number): Promise<StreamEvent<T>[]> {
  const rows: { type: string; payload: unknown; occurred_at: Date }[] = await em.query(
    'SELECT type, payload, occurred_at FROM grant_events WHERE grant_id = $1 AND ($2::int IS NULL OR seq <= $2) ORDER BY seq',
    [streamId, untilSeq ?? null],
  );
  return rows.map((r) => ({ body: { type: r.type, payload: r.payload } as T, occurredAt: r.occurred_at.toISOString() }));
}

/** The convention rows a stream's events give, with the directory's names and identifiers of its beneficiaries. */
async function conventionRowsOf(em: Query, streamId: string, kind: string, untilSeq?: number): Promise<ConventionRow[]> {
  const context: ConventionContext = { beneficiaries: {} };
  let derive: (ctx: ConventionContext) => ConventionRow[];
  if (kind === 'anchoring_agreement') {
    const events = await streamEvents<AgreementEventBody>(em, streamId, untilSeq);
    derive = (ctx) => agreementConventionRows(streamId, events, ctx);
  } else if (kind === 'consortium_application') {
    const events = await streamEvents<ApplicationEventBody>(em, streamId, untilSeq);
    const opened = events.find((e) => e.body.type === 'ApplicationOpened')?.body;
    if (opened?.type === 'ApplicationOpened') {
      const [launched]: { payload: { fundingPlan: FundingLine[] } }[] = await em.query(
        `SELECT payload FROM grant_events WHERE grant_id = $1 AND type = 'CallLaunched'`,
        [opened.payload.callId],
      );
      context.callPlan = launched?.payload.fundingPlan;
    }
    derive = (ctx) => applicationConventionRows(streamId, events, ctx);
  } else if (kind === 'micro_grant') {
    const events = await streamEvents<MicroGrantEventBody>(em, streamId, untilSeq);
    const requested = events.find((e) => e.body.type === 'MicroGrantRequested')?.body;
    if (requested?.type === 'MicroGrantRequested') {
      const [binome]: { funder_id: string | null }[] = await em.query('SELECT funder_id FROM binomes WHERE id = $1', [requested.payload.binomeId]);
      context.envelopeFunderId = binome?.funder_id ?? null;
    }
    derive = (ctx) => microGrantConventionRows(streamId, events, ctx);
  } else {
    return [];
  }
  const ids = [...new Set(derive(context).map((row) => row.beneficiaryId))];
  if (!ids.length) return [];
  const associations: { id: string; name: string; siret: string; rna: string | null }[] = await em.query(
    'SELECT id, name, siret, rna FROM associations WHERE id = ANY($1)',
    [ids],
  );
  context.beneficiaries = Object.fromEntries(associations.map((a): [string, Beneficiary] => [a.id, { name: a.name, siret: a.siret, rna: a.rna }]));
  return derive(context);
}

/**
 * Brings a stream's open-data rows in line with its events: a new convention adds its rows, an
 * amendment or a termination gives the rows it changes a new revision (to be published again, with
 * a new deadline). Runs in the transaction that appended the event (and, in a rebuild, as of each
 * event in turn: `untilSeq`). Answers the rows changed.
 */
export async function refreshConventionRows(em: Query, streamId: string, kind: string, policy: OpenDataPolicy, untilSeq?: number): Promise<number> {
  const rows = await conventionRowsOf(em, streamId, kind, untilSeq);
  if (!rows.length) return 0;
  const existing: { id: string; fields: unknown; withdrawn: boolean; beneficiary_cents: number; revision: number }[] = await em.query(
    'SELECT id, fields, withdrawn, beneficiary_cents, revision FROM open_data_rows WHERE grant_id = $1',
    [streamId],
  );
  const byId = new Map(existing.map((row) => [row.id, row]));
  let changed = 0;
  for (const row of rows) {
    const before = byId.get(row.id);
    const { dueBy, remindAt } = publicationDeadlines(row.changedAt, policy);
    if (!before) {
      if (row.withdrawn) continue;
      await em.query(
        `INSERT INTO open_data_rows (id, funder_id, grant_id, beneficiary_id, path, year, fields, beneficiary_cents, withdrawn, revision, changed_at, due_by, remind_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, 1, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
        [row.id, row.funderId, row.grantId, row.beneficiaryId, row.path, row.year, row.fields, row.beneficiaryCents, row.changedAt, dueBy, remindAt],
      );
      changed++;
      continue;
    }
    if (canonical(before.fields) === canonical(row.fields) && before.withdrawn === row.withdrawn && before.beneficiary_cents === row.beneficiaryCents) continue;
    await em.query(
      `UPDATE open_data_rows SET fields = $2, beneficiary_cents = $3, withdrawn = $4, year = $5, revision = revision + 1,
              changed_at = $6, due_by = $7, remind_at = $8, kicked = false
        WHERE id = $1`,
      [row.id, row.fields, row.beneficiaryCents, row.withdrawn, row.year, row.changedAt, dueBy, remindAt],
    );
    changed++;
  }
  return changed;
}

/** A funder's publication settings (the defaults until it sets them). */
export interface OpenDataSettings {
  autoPublish: boolean;
  publishBelowThreshold: boolean;
  thresholdCents: number;
  programmeId: string | null;
  notifiedToEu: boolean;
}

export const DEFAULT_OPEN_DATA_SETTINGS: OpenDataSettings = {
  autoPublish: false,
  publishBelowThreshold: false,
  thresholdCents: 2_300_000,
  programmeId: null,
  notifiedToEu: false,
};

export async function loadOpenDataSettings(em: Query, funderId: string): Promise<OpenDataSettings> {
  const [row]: { auto_publish: boolean; publish_below_threshold: boolean; threshold_cents: number; programme_id: string | null; notified_to_eu: boolean }[] =
    await em.query('SELECT * FROM open_data_settings WHERE funder_id = $1', [funderId]);
  if (!row) return { ...DEFAULT_OPEN_DATA_SETTINGS };
  return {
    autoPublish: row.auto_publish,
    publishBelowThreshold: row.publish_below_threshold,
    thresholdCents: row.threshold_cents,
    programmeId: row.programme_id,
    notifiedToEu: row.notified_to_eu,
  };
}

export async function saveOpenDataSettings(em: Query, funderId: string, s: OpenDataSettings): Promise<void> {
  await em.query(
    `INSERT INTO open_data_settings (funder_id, auto_publish, publish_below_threshold, threshold_cents, programme_id, notified_to_eu, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (funder_id) DO UPDATE SET auto_publish = EXCLUDED.auto_publish, publish_below_threshold = EXCLUDED.publish_below_threshold,
       threshold_cents = EXCLUDED.threshold_cents, programme_id = EXCLUDED.programme_id, notified_to_eu = EXCLUDED.notified_to_eu, updated_at = now()`,
    [funderId, s.autoPublish, s.publishBelowThreshold, s.thresholdCents, s.programmeId, s.notifiedToEu],
  );
  // Rows to publish may have changed (a lower threshold, publication at signature): the funder's workflow looks again.
  await em.query('UPDATE open_data_rows SET kicked = false WHERE funder_id = $1', [funderId]);
}

/** One row of a funder's dataset as the engine holds it. */
export interface OpenDataRowState {
  id: string;
  funderId: string;
  grantId: string;
  beneficiaryId: string;
  path: ConventionRow['path'];
  year: number;
  fields: ConventionRow['fields'];
  beneficiaryCents: number;
  withdrawn: boolean;
  revision: number;
  changedAt: string;
  dueBy: string;
  remindAt: string;
  remindedRevision: number;
  blockedRevision: number;
  blockedReason: string | null;
  publishedRevision: number;
  publishedRecord: ScdlRecord | null;
  publishedAt: string | null;
}

interface RowOfTable {
  id: string;
  funder_id: string;
  grant_id: string;
  beneficiary_id: string;
  path: ConventionRow['path'];
  year: number;
  fields: ConventionRow['fields'];
  beneficiary_cents: number;
  withdrawn: boolean;
  revision: number;
  changed_at: Date;
  due_by: Date;
  remind_at: Date;
  reminded_revision: number;
  blocked_revision: number;
  blocked_reason: string | null;
  published_revision: number;
  published_record: ScdlRecord | null;
  published_at: Date | null;
}

function stateOf(r: RowOfTable): OpenDataRowState {
  return {
    id: r.id,
    funderId: r.funder_id,
    grantId: r.grant_id,
    beneficiaryId: r.beneficiary_id,
    path: r.path,
    year: r.year,
    fields: r.fields,
    beneficiaryCents: r.beneficiary_cents,
    withdrawn: r.withdrawn,
    revision: r.revision,
    changedAt: r.changed_at.toISOString(),
    dueBy: r.due_by.toISOString(),
    remindAt: r.remind_at.toISOString(),
    remindedRevision: r.reminded_revision,
    blockedRevision: r.blocked_revision,
    blockedReason: r.blocked_reason,
    publishedRevision: r.published_revision,
    publishedRecord: r.published_record,
    publishedAt: r.published_at?.toISOString() ?? null,
  };
}

export async function loadOpenDataRows(em: Query, funderId: string, filter: { year?: number; grantId?: string } = {}): Promise<OpenDataRowState[]> {
  const rows: RowOfTable[] = await em.query(
    `SELECT * FROM open_data_rows WHERE funder_id = $1 AND ($2::int IS NULL OR year = $2) AND ($3::text IS NULL OR grant_id = $3) ORDER BY changed_at, id`,
    [funderId, filter.year ?? null, filter.grantId ?? null],
  );
  return rows.map(stateOf);
}

/** The law asks for rows above the threshold; the funder may choose to publish the others too. */
export function toPublish(row: OpenDataRowState, settings: OpenDataSettings): boolean {
  return row.beneficiaryCents > settings.thresholdCents || settings.publishBelowThreshold;
}

/** A funder's settings, and its rows to publish that are not published as they stand. */
export async function rowsAwaitingPublication(em: Query, funderId: string): Promise<{ settings: OpenDataSettings; rows: OpenDataRowState[] }> {
  const settings = await loadOpenDataSettings(em, funderId);
  const rows = (await loadOpenDataRows(em, funderId)).filter((row) => awaitingPublication(row) && toPublish(row, settings));
  return { settings, rows };
}

/** Not yet published as it stands: new, corrected since, or withdrawn after it was published. */
export function awaitingPublication(row: OpenDataRowState): boolean {
  if (row.publishedRevision >= row.revision) return false;
  return !(row.withdrawn && row.publishedRevision === 0);
}

export async function loadAttribuant(em: Query, funderId: string, settings: OpenDataSettings): Promise<Attribuant | null> {
  const [funder]: { name: string; siret: string | null }[] = await em.query('SELECT name, siret FROM funders WHERE id = $1', [funderId]);
  if (!funder) return null;
  return { name: funder.name, siret: funder.siret, programmeId: settings.programmeId, notifiedToEu: settings.notifiedToEu };
}

/** What a publication would write: the rows with their records, or why it cannot happen. */
export function publicationOf(
  rows: readonly OpenDataRowState[],
  attribuant: Attribuant | null,
  funderId: string,
): { rows: PublishedRow[] } | { blocked: string; code: PublicationBlock } {
  if (!attribuant) return { blocked: `the funder ${funderId} is not in the directory`, code: 'unknown_funder' };
  const problem = attribuantProblem(attribuant);
  if (problem) return { blocked: problem, code: attribuant.siret ? 'invalid_siret' : 'missing_siret' };
  const published: PublishedRow[] = [];
  for (const row of rows) {
    if (row.withdrawn) {
      published.push({ rowId: row.id, grantId: row.grantId, year: row.year, revision: row.revision, change: 'withdrawn', record: null });
      continue;
    }
    const record = scdlRecord(row.fields, attribuant);
    const problems = scdlProblems(record);
    if (problems.length) return { blocked: `row ${row.id} would not validate: ${problems.join('; ')}`, code: 'invalid_row' };
    published.push({
      rowId: row.id,
      grantId: row.grantId,
      year: row.year,
      revision: row.revision,
      change: row.publishedRevision ? 'corrected' : 'published',
      record,
    });
  }
  return { rows: published };
}

/** Writes a publication's effect on the dataset and its changelog (the projection of an OpenDataPublished event). */
export async function applyPublication(
  em: Query,
  funderId: string,
  trigger: PublicationTrigger,
  rows: readonly PublishedRow[],
  at: string,
  seq: number,
): Promise<void> {
  for (const row of rows) {
    await em.query(
      `UPDATE open_data_rows SET published_revision = $2, published_record = $3, published_at = $4, blocked_revision = 0, blocked_reason = NULL
        WHERE id = $1 AND published_revision < $2`,
      [row.rowId, row.revision, row.record, at],
    );
    await em.query(
      `INSERT INTO open_data_changes (funder_id, row_id, grant_id, year, revision, change, record, trigger, published_at, event_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (row_id, revision) DO NOTHING`,
      [funderId, row.rowId, row.grantId, row.year, row.revision, row.change, row.record, trigger, at, seq],
    );
  }
}

/** The published dataset (every funder, or one; every year, or one), in a stable order. */
export async function publishedRecords(em: Query, filter: { funderId?: string; year?: number }): Promise<ScdlRecord[]> {
  const rows: { published_record: ScdlRecord }[] = await em.query(
    `SELECT published_record FROM open_data_rows
      WHERE published_record IS NOT NULL AND ($1::text IS NULL OR funder_id = $1) AND ($2::int IS NULL OR year = $2)
      ORDER BY funder_id, year, published_record->>'dateConvention', id`,
    [filter.funderId ?? null, filter.year ?? null],
  );
  return rows.map((r) => r.published_record);
}

export interface OpenDataChange {
  funderId: string;
  rowId: string;
  grantId: string;
  year: number;
  revision: number;
  change: PublishedRow['change'];
  record: ScdlRecord | null;
  trigger: PublicationTrigger;
  publishedAt: string;
}

/** The changelog: every publication of a row, newest first. */
export async function openDataChanges(
  em: Query,
  filter: { funderId?: string; year?: number; limit: number; beforeId?: number },
): Promise<(OpenDataChange & { id: number })[]> {
  const rows: {
    id: number;
    funder_id: string;
    row_id: string;
    grant_id: string;
    year: number;
    revision: number;
    change: PublishedRow['change'];
    record: ScdlRecord | null;
    trigger: PublicationTrigger;
    published_at: Date;
  }[] = await em.query(
    `SELECT * FROM open_data_changes
        WHERE ($1::text IS NULL OR funder_id = $1) AND ($2::int IS NULL OR year = $2) AND ($3::bigint IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4`,
    [filter.funderId ?? null, filter.year ?? null, filter.beforeId ?? null, filter.limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    funderId: r.funder_id,
    rowId: r.row_id,
    grantId: r.grant_id,
    year: r.year,
    revision: r.revision,
    change: r.change,
    record: r.record,
    trigger: r.trigger,
    publishedAt: r.published_at.toISOString(),
  }));
}

/**
 * Rebuilds the open data from the event log alone: each convention event and each event of a funder's
 * stream replayed in the order they were recorded (the rows, their revisions, what was published,
 * reminded, blocked; the changelog). A row's deadline is kept where the live row is the same revision
 * (the policy in force when it changed), computed with `policy` otherwise. Answers the rows that differed.
 */
export async function rebuildOpenData(em: Query, policy: OpenDataPolicy): Promise<{ rows: number; differences: string[] }> {
  const snapshot = `SELECT id, revision, withdrawn, published_revision, published_record, reminded_revision, blocked_revision FROM open_data_rows ORDER BY id`;
  const before: Record<string, unknown>[] = await em.query(snapshot);
  await em.query('CREATE TEMP TABLE live_open_data ON COMMIT DROP AS SELECT id, revision, changed_at, due_by, remind_at FROM open_data_rows');
  await em.query('DELETE FROM open_data_changes');
  await em.query('DELETE FROM open_data_rows');
  const events: { grant_id: string; seq: number; kind: string; type: string; payload: never; occurred_at: Date }[] = await em.query(
    `SELECT grant_id, seq, kind, type, payload, occurred_at FROM grant_events WHERE kind = 'open_data' OR type = ANY($1) ORDER BY id`,
    [[...CONVENTION_EVENTS]],
  );
  for (const e of events) {
    if (e.kind !== 'open_data') {
      await refreshConventionRows(em, e.grant_id, e.kind, policy, e.seq);
      continue;
    }
    const event = { type: e.type, payload: e.payload } as OpenDataEventBody;
    const funderId = e.grant_id.slice('open-data-'.length);
    if (event.type === 'OpenDataPublished') {
      await applyPublication(em, funderId, event.payload.trigger, event.payload.rows, e.occurred_at.toISOString(), e.seq);
    } else if (event.type === 'OpenDataReminderSent') {
      await em.query('UPDATE open_data_rows SET reminded_revision = revision WHERE id = ANY($1)', [event.payload.rowIds]);
    } else {
      await em.query('UPDATE open_data_rows SET blocked_revision = revision, blocked_reason = $2 WHERE id = ANY($1)', [
        event.payload.rowIds,
        event.payload.reason,
      ]);
    }
  }
  await em.query(
    `UPDATE open_data_rows r SET due_by = l.due_by, remind_at = l.remind_at
       FROM live_open_data l WHERE l.id = r.id AND l.revision = r.revision AND l.changed_at = r.changed_at`,
  );
  const after: Record<string, unknown>[] = await em.query(snapshot);
  const byId = new Map(after.map((row) => [row.id as string, canonical(row)]));
  const differences = before
    .filter((row) => byId.get(row.id as string) !== canonical(row))
    .map((row) => `${String(row.id)}: ${canonical(row)} != ${byId.get(row.id as string) ?? '(none)'}`);
  const beforeIds = new Set(before.map((row) => row.id));
  differences.push(...after.filter((row) => !beforeIds.has(row.id)).map((row) => `${String(row.id)}: added`));
  return { rows: after.length, differences };
}
