import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in: accounts carry their status and the identity (issuer + subject) linked to them; browser
 * sessions kept server-side; API keys stored hashed; every sign-in and account change recorded.
 */
export class SignIn1764700000000 implements MigrationInterface {
  name = 'SignIn1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE accounts
        ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'disabled')),
        ADD COLUMN identity_issuer text,
        ADD COLUMN identity_subject text,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN last_sign_in_at timestamptz,
        ADD CONSTRAINT accounts_identity_complete CHECK ((identity_issuer IS NULL) = (identity_subject IS NULL)),
        ADD CONSTRAINT accounts_scope CHECK (
          (role IN ('association', 'funder') AND org_id IS NOT NULL AND territory_id IS NULL)
          OR (role IN ('project_lead', 'prefect_delegate') AND territory_id IS NOT NULL AND org_id IS NULL)
          OR (role IN ('auditor', 'admin') AND org_id IS NULL AND territory_id IS NULL));
      CREATE UNIQUE INDEX accounts_identity ON accounts (identity_issuer, identity_subject) WHERE identity_issuer IS NOT NULL;
      CREATE UNIQUE INDEX accounts_email ON accounts (lower(email)) WHERE email IS NOT NULL;

      -- Browser sessions (the express-session store's table).
      CREATE TABLE http_sessions (
        sid varchar PRIMARY KEY,
        sess json NOT NULL,
        expire timestamptz NOT NULL
      );
      CREATE INDEX http_sessions_expire ON http_sessions (expire);
      CREATE INDEX http_sessions_account ON http_sessions ((sess->>'accountId'));

      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        account_id text NOT NULL REFERENCES accounts(id),
        name text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('read', 'read_write')),
        secret_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz,
        CHECK (expires_at <= created_at + interval '366 days')
      );
      CREATE INDEX api_keys_account ON api_keys (account_id, created_at DESC);

      -- Sign-ins, failed sign-ins, sign-outs, account and key changes: who, when, from which address.
      CREATE TABLE auth_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        account_id text,
        actor_id text,
        ip text,
        detail jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX auth_events_at ON auth_events (at DESC, id DESC);
      CREATE INDEX auth_events_account ON auth_events (account_id, at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE auth_events, api_keys, http_sessions;
      DROP INDEX accounts_identity, accounts_email;
      ALTER TABLE accounts DROP CONSTRAINT accounts_scope, DROP CONSTRAINT accounts_identity_complete,
        DROP COLUMN status, DROP COLUMN identity_issuer, DROP COLUMN identity_subject,
        DROP COLUMN created_at, DROP COLUMN updated_at, DROP COLUMN last_sign_in_at;
    `);
  }
}
