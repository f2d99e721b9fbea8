import { DataSource } from 'typeorm';
import { CallEventBody, GrantKind, ReportContext, ReportStream } from '@grants/domain';

/** Paris is at most two hours ahead of UTC: a margin that keeps every event of the year, the fold cuts exactly. */
const yearEnd = (year: number) => new Date(Date.UTC(year + 1, 0, 1, 2)).toISOString();

/**
 * What a territory's annual report is folded from: the streams of the territory (chosen through the
 * read model, which is itself rebuilt from the log) with their events up to the year's end, and the
 * directory's names and themes.
 */
export class AnnualReportRepository {
  constructor(private readonly db: DataSource) {}

  /** The territory's streams and context for a year; null when no such territory. */
  async load(territoryId: string, year: number): Promise<{ streams: ReportStream[]; context: ReportContext } | null> {
    const [territory]: { id: string; name: string }[] = await this.db.query('SELECT id, name FROM territories WHERE id = $1', [territoryId]);
    if (!territory) return null;
    const until = yearEnd(year);
    const ids: { id: string; kind: GrantKind }[] = await this.db.query(
      `SELECT id, kind FROM grants WHERE territory_id = $1 AND created_at < $2
       UNION ALL SELECT id, 'call' FROM calls WHERE $1 = ANY(territories) AND created_at < $2
       UNION ALL SELECT id, 'incubation_cohort' FROM incubation_cohorts WHERE territory_id = $1 AND year = $3
       UNION ALL SELECT id, 'task_force' FROM task_forces WHERE territory_id = $1 AND created_at < $2
       UNION ALL SELECT id, 'contribution' FROM contributions WHERE territory_id = $1 AND year = $3
       UNION ALL SELECT id, 'codir' FROM codirs WHERE territory_id = $1 AND year = $3
       UNION ALL SELECT id, 'copil' FROM copils WHERE territory_id = $1 AND year = $3`,
      [territoryId, until, year],
    );
    const events: { grant_id: string; type: string; payload: unknown; occurred_at: Date }[] = ids.length
      ? await this.db.query(
          'SELECT grant_id, type, payload, occurred_at FROM grant_events WHERE grant_id = ANY($1) AND occurred_at < $2 ORDER BY grant_id, seq',
          [ids.map((s) => s.id), until],
        )
      : [];
    const byStream = new Map<string, ReportStream>(ids.map((s) => [s.id, { id: s.id, kind: s.kind, events: [] }]));
    for (const e of events) byStream.get(e.grant_id)!.events.push({ type: e.type, payload: e.payload, occurredAt: e.occurred_at.toISOString() });
    const streams = [...byStream.values()].filter((s) => s.events.length > 0);

    const calls: ReportContext['calls'] = {};
    for (const s of streams.filter((st) => st.kind === 'call')) {
      const launched = s.events.find((e) => e.type === 'CallLaunched') as unknown as Extract<CallEventBody, { type: 'CallLaunched' }> | undefined;
      if (launched) calls[s.id] = { themes: launched.payload.themes, fundingPlan: launched.payload.fundingPlan };
    }
    const [binomes, associations, funders]: [
      { envelope_total_cents: string; funder_id: string | null }[],
      { id: string; name: string; themes: string[] }[],
      { id: string; name: string }[],
    ] = await Promise.all([
      this.db.query('SELECT envelope_total_cents, funder_id FROM binomes WHERE territory_id = $1', [territoryId]),
      this.db.query(
        `SELECT id, name, themes FROM associations
          WHERE $1 = ANY(territories) OR id IN (SELECT association_id FROM grants WHERE territory_id = $1)`,
        [territoryId],
      ),
      this.db.query('SELECT id, name FROM funders'),
    ]);
    const context: ReportContext = {
      territory,
      year,
      envelope: binomes[0] ? { totalCents: Number(binomes[0].envelope_total_cents), funderId: binomes[0].funder_id } : null,
      associations: Object.fromEntries(associations.map((a) => [a.id, { name: a.name, themes: a.themes }])),
      funders: Object.fromEntries(funders.map((f) => [f.id, f.name])),
      calls,
    };
    return { streams, context };
  }

  /** Whether an association acts in the territory (the directory's territories, or a file there). */
  async associationActsIn(associationId: string, territoryId: string): Promise<boolean> {
    const [row]: { yes: boolean }[] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM associations WHERE id = $1 AND $2 = ANY(territories))
           OR EXISTS (SELECT 1 FROM grants WHERE association_id = $1 AND territory_id = $2) AS yes`,
      [associationId, territoryId],
    );
    return row.yes;
  }
}
