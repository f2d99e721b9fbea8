import { ConfigError, loadConfig, microGrantPolicyOf } from '../../libs/config/src';

const minimal = { DATABASE_URL: 'postgres://u:p@db:5432/grants', JWT_SECRET: 'x'.repeat(32) };

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({ API_PORT: 3000, TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_TASK_QUEUE: 'grants' });
    expect(microGrantPolicyOf(config).decisionDeadlineMs).toBe(14 * 86_400_000);
  });

  it('reads compressed policy durations', () => {
    const config = loadConfig({ ...minimal, MICRO_GRANT_DECISION_DEADLINE: '30s', MICRO_GRANT_REPORT_DUE: '2m', MICRO_GRANT_REPORT_REMINDER_BEFORE: '30s' });
    expect(microGrantPolicyOf(config)).toEqual({ decisionDeadlineMs: 30_000, reportDueMs: 120_000, reportReminderBeforeMs: 30_000 });
  });

  it('names every variable at fault', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', API_PORT: '99999' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', API_PORT: '99999' });
    } catch (error) {
      expect((error as Error).message).toMatch(/DATABASE_URL/);
      expect((error as Error).message).toMatch(/JWT_SECRET/);
      expect((error as Error).message).toMatch(/API_PORT/);
    }
  });

  it('refuses a development-token secret in production, and an issuer without its client id', () => {
    expect(() => loadConfig({ ...minimal, NODE_ENV: 'production' })).toThrow(/JWT_SECRET: development tokens are refused in production/);
    expect(loadConfig({ DATABASE_URL: minimal.DATABASE_URL, NODE_ENV: 'production' }).JWT_SECRET).toBeUndefined();
    expect(() => loadConfig({ ...minimal, OIDC_ISSUER: 'https://auth.example.fr' })).toThrow(/OIDC_CLIENT_ID/);
    expect(loadConfig(minimal)).toMatchObject({ SESSION_IDLE_TIMEOUT: 30 * 60_000, SESSION_MAX_AGE: 12 * 3_600_000 });
  });
});

