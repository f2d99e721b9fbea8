import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anchoring agreements: payment orders for operating tranches (one per funder line and year) and
 * coordination compensation; the coordination meetings of each territory, recorded once.
 */
export class Anchoring1764400000000 implements MigrationInterface {
  name = 'Anchoring1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE payment_orders ADD COLUMN funder_id text REFERENCES funders(id);
      ALTER TABLE payment_orders DROP CONSTRAINT payment_orders_purpose_check;
      ALTER TABLE payment_orders ADD CONSTRAINT payment_orders_purpose_check
        CHECK (purpose IN ('grant', 'stipend', 'award_tranche', 'final_tranche', 'operating_tranche', 'coordination'));

      CREATE TABLE coordination_meetings (
        id text PRIMARY KEY,
        territory_id text NOT NULL REFERENCES territories(id),
        date timestamptz NOT NULL,
        topic text NOT NULL,
        attendee_ids text[] NOT NULL,
        recorded_by text NOT NULL,
        credited_agreement_ids text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX coordination_meetings_territory ON coordination_meetings (territory_id, date DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE coordination_meetings;
      ALTER TABLE payment_orders DROP CONSTRAINT payment_orders_purpose_check;
      ALTER TABLE payment_orders ADD CONSTRAINT payment_orders_purpose_check
        CHECK (purpose IN ('grant', 'stipend', 'award_tranche', 'final_tranche'));
      ALTER TABLE payment_orders DROP COLUMN funder_id;
    `);
  }
}
