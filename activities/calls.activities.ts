import { DataSource } from 'typeorm';
import { ApplicationMember, DoubleFundingFlag } from '@grants/domain';
import { DoubleFundingQuery } from '@grants/contracts';

export interface CallDeps {
  dataSource: DataSource;
}

/** Statuses of a micro-grant that has been (or is being) paid. */
const FUNDED_MICRO_GRANT = ['approved', 'paid', 'report_overdue', 'closed'];

export function createCallActivities({ dataSource }: CallDeps) {
  return {
    /** Every association acting in one of the territories on one of the themes: those a call invites. */
    async matchAssociations(request: { themes: string[]; territories: string[] }): Promise<string[]> {
      const rows: { id: string }[] = await dataSource.query(
        'SELECT id FROM associations WHERE themes && $1::text[] AND territories && $2::text[] ORDER BY id',
        [request.themes, request.territories],
      );
      return rows.map((r) => r.id);
    },

    /** Name, SIRET and proximity of each association, in the order asked. */
    async describeAssociations(ids: string[]): Promise<ApplicationMember[]> {
      const rows: { id: string; name: string; siret: string; proximity: 'local' | 'national' }[] = await dataSource.query(
        'SELECT id, name, siret, proximity FROM associations WHERE id = ANY($1)',
        [ids],
      );
      return ids.map((id) => {
        const row = rows.find((r) => r.id === id);
        if (!row) throw new Error(`no association ${id}`);
        return { associationId: row.id, name: row.name, siret: row.siret, proximity: row.proximity };
      });
    },

    /**
     * Grants that already fund one of these associations (by SIRET) for a period overlapping the
     * action's: consortium awards by their action period, micro-grants by their civil year.
     */
    async checkDoubleFunding(query: DoubleFundingQuery): Promise<DoubleFundingFlag[]> {
      const rows: {
        association_id: string;
        siret: string;
        grant_id: string;
        title: string;
        period_start: Date;
        period_end: Date;
      }[] = await dataSource.query(
        `WITH members AS (SELECT id, siret FROM associations WHERE id = ANY($1))
         SELECT m.id AS association_id, m.siret, f.grant_id, f.title, f.period_start, f.period_end
           FROM funded_periods f JOIN associations a ON a.id = f.association_id JOIN members m ON m.siret = a.siret
          WHERE f.grant_id <> $2 AND f.period_start <= $4 AND f.period_end >= $3
         UNION ALL
         SELECT m.id, m.siret, g.id, g.title, y.start_at, y.start_at + interval '1 year' - interval '1 millisecond'
           FROM grants g JOIN associations a ON a.id = g.association_id JOIN members m ON m.siret = a.siret
           CROSS JOIN LATERAL (SELECT date_trunc('year', g.created_at AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris' AS start_at) y
          WHERE g.kind = 'micro_grant' AND g.status = ANY($5)
            AND y.start_at <= $4 AND y.start_at + interval '1 year' > $3
         ORDER BY 1, 3`,
        [query.associationIds, query.applicationId, query.actionStart, query.actionEnd, FUNDED_MICRO_GRANT],
      );
      return rows.map((r) => ({
        associationId: r.association_id,
        siret: r.siret,
        conflictingGrantId: r.grant_id,
        conflictingTitle: r.title,
        periodStart: r.period_start.toISOString(),
        periodEnd: r.period_end.toISOString(),
      }));
    },
  };
}
