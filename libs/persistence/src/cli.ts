import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

/** Runs a command-line tool against DATABASE_URL: opens one connection, reports, closes. */
export function runDatabaseTool(name: string, work: (dataSource: DataSource) => Promise<string>): void {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(`${name}: DATABASE_URL is required`);
    process.exit(2);
  }
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 1));
  dataSource
    .initialize()
    .then(() => work(dataSource))
    .then(
      (report) => console.log(report),
      (error: unknown) => {
        console.error(`${name} failed:`, error);
        process.exitCode = 1;
      },
    )
    .finally(() => dataSource.destroy());
}
