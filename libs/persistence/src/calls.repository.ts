import { DataSource } from 'typeorm';
import { CallEntity } from './entities';

/** Whose calls a list shows: a territory's, a funder's, those inviting an association, or all. */
export type CallsVisibleTo = { territory: string } | { funder: string } | { association: string } | 'all';

/** The calls read model (the `calls` table, projected from the calls' events): the API's lists. */
export class CallsRepository {
  constructor(private readonly db: DataSource) {}

  /** The newest 100 calls visible to someone, in a territory if asked. */
  list(visibleTo: CallsVisibleTo, territory?: string): Promise<CallEntity[]> {
    const query = this.db.getRepository(CallEntity).createQueryBuilder('c').orderBy('c.created_at', 'DESC').addOrderBy('c.id').limit(100);
    if (territory) query.andWhere(':territory = ANY(c.territories)', { territory });
    if (visibleTo === 'all') return query.getMany();
    if ('territory' in visibleTo) query.andWhere(':own = ANY(c.territories)', { own: visibleTo.territory });
    else if ('funder' in visibleTo) query.andWhere(':org = ANY(c.funder_ids)', { org: visibleTo.funder });
    // The calls that invited an association: those matching its themes and territories.
    else
      query.andWhere('EXISTS (SELECT 1 FROM associations a WHERE a.id = :org AND a.themes && c.themes AND a.territories && c.territories)', {
        org: visibleTo.association,
      });
    return query.getMany();
  }
}
