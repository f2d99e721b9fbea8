import { DataSource, EntityManager } from 'typeorm';

export const AUTH_EVENT_TYPES = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'identity_linked',
  'account_invited',
  'account_updated',
  'account_disabled',
  'account_enabled',
  'api_key_created',
  'api_key_revoked',
] as const;
export type AuthEventType = (typeof AUTH_EVENT_TYPES)[number];

export interface AuthEvent {
  type: AuthEventType;
  /** The account concerned (null for a failed sign-in of an unknown identity). */
  accountId: string | null;
  /** Who did it (the account itself for a sign-in; the admin for an account change). */
  actorId: string | null;
  ip: string | null;
  detail?: Record<string, unknown>;
}

export interface AuthEventRecord extends Required<AuthEvent> {
  id: number;
  at: string;
}

interface Row {
  id: number;
  at: Date;
  type: AuthEventType;
  account_id: string | null;
  actor_id: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

/** The record of sign-ins and account changes, for auditors and admins. */
export class AuthEventsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async record(event: AuthEvent): Promise<void> {
    await this.db.query(`INSERT INTO auth_events (type, account_id, actor_id, ip, detail) VALUES ($1, $2, $3, $4, $5)`, [
      event.type,
      event.accountId,
      event.actorId,
      event.ip,
      JSON.stringify(event.detail ?? {}),
    ]);
  }

  async list(filter: { accountId?: string; type?: AuthEventType; page: number; pageSize: number }): Promise<{ items: AuthEventRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.accountId) where.push(`(account_id = $${params.push(filter.accountId)} OR actor_id = $${params.length})`);
    if (filter.type) where.push(`type = $${params.push(filter.type)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows: Row[] = await this.db.query(
      `SELECT id::int AS id, at, type, account_id, actor_id, ip, detail FROM auth_events ${clause}
       ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.pageSize, (filter.page - 1) * filter.pageSize],
    );
    const [{ count }]: { count: number }[] = await this.db.query(`SELECT count(*)::int AS count FROM auth_events ${clause}`, params);
    return {
      items: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), type: r.type, accountId: r.account_id, actorId: r.actor_id, ip: r.ip, detail: r.detail })),
      total: count,
    };
  }
}
