import { DataSource, EntityManager } from 'typeorm';

export interface InboxRow {
  id: number;
  grant_id: string | null;
  event_type: string;
  subject: string;
  body: string;
  created_at: Date;
  read: boolean;
}

/** The in-app inbox: notifications addressed to an account's audiences, and what it has read. */
export class InboxRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** A page of the inbox in the reader's language (French unless it chose English), newest first, with the counts. */
  async page(
    audiences: string[],
    accountId: string,
    unread: boolean | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ rows: InboxRow[]; total: number; unread: number }> {
    const filter = unread === undefined ? '' : unread ? 'AND r.notification_id IS NULL' : 'AND r.notification_id IS NOT NULL';
    const from = `FROM notifications n
      LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.account_id = $2
      WHERE n.audience = ANY($1)`;
    const rows: InboxRow[] = await this.db.query(
      `SELECT n.id, n.grant_id, n.event_type, n.created_at, r.notification_id IS NOT NULL AS read,
              CASE WHEN l.language = 'en' THEN coalesce(n.subject_en, n.subject) ELSE n.subject END AS subject,
              CASE WHEN l.language = 'en' THEN coalesce(n.body_en, n.body) ELSE n.body END AS body
       ${from.replace('WHERE', `LEFT JOIN notification_preferences l ON l.account_id = $2 WHERE`)} ${filter}
       ORDER BY n.created_at DESC, n.id DESC LIMIT $3 OFFSET $4`,
      [audiences, accountId, pageSize, (page - 1) * pageSize],
    );
    const [counts]: { total: number; unread: number }[] = await this.db.query(
      `SELECT count(*) FILTER (WHERE true ${filter})::int AS total,
              count(*) FILTER (WHERE r.notification_id IS NULL)::int AS unread ${from}`,
      [audiences, accountId],
    );
    return { rows, ...counts };
  }

  /** Marks a notification read for this account; false when it is not addressed to these audiences. */
  async markRead(id: number, audiences: string[], accountId: string): Promise<boolean> {
    const found: unknown[] = await this.db.query('SELECT 1 FROM notifications WHERE id = $1 AND audience = ANY($2)', [id, audiences]);
    if (!found.length) return false;
    await this.db.query(`INSERT INTO notification_reads (notification_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [id, accountId]);
    return true;
  }
}
