import { z } from 'zod';
import type { App } from '../http/app.ts';
import { finishOidcLogin, OIDC_FLOW_COOKIE, OIDC_FLOW_MINUTES, OidcRefused, startOidcLogin, type FindUserByHsaId } from './oidc.ts';
import { SESSION_COOKIE } from './sessions.ts';

/** One of the IdP's answer parameters; a repeated one is an array, left for openid-client to refuse. */
const idpParam = z.union([z.string(), z.array(z.string())]).optional();

/**
 * SITHS login's two browser routes (oidc.ts). They are navigated to, not fetched: every answer is a redirect, to
 * the IdP, into the app, or to the login page with `?sso=<reason>` that explains a refusal. Never a JSON error
 * or a 500 to a browser in the middle of a login.
 */
export async function oidcRoutes(app: App, deps: { findUserByHsaId: FindUserByHsaId }) {
  const tags = ['inloggning'];
  const flowCookie = (secure: boolean) => ({ path: '/api/auth/oidc', httpOnly: true, sameSite: 'lax' as const, secure });
  const refusedPage = (reason: string) => `/logga-in?sso=${encodeURIComponent(reason)}`;

  app.get(
    '/api/auth/oidc/start',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Logga in med SITHS: skickar webbläsaren till regionens identitetsleverantör',
        description: 'Svarar 302 till IdP:n (authorization code med PKCE), eller till /logga-in?sso=<orsak> om SITHS-inloggning inte går.',
        querystring: z.object({ next: z.string().max(500).optional() }),
      },
    },
    async (req, reply) => {
      try {
        const started = await startOidcLogin(req.ctx, { returnTo: req.query.next ?? null });
        reply.setCookie(OIDC_FLOW_COOKIE, started.flowId, { ...flowCookie(req.ctx.config.secureCookies), maxAge: OIDC_FLOW_MINUTES * 60 });
        return reply.header('cache-control', 'no-store').redirect(started.url, 302);
      } catch (err) {
        const reason = err instanceof OidcRefused ? err.reason : 'unavailable';
        req.log.warn({ reason, detail: err instanceof OidcRefused ? err.detail : undefined }, 'SITHS login could not start');
        return reply.header('cache-control', 'no-store').redirect(refusedPage(reason), 302);
      }
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'SITHS-inloggningens återkomst från identitetsleverantören',
        description:
          'Kontrollerar svaret (state, nonce, PKCE, utfärdare, mottagare), hittar användaren på HSA-id och skapar sessionen. ' +
          'Svarar 302 in i appen, eller till /logga-in?sso=<orsak> (t.ex. unknown-user: ansök om behörighet).',
        // The IdP's parameters are read by openid-client from the raw query; they are named here so that the
        // OpenAPI document describes them (a record gave parameters without a schema, which generators refuse).
        querystring: z.looseObject({ code: idpParam, state: idpParam, iss: idpParam, session_state: idpParam, error: idpParam, error_description: idpParam }),
      },
    },
    async (req, reply) => {
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
      reply.clearCookie(OIDC_FLOW_COOKIE, flowCookie(req.ctx.config.secureCookies));
      reply.header('cache-control', 'no-store');
      try {
        const s = await finishOidcLogin(req.ctx, {
          flowId: req.cookies[OIDC_FLOW_COOKIE],
          query,
          previousToken: req.cookies[SESSION_COOKIE],
          userAgent: req.headers['user-agent'] ?? null,
          findUserByHsaId: deps.findUserByHsaId,
        });
        reply.setCookie(SESSION_COOKIE, s.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.ctx.config.secureCookies, expires: s.expiresAt });
        return reply.redirect(s.returnTo ?? '/', 302);
      } catch (err) {
        if (err instanceof OidcRefused) return reply.redirect(refusedPage(err.reason), 302);
        // A bug or the database: logged as such, and still a page the user can read rather than a 500.
        req.log.error({ err }, 'SITHS login failed');
        return reply.redirect(refusedPage('error'), 302);
      }
    },
  );
}
