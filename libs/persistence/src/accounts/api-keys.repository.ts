import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from './accounts.repository';

export type ApiKeyScope = 'read' | 'read_write';

export interface ApiKeyRecord {
  id: string;
  accountId: string;
  name: string;
  scope: ApiKeyScope;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface ApiKeyRow {
  id: string;
  account_id: string;
  name: string;
  scope: ApiKeyScope;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = 'id, account_id, name, scope, created_at, expires_at, revoked_at, last_used_at';

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    scope: row.scope,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

/** API keys of machine clients: only a hash of the secret is kept. */
export class ApiKeysRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async create(key: { id: string; accountId: string; name: string; scope: ApiKeyScope; secretHash: string; expiresAt: Date }): Promise<ApiKeyRecord> {
    const rows: ApiKeyRow[] = await this.db.query(
      `INSERT INTO api_keys (id, account_id, name, scope, secret_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${COLUMNS}`,
      [key.id, key.accountId, key.name, key.scope, key.secretHash, key.expiresAt],
    );
    return toRecord(rows[0]);
  }

  async listByAccount(accountId: string): Promise<ApiKeyRecord[]> {
    const rows: ApiKeyRow[] = await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE account_id = $1 ORDER BY created_at DESC, id`, [accountId]);
    return rows.map(toRecord);
  }

  /** The key and its secret's hash, for verification. */
  async findForVerification(id: string): Promise<(ApiKeyRecord & { secretHash: string }) | null> {
    const rows: (ApiKeyRow & { secret_hash: string })[] = await this.db.query(`SELECT ${COLUMNS}, secret_hash FROM api_keys WHERE id = $1`, [id]);
    return rows[0] ? { ...toRecord(rows[0]), secretHash: rows[0].secret_hash } : null;
  }

  /** Revokes one of this account's keys; null when the account has no such key. */
  async revoke(accountId: string, id: string): Promise<ApiKeyRecord | null> {
    const rows = returnedRows<ApiKeyRow>(
      await this.db.query(`UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND account_id = $2 RETURNING ${COLUMNS}`, [
        id,
        accountId,
      ]),
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Records a use, at most once a minute per key (no write on every request). */
  async touch(id: string): Promise<void> {
    await this.db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [
      id,
    ]);
  }
}
