import { DataSource } from 'typeorm';

/** Does PostgreSQL answer? */
export async function databaseReachable(db: DataSource): Promise<boolean> {
  try {
    await db.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
