import { DataSource, In } from 'typeorm';
import { AccountEntity, AssociationEntity, BinomeEntity, FunderEntity, TerritoryEntity } from './entities';

/**
 * The directory the API checks requests against: territories and their binômes, associations,
 * funders, accounts. Read-only here (seeded, or changed by the accounts' and funders' own
 * repositories); the API's services ask it instead of querying the tables themselves.
 */
export class DirectoryRepository {
  constructor(private readonly db: DataSource) {}

  /** Every territory by name, with its binôme's id (none yet: null). */
  async territoriesWithBinomes(): Promise<(TerritoryEntity & { binomeId: string | null })[]> {
    const [territories, binomes] = await Promise.all([
      this.db.getRepository(TerritoryEntity).find({ order: { name: 'ASC' } }),
      this.db.getRepository(BinomeEntity).find(),
    ]);
    return territories.map((t) => ({ ...t, binomeId: binomes.find((b) => b.territoryId === t.id)?.id ?? null }));
  }

  territoryExists(id: string): Promise<boolean> {
    return this.db.getRepository(TerritoryEntity).existsBy({ id });
  }

  /** The territories of these ids that exist. */
  territories(ids: string[]): Promise<TerritoryEntity[]> {
    return this.db.getRepository(TerritoryEntity).findBy({ id: In(ids) });
  }

  binome(id: string): Promise<BinomeEntity | null> {
    return this.db.getRepository(BinomeEntity).findOneBy({ id });
  }

  association(id: string): Promise<AssociationEntity | null> {
    return this.db.getRepository(AssociationEntity).findOneBy({ id });
  }

  /** The associations of these ids that exist. */
  associationsByIds(ids: string[]): Promise<AssociationEntity[]> {
    return this.db.getRepository(AssociationEntity).findBy({ id: In(ids) });
  }

  /** The associations acting in a territory, on a theme (both, either or neither), by name. */
  associations(filter: { territory?: string; theme?: string } = {}): Promise<AssociationEntity[]> {
    const builder = this.db.getRepository(AssociationEntity).createQueryBuilder('a').orderBy('a.name', 'ASC');
    if (filter.territory) builder.andWhere(':territory = ANY(a.territories)', { territory: filter.territory });
    if (filter.theme) builder.andWhere(':theme = ANY(a.themes)', { theme: filter.theme });
    return builder.getMany();
  }

  funder(id: string): Promise<FunderEntity | null> {
    return this.db.getRepository(FunderEntity).findOneBy({ id });
  }

  funderExists(id: string): Promise<boolean> {
    return this.db.getRepository(FunderEntity).existsBy({ id });
  }

  /** The funders of these ids that exist; every funder without ids. */
  funders(ids?: string[]): Promise<FunderEntity[]> {
    return ids ? this.db.getRepository(FunderEntity).findBy({ id: In(ids) }) : this.db.getRepository(FunderEntity).find();
  }

  account(id: string): Promise<AccountEntity | null> {
    return this.db.getRepository(AccountEntity).findOneBy({ id });
  }
}
