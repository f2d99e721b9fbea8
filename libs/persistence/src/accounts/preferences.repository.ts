import { DataSource, EntityManager } from 'typeorm';

export interface Preferences {
  channels: 'in_app' | 'email' | 'both';
  dailyDigest: boolean;
  language: 'fr' | 'en';
}

/** What an account chose for itself: how it is notified, and its language. */
export class PreferencesRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The account's choices (the defaults when it made none: both channels, no digest, French). */
  async get(accountId: string): Promise<Preferences> {
    const [row]: { channels: Preferences['channels']; daily_digest: boolean; language: Preferences['language'] }[] = await this.db.query(
      'SELECT channels, daily_digest, language FROM notification_preferences WHERE account_id = $1',
      [accountId],
    );
    return { channels: row?.channels ?? 'both', dailyDigest: row?.daily_digest ?? false, language: row?.language ?? 'fr' };
  }

  async save(accountId: string, preferences: Preferences): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_preferences (account_id, channels, daily_digest, language) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id) DO UPDATE SET channels = EXCLUDED.channels, daily_digest = EXCLUDED.daily_digest,
         language = EXCLUDED.language, updated_at = now()`,
      [accountId, preferences.channels, preferences.dailyDigest, preferences.language],
    );
  }

  async languageOf(accountId: string): Promise<'fr' | 'en'> {
    const rows: { language: 'fr' | 'en' }[] = await this.db.query('SELECT language FROM notification_preferences WHERE account_id = $1', [accountId]);
    return rows[0]?.language ?? 'fr';
  }
}
