import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenID Connect identity provider (`oidc-provider`) in the test process, standing in for the region's
 * SITHS IdP: authorization code with PKCE, signed ID tokens that carry the HSA-id claim, RP-initiated logout.
 * Its login page is a form with one field, the account (in real life the card and its PIN): tests post it with
 * fetch, a browser test fills it in.
 */

export interface TestAccount {
  /** The ID token's sub. */
  sub: string;
  /** The HSA-id claim; absent = a token without one. */
  hsaId?: string;
  name?: string;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}

export interface TestIdp {
  issuer: string;
  close(): Promise<void>;
}

interface ProviderLike {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<{ uid: string; prompt: { name: string }; params: Record<string, string> }>;
  interactionFinished(req: http.IncomingMessage, res: http.ServerResponse, result: unknown, opts?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Grant: new (p: { accountId: string; clientId: string }) => { addOIDCScope(scope: string): void; save(): Promise<string> };
  on(event: string, fn: (...args: unknown[]) => void): void;
}

const page = (body: string) =>
  `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Test-IdP</title></head><body><main>${body}</main></body></html>`;

export async function startTestIdp(opts: { clients: TestClient[]; accounts: TestAccount[]; hsaIdClaim?: string; port?: number }): Promise<TestIdp> {
  const { default: Provider } = (await import('oidc-provider')) as { default: new (issuer: string, config: unknown) => ProviderLike };
  const claim = opts.hsaIdClaim ?? 'employeeHsaId';
  const accounts = new Map(opts.accounts.map((a) => [a.sub, a]));
  let provider: ProviderLike | null = null;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const p = provider!;
    const m = /^\/interaction\/([\w-]+)$/.exec((req.url ?? '').split('?')[0]!);
    if (!m) return p.callback()(req, res);
    const details = await p.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        page(
          `<h1>Logga in med SITHS-kort (test)</h1><form method="post" action="/interaction/${details.uid}">` +
            `<label for="account">Konto</label><input id="account" name="account" autocomplete="off">` +
            `<button type="submit">Logga in</button></form>`,
        ),
      );
      return;
    }
    const body = new URLSearchParams(
      await new Promise<string>((resolve) => {
        let data = '';
        req.on('data', (c: Buffer) => (data += c.toString()));
        req.on('end', () => resolve(data));
      }),
    );
    const accountId = body.get('account') ?? '';
    if (!accounts.has(accountId)) {
      return p.interactionFinished(req, res, { error: 'access_denied', error_description: 'unknown test account' }, { mergeWithLastSubmission: false });
    }
    // Login and consent at once: the region's IdP asks no consent of its own relying parties.
    const grant = new p.Grant({ accountId, clientId: details.params.client_id! });
    grant.addOIDCScope(details.params.scope ?? 'openid');
    const grantId = await grant.save();
    return p.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  provider = new Provider(issuer, {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-idp', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    claims: { openid: ['sub', claim], profile: ['name'] },
    // The HSA-id goes in the ID token itself, as the region's IdP issues it.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, IdToken: 600, AccessToken: 600 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: { body: string }, form: string) => {
          ctx.body = page(`<h1>Logga ut från test-IdP</h1>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Logga ut</button>`);
        },
        postLogoutSuccessSource: (ctx: { body: string }) => {
          ctx.body = page('<h1>Utloggad från test-IdP</h1>');
        },
      },
    },
    findAccount: (_ctx: unknown, sub: string) => {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, ...(a.hsaId !== undefined ? { [claim]: a.hsaId } : {}), ...(a.name ? { name: a.name } : {}) }),
      };
    },
  });
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A browser's cookies for one site, enough for the IdP's session and interaction cookies. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** A GET or POST to the IdP as a browser makes it (its cookies, no redirects followed). */
export async function idpRequest(jar: CookieJar, url: string, form?: Record<string, string>): Promise<Response> {
  const res = await fetch(url, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { cookie: jar.header(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  jar.store(res);
  return res;
}

/**
 * Follows the IdP's redirects from the authorization URL, logging in as `account` at its login page, until the
 * IdP sends the browser back to the relying party: returns that URL (the callback with code, state and iss).
 */
export async function loginAtIdp(jar: CookieJar, authorizationUrl: string, account: string, redirectUriPrefix: string): Promise<string> {
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(redirectUriPrefix)) return url;
    let res = await idpRequest(jar, url);
    if (res.status === 200 && /\/interaction\//.test(url)) {
      res = await idpRequest(jar, url, { account });
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the IdP answered ${res.status} at ${url}: ${(await res.text()).slice(0, 300)}`);
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects at the IdP');
}
