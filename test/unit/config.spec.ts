import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  anchoringPolicyOf,
  temporalConnectionOf,
  callPolicyOf,
  dayMsOf,
  demoTimeOf,
  incubationPolicyOf,
  loadConfig,
  microGrantPolicyOf,
} from '@grants/config';

const minimal = { DATABASE_URL: 'postgres://u:p@db:5432/grants', JWT_SECRET: 'x'.repeat(32) };
const KEYS = `k1:${'ab'.repeat(32)}`;

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({ API_PORT: 3000, TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_TASK_QUEUE: 'grants' });
    expect(microGrantPolicyOf(config).decisionDeadlineMs).toBe(14 * 86_400_000);
  });

  it('logs JSON lines and serves no metrics unless told, and names a metrics address that is not host:port', () => {
    const defaults = loadConfig(minimal);
    expect(defaults.LOG_FORMAT).toBe('json');
    expect([defaults.API_METRICS_ADDRESS, defaults.WORKER_METRICS_ADDRESS]).toEqual([undefined, undefined]);
    expect(loadConfig({ ...minimal, API_METRICS_ADDRESS: '127.0.0.1:9465', WORKER_METRICS_ADDRESS: '[::1]:9464' })).toMatchObject({
      API_METRICS_ADDRESS: '127.0.0.1:9465',
      WORKER_METRICS_ADDRESS: '[::1]:9464',
    });
    expect(() => loadConfig({ ...minimal, API_METRICS_ADDRESS: '9465', LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT: [\s\S]*API_METRICS_ADDRESS: host:port/);
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
    expect(loadConfig({ DATABASE_URL: minimal.DATABASE_URL, NODE_ENV: 'production', ENCRYPTION_KEYS: KEYS }).JWT_SECRET).toBeUndefined();
    expect(() => loadConfig({ ...minimal, OIDC_ISSUER: 'https://auth.example.fr' })).toThrow(/OIDC_CLIENT_ID/);
    expect(loadConfig(minimal)).toMatchObject({ SESSION_IDLE_TIMEOUT: 30 * 60_000, SESSION_MAX_AGE: 12 * 3_600_000 });
  });

  it('compresses every policy duration by one factor in the demo mode, and never in production', () => {
    const demo = loadConfig({ ...minimal, DEMO_TIME: 'compressed' }); // a year in 10 minutes
    const factor = (365 * 86_400_000) / 600_000;
    const day = 86_400_000 / factor;
    expect(dayMsOf(demo)).toBe(Math.round(day));
    expect(microGrantPolicyOf(demo)).toEqual({
      decisionDeadlineMs: Math.round(14 * day),
      reportDueMs: Math.round(90 * day),
      reportReminderBeforeMs: Math.round(14 * day),
    });
    const anchoring = anchoringPolicyOf(demo);
    expect(anchoring).toMatchObject({
      yearMs: 600_000,
      acceptanceDelayMs: Math.round(30 * day),
      reportDueAfterYearEndMs: Math.round(182 * day),
      calendarYears: { timeScale: factor },
    });
    expect(anchoring.reportRemindersBeforeMs).toEqual([Math.round(30 * day), Math.round(7 * day)]);
    expect(incubationPolicyOf(demo).checkInEveryMs).toBe(Math.round(28 * day));
    expect(callPolicyOf(demo).defaults.finalReportDueMs).toBe(600_000);
    expect(demoTimeOf(demo)).toEqual({ yearSeconds: 600, daySeconds: 1.6 });
    // A setting given explicitly is taken as it is; real time changes nothing.
    expect(microGrantPolicyOf(loadConfig({ ...minimal, DEMO_TIME: 'compressed', MICRO_GRANT_DECISION_DEADLINE: '5m' })).decisionDeadlineMs).toBe(300_000);
    expect(anchoringPolicyOf(loadConfig(minimal))).toMatchObject({ yearMs: 365 * 86_400_000, calendarYears: { timeScale: 1 } });
    expect(anchoringPolicyOf(loadConfig({ ...minimal, ANCHORING_YEAR: '15s' })).calendarYears).toBeUndefined();
    expect(demoTimeOf(loadConfig(minimal))).toBeNull();
    expect(() => loadConfig({ DATABASE_URL: minimal.DATABASE_URL, NODE_ENV: 'production', ENCRYPTION_KEYS: KEYS, DEMO_TIME: 'compressed' })).toThrow(
      /DEMO_TIME/,
    );
    expect(() => loadConfig({ ...minimal, DEMO_TIME: 'compressed', DEMO_YEAR: '10s' })).toThrow(/DEMO_YEAR/);
  });

  it('needs encryption keys in production, and never lets webhooks reach private addresses there', () => {
    const production = { DATABASE_URL: minimal.DATABASE_URL, NODE_ENV: 'production' };
    expect(() => loadConfig(production)).toThrow(/ENCRYPTION_KEYS: required in production/);
    expect(() => loadConfig({ ...production, ENCRYPTION_KEYS: 'k1:short' })).toThrow(/ENCRYPTION_KEYS/);
    expect(loadConfig({ ...production, ENCRYPTION_KEYS: `k2:${'cd'.repeat(32)},${KEYS}` }).ENCRYPTION_KEYS?.current.id).toBe('k2');
    expect(() => loadConfig({ ...production, ENCRYPTION_KEYS: KEYS, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_TARGETS/);
    expect(loadConfig(minimal)).toMatchObject({
      WEBHOOK_ALLOW_PRIVATE_TARGETS: false,
      WEBHOOK_ENDPOINTS_PER_ORG: 10,
      RATE_LIMIT_READS: 600,
      RATE_LIMIT_WRITES: 60,
    });
  });

  it('connects to Temporal with mutual TLS and an API key when configured, and names a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    for (const name of ['ca.pem', 'client.pem', 'client.key']) writeFileSync(join(dir, name), `-----${name}-----`);
    const tls = loadConfig({
      ...minimal,
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CA_PATH: join(dir, 'ca.pem'),
      TEMPORAL_TLS_CERT_PATH: join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY_PATH: join(dir, 'client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_API_KEY: 'key-1',
    });
    const options = temporalConnectionOf(tls);
    expect(options).toMatchObject({ address: 'temporal.internal:7233', apiKey: 'key-1', tls: { serverNameOverride: 'temporal.internal' } });
    expect(options.tls?.clientCertPair?.crt.toString()).toBe('-----client.pem-----');
    expect(options.tls?.serverRootCACertificate?.toString()).toBe('-----ca.pem-----');
    expect(temporalConnectionOf(loadConfig(minimal))).toEqual({ address: '127.0.0.1:7233' });
    expect(() => loadConfig({ ...minimal, TEMPORAL_TLS_CERT_PATH: join(dir, 'client.pem') })).toThrow(/needs its key/);
    expect(() => loadConfig({ ...minimal, TEMPORAL_TLS_CA_PATH: join(dir, 'nowhere.pem') })).toThrow(/TEMPORAL_TLS_CA_PATH: no file/);
  });
});
