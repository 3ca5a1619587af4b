import { z } from 'zod';
import { roles } from './identity-schema.ts';
import { audit } from '../audit/audit.ts';
import type { App } from '../http/app.ts';
import { demoPatientUses, errorBody, sendError } from '../http/app.ts';
import { noBody } from '../http/schemas.ts';
import { AppError, isAppError } from '../errors.ts';
import { countRefusedLogin, login } from './login.ts';
import { idpLogoutUrl } from './oidc.ts';
import { deleteSession, SESSION_COOKIE } from './sessions.ts';

const sessionView = z.object({
  authenticated: z.boolean(),
  csrfToken: z.string().nullable(),
  user: z
    .object({
      id: z.uuid(),
      username: z.string(),
      name: z.string(),
      roles: z.array(z.enum(roles)),
      customerIds: z.array(z.uuid()),
      defaultCustomerId: z.uuid().nullable(),
    })
    .nullable(),
});

export async function authRoutes(app: App) {
  const tags = ['inloggning'];
  const cookieOptions = (secure: boolean, expires?: Date) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure,
    ...(expires ? { expires } : {}),
  });

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Logga in med lokalt konto',
        body: z.strictObject({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }),
        response: { 200: sessionView, 400: errorBody, 401: errorBody, 403: errorBody, 423: errorBody, 429: errorBody },
      },
      // A login refused at the edge for invalid text (a NUL, broken Unicode) counts towards the address's
      // per-minute limit like any other attempt, so probing that way is no faster.
      errorHandler: async (err, req, reply) => {
        let refusal: unknown = err;
        if (isAppError(err) && err.code === 'INVALID_TEXT') {
          const body = req.body as { username?: unknown } | undefined;
          refusal = await countRefusedLogin(req.ctx, body?.username).then(
            () => err,
            (throttled: unknown) => throttled,
          );
        }
        return sendError(refusal, req, reply);
      },
    },
    async (req, reply) => {
      if (!req.ctx.config.localPasswords) throw new AppError('LOCAL_PASSWORDS_OFF');
      const s = await login(req.ctx, {
        username: req.body.username,
        password: req.body.password,
        previousToken: req.cookies[SESSION_COOKIE],
        userAgent: req.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, s.token, cookieOptions(req.ctx.config.secureCookies, s.expiresAt));
      return { authenticated: true, csrfToken: s.csrfToken, user: null };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'loggedIn' },
      schema: {
        tags,
        summary: 'Logga ut',
        description:
          'För en session från SITHS-inloggning anger idpLogoutUrl identitetsleverantörens utloggning, som webbläsaren ska gå till så att båda sessionerna slutar.',
        body: noBody,
        response: { 200: z.object({ ok: z.literal(true), idpLogoutUrl: z.string().nullable() }), 401: errorBody, 403: errorBody },
      },
    },
    async (req, reply) => {
      let idToken: string | null = null;
      if (req.sessionToken) {
        const token = req.sessionToken;
        idToken = await req.ctx.db.transaction(async (tx) => {
          const ended = await deleteSession(tx, token);
          await audit(tx, req.ctx, { action: 'session.logout', entityType: 'user', entityId: req.ctx.actor?.userId ?? null });
          return ended?.oidcIdToken ?? null;
        });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const, idpLogoutUrl: idToken ? await idpLogoutUrl(req.ctx, idToken) : null };
    },
  );

  app.get(
    '/api/auth/config',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Vilka inloggningssätt som finns (för inloggningssidan)',
        response: {
          200: z.object({
            passwords: z.boolean(),
            siths: z.boolean(),
            /** A demo installation's logins and demo patients (null elsewhere). */
            demo: z
              .object({
                password: z.string(),
                logins: z.array(z.object({ username: z.string(), role: z.string(), name: z.string() })),
                patients: z.array(z.object({ identifier: z.string(), name: z.string(), use: z.enum(demoPatientUses) })),
              })
              .nullable(),
          }),
        },
      },
    },
    async (req) => ({ passwords: req.ctx.config.localPasswords, siths: req.ctx.config.oidc !== null, demo: app.demoGuide }),
  );

  app.get(
    '/api/auth/session',
    { config: { access: 'public' }, schema: { tags, summary: 'Aktuell session och CSRF-token', response: { 200: sessionView } } },
    async (req) => {
      const a = req.ctx.actor;
      if (!a) return { authenticated: false, csrfToken: null, user: null };
      return {
        authenticated: true,
        csrfToken: req.csrfToken,
        user: {
          id: a.userId,
          username: a.username,
          name: a.name,
          roles: [...a.roles],
          customerIds: [...a.customerIds],
          defaultCustomerId: a.defaultCustomerId,
        },
      };
    },
  );
}
