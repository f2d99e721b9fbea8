import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '@grants/domain';
import { IdempotencyKeyEntity } from '@grants/persistence';

/** A uuid-shaped id derived from a caller's Idempotency-Key: the same key always names the same lifecycle. */
function idFromKey(prefix: string, scope: string, key: string): string {
  const hex = createHash('sha256').update(`${scope}\n${key}`).digest('hex');
  return `${prefix}-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function requestHash(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** An Idempotency-Key's shape: 1 to 200 visible ASCII characters (400 otherwise). */
export function checkIdempotencyKey(key: string): void {
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw new DomainError('validation', 'Idempotency-Key must be 1 to 200 visible ASCII characters');
}

/**
 * Checks an Idempotency-Key: its shape (400), and that an earlier use carried the same request (409).
 * Returns the id the key names.
 */
async function claimedId(dataSource: DataSource, prefix: string, scope: string, key: string, hash: string): Promise<string> {
  checkIdempotencyKey(key);
  const previous = await dataSource.getRepository(IdempotencyKeyEntity).findOneBy({ scope, key });
  if (previous && previous.requestHash !== hash) {
    throw new DomainError('conflict', 'this Idempotency-Key was already used with a different request body');
  }
  return idFromKey(prefix, scope, key);
}

/** Remembers a key once its lifecycle has started. */
async function rememberKey(dataSource: DataSource, scope: string, key: string, hash: string, id: string): Promise<void> {
  await dataSource.query(`INSERT INTO idempotency_keys (scope, key, request_hash, grant_id) VALUES ($1, $2, $3, $4) ON CONFLICT (scope, key) DO NOTHING`, [
    scope,
    key,
    hash,
    id,
  ]);
}

/**
 * The id of a lifecycle about to start, and what to do once it has started. Without an
 * Idempotency-Key: a new id, nothing to remember. With one: the id the key names (400 when the key
 * is malformed, 409 when it came before with another request), remembered once the lifecycle has
 * started — so that a retry, even after a crash between the two, starts nothing more.
 */
export async function keyedStart(
  dataSource: DataSource,
  prefix: string,
  scope: string,
  key: string | undefined,
  request: unknown[],
): Promise<{ id: string; started: () => Promise<void> }> {
  if (key === undefined) return { id: `${prefix}-${randomUUID()}`, started: async () => undefined };
  const hash = requestHash(request);
  const id = await claimedId(dataSource, prefix, scope, key, hash);
  return { id, started: () => rememberKey(dataSource, scope, key, hash, id) };
}
