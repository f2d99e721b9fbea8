import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  AnchoringPolicy,
  DEFAULT_ANCHORING_POLICY,
  DEFAULT_INCUBATION_POLICY,
  DEFAULT_TASK_FORCE_POLICY,
  TaskForcePolicy,
  DEFAULT_CONTRIBUTION_POLICY,
  ContributionPolicy,
  DEFAULT_REFERRAL_POLICY,
  ReferralPolicy,
  DEFAULT_CODIR_POLICY,
  DEFAULT_COPIL_POLICY,
  CopilPolicy,
  CodirPolicy,
  IncubationPolicy,
  DEFAULT_MICRO_GRANT_POLICY,
  DEFAULT_CALL_POLICY,
  CallPolicy,
  DAY_MS,
  MicroGrantPolicy,
  OpenDataPolicy,
  YEAR_MS,
  scaleDuration,
  anchoringPolicyProblem,
  parseDuration,
  policyProblem,
} from '@grants/domain';
import { parseKeyRing } from '@grants/webhooks/secret-box';

const duration = z.string().transform((text, ctx) => {
  try {
    return parseDuration(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const port = z.coerce.number().int().min(1).max(65535);
/** `host:port` (`127.0.0.1:9464`, `[::1]:9464`, `0.0.0.0:9464`). */
const hostPort = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'host:port, e.g. 127.0.0.1:9464');

/** Every setting of the api and the worker, from the environment, validated at boot. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  API_HOST: z.string().min(1).default('0.0.0.0'),
  API_PORT: port.default(3000),
  /** The address people use to reach the API (links in e-mails). */
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(20),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'must be host:port')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('grants'),
  /**
   * The platform's processes only may reach Temporal (workflows trust the commands they receive):
   * TLS with a client certificate (mutual TLS) and/or an API key, as the cluster requires.
   */
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /**
   * HS256 secret of development bearer tokens (`npm run token`, the test suites); the embedded default
   * generates one in the data folder. Refused with NODE_ENV=production: machines use API keys there.
   */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('grants-engine'),
  JWT_AUDIENCE: z.string().min(1).default('grants-engine-api'),
  /** Signs the browser session cookie (at least 32 characters); the embedded default generates one. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** A session ends after this long without a request, and in any case this long after sign-in. */
  SESSION_IDLE_TIMEOUT: duration.default(30 * 60_000),
  SESSION_MAX_AGE: duration.default(12 * 3_600_000),
  /** How long an account's authority is kept in a process before it is read again (changes made here apply at once). */
  ACCOUNT_CACHE_TTL: duration.default(15_000),
  /** The OpenID Connect provider people sign in with (ProConnect in production; the embedded one by default). */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().min(1).default('openid email profile'),
  /** Requests per account (or address, before sign-in) and minute, reads and writes apart; 0 turns a limit off. */
  RATE_LIMIT_READS: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_WRITES: z.coerce.number().int().min(0).default(60),
  /** Trust X-Forwarded-* from this many proxies in front of the API (for the client address and https). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** smtp://user:pass@host:port; without it, notifications stay in-app only. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Subventions politique de la ville <no-reply@grants.local>'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** `json`: one JSON object per line (service, context, requestId, the entry's fields); `text`: coloured lines for a terminal. */
  LOG_FORMAT: z.enum(['json', 'text']).default('json'),
  /** `host:port` where the API serves GET /metrics for Prometheus (off when unset; never on the public port). */
  API_METRICS_ADDRESS: hostPort.optional(),
  /** Traces, off unless an OTLP/HTTP endpoint is set (read by the OpenTelemetry exporter itself; checked here). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  /** `host:port` where the worker's Temporal SDK serves GET /metrics for Prometheus (off when unset). */
  WORKER_METRICS_ADDRESS: hostPort.optional(),
  /** Prebuilt workflow bundle for the worker (built by `npm run build`). */
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(100),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100000).default(1000),
  /**
   * The demo mode: `compressed` makes every policy duration shorter by one factor, a year lasting
   * DEMO_YEAR (10 minutes by default; 14 days then last 23 s), so that a person can watch a lifecycle
   * to its end. Refused with NODE_ENV=production.
   */
  DEMO_TIME: z.enum(['off', 'compressed']).default('off'),
  DEMO_YEAR: duration.refine((ms) => ms >= 60_000, 'must be at least a minute').default(10 * 60_000),
  MICRO_GRANT_DECISION_DEADLINE: duration.optional(),
  MICRO_GRANT_REPORT_DUE: duration.optional(),
  MICRO_GRANT_REPORT_REMINDER_BEFORE: duration.optional(),
  /** Continue the envelope workflow as new after this many operations. */
  /** How often the audit archiver stores closed histories and daily digests (well within retention). */
  AUDIT_ARCHIVE_EVERY: duration.default(3_600_000),
  /** The most closed histories one archiver pass stores (oldest first; the next pass goes on from there). */
  ARCHIVE_PASS_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Replays an API process runs at once, and how many may wait their turn (503 with Retry-After beyond). */
  REPLAY_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  REPLAY_QUEUE: z.coerce.number().int().min(0).max(1000).default(8),
  /** Node's --stack-trace-limit in the replay processes: the SDK captures a stack on every promise a replayed workflow makes, which no verdict uses. */
  REPLAY_STACK_TRACE_LIMIT: z.coerce.number().int().min(0).max(100).default(0),
  /** Where each day's Merkle root is also written, outside the database (an append-only file). */
  AUDIT_ANCHOR_FILE: z.string().min(1).default('data/audit/merkle-roots.jsonl'),
  ENVELOPE_MAX_OPERATIONS_PER_RUN: z.coerce.number().int().min(10).max(1500).default(500),
  /** Updates a call, a cohort or an incubated project takes in one run before it continues as new (Temporal refuses more than 2,000 a run). */
  WORKFLOW_UPDATES_PER_RUN: z.coerce.number().int().min(10).max(1500).default(500),
  /** Anchoring agreements: a year, the acceptance delay, the report due after each year, its reminders, the termination notice. */
  ANCHORING_YEAR: duration.optional(),
  ANCHORING_ACCEPTANCE_DELAY: duration.optional(),
  ANCHORING_REPORT_DUE: duration.optional(),
  ANCHORING_REPORT_REMINDERS: z
    .string()
    .transform((text, ctx) => {
      try {
        return text.split(',').map((part) => parseDuration(part));
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  ANCHORING_TERMINATION_NOTICE: duration.optional(),
  /** Incubation: how often the project and its mentor are reminded to check in. */
  INCUBATION_CHECK_IN_EVERY: duration.optional(),
  /** Task forces: a month as they count it (30 days; shorter in the tests and demos, every rhythm scaled with it). */
  TASK_FORCE_MONTH: duration.optional(),
  /** Contributions: how long the other side has to sign a version (30 days; the reminder a quarter of it before, 7 days at most). */
  CONTRIBUTION_SIGN_WITHIN: duration.optional(),
  /** Routed needs: how long a signatory has to answer (21 days; the reminder a quarter of it before, 5 days at most). */
  REFERRAL_ANSWER_WITHIN: duration.optional(),
  /** CODIR QPV: a day as it counts them (statements 14 days before the meeting, commitments followed 365 days; shorter in the tests, every rhythm scaled with it). */
  CODIR_DAY: duration.optional(),
  /** Copil: a day as mandates count them (a year of 365 days, the reminder 60 days before a term ends; shorter in the tests, every rhythm scaled with it). */
  COPIL_DAY: duration.optional(),
  /** Webhooks: first retry after, longest interval between retries, and when a delivery is marked failed. */
  WEBHOOK_RETRY_INITIAL: duration.default(30_000),
  WEBHOOK_RETRY_MAX_INTERVAL: duration.default(3_600_000),
  WEBHOOK_GIVE_UP_AFTER: duration.default(24 * 3_600_000),
  /**
   * Webhooks go to public addresses only; `true` lets them reach this machine and private networks
   * (development and the test suites, whose receivers listen on 127.0.0.1). Refused in production.
   */
  /**
   * Keys that encrypt the secrets kept in the database (webhook secrets): "<id>:<64 hex>" separated by
   * commas, the first encrypting, all decrypting. Required in production; `npm start` generates one.
   */
  ENCRYPTION_KEYS: z
    .string()
    .transform((text, ctx) => {
      const ring = parseKeyRing(text);
      if (typeof ring === 'string') {
        ctx.addIssue({ code: 'custom', message: ring });
        return z.NEVER;
      }
      return ring;
    })
    .optional(),
  /** A failed e-mail is tried again after EMAIL_RETRY_INITIAL, doubling up to EMAIL_RETRY_MAX_INTERVAL, and marked failed after EMAIL_GIVE_UP_AFTER; the worker looks for due ones every EMAIL_RETRY_EVERY. */
  EMAIL_RETRY_INITIAL: duration.default(30_000),
  EMAIL_RETRY_MAX_INTERVAL: duration.default(3_600_000),
  EMAIL_GIVE_UP_AFTER: duration.default(24 * 3_600_000),
  EMAIL_RETRY_EVERY: duration.default(15_000),
  /** How often the worker starts the webhook deliveries queued by the lifecycles. */
  WEBHOOK_DISPATCH_EVERY: duration.default(1_000),
  /** Open data: a signed convention's rows are due this long after signature (default: three calendar months), with a reminder this long before. */
  OPEN_DATA_PUBLICATION_DELAY: duration.optional(),
  OPEN_DATA_REMINDER_BEFORE: duration.optional(),
  /** How often the worker wakes the open-data workflows of funders whose rows changed. */
  OPEN_DATA_KICK_EVERY: duration.default(1_000),
  /**
   * Origins of the Temporal UI allowed to call the codec endpoint (/temporal-codec) from the browser
   * with a signed-in auditor's or administrator's session, comma-separated (`npm start`: its own UI).
   */
  TEMPORAL_CODEC_ORIGINS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const origins = text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
      for (const origin of origins) {
        let parsed: URL | undefined;
        try {
          parsed = new URL(origin);
        } catch {
          parsed = undefined;
        }
        if (!parsed || parsed.origin !== origin) ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin (scheme://host[:port], no path)` });
      }
      return origins;
    }),
  /** Active webhook endpoints an organisation may have. */
  WEBHOOK_ENDPOINTS_PER_ORG: z.coerce.number().int().min(1).max(1000).default(10),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Reads and validates the environment; throws a ConfigError naming every variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new ConfigError(`invalid configuration:\n${problems}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && config.JWT_SECRET) {
    throw new ConfigError('invalid configuration:\n  JWT_SECRET: development tokens are refused in production; unset it (machine clients use API keys)');
  }
  if (config.NODE_ENV === 'production' && !config.ENCRYPTION_KEYS) {
    throw new ConfigError(
      'invalid configuration:\n  ENCRYPTION_KEYS: required in production (secrets are kept encrypted): "k1:<64 hex characters>", e.g. k1:$(openssl rand -hex 32)',
    );
  }
  if (config.NODE_ENV === 'production' && config.WEBHOOK_ALLOW_PRIVATE_TARGETS) {
    throw new ConfigError('invalid configuration:\n  WEBHOOK_ALLOW_PRIVATE_TARGETS: webhooks reach public addresses only in production');
  }
  if (config.NODE_ENV === 'production' && config.DEMO_TIME !== 'off') {
    throw new ConfigError('invalid configuration:\n  DEMO_TIME: the demo mode compresses every deadline; it is refused with NODE_ENV=production');
  }
  if (Boolean(config.TEMPORAL_TLS_CERT_PATH) !== Boolean(config.TEMPORAL_TLS_KEY_PATH)) {
    throw new ConfigError(
      'invalid configuration:\n  TEMPORAL_TLS_CERT_PATH / TEMPORAL_TLS_KEY_PATH: a client certificate needs its key, and the other way round',
    );
  }
  for (const name of ['TEMPORAL_TLS_CA_PATH', 'TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH'] as const) {
    const path = config[name];
    if (path && !existsSync(path)) throw new ConfigError(`invalid configuration:\n  ${name}: no file ${path}`);
  }
  if (config.OIDC_ISSUER && !config.OIDC_CLIENT_ID) {
    throw new ConfigError('invalid configuration:\n  OIDC_CLIENT_ID: required with OIDC_ISSUER');
  }
  const problem = policyProblem(microGrantPolicyOf(config));
  if (problem) throw new ConfigError(`invalid configuration: micro-grant policy: ${problem}`);
  const anchoring = anchoringPolicyProblem(anchoringPolicyOf(config));
  if (anchoring) throw new ConfigError(`invalid configuration: anchoring policy: ${anchoring}`);
  return config;
}

/** How much shorter every policy duration is: 1 in real time; a year over DEMO_YEAR in the demo mode. */
export function timeScaleOf(config: Pick<AppConfig, 'DEMO_TIME' | 'DEMO_YEAR'>): number {
  return config.DEMO_TIME === 'compressed' ? YEAR_MS / config.DEMO_YEAR : 1;
}

/** What the start banner, the API's headers and the web app's header say about the demo mode (null in real time). */
export function demoTimeOf(config: Pick<AppConfig, 'DEMO_TIME' | 'DEMO_YEAR'>): { yearSeconds: number; daySeconds: number } | null {
  if (config.DEMO_TIME === 'off') return null;
  return { yearSeconds: config.DEMO_YEAR / 1000, daySeconds: Math.round(config.DEMO_YEAR / 365 / 100) / 10 };
}

/** How long a day lasts in this deployment: a day in real time, 1.6 s with a year of ten minutes. */
export function dayMsOf(config: AppConfig): number {
  return scaled(config, DAY_MS);
}

/** A default policy duration in this deployment's time (a setting given explicitly is taken as it is). */
function scaled(config: AppConfig, ms: number): number {
  return scaleDuration(ms, timeScaleOf(config));
}

export function microGrantPolicyOf(config: AppConfig): MicroGrantPolicy {
  const d = DEFAULT_MICRO_GRANT_POLICY;
  return {
    decisionDeadlineMs: config.MICRO_GRANT_DECISION_DEADLINE ?? scaled(config, d.decisionDeadlineMs),
    reportDueMs: config.MICRO_GRANT_REPORT_DUE ?? scaled(config, d.reportDueMs),
    reportReminderBeforeMs: config.MICRO_GRANT_REPORT_REMINDER_BEFORE ?? scaled(config, d.reportReminderBeforeMs),
  };
}

/** When open-data rows are due: three calendar months after signature (compressed in the demo mode), unless set outright. */
export function openDataPolicyOf(config: AppConfig): OpenDataPolicy {
  return {
    timeScale: timeScaleOf(config),
    ...(config.OPEN_DATA_PUBLICATION_DELAY !== undefined ? { publicationDelayMs: config.OPEN_DATA_PUBLICATION_DELAY } : {}),
    ...(config.OPEN_DATA_REMINDER_BEFORE !== undefined ? { reminderBeforeMs: config.OPEN_DATA_REMINDER_BEFORE } : {}),
  };
}

export function anchoringPolicyOf(config: AppConfig): AnchoringPolicy {
  const d = DEFAULT_ANCHORING_POLICY;
  return {
    acceptanceDelayMs: config.ANCHORING_ACCEPTANCE_DELAY ?? scaled(config, d.acceptanceDelayMs),
    yearMs: config.ANCHORING_YEAR ?? scaled(config, d.yearMs),
    reportDueAfterYearEndMs: config.ANCHORING_REPORT_DUE ?? scaled(config, d.reportDueAfterYearEndMs),
    reportRemindersBeforeMs: config.ANCHORING_REPORT_REMINDERS ?? d.reportRemindersBeforeMs.map((ms) => scaled(config, ms)),
    terminationNoticeMs: config.ANCHORING_TERMINATION_NOTICE ?? scaled(config, d.terminationNoticeMs),
    // Calendar years from the start date, unless a year's length is set explicitly.
    ...(config.ANCHORING_YEAR === undefined ? { calendarYears: { timeScale: timeScaleOf(config) } } : {}),
  };
}

export function incubationPolicyOf(config: AppConfig): IncubationPolicy {
  const d = DEFAULT_INCUBATION_POLICY;
  return {
    ...d,
    checkInEveryMs: config.INCUBATION_CHECK_IN_EVERY ?? scaled(config, d.checkInEveryMs),
    milestoneOffsetsMs: {
      design: scaled(config, d.milestoneOffsetsMs.design),
      launch: scaled(config, d.milestoneOffsetsMs.launch),
      impact_review: scaled(config, d.milestoneOffsetsMs.impact_review),
    },
  };
}

/** The task force rhythms of this deployment: real months, or compressed ones in the demo mode (TASK_FORCE_MONTH sets a month outright). */
export function taskForcePolicyOf(config: AppConfig): TaskForcePolicy {
  const d = DEFAULT_TASK_FORCE_POLICY;
  const scaled = (ms: number) => scaleDuration(ms, timeScaleOf(config));
  const month = config.TASK_FORCE_MONTH;
  // An explicit month scales every rhythm with it (a reminder three days before a 30-day month…).
  const ratio = (ms: number) => (month === undefined ? scaled(ms) : Math.max(1, Math.round((ms * month) / d.monthMs)));
  return {
    ...d,
    monthMs: month ?? scaled(d.monthMs),
    reminderBeforeMs: ratio(d.reminderBeforeMs),
    invitationReminderMs: ratio(d.invitationReminderMs),
    checkInGraceMs: ratio(d.checkInGraceMs),
    reportGraceMs: ratio(d.reportGraceMs),
  };
}

/** How long the other side of a contribution has to sign, and its reminder, in this deployment's time. */
export function contributionPolicyOf(config: AppConfig): ContributionPolicy {
  const d = DEFAULT_CONTRIBUTION_POLICY;
  if (config.CONTRIBUTION_SIGN_WITHIN !== undefined) {
    return { signWithinMs: config.CONTRIBUTION_SIGN_WITHIN, reminderBeforeMs: Math.min(d.reminderBeforeMs, Math.floor(config.CONTRIBUTION_SIGN_WITHIN / 4)) };
  }
  return { signWithinMs: scaled(config, d.signWithinMs), reminderBeforeMs: scaled(config, d.reminderBeforeMs) };
}

/** A day as the CODIR QPV counts it in this deployment's time. */
export function codirDayMs(config: AppConfig): number {
  return config.CODIR_DAY ?? scaleDuration(DAY_MS, timeScaleOf(config));
}

/** The CODIR QPV's rhythms in this deployment's time (CODIR_DAY sets a day outright, every rhythm scaled with it). */
export function codirPolicyOf(config: AppConfig): CodirPolicy {
  const d = DEFAULT_CODIR_POLICY;
  const day = config.CODIR_DAY;
  const of = (ms: number) => (day === undefined ? scaleDuration(ms, timeScaleOf(config)) : Math.max(1, Math.round((ms * day) / DAY_MS)));
  return {
    statementsBeforeMeetingMs: of(d.statementsBeforeMeetingMs),
    statementReminderBeforeMs: of(d.statementReminderBeforeMs),
    commitmentReminderBeforeMs: of(d.commitmentReminderBeforeMs),
    followUpMs: of(d.followUpMs),
  };
}

/** The Copil's rhythms in this deployment's time (COPIL_DAY sets a day outright, every rhythm scaled with it). */
export function copilPolicyOf(config: AppConfig): CopilPolicy {
  const d = DEFAULT_COPIL_POLICY;
  const day = config.COPIL_DAY;
  const of = (ms: number) => (day === undefined ? scaleDuration(ms, timeScaleOf(config)) : Math.max(1, Math.round((ms * day) / DAY_MS)));
  return { mandateYearMs: of(d.mandateYearMs), mandateReminderBeforeMs: of(d.mandateReminderBeforeMs) };
}

/** How long a signatory has to answer a routed need, and its reminder, in this deployment's time. */
export function referralPolicyOf(config: AppConfig): ReferralPolicy {
  const d = DEFAULT_REFERRAL_POLICY;
  if (config.REFERRAL_ANSWER_WITHIN !== undefined) {
    return { answerWithinMs: config.REFERRAL_ANSWER_WITHIN, reminderBeforeMs: Math.min(d.reminderBeforeMs, Math.floor(config.REFERRAL_ANSWER_WITHIN / 4)) };
  }
  return { answerWithinMs: scaled(config, d.answerWithinMs), reminderBeforeMs: scaled(config, d.reminderBeforeMs) };
}

/** A call's default policy in this deployment's time, and how long one of its days lasts (finalReportDueDays). */
export function callPolicyOf(config: AppConfig): { defaults: CallPolicy; dayMs: number } {
  return {
    defaults: {
      ...DEFAULT_CALL_POLICY,
      finalReportDueMs: scaled(config, DEFAULT_CALL_POLICY.finalReportDueMs),
      finalReportReminderBeforeMs: scaled(config, DEFAULT_CALL_POLICY.finalReportReminderBeforeMs),
    },
    dayMs: dayMsOf(config),
  };
}

/** How webhook deliveries are retried (the worker's deliveries and the API's manual replays alike). */
export function webhookRetryOf(config: AppConfig): { initialIntervalMs: number; maximumIntervalMs: number; giveUpAfterMs: number } {
  return { initialIntervalMs: config.WEBHOOK_RETRY_INITIAL, maximumIntervalMs: config.WEBHOOK_RETRY_MAX_INTERVAL, giveUpAfterMs: config.WEBHOOK_GIVE_UP_AFTER };
}

/** How the API, the worker and the scripts connect to Temporal: its address, and TLS or an API key when configured. */
export function temporalConnectionOf(
  config: Pick<
    AppConfig,
    'TEMPORAL_ADDRESS' | 'TEMPORAL_TLS_CA_PATH' | 'TEMPORAL_TLS_CERT_PATH' | 'TEMPORAL_TLS_KEY_PATH' | 'TEMPORAL_TLS_SERVER_NAME' | 'TEMPORAL_API_KEY'
  >,
): {
  address: string;
  tls?: { serverNameOverride?: string; serverRootCACertificate?: Buffer; clientCertPair?: { crt: Buffer; key: Buffer } };
  apiKey?: string;
} {
  const tlsWanted = config.TEMPORAL_TLS_CA_PATH || config.TEMPORAL_TLS_CERT_PATH || config.TEMPORAL_TLS_SERVER_NAME || config.TEMPORAL_API_KEY;
  return {
    address: config.TEMPORAL_ADDRESS,
    ...(tlsWanted
      ? {
          tls: {
            ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
            ...(config.TEMPORAL_TLS_CA_PATH ? { serverRootCACertificate: readFileSync(config.TEMPORAL_TLS_CA_PATH) } : {}),
            ...(config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
              ? { clientCertPair: { crt: readFileSync(config.TEMPORAL_TLS_CERT_PATH), key: readFileSync(config.TEMPORAL_TLS_KEY_PATH) } }
              : {}),
          },
        }
      : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}
