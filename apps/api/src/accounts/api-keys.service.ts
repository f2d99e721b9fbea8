import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@grants/domain';
import { ApiKeyRecord, ApiKeyScope, ApiKeysRepository, AuthEventsRepository } from '@grants/persistence';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import type { Actor } from './accounts.service';
import { AccountChangeFeed } from './account-changes';

/** API keys read `gk_<id>_<secret>`: the id finds the key, the secret is checked against its hash. */
const KEY_FORMAT = /^gk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
export const API_KEY_MAX_DAYS = 365;

function hashOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('gk_');
}

/** Creates a key for an account, stored hashed: the whole key is returned once. Also used by the bench's set-up. */
export async function issueApiKey(
  keys: ApiKeysRepository,
  request: { accountId: string; name: string; scope: ApiKeyScope; expiresInDays: number },
): Promise<{ key: string; record: ApiKeyRecord }> {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + request.expiresInDays * 86_400_000);
  const record = await keys.create({ id, accountId: request.accountId, name: request.name, scope: request.scope, secretHash: hashOf(secret), expiresAt });
  return { key: `gk_${id}_${secret}`, record };
}

@Injectable()
export class ApiKeysService {
  private readonly verified = new Map<string, { record: ApiKeyRecord; until: number; touchedAt: number }>();

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly events: AuthEventsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly changes: AccountChangeFeed,
  ) {
    changes.onChange((change) => {
      if (change.kind !== 'api_key') return;
      for (const [token, entry] of this.verified) if (entry.record.id === change.id) this.verified.delete(token);
    });
  }

  async create(
    actor: Actor & { accountId: string },
    request: { name: string; scope: ApiKeyScope; expiresInDays: number },
  ): Promise<{ key: string; record: ApiKeyRecord }> {
    const created = await issueApiKey(this.keys, { accountId: actor.accountId, ...request });
    await this.events.record({
      type: 'api_key_created',
      accountId: actor.accountId,
      actorId: actor.accountId,
      ip: actor.ip,
      detail: { keyId: created.record.id, name: request.name, scope: request.scope, expiresAt: created.record.expiresAt },
    });
    return created;
  }

  list(accountId: string): Promise<ApiKeyRecord[]> {
    return this.keys.listByAccount(accountId);
  }

  async revoke(actor: Actor & { accountId: string }, id: string): Promise<ApiKeyRecord> {
    const record = await this.keys.revoke(actor.accountId, id);
    if (!record) throw new DomainError('not_found', `no API key ${id}`);
    await this.changes.announce({ kind: 'api_key', id });
    await this.events.record({ type: 'api_key_revoked', accountId: actor.accountId, actorId: actor.accountId, ip: actor.ip, detail: { keyId: id } });
    return record;
  }

  /** The key this bearer token is, if valid (not revoked, not expired); 401 otherwise. */
  async verify(token: string): Promise<ApiKeyRecord> {
    const now = Date.now();
    let entry = this.verified.get(token);
    if (!entry || entry.until <= now) {
      const match = KEY_FORMAT.exec(token);
      const stored = match ? await this.keys.findForVerification(match[1]) : null;
      if (!match || !stored || !timingSafeEqual(Buffer.from(stored.secretHash, 'hex'), Buffer.from(hashOf(match[2]), 'hex'))) {
        throw new DomainError('unauthorized', 'invalid API key');
      }
      const { secretHash: _hash, ...record } = stored;
      if (this.verified.size > 10_000) this.verified.clear();
      entry = { record, until: now + this.config.ACCOUNT_CACHE_TTL, touchedAt: entry?.touchedAt ?? 0 };
      this.verified.set(token, entry);
    }
    if (entry.record.revokedAt) throw new DomainError('unauthorized', 'this API key was revoked');
    if (Date.parse(entry.record.expiresAt) <= now) throw new DomainError('unauthorized', 'this API key has expired');
    if (now - entry.touchedAt > 60_000) {
      entry.touchedAt = now;
      await this.keys.touch(entry.record.id);
    }
    return entry.record;
  }
}
