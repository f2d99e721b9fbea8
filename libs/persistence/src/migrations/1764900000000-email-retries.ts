import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mails never hold a lifecycle: one that fails is retried later by the worker (when its next
 * attempt is due), then marked failed, visible, after a day.
 */
export class EmailRetries1764900000000 implements MigrationInterface {
  name = 'EmailRetries1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE email_deliveries
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN next_attempt_at timestamptz,
        ADD COLUMN failed_at timestamptz;
      CREATE INDEX email_deliveries_due ON email_deliveries (next_attempt_at) WHERE status = 'pending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX email_deliveries_due;
      ALTER TABLE email_deliveries DROP COLUMN created_at, DROP COLUMN next_attempt_at, DROP COLUMN failed_at;
    `);
  }
}
