import path from 'node:path';
import { z } from 'zod';

/**
 * The one typed configuration of Bistå, read from the environment and validated at start.
 * A wrong value gives one clear line naming the variable (see `ConfigError`).
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  BISTA_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL')
    .optional(),
  BISTA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BISTA_PUBLIC_URL: z.url().optional(),
  BISTA_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(10),
  BISTA_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  BISTA_INACTIVATE_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  BISTA_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  BISTA_LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  BISTA_LOGIN_IP_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(30),
  BISTA_WORKER: z.enum(['on', 'off']).default('on'),
  BISTA_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  BISTA_PATIENT_DIRECTORY: z.enum(['embedded', 'fhir']).default('embedded'),
  BISTA_FHIR_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  BISTA_FHIR_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  BISTA_ORDER_VISIBILITY: z.enum(['careProvider', 'collaboration']).default('careProvider'),
  BISTA_CARE_RELATIONSHIP_DAYS: z.coerce.number().int().min(1).max(30).default(1),
  BISTA_REQUEST_LIMIT: z.enum(['auto', 'on', 'off']).default('auto'),
  BISTA_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(32),
  BISTA_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL, e.g. smtp://mail.region.se:587' }).optional(),
  BISTA_MAIL_FROM: z.string().trim().min(3).max(200).default('Bistå <noreply@bista.invalid>'),
  BISTA_MAX_WAITING: z.coerce.number().int().min(0).max(100_000).default(32),
  BISTA_MAX_WAIT_MS: z.coerce.number().int().min(1).max(600_000).default(1000),
}).superRefine((e, ctx) => {
  if (e.BISTA_PATIENT_DIRECTORY === 'fhir' && !e.BISTA_FHIR_BASE_URL) {
    ctx.addIssue({ code: 'custom', path: ['BISTA_FHIR_BASE_URL'], message: 'is required when BISTA_PATIENT_DIRECTORY=fhir' });
  }
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>['BISTA_LOG_LEVEL'];
  publicUrl: string | undefined;
  sessionHours: number;
  /** A session unused this long ends, whatever its absolute lifetime (`sessionHours`) says. */
  sessionIdleMinutes: number;
  inactivateAfterMonths: number;
  login: { maxFailures: number; lockMinutes: number; perIpPerMinute: number };
  worker: boolean;
  trustProxy: boolean;
  /** Secure cookies when served over HTTPS. */
  secureCookies: boolean;
  /** Where patient data comes from (src/ordering/patients/directory.ts). */
  patientDirectory: { kind: 'embedded' } | { kind: 'fhir'; baseUrl: string; timeoutMs: number };
  /** Who sees a care provider's prescriptions and device lists: its own users (default) or the whole collaboration. */
  ordering: { visibility: 'careProvider' | 'collaboration'; careRelationshipDays: number };
  /**
   * The bounded queue at the HTTP edge (src/platform/http/overload.ts): at most `maxInFlight` API requests
   * run at once and `maxWaiting` wait, none longer than `maxWaitMs`; the rest get 503 OVERLOADED with
   * Retry-After. `auto` = on for the embedded PGlite database (one core answers every query), off for
   * a PostgreSQL server.
   */
  requestLimit: { mode: 'auto' | 'on' | 'off'; maxInFlight: number; maxWaiting: number; maxWaitMs: number };
  /**
   * Outgoing e-mail (src/platform/mail/): sent through `smtpUrl` when set; without it (the embedded default)
   * mails are kept in the "Utgående e-post" list for system administration.
   */
  mail: { smtpUrl: string | undefined; from: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? '?');
    const given = env[variable];
    throw new ConfigError(
      `Configuration error: ${variable}${given === undefined ? '' : `=${JSON.stringify(given)}`}: ${issue.message}`,
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.BISTA_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    logLevel: e.BISTA_LOG_LEVEL,
    publicUrl: e.BISTA_PUBLIC_URL,
    sessionHours: e.BISTA_SESSION_HOURS,
    sessionIdleMinutes: e.BISTA_SESSION_IDLE_MINUTES,
    inactivateAfterMonths: e.BISTA_INACTIVATE_MONTHS,
    login: {
      maxFailures: e.BISTA_LOGIN_MAX_FAILURES,
      lockMinutes: e.BISTA_LOGIN_LOCK_MINUTES,
      perIpPerMinute: e.BISTA_LOGIN_IP_PER_MINUTE,
    },
    worker: e.BISTA_WORKER === 'on',
    trustProxy: e.BISTA_TRUST_PROXY === 'true',
    secureCookies: e.BISTA_PUBLIC_URL?.startsWith('https://') ?? false,
    patientDirectory:
      e.BISTA_PATIENT_DIRECTORY === 'fhir'
        ? { kind: 'fhir', baseUrl: e.BISTA_FHIR_BASE_URL!, timeoutMs: e.BISTA_FHIR_TIMEOUT_MS }
        : { kind: 'embedded' },
    ordering: { visibility: e.BISTA_ORDER_VISIBILITY, careRelationshipDays: e.BISTA_CARE_RELATIONSHIP_DAYS },
    requestLimit: { mode: e.BISTA_REQUEST_LIMIT, maxInFlight: e.BISTA_MAX_IN_FLIGHT, maxWaiting: e.BISTA_MAX_WAITING, maxWaitMs: e.BISTA_MAX_WAIT_MS },
    mail: { smtpUrl: e.BISTA_SMTP_URL, from: e.BISTA_MAIL_FROM },
  };
}

/** A config for tests: defaults, overridable per test. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ BISTA_LOG_LEVEL: 'silent', BISTA_WORKER: 'off' }), ...overrides };
}
