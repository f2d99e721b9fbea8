import { DataSource, EntityManager } from 'typeorm';

/** What an account chose for itself (its language, for now; the notification channels live beside it). */
export class PreferencesRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async languageOf(accountId: string): Promise<'fr' | 'en'> {
    const rows: { language: 'fr' | 'en' }[] = await this.db.query('SELECT language FROM notification_preferences WHERE account_id = $1', [accountId]);
    return rows[0]?.language ?? 'fr';
  }
}
