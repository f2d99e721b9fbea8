import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '../common/config.provider';

/** What changed: an account's authority or status, or an API key (revoked). */
export interface AccountChange {
  kind: 'account' | 'api_key';
  id: string;
}

const CHANNEL = 'grants_account_changes';

/**
 * Tells every API process that an account or a key changed (PostgreSQL LISTEN/NOTIFY), so that each
 * drops what it cached at once: a disabled account or a revoked key stops working on every process,
 * not only on the one that changed it. While the listening connection is down (it reconnects), the
 * caches' short lifetime (ACCOUNT_CACHE_TTL) still bounds how long a process may lag.
 */
@Injectable()
export class AccountChangeFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('account-changes');
  private readonly listeners: ((change: AccountChange) => void)[] = [];
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onChange(listener: (change: AccountChange) => void): void {
    this.listeners.push(listener);
  }

  /** Applies the change here at once, and tells the other processes. */
  async announce(change: AccountChange): Promise<void> {
    this.dispatch(change);
    try {
      await this.client?.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(change)]);
    } catch (error) {
      this.logger.warn(`could not tell the other processes (${(error as Error).message}): their caches expire within ${this.config.ACCOUNT_CACHE_TTL} ms`);
    }
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private dispatch(change: AccountChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    client.on('notification', (message) => {
      try {
        const change = JSON.parse(message.payload ?? '') as AccountChange;
        if ((change.kind === 'account' || change.kind === 'api_key') && typeof change.id === 'string') this.dispatch(change);
      } catch {
        // not ours
      }
    });
    const reconnect = () => {
      if (this.stopped || this.client !== client) return;
      this.client = undefined;
      this.retry = setTimeout(() => void this.listen(), 2_000);
    };
    client.on('error', reconnect);
    client.on('end', reconnect);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.logger.warn(`not listening to account changes yet (${(error as Error).message}): retrying`);
      await client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.listen(), 2_000);
    }
  }
}
