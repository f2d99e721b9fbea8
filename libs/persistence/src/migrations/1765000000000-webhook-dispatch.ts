import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook deliveries are queued by the notification step in one statement, whatever the number of
 * endpoints, and started apart from it by the worker's dispatcher: `dispatched_at` says when.
 */
export class WebhookDispatch1765000000000 implements MigrationInterface {
  name = 'WebhookDispatch1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhook_deliveries ADD COLUMN dispatched_at timestamptz;
      UPDATE webhook_deliveries SET dispatched_at = created_at;
      CREATE INDEX webhook_deliveries_undispatched ON webhook_deliveries (created_at) WHERE dispatched_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_deliveries_undispatched; ALTER TABLE webhook_deliveries DROP COLUMN dispatched_at;`);
  }
}
