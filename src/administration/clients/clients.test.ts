import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { DEMO_PATIENTS } from '../../ordering/patients/demo-population.ts';
import { givenUnitArticle, submitMessage } from '../../provision/testing/given.ts';

/**
 * System clients end to end on a real server and database: registration by system administration, tokens by
 * OAuth2 client credentials, bearer calls to the contract endpoint within the client's scope, rotation and
 * revocation taking effect on the next request, and every call audited under the client's name.
 */

let t: TestApp;
let admin: Client;
/** The app's clock: tests move it to let tokens expire. */
let clock = Date.now();
let chair: string;
/** Customer 20101 and 20102 (one care provider), and a customer of another care provider. */
const cust = { inScope: '', sameProvider: '', otherProvider: '', careProviderId: '' };

beforeAll(async () => {
  t = await startTestApp({ now: () => new Date(clock) });
  admin = await t.login('admin');
  chair = (await givenUnitArticle(t.database, { name: 'Rullstol Klient 45' })).articleNumber;
  const rows = await t.database.query<{ id: string; customer_number: string; care_provider_id: string }>(
    `SELECT id, customer_number, care_provider_id FROM customer WHERE customer_number IN ('20101', '20102', '10101')`,
  );
  const byNumber = (n: string) => rows.find((r) => r.customer_number === n)!;
  cust.inScope = byNumber('20101').id;
  cust.sameProvider = byNumber('20102').id;
  cust.otherProvider = byNumber('10101').id;
  cust.careProviderId = byNumber('20101').care_provider_id;
  expect(byNumber('20102').care_provider_id).toBe(cust.careProviderId);
  expect(byNumber('10101').care_provider_id).not.toBe(cust.careProviderId);
});
afterAll(() => t.close());

interface Registered {
  client: { id: string; name: string; secrets: { id: string; hint: string; revokedAt: string | null }[]; revokedAt: string | null };
  secretId: string;
  clientSecret: string;
}

async function register(name: string, roles: string[] = ['prescriber', 'orderer']): Promise<Registered> {
  const res = await admin.post('/api/system-clients', { name, careProviderId: cust.careProviderId, customerIds: [cust.inScope], roles });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Registered;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(form).toString(),
  });
}

async function token(r: { client: { id: string }; clientSecret: string }): Promise<string> {
  const res = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(r.client.id, r.clientSecret) });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { access_token: string }).access_token;
}

function bearerPost(accessToken: string, url: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });
}
/** An order for a patient in the demo population register (the intake checks the patient there). */
function order(customerNumber = '20101') {
  const m = submitMessage({ customerNumber, lines: [{ articleNumber: chair }] });
  m.order.patient = { ...m.order.patient!, identifier: DEMO_PATIENTS.ordinary };
  return m;
}

describe('registering a system client', () => {
  it('gives a client id and a secret shown once; only its SHA-256 is stored', async () => {
    const r = await register('Journalsystem Norrvik');
    expect(r.client).toMatchObject({ name: 'Journalsystem Norrvik', revokedAt: null, roles: ['prescriber', 'orderer'] });
    expect(r.client.secrets).toEqual([expect.objectContaining({ id: r.secretId, hint: r.clientSecret.slice(0, 8), revokedAt: null })]);
    expect(r.clientSecret).toMatch(/^bcs_[A-Za-z0-9_-]{43}$/);
    const [stored] = await t.database.query<{ secret_hash: string }>(`SELECT secret_hash FROM system_client_secret WHERE id = $1`, [r.secretId]);
    expect(stored!.secret_hash).toBe(crypto.createHash('sha256').update(r.clientSecret).digest('hex'));
    const list = await admin.get('/api/system-clients');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Journalsystem Norrvik');
    expect(list.body).not.toContain(r.clientSecret);
    expect(list.body).not.toContain(stored!.secret_hash);
    expect(await t.database.query(`SELECT actor_label FROM audit_log WHERE action = 'system-client.create' AND entity_id = $1`, [r.client.id])).toEqual([
      { actor_label: 'admin' },
    ]);
  });

  it('refuses customers of another care provider, roles outside the fixed list, and a name already taken', async () => {
    const other = await admin.post('/api/system-clients', {
      name: 'Fel kund',
      careProviderId: cust.careProviderId,
      customerIds: [cust.otherProvider],
      roles: ['orderer'],
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'body.customerIds' }] });
    const role = await admin.post('/api/system-clients', {
      name: 'Fel roll',
      careProviderId: cust.careProviderId,
      customerIds: [cust.inScope],
      roles: ['systemAdmin'],
    });
    expect(role.statusCode).toBe(400);
    await register('Dubblett');
    const again = await admin.post('/api/system-clients', {
      name: 'Dubblett',
      careProviderId: cust.careProviderId,
      customerIds: [cust.inScope],
      roles: ['orderer'],
    });
    expect(again.statusCode).toBe(409);
    expect(await t.database.query(`SELECT 1 FROM system_client WHERE name IN ('Fel kund', 'Fel roll')`)).toEqual([]);
  });
});

describe('POST /oauth/token', () => {
  it('issues a short-lived bearer token for client credentials by HTTP Basic or in the form', async () => {
    const r = await register('Tokenklient');
    const res = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(r.client.id, r.clientSecret) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), token_type: 'Bearer', expires_in: 600 });
    expect(res.headers['cache-control']).toBe('no-store');
    const form = await tokenRequest({ grant_type: 'client_credentials', client_id: r.client.id, client_secret: r.clientSecret });
    expect(form.statusCode, form.body).toBe(200);
    const audited = await t.database.query<{ actor_label: string; actor_client_id: string; actor_user_id: string | null }>(
      `SELECT actor_label, actor_client_id, actor_user_id FROM audit_log WHERE action = 'system-client.token' AND entity_id = $1`,
      [r.client.id],
    );
    expect(audited).toEqual([
      { actor_label: 'Tokenklient', actor_client_id: r.client.id, actor_user_id: null },
      { actor_label: 'Tokenklient', actor_client_id: r.client.id, actor_user_id: null },
    ]);
  });

  it('answers errors in the shape of RFC 6749: invalid_client 401, unsupported_grant_type and invalid_request 400', async () => {
    const r = await register('Felklient');
    const wrong = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(r.client.id, `${r.clientSecret.slice(0, -1)}x`) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic /);
    expect(await t.database.query(`SELECT actor_label FROM audit_log WHERE action = 'system-client.token.refused' AND entity_id = $1`, [r.client.id])).toEqual([
      { actor_label: 'Felklient' },
    ]);
    const unknown = await tokenRequest({ grant_type: 'client_credentials', client_id: crypto.randomUUID(), client_secret: r.clientSecret });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ error: 'invalid_client' });
    const none = await tokenRequest({ grant_type: 'client_credentials' });
    expect(none.statusCode).toBe(401);
    const grant = await tokenRequest({ grant_type: 'password', client_id: r.client.id, client_secret: r.clientSecret });
    expect(grant.statusCode).toBe(400);
    expect(grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const missing = await tokenRequest({ client_id: r.client.id, client_secret: r.clientSecret });
    expect(missing.json()).toMatchObject({ error: 'invalid_request' });
    const twice = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${r.client.id}&client_secret=${r.clientSecret}&client_secret=other`,
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ error: 'invalid_request' });
    const json = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ grant_type: 'client_credentials', client_id: r.client.id, client_secret: r.clientSecret }),
    });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: 'invalid_request' });
    // Refused before the handler (not a form object, no body, a NUL byte): the same shape, never a 500.
    const refusedEarly = [
      { headers: { 'content-type': 'application/json' }, payload: '[1, 2]' },
      { headers: {}, payload: undefined },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=%00&client_secret=x` },
    ];
    for (const c of refusedEarly) {
      const res = await t.app.inject({ method: 'POST', url: '/oauth/token', headers: c.headers, ...(c.payload !== undefined ? { payload: c.payload } : {}) });
      expect(res.statusCode, JSON.stringify(c)).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/^[\x20-\x7e]+$/) });
    }
  });
});

describe('bearer calls', () => {
  it('a client posts a contract message for a customer in its scope (202), is refused outside it, and is audited under its name', async () => {
    const r = await register('Beställningssystem Norrvik');
    const access = await token(r);
    const m = order('20101');
    const res = await bearerPost(access, '/api/contract/v1/messages', m);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ accepted: true, duplicate: false });
    // The intake and the read of the patient in the directory are both audited under the client.
    const audited = await t.database.query(`SELECT action, actor_label, actor_client_id, actor_user_id FROM audit_log WHERE request_id = $1 ORDER BY action`, [
      res.headers['x-request-id'],
    ]);
    expect(audited).toEqual(
      ['patient.read', 'provision.order.receive'].map((action) => ({
        action,
        actor_label: 'Beställningssystem Norrvik',
        actor_client_id: r.client.id,
        actor_user_id: null,
      })),
    );

    // 20102 belongs to the same care provider but not to the client's scope; 10101 to another care provider.
    for (const n of ['20102', '10101']) {
      const out = order(n);
      const refused = await bearerPost(access, '/api/contract/v1/messages', out);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(await t.database.query(`SELECT 1 FROM provision_order WHERE id = $1`, [out.order.orderId])).toEqual([]);
    }
  });

  it('refuses a token on routes that do not take system clients, and a forged, altered or unsigned token anywhere', async () => {
    const r = await register('Begränsad klient');
    const access = await token(r);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${access}` } });
    expect(me.statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: '/api/system-clients', headers: { authorization: `Bearer ${access}` } });
    expect(list.statusCode).toBe(403);

    const [h, p, s] = access.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const other = await register('Annan klient');
    const swapped = Buffer.from(JSON.stringify({ ...claims, sub: other.client.id })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    for (const bad of [`${h}.${swapped}.${s}`, `${none}.${p}.`, `${h}.${p}.${s.slice(0, -2)}AA`, 'not-a-token', '']) {
      const res = await bearerPost(bad, '/api/contract/v1/messages', order());
      expect(res.statusCode, bad).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
    const res = await bearerPost(`${h}.${swapped}.${s}`, '/api/contract/v1/messages', order());
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('an expired token is refused', async () => {
    const r = await register('Klient med klocka');
    const access = await token(r);
    expect((await bearerPost(access, '/api/contract/v1/messages', order())).statusCode).toBe(202);
    clock += 601_000;
    try {
      const res = await bearerPost(access, '/api/contract/v1/messages', order());
      expect(res.statusCode).toBe(401);
      expect((await bearerPost(await token(r), '/api/contract/v1/messages', order())).statusCode).toBe(202);
    } finally {
      clock -= 601_000;
    }
  });

  it('with a session cookie too, the request is the client’s alone: no CSRF asked, the cookie never used', async () => {
    const r = await register('Klient med kaka');
    const access = await token(r);
    const prescriber = await t.login('forskrivare');
    const m = order();
    // No x-csrf-token: the bearer token is the credential, so the session's CSRF check does not apply.
    const res = await bearerPost(access, '/api/contract/v1/messages', m, { cookie: prescriber.cookie! });
    expect(res.statusCode, res.body).toBe(202);
    expect(await t.database.query(`SELECT actor_label FROM audit_log WHERE action = 'provision.order.receive' AND entity_id = $1`, [m.order.orderId])).toEqual([
      { actor_label: 'Klient med kaka' },
    ]);
    // A bad token with a good session is refused, never let through on the cookie.
    const bad = await bearerPost('x.y.z', '/api/contract/v1/messages', order(), { cookie: prescriber.cookie!, 'x-csrf-token': prescriber.csrf! });
    expect(bad.statusCode).toBe(401);
    // The administrator's cookie does not lend its rights to a client's token.
    const asAdmin = await t.app.inject({ method: 'GET', url: '/api/system-clients', headers: { authorization: `Bearer ${access}`, cookie: admin.cookie! } });
    expect(asAdmin.statusCode).toBe(403);
  });
});

describe('rotation and revocation', () => {
  it('a client of a care provider that is made inactive gets no token, and its tokens are refused', async () => {
    const cp = { name: 'Vårdgivare som upphör', kind: 'private', organisationNumber: '700099-0042', municipalityCode: null };
    const cpRes = await admin.post('/api/care-providers', cp);
    expect(cpRes.statusCode, cpRes.body).toBe(201);
    const careProvider = cpRes.json() as { id: string };
    const [area] = await t.database.query<{ id: string }>(`SELECT id FROM delivery_area LIMIT 1`);
    const created = await admin.post('/api/customers', {
      careProviderId: careProvider.id,
      customerNumber: 'U1',
      name: 'Upphörande kund',
      payer: 'Vårdgivare som upphör',
      costCentre: 'KST-U1',
      deliveryAreaId: area!.id,
      addresses: [{ label: 'Huvudadress', street: 'Slutgatan 1', postalCode: '990 99', city: 'Norrvik', isDefault: true }],
      bufferStores: [],
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await admin.post('/api/system-clients', {
      name: 'Klient hos upphörande vårdgivare',
      careProviderId: careProvider.id,
      customerIds: [(created.json() as { id: string }).id],
      roles: ['orderer'],
    });
    const r = res.json() as Registered;
    const access = await token(r);
    expect((await admin.put(`/api/care-providers/${careProvider.id}`, { ...cp, active: false })).statusCode).toBe(200);
    expect((await bearerPost(access, '/api/contract/v1/messages', order('U1'))).statusCode).toBe(401);
    expect((await tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(r.client.id, r.clientSecret) })).statusCode).toBe(401);
  });

  it('old and new secrets both work until the old one is revoked; then the old one and its tokens are refused at once', async () => {
    const r = await register('Roterande klient');
    const oldToken = await token(r);
    const rotated = await admin.post(`/api/system-clients/${r.client.id}/secrets`, {});
    expect(rotated.statusCode, rotated.body).toBe(201);
    const next = rotated.json() as Registered;
    expect(next.clientSecret).not.toBe(r.clientSecret);
    expect(next.client.secrets.filter((s) => !s.revokedAt)).toHaveLength(2);
    const newToken = await token(next);
    await token(r);
    for (const a of [oldToken, newToken]) expect((await bearerPost(a, '/api/contract/v1/messages', order())).statusCode).toBe(202);
    // A third active secret is refused: the old one goes first.
    expect((await admin.post(`/api/system-clients/${r.client.id}/secrets`, {})).statusCode).toBe(409);

    const revoked = await admin.post(`/api/system-clients/${r.client.id}/secrets/${r.secretId}/revoke`, {});
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await bearerPost(oldToken, '/api/contract/v1/messages', order())).statusCode).toBe(401);
    const oldSecret = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(r.client.id, r.clientSecret) });
    expect(oldSecret.statusCode).toBe(401);
    expect((await bearerPost(newToken, '/api/contract/v1/messages', order())).statusCode).toBe(202);
  });

  it('a revoked client is refused at once, with the token it already holds', async () => {
    const r = await register('Återkallad klient');
    const access = await token(r);
    expect((await bearerPost(access, '/api/contract/v1/messages', order())).statusCode).toBe(202);
    const res = await admin.post(`/api/system-clients/${r.client.id}/revoke`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ revokedAt: expect.any(String) });
    const m = order();
    expect((await bearerPost(access, '/api/contract/v1/messages', m)).statusCode).toBe(401);
    expect(await t.database.query(`SELECT 1 FROM provision_order WHERE id = $1`, [m.order.orderId])).toEqual([]);
    const again = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(r.client.id, r.clientSecret) });
    expect(again.statusCode).toBe(401);
    expect((await admin.post(`/api/system-clients/${r.client.id}/secrets`, {})).statusCode).toBe(409);
    expect(await t.database.query(`SELECT actor_label FROM audit_log WHERE action = 'system-client.revoke' AND entity_id = $1`, [r.client.id])).toEqual([
      { actor_label: 'admin' },
    ]);
  });
});
