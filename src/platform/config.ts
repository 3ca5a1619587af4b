import path from 'node:path';
import { z } from 'zod';

/**
 * The one typed configuration of Bistå, read from the environment and validated at start.
 * A wrong value gives one clear line naming the variable (see `ConfigError`).
 */
const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    BISTA_DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL')
      .optional(),
    BISTA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BISTA_PUBLIC_URL: z.url().optional(),
    BISTA_SESSION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(10),
    BISTA_SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    BISTA_INACTIVATE_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
    BISTA_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    BISTA_LOGIN_LOCK_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
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
    BISTA_OIDC_ISSUER: z.url({ protocol: /^https?$/, error: "must be the IdP's issuer URL, e.g. https://idp.region.se/oidc" }).optional(),
    BISTA_OIDC_CLIENT_ID: z.string().trim().min(1).max(200).optional(),
    BISTA_OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
    BISTA_OIDC_REDIRECT_URI: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL ending in /api/auth/oidc/callback' }).optional(),
    BISTA_OIDC_POST_LOGOUT_REDIRECT_URI: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    BISTA_OIDC_HSA_ID_CLAIM: z
      .string()
      .trim()
      .regex(/^[\w.:/-]{1,100}$/, 'must be a claim name, e.g. employeeHsaId')
      .default('employeeHsaId'),
    BISTA_OIDC_SCOPES: z
      .string()
      .trim()
      .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'must be scopes separated by single spaces, e.g. "openid profile"')
      .refine((v) => v.split(' ').includes('openid'), 'must include openid')
      .default('openid profile'),
    BISTA_LOCAL_PASSWORDS: z.enum(['on', 'off']).default('on'),
  })
  .superRefine((e, ctx) => {
    const oidcSet = e.BISTA_OIDC_ISSUER ?? e.BISTA_OIDC_CLIENT_ID ?? e.BISTA_OIDC_CLIENT_SECRET;
    if (oidcSet !== undefined) {
      for (const name of ['BISTA_OIDC_ISSUER', 'BISTA_OIDC_CLIENT_ID', 'BISTA_OIDC_CLIENT_SECRET'] as const) {
        if (!e[name])
          ctx.addIssue({ code: 'custom', path: [name], message: 'is required for SITHS login (BISTA_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET go together)' });
      }
      if (!e.BISTA_OIDC_REDIRECT_URI && !e.BISTA_PUBLIC_URL) {
        ctx.addIssue({
          code: 'custom',
          path: ['BISTA_OIDC_REDIRECT_URI'],
          message: 'is required for SITHS login unless BISTA_PUBLIC_URL is set (it is then <BISTA_PUBLIC_URL>/api/auth/oidc/callback)',
        });
      }
      if (e.BISTA_OIDC_ISSUER && !isHttpsOrLoopback(e.BISTA_OIDC_ISSUER)) {
        ctx.addIssue({ code: 'custom', path: ['BISTA_OIDC_ISSUER'], message: 'must be an https:// URL (http:// only for localhost, in tests)' });
      }
    }
    if (e.BISTA_LOCAL_PASSWORDS === 'off' && !e.BISTA_OIDC_ISSUER) {
      ctx.addIssue({
        code: 'custom',
        path: ['BISTA_LOCAL_PASSWORDS'],
        message: 'can be off only when SITHS login is configured (BISTA_OIDC_ISSUER, ...): nobody could log in',
      });
    }
    if (e.BISTA_PATIENT_DIRECTORY === 'fhir' && !e.BISTA_FHIR_BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['BISTA_FHIR_BASE_URL'], message: 'is required when BISTA_PATIENT_DIRECTORY=fhir' });
    }
  });

function isHttpsOrLoopback(url: string) {
  const u = new URL(url);
  return u.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

/** SITHS login through the region's identity provider (src/platform/auth/oidc.ts). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the IdP sends the browser back: registered with the IdP. */
  redirectUri: string;
  /** Where the IdP sends the browser after its logout (registered with the IdP); null = the IdP's own page. */
  postLogoutRedirectUri: string | null;
  /** The ID token claim that carries the user's HSA-id (users are matched on app_user.hsa_id). */
  hsaIdClaim: string;
  scopes: string;
}

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
  /** SITHS login by OpenID Connect; null = not configured (the login page offers passwords only). */
  oidc: OidcConfig | null;
  /** Local passwords (POST /api/auth/login); off in a region where everyone logs in with SITHS. */
  localPasswords: boolean;
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
      // A secret's value is never repeated in the message (it goes to the log of whatever starts the server).
      `Configuration error: ${variable}${given === undefined || /SECRET/.test(variable) ? '' : `=${JSON.stringify(given)}`}: ${issue.message}`,
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
      e.BISTA_PATIENT_DIRECTORY === 'fhir' ? { kind: 'fhir', baseUrl: e.BISTA_FHIR_BASE_URL!, timeoutMs: e.BISTA_FHIR_TIMEOUT_MS } : { kind: 'embedded' },
    ordering: { visibility: e.BISTA_ORDER_VISIBILITY, careRelationshipDays: e.BISTA_CARE_RELATIONSHIP_DAYS },
    requestLimit: { mode: e.BISTA_REQUEST_LIMIT, maxInFlight: e.BISTA_MAX_IN_FLIGHT, maxWaiting: e.BISTA_MAX_WAITING, maxWaitMs: e.BISTA_MAX_WAIT_MS },
    mail: { smtpUrl: e.BISTA_SMTP_URL, from: e.BISTA_MAIL_FROM },
    oidc: e.BISTA_OIDC_ISSUER
      ? {
          issuer: e.BISTA_OIDC_ISSUER,
          clientId: e.BISTA_OIDC_CLIENT_ID!,
          clientSecret: e.BISTA_OIDC_CLIENT_SECRET!,
          redirectUri: e.BISTA_OIDC_REDIRECT_URI ?? new URL('/api/auth/oidc/callback', e.BISTA_PUBLIC_URL!).href,
          postLogoutRedirectUri:
            e.BISTA_OIDC_POST_LOGOUT_REDIRECT_URI ?? (e.BISTA_PUBLIC_URL ? new URL('/logga-in?utloggad=1', e.BISTA_PUBLIC_URL).href : null),
          hsaIdClaim: e.BISTA_OIDC_HSA_ID_CLAIM,
          scopes: e.BISTA_OIDC_SCOPES,
        }
      : null,
    localPasswords: e.BISTA_LOCAL_PASSWORDS === 'on',
  };
}

/** A config for tests: defaults, overridable per test. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ BISTA_LOG_LEVEL: 'silent', BISTA_WORKER: 'off' }), ...overrides };
}
