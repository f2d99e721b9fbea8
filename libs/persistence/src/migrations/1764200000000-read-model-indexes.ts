import { MigrationInterface, QueryRunner } from 'typeorm';

/** Lists filtered by status are paged newest first: one index serves the filter and the order. */
export class ReadModelIndexes1764200000000 implements MigrationInterface {
  name = 'ReadModelIndexes1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX grants_status_created ON grants (status, created_at DESC, id);
      DROP INDEX grants_status;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX grants_status ON grants (status);
      DROP INDEX grants_status_created;
    `);
  }
}
