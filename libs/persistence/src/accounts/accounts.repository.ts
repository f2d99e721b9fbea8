import { DataSource, EntityManager } from 'typeorm';
import { Role } from '@grants/domain';

export type AccountStatus = 'invited' | 'active' | 'disabled';

/** An account as the platform knows it: its authority (role and scope), its status, its linked identity. */
export interface AccountRecord {
  id: string;
  role: Role;
  orgId: string | null;
  territoryId: string | null;
  displayName: string;
  email: string | null;
  status: AccountStatus;
  identityIssuer: string | null;
  identitySubject: string | null;
  createdAt: string;
  updatedAt: string;
  lastSignInAt: string | null;
}

interface AccountRow {
  id: string;
  role: Role;
  org_id: string | null;
  territory_id: string | null;
  display_name: string;
  email: string | null;
  status: AccountStatus;
  identity_issuer: string | null;
  identity_subject: string | null;
  created_at: Date;
  updated_at: Date;
  last_sign_in_at: Date | null;
}

/** Rows of an UPDATE or DELETE … RETURNING (TypeORM answers [rows, affected] for those). */
export function returnedRows<T>(result: unknown): T[] {
  const array = result as unknown[];
  return (Array.isArray(array[0]) ? array[0] : array) as T[];
}

const COLUMNS = `id, role, org_id, territory_id, display_name, email, status, identity_issuer, identity_subject,
  created_at, updated_at, last_sign_in_at`;

function toRecord(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    role: row.role,
    orgId: row.org_id,
    territoryId: row.territory_id,
    displayName: row.display_name,
    email: row.email,
    status: row.status,
    identityIssuer: row.identity_issuer,
    identitySubject: row.identity_subject,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
  };
}

export interface AccountFilter {
  role?: Role;
  status?: AccountStatus;
  /** Part of the name, the e-mail or the id. */
  search?: string;
  page: number;
  pageSize: number;
}

export interface NewAccount {
  id: string;
  role: Role;
  orgId: string | null;
  territoryId: string | null;
  displayName: string;
  email: string;
}

export type AccountChanges = Partial<Pick<AccountRecord, 'role' | 'orgId' | 'territoryId' | 'displayName' | 'status'>>;

/** The accounts table: who may sign in, with which authority. */
export class AccountsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async findById(id: string): Promise<AccountRecord | null> {
    const rows: AccountRow[] = await this.db.query(`SELECT ${COLUMNS} FROM accounts WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByIdentity(issuer: string, subject: string): Promise<AccountRecord | null> {
    const rows: AccountRow[] = await this.db.query(`SELECT ${COLUMNS} FROM accounts WHERE identity_issuer = $1 AND identity_subject = $2`, [issuer, subject]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** The account waiting for its first sign-in with this e-mail (invited, or seeded), if any. */
  async findUnlinkedByEmail(email: string): Promise<AccountRecord | null> {
    const rows: AccountRow[] = await this.db.query(`SELECT ${COLUMNS} FROM accounts WHERE lower(email) = lower($1) AND identity_issuer IS NULL`, [email]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async emailTaken(email: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM accounts WHERE lower(email) = lower($1)`, [email]);
    return rows.length > 0;
  }

  /** Links an identity to an invited (or seeded) account, which becomes active. False when it was linked meanwhile. */
  async linkIdentity(id: string, issuer: string, subject: string): Promise<boolean> {
    const rows = returnedRows(
      await this.db.query(
        `UPDATE accounts SET identity_issuer = $2, identity_subject = $3,
         status = CASE WHEN status = 'invited' THEN 'active' ELSE status END, updated_at = now()
       WHERE id = $1 AND identity_issuer IS NULL RETURNING id`,
        [id, issuer, subject],
      ),
    );
    return rows.length > 0;
  }

  async markSignedIn(id: string): Promise<void> {
    await this.db.query(`UPDATE accounts SET last_sign_in_at = now() WHERE id = $1`, [id]);
  }

  async list(filter: AccountFilter): Promise<{ items: AccountRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.role) where.push(`role = $${params.push(filter.role)}`);
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.search) {
      const at = params.push(`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(display_name ILIKE $${at} OR email ILIKE $${at} OR id ILIKE $${at})`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows: (AccountRow & { total: number })[] = await this.db.query(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM accounts ${clause}
       ORDER BY display_name, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.pageSize, (filter.page - 1) * filter.pageSize],
    );
    let total = rows[0]?.total ?? 0;
    if (!rows.length && filter.page > 1) {
      const [{ count }]: { count: number }[] = await this.db.query(`SELECT count(*)::int AS count FROM accounts ${clause}`, params);
      total = count;
    }
    return { items: rows.map(toRecord), total };
  }

  /** A new account waiting for its first sign-in. */
  async invite(account: NewAccount): Promise<AccountRecord> {
    const rows: AccountRow[] = await this.db.query(
      `INSERT INTO accounts (id, role, org_id, territory_id, display_name, email, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'invited') RETURNING ${COLUMNS}`,
      [account.id, account.role, account.orgId, account.territoryId, account.displayName, account.email],
    );
    return toRecord(rows[0]);
  }

  async update(id: string, changes: AccountChanges): Promise<AccountRecord | null> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const columns: Record<keyof AccountChanges, string> = {
      role: 'role',
      orgId: 'org_id',
      territoryId: 'territory_id',
      displayName: 'display_name',
      status: 'status',
    };
    for (const [key, column] of Object.entries(columns) as [keyof AccountChanges, string][]) {
      if (changes[key] !== undefined) sets.push(`${column} = $${params.push(changes[key])}`);
    }
    if (!sets.length) return this.findById(id);
    const rows = returnedRows<AccountRow>(
      await this.db.query(`UPDATE accounts SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, params),
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async countActiveAdmins(): Promise<number> {
    const [{ count }]: { count: number }[] = await this.db.query(`SELECT count(*)::int AS count FROM accounts WHERE role = 'admin' AND status = 'active'`);
    return count;
  }

  /** Does this organisation (association or funder) or territory exist in the directory? */
  async scopeExists(kind: 'association' | 'funder' | 'territory', id: string): Promise<boolean> {
    const table = { association: 'associations', funder: 'funders', territory: 'territories' }[kind];
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** The names shown beside an account's scope. */
  async scopeNames(account: Pick<AccountRecord, 'orgId' | 'territoryId'>): Promise<{ organisation: string | null; territory: string | null }> {
    const [row]: { organisation: string | null; territory: string | null }[] = await this.db.query(
      `SELECT coalesce((SELECT name FROM associations WHERE id = $1), (SELECT name FROM funders WHERE id = $1)) AS organisation,
              (SELECT name FROM territories WHERE id = $2) AS territory`,
      [account.orgId, account.territoryId],
    );
    return row;
  }

  /** Ends every browser session of this account (disabled, or its authority changed). */
  async endSessions(id: string): Promise<number> {
    const rows = returnedRows(await this.db.query(`DELETE FROM http_sessions WHERE sess->>'accountId' = $1 RETURNING sid`, [id]));
    return rows.length;
  }
}
