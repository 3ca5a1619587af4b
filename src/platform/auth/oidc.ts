import crypto from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import * as oidc from 'openid-client';
import { appUser } from './identity-schema.ts';
import { audit } from '../audit/audit.ts';
import type { OidcConfig } from '../config.ts';
import type { Ctx } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { oidcLogin } from '../db/platform-schema.ts';
import { openUserSession } from './login.ts';
import { sha256, type NewSession } from './sessions.ts';

/**
 * SITHS login through the region's identity provider (DOMAIN §7, issue 13 item 3): OpenID Connect authorization
 * code flow with PKCE, by `openid-client`. The IdP authenticates the card; Bistå matches the HSA-id claim of the
 * verified ID token to a user (the lookup is the administration module's, passed in at composition) and then makes
 * the same session a password login makes.
 *
 * What a trip to the IdP needs to come back safely (state, nonce, PKCE verifier) stays on the server, in
 * `oidc_login`, keyed by the hash of a random value in a cookie of the browser that started it: a callback from
 * another browser (login CSRF), a second use of the same state (replay) or one after ten minutes is refused.
 * Issuer, audience, nonce, signature and expiry of the ID token are openid-client's checks.
 */

export const OIDC_FLOW_COOKIE = 'bista_oidc';
export const OIDC_FLOW_MINUTES = 10;

/** The user with this HSA-id, or null (composition root: src/app/routes.ts). */
export type FindUserByHsaId = (db: DbOrTx, hsaId: string) => Promise<string | null>;

/**
 * Why a SITHS login was refused. Short codes, safe in logs and URLs (no personal data): the web's login page
 * explains each (`/logga-in?sso=<code>`).
 */
export type OidcRefusal =
  /** No login under way in this browser (no or unknown cookie), or its state was used already. */
  | 'no-login'
  /** The login took longer than ten minutes. */
  | 'expired'
  /** The IdP answered with an error (the user cancelled, or the IdP refused). */
  | 'idp-error'
  /** The IdP's answer did not verify: wrong state, issuer, audience, nonce, signature; a code used twice. */
  | 'invalid-response'
  /** The IdP could not be reached. */
  | 'unavailable'
  /** The ID token had no HSA-id claim. */
  | 'no-hsa-id'
  /** No Bistå user has this HSA-id: apply for access. */
  | 'unknown-user'
  /** The user is inactivated. */
  | 'inactive'
  /** SITHS login is not configured here. */
  | 'not-configured';

export class OidcRefused extends Error {
  override name = 'OidcRefused';
  constructor(
    readonly reason: OidcRefusal,
    /** A code from openid-client or the IdP (e.g. invalid_grant), for the log only. */
    readonly detail?: string,
  ) {
    super(reason);
  }
}

const configs = new Map<string, Promise<oidc.Configuration>>();

/** The IdP's metadata (discovery), fetched on first use and kept; a failed fetch is tried again next time. */
function idp(c: OidcConfig): Promise<oidc.Configuration> {
  const key = `${c.issuer}\n${c.clientId}\n${sha256(c.clientSecret)}`;
  let p = configs.get(key);
  if (!p) {
    // http:// is allowed only for a loopback IdP (tests); config.ts refuses it for any other host.
    const insecure = new URL(c.issuer).protocol === 'http:';
    p = oidc.discovery(new URL(c.issuer), c.clientId, { client_secret: c.clientSecret }, oidc.ClientSecretBasic(c.clientSecret), {
      timeout: 10,
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    p.catch(() => configs.delete(key));
    configs.set(key, p);
  }
  return p;
}

function requireConfig(ctx: Ctx): OidcConfig {
  if (!ctx.config.oidc) throw new OidcRefused('not-configured');
  return ctx.config.oidc;
}

/** Only a path on this site is a place to come back to after the login. */
export function safeReturnTo(next: string | undefined | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/logga-in') && next.length <= 500 ? next : null;
}

/** Starts a login: the IdP's authorization URL to send the browser to, and the value of its flow cookie. */
export async function startOidcLogin(ctx: Ctx, input: { returnTo?: string | null }): Promise<{ url: string; flowId: string; expiresAt: Date }> {
  const c = requireConfig(ctx);
  const config = await idp(c).catch((err: unknown) => {
    throw new OidcRefused('unavailable', errorCode(err));
  });
  const now = ctx.now();
  const flowId = crypto.randomBytes(32).toString('base64url');
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const expiresAt = new Date(now.getTime() + OIDC_FLOW_MINUTES * 60_000);
  // Logins that were started and never finished go here (cleanup.ts removes older ones daily too).
  await ctx.db.delete(oidcLogin).where(lt(oidcLogin.expiresAt, now));
  await ctx.db.insert(oidcLogin).values({ idHash: sha256(flowId), state, nonce, codeVerifier, returnTo: safeReturnTo(input.returnTo), expiresAt });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: c.redirectUri,
    scope: c.scopes,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, flowId, expiresAt };
}

export interface OidcCallbackInput {
  /** The flow cookie's value, if the browser sent one. */
  flowId: string | undefined;
  /** The query string of the callback request, as the IdP sent it (without '?'). */
  query: string;
  previousToken?: string | undefined;
  userAgent: string | null;
  findUserByHsaId: FindUserByHsaId;
}

/**
 * Finishes a login at the callback: checks the IdP's answer, finds the user by HSA-id and makes a session.
 * Every refusal is an `OidcRefused` and is recorded in the audit log (reason only) before it is thrown.
 */
export async function finishOidcLogin(ctx: Ctx, input: OidcCallbackInput): Promise<NewSession & { userId: string; returnTo: string | null }> {
  try {
    return await finish(ctx, input);
  } catch (err) {
    // Anything else is a bug or the database: the route logs it as such.
    if (!(err instanceof OidcRefused)) throw err;
    const refusal = err;
    // No personal data: the reason and the code from the library or IdP, never the claims.
    ctx.log.warn({ reason: refusal.reason, detail: refusal.detail }, 'SITHS login refused');
    if (refusal.reason !== 'not-configured') {
      await audit(ctx.db, ctx, {
        action: 'session.login-failed',
        entityType: 'user',
        entityId: (err as { userId?: string }).userId ?? null,
        details: { method: 'siths', reason: refusal.reason, ...(refusal.detail ? { detail: refusal.detail } : {}) },
      });
    }
    throw refusal;
  }
}

async function finish(ctx: Ctx, input: OidcCallbackInput): Promise<NewSession & { userId: string; returnTo: string | null }> {
  const c = requireConfig(ctx);
  if (!input.flowId) throw new OidcRefused('no-login');
  const now = ctx.now();
  // Taken once: a second callback with the same cookie (a replayed code or state) finds nothing.
  const [flow] = await ctx.db
    .delete(oidcLogin)
    .where(eq(oidcLogin.idHash, sha256(input.flowId)))
    .returning();
  if (!flow) throw new OidcRefused('no-login');
  if (flow.expiresAt <= now) throw new OidcRefused('expired');

  const config = await idp(c).catch((err: unknown) => {
    throw new OidcRefused('unavailable', errorCode(err));
  });
  const currentUrl = new URL(c.redirectUri);
  currentUrl.search = input.query;
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    if (err instanceof oidc.AuthorizationResponseError) throw new OidcRefused('idp-error', err.error);
    if (err instanceof oidc.ResponseBodyError) throw new OidcRefused('invalid-response', err.error);
    if (err instanceof oidc.ClientError) throw new OidcRefused('invalid-response', err.code ?? 'client-error');
    throw new OidcRefused('unavailable', errorCode(err));
  }
  const claims = tokens.claims();
  const hsaId = claims?.[c.hsaIdClaim];
  if (typeof hsaId !== 'string' || hsaId.trim() === '') throw new OidcRefused('no-hsa-id');
  const idToken = tokens.id_token!;

  const userId = await input.findUserByHsaId(ctx.db, hsaId.trim());
  if (!userId) throw new OidcRefused('unknown-user');
  const outcome = await ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(appUser).where(eq(appUser.id, userId));
    if (!user) return { refused: 'unknown-user' as const };
    return openUserSession(tx, ctx, user, {
      previousToken: input.previousToken,
      userAgent: input.userAgent,
      oidcIdToken: idToken,
      auditDetails: { method: 'siths' },
    });
  });
  if ('refused' in outcome) {
    throw Object.assign(new OidcRefused(outcome.refused === 'ACCOUNT_INACTIVE' ? 'inactive' : 'unknown-user'), { userId });
  }
  return { ...outcome, returnTo: flow.returnTo };
}

/**
 * The IdP's logout URL for a session that came from SITHS (RP-initiated logout, with the ID token as hint), or
 * null when the IdP has no end_session_endpoint or cannot be reached: then only Bistå's session ends.
 */
export async function idpLogoutUrl(ctx: Ctx, idToken: string): Promise<string | null> {
  const c = ctx.config.oidc;
  if (!c) return null;
  const config = await idp(c).catch(() => null);
  if (!config?.serverMetadata().end_session_endpoint) return null;
  return oidc.buildEndSessionUrl(config, {
    id_token_hint: idToken,
    client_id: c.clientId,
    ...(c.postLogoutRedirectUri ? { post_logout_redirect_uri: c.postLogoutRedirectUri } : {}),
  }).href;
}

/** Logins started and never finished, past their ten minutes (daily cleanup). */
export async function deleteExpiredOidcLogins(db: DbOrTx, now: Date) {
  await db.delete(oidcLogin).where(lt(oidcLogin.expiresAt, now));
}

/** A code safe for the log: an error's code or name, never its message (it may quote a claim). */
function errorCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.cause?.code ?? e?.code ?? e?.name;
  return typeof code === 'string' ? code.slice(0, 60) : 'unknown';
}
