import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open data of subsidies (SCDL "Subventions"): every funder's SIRET (the attribuant's identifier) and
 * an association's RNA number in the directory; each funder's publication settings; the rows of the
 * conventions it funds (derived from the lifecycles' events) with what has been published of each;
 * and the changelog of every publication.
 */
export class OpenData1765100000000 implements MigrationInterface {
  name = 'OpenData1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE funders ADD COLUMN siret text;
      ALTER TABLE associations ADD COLUMN rna text CHECK (rna ~ '^W[0-9]{9}$');

      CREATE TABLE open_data_settings (
        funder_id text PRIMARY KEY REFERENCES funders(id),
        auto_publish boolean NOT NULL DEFAULT false,
        publish_below_threshold boolean NOT NULL DEFAULT false,
        threshold_cents bigint NOT NULL DEFAULT 2300000 CHECK (threshold_cents >= 0),
        programme_id text,
        notified_to_eu boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE open_data_rows (
        id text PRIMARY KEY,
        funder_id text NOT NULL,
        grant_id text NOT NULL,
        beneficiary_id text NOT NULL,
        path text NOT NULL,
        year int NOT NULL,
        fields jsonb NOT NULL,
        beneficiary_cents bigint NOT NULL,
        withdrawn boolean NOT NULL DEFAULT false,
        revision int NOT NULL,
        changed_at timestamptz NOT NULL,
        due_by timestamptz NOT NULL,
        remind_at timestamptz NOT NULL,
        reminded_revision int NOT NULL DEFAULT 0,
        blocked_revision int NOT NULL DEFAULT 0,
        blocked_reason text,
        published_revision int NOT NULL DEFAULT 0,
        published_record jsonb,
        published_at timestamptz,
        kicked boolean NOT NULL DEFAULT false
      );
      CREATE INDEX open_data_rows_funder ON open_data_rows (funder_id, year);
      CREATE INDEX open_data_rows_grant ON open_data_rows (grant_id);
      CREATE INDEX open_data_rows_unkicked ON open_data_rows (funder_id) WHERE NOT kicked;

      CREATE TABLE open_data_changes (
        id bigserial PRIMARY KEY,
        funder_id text NOT NULL,
        row_id text NOT NULL,
        grant_id text NOT NULL,
        year int NOT NULL,
        revision int NOT NULL,
        change text NOT NULL CHECK (change IN ('published', 'corrected', 'withdrawn')),
        record jsonb,
        trigger text NOT NULL,
        published_at timestamptz NOT NULL,
        event_seq int NOT NULL,
        UNIQUE (row_id, revision)
      );
      CREATE INDEX open_data_changes_funder ON open_data_changes (funder_id, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE open_data_changes, open_data_rows, open_data_settings;
      ALTER TABLE associations DROP COLUMN rna;
      ALTER TABLE funders DROP COLUMN siret;
    `);
  }
}
