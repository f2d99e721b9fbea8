import { DataSource } from 'typeorm';
import { isValidSiret } from '@grants/domain';
import { runDatabaseTool } from '../cli';
import { ACCOUNTS, ASSOCIATIONS, BINOMES, FUNDERS, TERRITORIES } from './demo-data';

/**
 * Writes the demo directory. Idempotent: rows are upserted by id, and nothing else is touched, so a
 * second run (every `npm start`) changes nothing that lifecycles depend on.
 */
export async function seedDemoData(dataSource: DataSource): Promise<void> {
  for (const o of [...ASSOCIATIONS, ...FUNDERS]) if (!isValidSiret(o.siret)) throw new Error(`invalid SIRET for ${o.id}: ${o.siret}`);
  await dataSource.transaction(async (em) => {
    for (const t of TERRITORIES) {
      await em.query(
        `INSERT INTO territories (id, name, department) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, department = EXCLUDED.department`,
        [t.id, t.name, t.department],
      );
    }
    for (const b of BINOMES) {
      await em.query(
        `INSERT INTO binomes (id, territory_id, envelope_total_cents, ceiling_cents) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING`,
        [b.id, b.territoryId, b.envelopeTotalCents, b.ceilingCents],
      );
    }
    for (const a of ASSOCIATIONS) {
      await em.query(
        `INSERT INTO associations (id, name, siret, themes, territories, proximity) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, siret = EXCLUDED.siret, themes = EXCLUDED.themes,
           territories = EXCLUDED.territories, proximity = EXCLUDED.proximity`,
        [a.id, a.name, a.siret, a.themes, a.territories, a.proximity],
      );
    }
    for (const f of FUNDERS) {
      await em.query(
        `INSERT INTO funders (id, name, kind, siret) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, siret = coalesce(funders.siret, EXCLUDED.siret)`,
        [f.id, f.name, f.kind, f.siret],
      );
    }
    for (const b of BINOMES) {
      await em.query('UPDATE binomes SET funder_id = $2 WHERE id = $1 AND funder_id IS NULL', [b.id, b.funderId]);
    }
    for (const u of ACCOUNTS) {
      await em.query(
        `INSERT INTO accounts (id, role, org_id, territory_id, display_name, email) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, org_id = EXCLUDED.org_id, territory_id = EXCLUDED.territory_id,
           display_name = EXCLUDED.display_name, email = EXCLUDED.email`,
        [u.id, u.role, u.orgId ?? null, u.territoryId ?? null, u.displayName, u.email],
      );
    }
  });
}

if (require.main === module) {
  runDatabaseTool('seed', async (dataSource) => {
    await seedDemoData(dataSource);
    return `demo data: ${TERRITORIES.length} territories, ${ASSOCIATIONS.length} associations, ${ACCOUNTS.length} accounts`;
  });
}
