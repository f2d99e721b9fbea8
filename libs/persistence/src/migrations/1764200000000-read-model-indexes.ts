import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists are paged newest first with the id as tie-breaker: each filter gets an index that serves
 * both the filter and the whole order, so a page needs no sort of the matching rows.
 */
export class ReadModelIndexes1764200000000 implements MigrationInterface {
  name = 'ReadModelIndexes1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX grants_status_created ON grants (status, created_at DESC, id);
      CREATE INDEX grants_association_created ON grants (association_id, created_at DESC, id);
      CREATE INDEX grants_territory_created ON grants (territory_id, created_at DESC, id);
      DROP INDEX grants_status, grants_association, grants_territory;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX grants_status ON grants (status);
      CREATE INDEX grants_association ON grants (association_id, created_at DESC);
      CREATE INDEX grants_territory ON grants (territory_id, created_at DESC);
      DROP INDEX grants_status_created, grants_association_created, grants_territory_created;
    `);
  }
}
