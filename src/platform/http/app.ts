import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { allows, refusalFor, type Access } from '../auth/access.ts';
import { bearerToken, verifyAccessToken, type AccessTokenClaims } from '../auth/access-tokens.ts';
import { loadSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { Config } from '../config.ts';
import type { Actor, Ctx } from '../context.ts';
import type { Database, Db } from '../db/client.ts';
import { migrationsApplied } from '../db/migrate.ts';
import { AppError, issueCodes, zodIssue, type FieldIssue } from '../errors.ts';
import { refuseInvalidText } from './invalid-text.ts';
import { messageFor } from './error-messages.ts';
import { registerRequestLimit } from './overload.ts';
import { registerSecurityHeaders, swaggerUiCsp } from './security-headers.ts';

z.config(z.locales.sv());

export type App = FastifyInstance<import('node:http').Server, import('node:http').IncomingMessage, import('node:http').ServerResponse, Logger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyInstance {
    apiRoutes: { method: string; url: string; access: Access }[];
    demoGuide: DemoGuide | null;
  }
  interface FastifyRequest {
    ctx: Ctx;
    csrfToken: string | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route (src/platform/auth/access.ts); every /api/ route must say, or the app does not start. */
    access?: Access;
    /** The route takes calls from registered system clients (`Authorization: Bearer`); others refuse them. */
    systemClients?: boolean;
  }
}

export interface AppDeps {
  config: Config;
  database: Database;
  log: Logger;
  now?: () => Date;
  /** Module route plugins; the server passes them all (src/app/routes.ts). */
  routes: ((app: App) => Promise<void>)[];
  /** Where the built web app is; absent in API-only tests. */
  webDist?: string | null;
  /**
   * The actor of a system client whose access token verified, or null when the client or the secret the
   * token was issued for is revoked (asked on every request). Passed in by the composition root; without
   * it every bearer token is refused.
   */
  authenticateClient?: (db: Db, claims: AccessTokenClaims) => Promise<Actor | null>;
  /** Set when this installation runs on demo data (`bista serve --demo`): the login page shows the guide. */
  demoGuide?: DemoGuide | null;
}

export const demoPatientUses = ['ordinary', 'protectedIdentity', 'coordinationNumber', 'child'] as const;

/** What a demo installation's login page tells a newcomer: the demo logins and a few demo patients to look up. */
export interface DemoGuide {
  password: string;
  logins: { username: string; role: string; name: string }[];
  /** `use` says what the patient is for; the web names it in the page's language. */
  patients: { identifier: string; name: string; use: (typeof demoPatientUses)[number] }[];
}

const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The paths of the API: JSON under /api/ (not its docs) and the FHIR facade under /fhir/ (issue 18). Every route
 * there declares its access, and every request there is authenticated (session or bearer token) and checked.
 */
export function isApiPath(url: string): boolean {
  return (url.startsWith('/api/') && !url.startsWith('/api/docs')) || url.startsWith('/fhir/');
}
/** Requests that may change state without a session (there is no CSRF token to check yet). */
const NO_SESSION_ALLOWED = new Set(['/api/auth/login']);

/** One field's issue (src/platform/errors.ts); a named schema, so that the web's generated types have one IssueCode. */
const fieldIssue = z
  .object({
    path: z.string(),
    code: z.enum(issueCodes),
    message: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .meta({ id: 'FieldIssue' });

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    issues: z.array(fieldIssue).optional(),
    retryAfterSeconds: z.number().optional(),
  }),
});

export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, database, log } = deps;
  const now = deps.now ?? (() => new Date());
  const app = Fastify({
    loggerInstance: log,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    genReqId: () => crypto.randomUUID(),
    // The zod compilers serve every route. Given here, fastify never loads its default ones (Ajv and
    // fast-json-stringify, a fifth of the start-up time).
    // (Its types describe the Ajv compilers only.)
    schemaController: {
      compilersFactory: { buildValidator: () => validatorCompiler, buildSerializer: () => serializerCompiler },
    } as unknown as FastifyServerOptions['schemaController'],
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  // The API speaks JSON only: without this, a text/plain body reaches routes as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifyCookie);
  await registerSecurityHeaders(app, config);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Bistå API',
        description:
          'Öppet API för Bistå: organisation, användare, inloggning och (i senare moduler) artikelregister, beställningar och händelser. ' +
          'State-changing requests need the session cookie and the header x-csrf-token from GET /api/auth/session.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "A system client's access token from POST /oauth/token" },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformStaticCSP: swaggerUiCsp(config) });

  // Every API route with who may call it, for the access hook below, the permission-matrix test and operators.
  const apiRoutes: { method: string; url: string; access: Access }[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.decorate('demoGuide', deps.demoGuide ?? null);
  app.addHook('onRoute', (r) => {
    if (!isApiPath(r.url)) return;
    const access = r.config?.access;
    if (!access) throw new Error(`${[r.method].flat().join(',')} ${r.url} declares no access: add config: { access } (src/platform/auth/access.ts)`);
    for (const m of [r.method].flat()) if (m !== 'HEAD') apiRoutes.push({ method: m, url: r.url, access });
  });

  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionToken', null);

  const authenticateBearer = async (token: string): Promise<Actor | null> => {
    if (!token || !deps.authenticateClient) return null;
    const claims = await verifyAccessToken(database.db, token, now());
    return claims ? deps.authenticateClient(database.db, claims) : null;
  };

  // Before the session is read: on PGlite a bounded queue answers 503 OVERLOADED rather than wait for ever.
  registerRequestLimit(app as unknown as FastifyInstance, config, database);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    const token = req.cookies[SESSION_COOKIE] ?? null;
    const ctx: Ctx = {
      actor: null,
      requestId: req.id,
      ip: req.ip ?? null,
      now,
      db: database.db,
      database,
      config,
      log: req.log,
    };
    req.ctx = ctx;
    if (!isApiPath(req.url)) return;
    const bearer = bearerToken(req.headers.authorization);
    if (bearer !== null) {
      // A system client. Its cookies, if it sends any, are ignored, and no CSRF token is asked for: a browser
      // never adds an Authorization header to a request another site makes it send.
      ctx.actor = await authenticateBearer(bearer);
      if (!ctx.actor) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw new AppError('UNAUTHENTICATED', 'Åtkomsttoken saknas, är ogiltig, har gått ut eller är återkallad');
      }
      // (A path no route serves is answered 404 by the not-found handler, for clients as for everyone.)
      if (!req.is404 && !req.routeOptions.config?.systemClients) throw new AppError('FORBIDDEN', 'Systemklienter kan inte anropa den här resursen');
      checkAccess(req);
      return;
    }
    if (token) {
      const s = await loadSession(database.db, database.query, token, now(), config.sessionIdleMinutes);
      if (s) {
        ctx.actor = s.actor;
        req.csrfToken = s.csrfToken;
        req.sessionToken = token;
      }
    }
    if (STATE_CHANGING.has(req.method)) checkCsrf(req);
    checkAccess(req);
  });

  // Server time of every response, for browsers' dev tools and the benchmarks.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
    return payload;
  });

  // No NUL or broken Unicode gets past the edge, in any field of any route (a 400, never a 500).
  app.addHook('preValidation', refuseInvalidText);

  app.setErrorHandler((err: unknown, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !webDist(deps)) {
      return sendError(new AppError('NOT_FOUND', 'Sidan eller resursen finns inte'), req, reply);
    }
    return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
  });

  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags: ['drift'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({
      status: 'ok' as const,
    }),
  );
  app.get(
    '/api/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['drift'],
        summary: 'Readiness: the database answers and every migration is applied',
        response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: errorBody },
      },
    },
    async () => {
      const ok = await migrationsApplied(database).catch(() => false);
      if (!ok) throw new AppError('NOT_READY', 'Databasen är inte redo');
      return { status: 'ready' as const, database: database.kind };
    },
  );

  for (const routes of deps.routes) await app.register(routes);

  const dist = webDist(deps);
  if (dist) {
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      index: false,
      setHeaders(res, filePath) {
        // Vite puts a content hash in asset names, so they can be cached for good.
        if (filePath.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
        else res.header('cache-control', 'no-cache');
      },
    });
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html'));
  }
  return app;
}

function webDist(deps: AppDeps): string | null {
  const dir = deps.webDist === undefined ? WEB_DIST : deps.webDist;
  return dir && fs.existsSync(path.join(dir, 'index.html')) ? dir : null;
}

/** The one check of a route's declared access, before its body is validated: 401 without a login, 403 without a role it names. */
function checkAccess(req: FastifyRequest) {
  const access = req.routeOptions.config?.access;
  if (!access) return; // no such route: the 404 handler answers
  const verdict = allows(access, req.ctx.actor?.roles ?? null);
  if (verdict === 'unauthenticated') throw new AppError('UNAUTHENTICATED');
  if (verdict === 'denied' && typeof access !== 'string') throw new AppError('FORBIDDEN', refusalFor(access));
}

function checkCsrf(req: FastifyRequest) {
  const path = req.url.split('?')[0]!;
  // A browser on another site must never be able to post here, with or without a session.
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') throw new AppError('CSRF', 'Begäran kom från en annan webbplats');
  // Logging in needs no token (there may be no session yet); a stale session cookie must not block it.
  if (NO_SESSION_ALLOWED.has(path)) return;
  if (req.csrfToken) {
    const given = req.headers['x-csrf-token'];
    if (typeof given !== 'string' || !safeEqual(given, req.csrfToken)) {
      throw new AppError('CSRF', 'CSRF-token saknas eller är fel. Ladda om sidan.');
    }
    return;
  }
  throw new AppError('UNAUTHENTICATED');
}

function safeEqual(a: string, b: string) {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/**
 * A failure as the AppError the client is told about: expected failures keep their code, schema validation becomes
 * VALIDATION with its issues, the HTTP layer's refusals (bad JSON, too large, wrong media type) their codes, and
 * anything else INTERNAL (logged here, never shown).
 */
export function toAppError(err: unknown, req: FastifyRequest): AppError {
  let appErr: AppError;
  if (err instanceof AppError) appErr = err;
  else if (hasZodFastifySchemaValidationErrors(err)) {
    const issues: FieldIssue[] = err.validation.map((v) =>
      zodIssue([err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'), {
        ...v.params,
        code: v.keyword,
        message: v.message ?? 'ogiltigt värde',
      }),
    );
    appErr = new AppError('VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  } else {
    const e = (err ?? {}) as { statusCode?: number; code?: string; message?: string };
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err instanceof SyntaxError && e.statusCode === 400)) {
      appErr = new AppError('BAD_REQUEST', 'Ogiltig JSON i begäran');
    } else if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      appErr = new AppError('PAYLOAD_TOO_LARGE', 'Begäran är för stor');
    } else if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      appErr = new AppError('UNSUPPORTED_MEDIA_TYPE', 'Innehållstypen stöds inte; skicka application/json');
    } else if (e.statusCode === 429) {
      appErr = new AppError('TOO_MANY_REQUESTS');
    } else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      appErr = new AppError('BAD_REQUEST', 'Felaktig begäran');
    } else {
      req.log.error({ err }, 'unhandled error');
      appErr = new AppError('INTERNAL');
    }
  }
  return appErr;
}

/** The message a client is shown for the error: the use case's, or the code's standard one (never a 5xx's internals). */
export function clientMessage(appErr: AppError): string {
  const message = appErr.message && appErr.message !== appErr.code ? appErr.message : messageFor(appErr.code);
  return appErr.status >= 500 ? messageFor(appErr.code) : message;
}

/** The one place where failures become HTTP responses. A 5xx never shows internals. */
export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const appErr = toAppError(err, req);
  const retry = appErr.details?.retryAfterSeconds;
  if (retry) reply.header('retry-after', String(retry));
  return reply.status(appErr.status).send({
    error: {
      code: appErr.code,
      message: clientMessage(appErr),
      requestId: req.id,
      ...(appErr.details?.issues ? { issues: appErr.details.issues } : {}),
      ...(retry ? { retryAfterSeconds: retry } : {}),
    },
  });
}
