import { DataSource, EntityManager } from 'typeorm';

export interface EndpointRow {
  id: string;
  org_id: string;
  url: string;
  event_types: string[];
  secret_version: number;
  active: boolean;
  created_at: Date;
  rotated_at: Date | null;
}

export interface DeliveryRow {
  id: string;
  event_type: string;
  stream_id: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  failed_at: Date | null;
}

export interface AttemptRow {
  delivery_id: string;
  at: Date;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  secret_version: number;
}

const ENDPOINT_COLUMNS = 'id, org_id, url, event_types, secret_version, active, created_at, rotated_at';

/** Webhook endpoints of the organisations, their deliveries and every attempt (the secrets stay here). */
export class WebhookEndpointsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Registers an endpoint unless its organisation already has `cap` active ones (null then). The
   * count and the insert happen under a lock per organisation: concurrent registrations never pass it.
   */
  async create(
    endpoint: { id: string; orgId: string; url: string; eventTypes: string[]; secret: string; createdBy: string },
    cap: number,
  ): Promise<EndpointRow | null> {
    const insert = async (em: EntityManager): Promise<EndpointRow | null> => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('webhook-endpoints:' || $1))`, [endpoint.orgId]);
      const [{ count }]: { count: number }[] = await em.query('SELECT count(*)::int AS count FROM webhook_endpoints WHERE org_id = $1 AND active', [
        endpoint.orgId,
      ]);
      if (count >= cap) return null;
      const [row]: EndpointRow[] = await em.query(
        `INSERT INTO webhook_endpoints (id, org_id, url, event_types, secret, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ENDPOINT_COLUMNS}`,
        [endpoint.id, endpoint.orgId, endpoint.url, endpoint.eventTypes, endpoint.secret, endpoint.createdBy],
      );
      return row;
    };
    return this.db instanceof DataSource ? this.db.transaction(insert) : insert(this.db);
  }

  /** An organisation's endpoints, or every endpoint (null). */
  list(orgId: string | null): Promise<EndpointRow[]> {
    return orgId === null
      ? this.db.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at DESC`)
      : this.db.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE org_id = $1 ORDER BY created_at DESC`, [orgId]);
  }

  async find(id: string): Promise<EndpointRow | null> {
    const [row]: EndpointRow[] = await this.db.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id]);
    return row ?? null;
  }

  async rotateSecret(id: string, secret: string): Promise<void> {
    await this.db.query('UPDATE webhook_endpoints SET secret = $2, secret_version = secret_version + 1, rotated_at = now() WHERE id = $1', [id, secret]);
  }

  async deactivate(id: string): Promise<void> {
    await this.db.query('UPDATE webhook_endpoints SET active = false WHERE id = $1', [id]);
  }

  /** The endpoint's latest 200 deliveries (of a status, or all) with their attempts. */
  async deliveries(endpointId: string, status: string | null): Promise<{ deliveries: DeliveryRow[]; attempts: AttemptRow[] }> {
    const deliveries: DeliveryRow[] = await this.db.query(
      `SELECT id, event_type, stream_id, status, attempts, last_status_code, last_error, created_at, delivered_at, failed_at
         FROM webhook_deliveries WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC LIMIT 200`,
      [endpointId, status],
    );
    const attempts: AttemptRow[] = await this.db.query(
      'SELECT delivery_id, at, status_code, latency_ms, error, secret_version FROM webhook_attempts WHERE delivery_id = ANY($1) ORDER BY id',
      [deliveries.map((d) => d.id)],
    );
    return { deliveries, attempts };
  }

  async findDelivery(id: string, endpointId: string): Promise<{ status: string; attempts: number } | null> {
    const [row]: { status: string; attempts: number }[] = await this.db.query(
      'SELECT status, attempts FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2',
      [id, endpointId],
    );
    return row ?? null;
  }

  /** A failed delivery back to pending, for a manual replay. */
  async reopenFailedDelivery(id: string): Promise<void> {
    await this.db.query(`UPDATE webhook_deliveries SET status = 'pending', failed_at = NULL WHERE id = $1 AND status = 'failed'`, [id]);
  }
}
