import { DataSource } from 'typeorm';
import { runDatabaseTool } from './cli';
import { dataSourceOptions } from './data-source';

/** Applies pending migrations. Safe to run at every start. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 1));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runDatabaseTool('migrate', async (dataSource) => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.length ? `migrations applied: ${applied.map((m) => m.name).join(', ')}` : 'schema up to date';
  });
}
