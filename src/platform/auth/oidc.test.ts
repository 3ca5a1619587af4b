import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { CookieJar, idpRequest, loginAtIdp, startTestIdp, type TestIdp } from '../testing/idp.ts';

/**
 * SITHS login against a real OpenID Connect provider (oidc-provider) in this process: the test plays the browser,
 * following the redirects from Bistå to the IdP, logging in at the IdP's page and bringing the IdP's answer back.
 */

const APP = 'http://bista.test';
const CALLBACK = `${APP}/api/auth/oidc/callback`;
const HSA = { known: 'SE2321000016-SITHS1', inactive: 'SE2321000016-SITHS2', unknown: 'SE2321000016-OKAND' };
const ACCOUNTS = [
  { sub: 'kort-1', hsaId: HSA.known, name: 'Fia Förskrivare' },
  { sub: 'kort-inaktiv', hsaId: HSA.inactive },
  { sub: 'kort-okand', hsaId: HSA.unknown },
  { sub: 'kort-utan-hsa' },
];
const bista = { clientId: 'bista', clientSecret: 'bista-hemlighet', redirectUris: [CALLBACK], postLogoutRedirectUris: [`${APP}/logga-in?utloggad=1`] };

let idp: TestIdp;
/** Another IdP, that also knows the client: its answers must not be taken for the configured IdP's. */
let otherIdp: TestIdp;
let t: TestApp;
let clock = () => new Date();

beforeAll(async () => {
  idp = await startTestIdp({
    clients: [bista, { clientId: 'annan-app', clientSecret: 'annan-hemlighet', redirectUris: ['http://annan.test/cb'] }],
    accounts: ACCOUNTS,
  });
  otherIdp = await startTestIdp({ clients: [bista], accounts: ACCOUNTS });
  t = await startTestApp({
    now: () => clock(),
    config: {
      oidc: {
        issuer: idp.issuer,
        clientId: bista.clientId,
        clientSecret: bista.clientSecret,
        redirectUri: CALLBACK,
        postLogoutRedirectUri: `${APP}/logga-in?utloggad=1`,
        hsaIdClaim: 'employeeHsaId',
        scopes: 'openid profile',
      },
    },
  });
  await t.database.query(`update app_user set hsa_id = $1 where username = 'forskrivare'`, [HSA.known]);
  await t.database.query(`update app_user set hsa_id = $1, active = false where username = 'bestallare'`, [HSA.inactive]);
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
  await otherIdp?.close();
});

/** GET /api/auth/oidc/start as a browser: the IdP's authorization URL and the flow cookie. */
async function start(next?: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/auth/oidc/start${next ? `?next=${encodeURIComponent(next)}` : ''}` });
  expect(res.statusCode).toBe(302);
  const flow = res.cookies.find((c) => c.name === 'bista_oidc');
  return { authorizationUrl: res.headers.location as string, flow: flow?.value, flowCookie: flow };
}

/** Brings the IdP's answer (the callback URL) back to Bistå, with the flow cookie if given. */
function callback(url: string, flow: string | undefined) {
  const u = new URL(url);
  return t.app.inject({ method: 'GET', url: `${u.pathname}${u.search}`, cookies: flow ? { bista_oidc: flow } : {} });
}

const sessionCookie = (res: Awaited<ReturnType<typeof callback>>) => res.cookies.find((c) => c.name === 'bista_sid' && c.value !== '');

async function failedLogins(reason: string): Promise<{ details: Record<string, unknown>; actor_label: string }[]> {
  return t.database.query(`select details, actor_label from audit_log where action = 'session.login-failed' and details->>'reason' = $1`, [reason]);
}

describe('SITHS login through the IdP', () => {
  it('a user whose HSA-id the IdP vouches for gets the same session as a password login and lands where they were going', async () => {
    const { authorizationUrl, flow, flowCookie } = await start('/bestallningar?flik=2');
    expect(flowCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/auth/oidc' });
    const auth = new URL(authorizationUrl);
    expect(auth.origin).toBe(idp.issuer);
    expect(Object.fromEntries(auth.searchParams)).toMatchObject({
      client_id: 'bista',
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge_method: 'S256',
    });
    expect(auth.searchParams.get('state')).toBeTruthy();
    expect(auth.searchParams.get('nonce')).toBeTruthy();

    const back = await loginAtIdp(new CookieJar(), authorizationUrl, 'kort-1', CALLBACK);
    const res = await callback(back, flow);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/bestallningar?flik=2');
    const sid = sessionCookie(res)!;
    expect(sid).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const me = await t.app.inject({ method: 'GET', url: '/api/auth/session', cookies: { bista_sid: sid.value } });
    expect(me.json()).toMatchObject({ authenticated: true, user: { username: 'forskrivare', roles: ['prescriber'] } });
    const [login] = await t.database.query<{ details: unknown; actor_label: string }>(
      `select details, actor_label from audit_log where action = 'session.login' and details->>'method' = 'siths'`,
    );
    expect(login).toEqual({ details: { method: 'siths' }, actor_label: 'forskrivare' });
  });

  it('the same answer brought back twice is refused: the login under way is used once', async () => {
    const { authorizationUrl, flow } = await start();
    const back = await loginAtIdp(new CookieJar(), authorizationUrl, 'kort-1', CALLBACK);
    expect((await callback(back, flow)).statusCode).toBe(302);

    const again = await callback(back, flow);
    expect(again.headers.location).toBe('/logga-in?sso=no-login');
    expect(sessionCookie(again)).toBeUndefined();

    // The same code with the state of a new login in this browser: the state does not match, nothing is exchanged.
    const second = await start();
    const replay = await callback(back, second.flow);
    expect(replay.headers.location).toBe('/logga-in?sso=invalid-response');
    expect(sessionCookie(replay)).toBeUndefined();
  });

  it('a forged state is refused and recorded, with no personal data in the audit row', async () => {
    const { authorizationUrl, flow } = await start();
    const back = new URL(await loginAtIdp(new CookieJar(), authorizationUrl, 'kort-1', CALLBACK));
    back.searchParams.set('state', 'förfalskad');
    const res = await callback(back.href, flow);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/logga-in?sso=invalid-response');
    expect(sessionCookie(res)).toBeUndefined();
    const rows = await failedLogins('invalid-response');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.details).toMatchObject({ method: 'siths', reason: 'invalid-response' });
      expect(JSON.stringify(r.details)).not.toMatch(/SE2321000016|kort-1|Fia/);
    }
  });

  it('a callback in a browser that did not start the login is refused (no login CSRF)', async () => {
    const { authorizationUrl } = await start();
    const back = await loginAtIdp(new CookieJar(), authorizationUrl, 'kort-1', CALLBACK);
    const res = await callback(back, undefined);
    expect(res.headers.location).toBe('/logga-in?sso=no-login');
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('a login that took more than ten minutes is refused as expired', async () => {
    const { authorizationUrl, flow } = await start();
    const back = await loginAtIdp(new CookieJar(), authorizationUrl, 'kort-1', CALLBACK);
    clock = () => new Date(Date.now() + 11 * 60_000);
    try {
      const res = await callback(back, flow);
      expect(res.headers.location).toBe('/logga-in?sso=expired');
      expect(sessionCookie(res)).toBeUndefined();
    } finally {
      clock = () => new Date();
    }
    expect((await failedLogins('expired')).length).toBe(1);
  });

  it('a code the IdP issued to another application (another audience) is refused', async () => {
    const ours = await start();
    const state = new URL(ours.authorizationUrl).searchParams.get('state')!;
    // The other application's login at the same IdP, its code then brought to Bistå's callback with Bistå's state.
    const theirs = new URL(ours.authorizationUrl);
    theirs.searchParams.set('client_id', 'annan-app');
    theirs.searchParams.set('redirect_uri', 'http://annan.test/cb');
    const code = new URL(await loginAtIdp(new CookieJar(), theirs.href, 'kort-1', 'http://annan.test/cb')).searchParams.get('code')!;
    const res = await callback(
      `${CALLBACK}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(idp.issuer)}`,
      ours.flow,
    );
    expect(res.headers.location).toBe('/logga-in?sso=invalid-response');
    expect(sessionCookie(res)).toBeUndefined();
    expect((await failedLogins('invalid-response')).some((r) => r.details.detail === 'invalid_grant')).toBe(true);
  });

  it('an answer from another issuer is refused', async () => {
    const ours = await start();
    const elsewhere = new URL(ours.authorizationUrl);
    const other = new URL(otherIdp.issuer);
    elsewhere.host = other.host;
    const back = await loginAtIdp(new CookieJar(), elsewhere.href, 'kort-1', CALLBACK);
    expect(new URL(back).searchParams.get('iss')).toBe(otherIdp.issuer);
    const res = await callback(back, ours.flow);
    expect(res.headers.location).toBe('/logga-in?sso=invalid-response');
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('an HSA-id no user has gets the page that points to the access application, and is recorded', async () => {
    const { authorizationUrl, flow } = await start();
    const res = await callback(await loginAtIdp(new CookieJar(), authorizationUrl, 'kort-okand', CALLBACK), flow);
    expect(res.headers.location).toBe('/logga-in?sso=unknown-user');
    expect(sessionCookie(res)).toBeUndefined();
    const rows = await failedLogins('unknown-user');
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain(HSA.unknown);
  });

  it('an inactivated user is refused, and an ID token without the HSA-id claim too', async () => {
    const a = await start();
    const inactive = await callback(await loginAtIdp(new CookieJar(), a.authorizationUrl, 'kort-inaktiv', CALLBACK), a.flow);
    expect(inactive.headers.location).toBe('/logga-in?sso=inactive');
    expect(sessionCookie(inactive)).toBeUndefined();
    const b = await start();
    const noClaim = await callback(await loginAtIdp(new CookieJar(), b.authorizationUrl, 'kort-utan-hsa', CALLBACK), b.flow);
    expect(noClaim.headers.location).toBe('/logga-in?sso=no-hsa-id');
  });

  it('the IdP answering with an error (the user cancelled) is refused with its own reason', async () => {
    const { authorizationUrl, flow } = await start();
    const back = await loginAtIdp(new CookieJar(), authorizationUrl, 'inget-sadant-kort', CALLBACK);
    expect(new URL(back).searchParams.get('error')).toBe('access_denied');
    expect((await callback(back, flow)).headers.location).toBe('/logga-in?sso=idp-error');
  });

  it('logging out of a SITHS session ends the IdP session too (RP-initiated logout with the ID token as hint)', async () => {
    const jar = new CookieJar();
    const first = await start();
    const sid = sessionCookie(await callback(await loginAtIdp(jar, first.authorizationUrl, 'kort-1', CALLBACK), first.flow))!;
    // While the IdP session lasts, a new login goes straight back with a code (single sign-on).
    const sso = await start();
    const straight = await idpRequest(jar, sso.authorizationUrl);
    expect(straight.headers.get('location')).toMatch(/^http:\/\/bista\.test\/api\/auth\/oidc\/callback\?code=/);

    const session = await t.app.inject({ method: 'GET', url: '/api/auth/session', cookies: { bista_sid: sid.value } });
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: { bista_sid: sid.value },
      headers: { 'x-csrf-token': session.json().csrfToken, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(out.statusCode).toBe(200);
    const logoutUrl = new URL(out.json().idpLogoutUrl);
    expect(logoutUrl.origin).toBe(idp.issuer);
    expect(logoutUrl.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(logoutUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/logga-in?utloggad=1`);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', cookies: { bista_sid: sid.value } })).json().authenticated).toBe(false);

    // The browser follows it; the IdP asks, the user confirms, and is sent back to Bistå's login page.
    const confirm = await idpRequest(jar, logoutUrl.href);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const done = await idpRequest(jar, new URL(action, idp.issuer).href, { xsrf, logout: 'yes' });
    expect(done.headers.get('location')).toBe(`${APP}/logga-in?utloggad=1`);

    // The IdP session is gone: a new login asks for the card again.
    const after = await start();
    const asked = await idpRequest(jar, after.authorizationUrl);
    expect(asked.headers.get('location')).toMatch(/\/interaction\//);
  });

  it('a password session logs out of Bistå only, and the login page learns that SITHS is offered', async () => {
    const c = await t.login('admin');
    const out = await c.post('/api/auth/logout', {});
    expect(out.json()).toEqual({ ok: true, idpLogoutUrl: null });
    expect((await t.anonymous.get('/api/auth/config')).json()).toEqual({ passwords: true, siths: true, demo: null });
  });
});

describe('SITHS settings', () => {
  it('with local passwords off, the password login is refused with a clear code', async () => {
    const off = await startTestApp({
      seed: false,
      config: {
        localPasswords: false,
        oidc: {
          issuer: idp.issuer,
          clientId: 'bista',
          clientSecret: 'bista-hemlighet',
          redirectUri: CALLBACK,
          postLogoutRedirectUri: null,
          hsaIdClaim: 'employeeHsaId',
          scopes: 'openid',
        },
      },
    });
    try {
      const res = await off.anonymous.post('/api/auth/login', { username: 'admin', password: 'vad-som-helst-123' });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'LOCAL_PASSWORDS_OFF', message: 'Inloggning med lösenord är avstängd. Logga in med SITHS-kort.' });
      expect((await off.anonymous.get('/api/auth/config')).json()).toEqual({ passwords: false, siths: true, demo: null });
    } finally {
      await off.close();
    }
  });

  it('without SITHS configured, the start sends the browser back to the login page, and the page offers passwords only', async () => {
    const plain = await startTestApp({ seed: false });
    try {
      const res = await plain.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/logga-in?sso=not-configured');
      expect((await plain.app.inject({ method: 'GET', url: '/api/auth/oidc/callback?code=x&state=y' })).headers.location).toBe('/logga-in?sso=not-configured');
      expect((await plain.anonymous.get('/api/auth/config')).json()).toEqual({ passwords: true, siths: false, demo: null });
    } finally {
      await plain.close();
    }
  });
});
