import { DataSource, EntityManager } from 'typeorm';

/** A funder as the directory and open data name it. */
export interface FunderRecord {
  id: string;
  name: string;
  kind: string;
  siret: string | null;
}

/** The funders: the directory's list, one funder, and an admin's correction of its name or SIRET. */
export class FundersRepository {
  constructor(private readonly db: DataSource) {}

  list(): Promise<FunderRecord[]> {
    return this.db.query('SELECT id, name, kind, siret FROM funders ORDER BY name');
  }

  async find(id: string): Promise<FunderRecord | undefined> {
    const [funder]: FunderRecord[] = await this.db.query('SELECT id, name, kind, siret FROM funders WHERE id = $1', [id]);
    return funder;
  }

  /** Sets its name and SIRET; its open-data rows blocked by them are tried again, in the same transaction. */
  async rename(id: string, name: string, siret: string | null): Promise<void> {
    await this.db.transaction(async (em: EntityManager) => {
      await em.query('UPDATE funders SET name = $2, siret = $3 WHERE id = $1', [id, name, siret]);
      await em.query('UPDATE open_data_rows SET blocked_revision = 0, blocked_reason = NULL, kicked = false WHERE funder_id = $1', [id]);
    });
  }
}
