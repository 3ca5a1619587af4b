import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../src/platform/auth/identity-schema.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './app.ts';

/**
 * Whatever a client sends, the API answers with a 4xx and a clear code, and writes nothing.
 * The checks that apply to any body run over every state-changing route the app serves, so a new route
 * is covered without touching this file.
 *
 * One app for the file, with a low per-address login limit and a clock the login storm at the end moves.
 */

let clock = new Date();
let t: TestApp;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const ids: Record<string, string> = {};

const careProviderBody = { name: 'Felindata vårdgivare', kind: 'private', organisationNumber: '688888-0001', municipalityCode: null };
const deliveryAreaBody = { name: 'Felindataområdet', weekday: 4 };
const customerBody = () => ({
  careProviderId: ids['care-providers'],
  customerNumber: 'BAD-1',
  name: 'Felindatakunden',
  payer: 'Felindata vårdgivare',
  costCentre: 'KST-9',
  deliveryAreaId: ids['delivery-areas'],
  addresses: [{ label: 'Huvudadress', street: 'Felgatan 1', postalCode: '990 98', city: 'Norrvik', isDefault: true }],
  bufferStores: [],
});
const userBody = () => ({
  username: 'felindata.ny',
  firstName: 'Fel',
  lastName: 'Indata',
  roles: ['orderer'],
  memberships: [{ customerId: ids.customers, isDefault: true }],
});

/** A valid body for every route that takes one: an unknown field added to it must be the only thing wrong. */
const validBodies: Record<string, () => Record<string, unknown>> = {
  'POST /api/auth/login': () => ({ username: 'forskrivare', password: DEMO_PASSWORD }),
  'PATCH /api/me': () => ({ phone: '070-111 22 33' }),
  'POST /api/me/password': () => ({ currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD }),
  'POST /api/care-providers': () => ({ ...careProviderBody, organisationNumber: '688888-0002' }),
  'PUT /api/care-providers/:id': () => careProviderBody,
  'POST /api/delivery-areas': () => ({ ...deliveryAreaBody, name: 'Ett nytt område' }),
  'PUT /api/delivery-areas/:id': () => deliveryAreaBody,
  'POST /api/customers': () => ({ ...customerBody(), customerNumber: 'BAD-2' }),
  'PUT /api/customers/:id': customerBody,
  'POST /api/users': userBody,
  'PATCH /api/users/:id': () => ({ phone: '070-444 55 66' }),
  'POST /api/users/:id/password': () => ({ password: 'ett-helt-nytt-losenord' }),
  'POST /api/news': () => ({ title: 'Felindata', body: 'Ska aldrig publiceras.' }),
};

/** The route's url with a real id, so that a request that got through would really change something. */
const concrete = (url: string) => url.replace(/\/api\/([\w-]+)\/:id/, (_m, resource: string) => `/api/${resource}/${ids[resource]}`);

const stateChanging = () => t.app.apiRoutes.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method as Method, url: r.url }));

/** Sends as the administrator, on a fresh session (a refused logout or password change must not leak into the next call). */
async function asAdmin(method: Method, url: string, opts: { payload?: string | Buffer; contentType?: string | null; body?: unknown } = {}) {
  const s = await createSession(t.database.db, { userId: ids.admin!, now: clock, hours: 1, ip: null, userAgent: 'bad-input test' });
  const payload = opts.body !== undefined ? JSON.stringify(opts.body) : opts.payload;
  const contentType = opts.contentType === undefined ? 'application/json' : opts.contentType;
  return t.app.inject({
    method,
    url,
    headers: {
      cookie: `bista_sid=${s.token}`,
      'x-csrf-token': s.csrfToken,
      ...(payload !== undefined && contentType ? { 'content-type': contentType } : {}),
    },
    ...(payload !== undefined ? { payload } : {}),
  });
}

const COUNTED = [
  'app_user',
  'user_role',
  'membership',
  'customer',
  'delivery_address',
  'buffer_store',
  'care_provider',
  'delivery_area',
  'news',
  'login_attempt',
  'audit_log',
];

/** Row counts of the tables a request could write to. Every change also writes an audit row, so updates show too. */
async function counts(): Promise<Record<string, number>> {
  const [row] = await t.database.query<Record<string, number>>(`select ${COUNTED.map((tb) => `(select count(*)::int from ${tb}) as ${tb}`).join(', ')}`);
  return row!;
}

/** Runs `fn`, then checks that not one row was added anywhere. */
async function writesNothing<T>(fn: () => Promise<T>): Promise<T> {
  const before = await counts();
  const result = await fn();
  expect(await counts(), 'rows written by a refused request').toEqual(before);
  return result;
}

type ErrorBody = { code: string; message: string; issues?: { path: string; code: string; message: string; params?: Record<string, unknown> }[] };
type Outcome = { resourceType: 'OperationOutcome'; issue: { expression?: string[]; details?: { coding?: { code: string }[]; text?: string } }[] };
/** The JSON API's error, or the FHIR facade's OperationOutcome read as one (Bistå's code is in the first issue's details). */
const errorOf = (res: LightMyRequestResponse): ErrorBody => {
  const body = res.json() as { error: ErrorBody } | Outcome;
  if ('error' in body) return body.error;
  const [first] = body.issue;
  return {
    code: first?.details?.coding?.[0]?.code ?? '',
    message: first?.details?.text ?? '',
    issues: body.issue.flatMap((i) => (i.expression ? [{ path: i.expression[0]!, code: '', message: i.details?.text ?? '' }] : [])),
  };
};
const summary = (res: LightMyRequestResponse) => `${res.statusCode} ${res.statusCode >= 400 ? errorOf(res).code : ''}`.trim();

/** Sends one request to every state-changing route and returns route → "status CODE", for one readable diff. */
async function everyRoute(send: (method: Method, url: string, route: string) => Promise<LightMyRequestResponse>) {
  const got: Record<string, string> = {};
  for (const r of stateChanging()) got[`${r.method} ${r.url}`] = summary(await send(r.method, concrete(r.url), `${r.method} ${r.url}`));
  return got;
}
const all = (got: Record<string, string>, outcome: string) => Object.fromEntries(Object.keys(got).map((k) => [k, outcome]));

beforeAll(async () => {
  // The edge's request queue (overload.ts) is off: the storms below are about login throttling, which must
  // hold by itself; the queue has its own tests.
  t = await startTestApp({
    config: { login: { maxFailures: 5, lockMinutes: 15, perIpPerMinute: 20 }, requestLimit: { mode: 'off', maxInFlight: 1, maxWaiting: 0, maxWaitMs: 0 } },
    now: () => clock,
  });
  const [admin] = await t.database.query<{ id: string }>(`select id from app_user where username = 'admin'`);
  ids.admin = admin!.id;
  // The administrator holds every role in this file: each route's declared access (checked before the body is
  // read) lets the request through to the checks of its body, which are what this file is about.
  await t.database.query(`insert into user_role (user_id, role) select $1, r from unnest($2::text[]) r on conflict do nothing`, [ids.admin, [...roles]]);
  const created = async (url: string, body: unknown) => {
    const res = await asAdmin('POST', url, { body });
    if (res.statusCode !== 201) throw new Error(`setup ${url}: ${res.statusCode} ${res.body}`);
    return (res.json() as { id: string }).id;
  };
  ids['care-providers'] = await created('/api/care-providers', careProviderBody);
  ids['delivery-areas'] = await created('/api/delivery-areas', deliveryAreaBody);
  ids.customers = await created('/api/customers', customerBody());
  ids.users = await created('/api/users', userBody());
  ids.news = await created('/api/news', { title: 'Finns', body: 'Finns redan.' });
});
afterAll(() => t.close());

describe('a body that is not JSON, or not acceptable JSON', () => {
  it('malformed JSON is answered 400 BAD_REQUEST "Ogiltig JSON i begäran" on every state-changing route, and nothing is written', async () => {
    const got = await writesNothing(() => everyRoute((m, url) => asAdmin(m, url, { payload: '{"username": "halv', contentType: 'application/json' })));
    expect(got).toEqual(all(got, '400 BAD_REQUEST'));
    const res = await asAdmin('POST', '/api/users', { payload: '{"username": ' });
    expect(errorOf(res).message).toBe('Ogiltig JSON i begäran');
  });

  it('an empty body sent as JSON is malformed JSON too', async () => {
    const res = await writesNothing(() => asAdmin('POST', '/api/users', { payload: '' }));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'BAD_REQUEST', message: 'Ogiltig JSON i begäran' });
  });

  it('a JSON body with a __proto__ key is refused, not merged into anything', async () => {
    const payload = JSON.stringify(userBody()).replace('{', '{"__proto__":{"isAdmin":true},');
    const res = await writesNothing(() => asAdmin('POST', '/api/users', { payload }));
    expect(res.statusCode).toBe(400);
  });

  it('a body over 1 MiB is answered 413 PAYLOAD_TOO_LARGE on every state-changing route, before it is parsed', async () => {
    const big = JSON.stringify({ firstName: 'x'.repeat(1_048_577) });
    const got = await writesNothing(() => everyRoute((m, url) => asAdmin(m, url, { payload: big })));
    expect(got).toEqual(all(got, '413 PAYLOAD_TOO_LARGE'));
  });

  it('XML, a form or no content type at all is answered 415 UNSUPPORTED_MEDIA_TYPE on every state-changing route', async () => {
    for (const contentType of ['application/xml', 'application/x-www-form-urlencoded', null]) {
      const got = await writesNothing(() => everyRoute((m, url) => asAdmin(m, url, { payload: '<user name="x"/>', contentType })));
      expect(got, `content type ${contentType}`).toEqual(all(got, '415 UNSUPPORTED_MEDIA_TYPE'));
    }
  });

  it('a text/plain body is answered 415 UNSUPPORTED_MEDIA_TYPE too, on every state-changing route: the API speaks JSON only', async () => {
    const before = await counts();
    const got = await everyRoute((m, url) => asAdmin(m, url, { payload: JSON.stringify({}), contentType: 'text/plain' }));
    expect(got).toEqual(all(got, '415 UNSUPPORTED_MEDIA_TYPE'));
    expect(await counts()).toEqual(before);
  });
});

describe('a JSON body that breaks the schema: 400 VALIDATION, naming the field', () => {
  const wrongTypes = [
    { what: 'a number for a username', route: 'POST /api/users', body: () => ({ ...userBody(), username: 123 }), path: 'body.username' },
    { what: 'a string for the list of roles', route: 'POST /api/users', body: () => ({ ...userBody(), roles: 'systemAdmin' }), path: 'body.roles' },
    { what: 'a role that does not exist', route: 'POST /api/users', body: () => ({ ...userBody(), roles: ['superuser'] }), path: 'body.roles.0' },
    {
      what: 'the string "true" for a boolean in a nested object',
      route: 'POST /api/users',
      body: () => ({ ...userBody(), memberships: [{ customerId: ids.customers, isDefault: 'true' }] }),
      path: 'body.memberships.0.isDefault',
    },
    {
      what: 'a non-uuid customer id in a membership',
      route: 'POST /api/users',
      body: () => ({ ...userBody(), memberships: [{ customerId: '42', isDefault: true }] }),
      path: 'body.memberships.0.customerId',
    },
    { what: 'a string for the delivery weekday', route: 'POST /api/delivery-areas', body: () => ({ name: 'Strängdag', weekday: '3' }), path: 'body.weekday' },
    {
      what: '"ja" for a boolean',
      route: 'POST /api/customers',
      body: () => ({ ...customerBody(), customerNumber: 'BAD-3', urgentFeeExempt: 'ja' }),
      path: 'body.urgentFeeExempt',
    },
    {
      what: 'an object for a street',
      route: 'POST /api/customers',
      body: () => ({ ...customerBody(), customerNumber: 'BAD-4', addresses: [{ ...customerBody().addresses[0], street: { name: 'x' } }] }),
      path: 'body.addresses.0.street',
    },
    { what: 'a language the app does not have', route: 'PATCH /api/me', body: () => ({ locale: 'de' }), path: 'body.locale' },
    {
      what: 'a date that is not a date',
      route: 'POST /api/news',
      body: () => ({ title: 'Datum', body: 'Fel datum', publishedAt: 'i morgon' }),
      path: 'body.publishedAt',
    },
    {
      what: 'null for a required name',
      route: 'POST /api/care-providers',
      body: () => ({ ...careProviderBody, organisationNumber: '688888-0003', name: null }),
      path: 'body.name',
    },
    { what: 'a number for a password', route: 'POST /api/auth/login', body: () => ({ username: 'forskrivare', password: 12345678 }), path: 'body.password' },
  ] as const;
  it.each(wrongTypes.map((c) => [`${c.what} (${c.route}) is refused with an issue at ${c.path}`, c] as const))('%s', async (_name, { route, body, path }) => {
    const [method, url] = route.split(' ') as [Method, string];
    const res = await writesNothing(() => asAdmin(method, concrete(url), { body: body() }));
    expect(res.statusCode).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('VALIDATION');
    expect(error.issues?.map((i) => i.path)).toContain(path);
  });

  const tooLong = [
    { what: 'a first name of 101 characters', route: 'POST /api/users', body: () => ({ ...userBody(), firstName: 'Å'.repeat(101) }), path: 'body.firstName' },
    { what: 'a 10 000-character last name', route: 'PATCH /api/users/:id', body: () => ({ lastName: 'x'.repeat(10_000) }), path: 'body.lastName' },
    {
      what: 'a 10 000-character username at login',
      route: 'POST /api/auth/login',
      body: () => ({ username: 'x'.repeat(10_000), password: DEMO_PASSWORD }),
      path: 'body.username',
    },
    {
      what: 'a 10 000-character password at login (refused before it is hashed)',
      route: 'POST /api/auth/login',
      body: () => ({ username: 'forskrivare', password: 'x'.repeat(10_000) }),
      path: 'body.password',
    },
    {
      what: 'a 10 000-character new password',
      route: 'POST /api/me/password',
      body: () => ({ currentPassword: DEMO_PASSWORD, newPassword: 'x'.repeat(10_000) }),
      path: 'body.newPassword',
    },
    { what: 'a 10 000-character e-mail address', route: 'PATCH /api/me', body: () => ({ email: `${'x'.repeat(10_000)}@example.se` }), path: 'body.email' },
    {
      what: 'a 10 000-character customer name',
      route: 'PUT /api/customers/:id',
      body: () => ({ ...customerBody(), name: 'x'.repeat(10_000) }),
      path: 'body.name',
    },
    { what: 'a news text of 5 001 characters', route: 'POST /api/news', body: () => ({ title: 'Lång', body: 'x'.repeat(5_001) }), path: 'body.body' },
    { what: 'a 10 000-character news title', route: 'POST /api/news', body: () => ({ title: 'x'.repeat(10_000), body: 'Kort' }), path: 'body.title' },
    {
      what: 'a 10 000-character delivery area name',
      route: 'PUT /api/delivery-areas/:id',
      body: () => ({ name: 'x'.repeat(10_000), weekday: 1 }),
      path: 'body.name',
    },
    {
      what: 'a 10 000-character care provider name',
      route: 'PUT /api/care-providers/:id',
      body: () => ({ ...careProviderBody, name: 'x'.repeat(10_000) }),
      path: 'body.name',
    },
  ] as const;
  it.each(tooLong.map((c) => [`${c.what} (${c.route}) is too long: 400 with an issue at ${c.path}`, c] as const))(
    '%s',
    async (_name, { route, body, path }) => {
      const [method, url] = route.split(' ') as [Method, string];
      const res = await writesNothing(() => asAdmin(method, concrete(url), { body: body() }));
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).code).toBe('VALIDATION');
      expect(errorOf(res).issues?.map((i) => i.path)).toContain(path);
    },
  );

  it('a 10 000-character search string in a query is refused too', async () => {
    for (const url of [`/api/users?q=${'x'.repeat(10_000)}`, `/api/customers?q=${'x'.repeat(10_000)}`]) {
      const res = await writesNothing(() => asAdmin('GET', url));
      expect(res.statusCode, url).toBe(400);
      expect(errorOf(res).issues?.map((i) => i.path)).toContain('querystring.q');
    }
  });

  it('an unknown field next to valid ones is refused on every route that takes a body (bodies are strict objects)', async () => {
    const bodyRoutes = stateChanging().filter((r) => validBodies[`${r.method} ${r.url}`]);
    expect(bodyRoutes.length).toBe(Object.keys(validBodies).length);
    const got: Record<string, string> = {};
    await writesNothing(async () => {
      for (const r of bodyRoutes) {
        const route = `${r.method} ${r.url}`;
        const res = await asAdmin(r.method, concrete(r.url), { body: { ...validBodies[route]!(), isAdmin: true } });
        got[route] = `${summary(res)} ${res.statusCode === 400 ? (errorOf(res).issues?.[0]?.message ?? '') : res.body.slice(0, 200)}`;
      }
    });
    expect(got).toEqual(Object.fromEntries(Object.keys(got).map((k) => [k, '400 VALIDATION Okänd nyckel: "isAdmin"'])));
  });

  it('an unknown field inside a nested object is refused too', async () => {
    const body = { ...userBody(), memberships: [{ customerId: ids.customers, isDefault: true, role: 'systemAdmin' }] };
    const res = await writesNothing(() => asAdmin('POST', '/api/users', { body }));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).issues).toEqual([{ path: 'body.memberships.0', code: 'unrecognized_keys', message: 'Okänd nyckel: "role"' }]);
  });

  it('an unknown query parameter is refused', async () => {
    const res = await writesNothing(() => asAdmin('GET', '/api/users?isAdmin=true'));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION');
  });

  it('a forged paging cursor is refused with 400, not a server error', async () => {
    const res = await writesNothing(() => asAdmin('GET', `/api/users?cursor=${Buffer.from('{"not":"a cursor"}').toString('base64url')}`));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).issues).toContainEqual(expect.objectContaining({ path: 'querystring.cursor', code: 'invalid_cursor' }));
  });

  it('a field issue carries its code and limits, so that the web can say it in English', async () => {
    const res = await writesNothing(() => asAdmin('POST', '/api/users', { body: { ...userBody(), firstName: '' } }));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).issues).toContainEqual(
      expect.objectContaining({ path: 'body.firstName', code: 'too_small', params: expect.objectContaining({ minimum: 1 }) }),
    );
  });
});

describe('an id in the path that is not a uuid', () => {
  it('is answered 400 VALIDATION at params.id on every route with an id, and nothing is written', async () => {
    // (FHIR ids are not uuids: the facade answers an id it does not know 404 and one FHIR does not allow 400, src/fhir/fhir.test.ts.)
    const withId = t.app.apiRoutes.filter((r) => r.url.includes(':id') && !r.url.startsWith('/fhir/'));
    expect(withId.length).toBeGreaterThan(5);
    const got: Record<string, string> = {};
    await writesNothing(async () => {
      for (const r of withId) {
        const route = `${r.method} ${r.url}`;
        const body = validBodies[route]?.();
        const res = await asAdmin(
          r.method as Method,
          r.url.replace(':id', 'not-a-uuid').replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000'),
          r.method === 'GET' ? {} : { body: body ?? {} },
        );
        got[route] = `${summary(res)} ${
          res.statusCode === 400
            ? (errorOf(res)
                .issues?.map((i) => i.path)
                .join(',') ?? '')
            : ''
        }`;
      }
    });
    expect(got).toEqual(Object.fromEntries(Object.keys(got).map((k) => [k, '400 VALIDATION params.id'])));
  });

  it('a well-formed uuid that names nothing is 404 NOT_FOUND', async () => {
    const res = await writesNothing(() => asAdmin('GET', '/api/users/00000000-0000-4000-8000-000000000000'));
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });
});

describe('a NUL or other invalid text anywhere: 400 INVALID_TEXT with a clear message, never a 500', () => {
  const isInvalidText = (res: LightMyRequestResponse) => res.statusCode === 400 && errorOf(res).code === 'INVALID_TEXT';

  it('a NUL in a field of an otherwise valid body, on every route that takes one (the database refuses NUL in text)', async () => {
    const got: Record<string, string> = {};
    await writesNothing(async () => {
      for (const r of stateChanging().filter((r) => validBodies[`${r.method} ${r.url}`] && r.url !== '/api/auth/login')) {
        const route = `${r.method} ${r.url}`;
        const body = validBodies[route]!();
        const field = Object.keys(body).find((k) => typeof body[k] === 'string')!;
        const res = await asAdmin(r.method, concrete(r.url), { body: { ...body, [field]: `före\u0000efter` } });
        got[route] = `${summary(res)} ${
          res.statusCode === 400
            ? (errorOf(res)
                .issues?.map((i) => i.path)
                .join(',') ?? '')
            : res.body.slice(0, 200)
        }`;
        if (isInvalidText(res)) got[route] = got[route]!.replace(`body.${field}`, 'body.<field>');
      }
    });
    expect(got).toEqual(Object.fromEntries(Object.keys(got).map((k) => [k, '400 INVALID_TEXT body.<field>'])));
  });

  it('a NUL in a key of the body, on every state-changing route the app serves; at login it counts as an attempt', async () => {
    const before = await counts();
    const got = await everyRoute((m, url) => asAdmin(m, url, { body: { 'namn\u0000': 'x' } }));
    expect(got).toEqual(all(got, '400 INVALID_TEXT'));
    expect(await counts()).toEqual({ ...before, login_attempt: before.login_attempt! + 1 });
  });

  it.each([
    ['a lone high surrogate (a cut emoji)', 'Bo\ud83d'],
    ['a lone low surrogate', '\ude00Bo'],
    ['a NUL deep in a list', null],
    ['an escape character', 'Bo\u001b[31m'],
  ])('%s is refused and named', async (_what, text) => {
    const body =
      text === null
        ? { ...customerBody(), customerNumber: 'BAD-NUL', addresses: [{ ...customerBody().addresses[0], street: 'Gatan\u00001' }] }
        : { ...userBody(), username: 'text.prov', firstName: text };
    const res = await writesNothing(() => asAdmin('POST', text === null ? '/api/customers' : '/api/users', { body }));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({
      code: 'INVALID_TEXT',
      message: 'Texten innehåller otillåtna tecken (till exempel ett nolltecken eller trasig Unicode). Ta bort dem och försök igen.',
      issues: [{ path: text === null ? 'body.addresses.0.street' : 'body.firstName', code: 'invalid_text', message: 'otillåtna tecken' }],
    });
  });

  it('tab, line feed and carriage return are ordinary text, and so is a whole emoji', async () => {
    const res = await asAdmin('POST', '/api/news', { body: { title: 'Rader 😀', body: 'Första raden\r\nAndra\traden' } });
    expect(res.statusCode).toBe(201);
  });

  it.each([
    ['a NUL in a search query', '/api/users?q=a%00b', 'querystring.q'],
    ['a NUL in a path id', '/api/users/%00', 'params.id'],
    ['a control character in a query', '/api/customers?q=a%07b', 'querystring.q'],
  ])('%s (%s)', async (_what, url, path) => {
    const res = await writesNothing(() => asAdmin('GET', url));
    expect(res.statusCode, res.body).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'INVALID_TEXT', issues: [{ path }] });
  });

  it('bytes that are not UTF-8 in a query are left as they were typed (never decoded into broken text): no 500', async () => {
    const res = await asAdmin('GET', '/api/customers?q=a%ED%A0%80');
    expect(res.statusCode).toBe(200);
  });
});

// Last in the file: the storms leave their addresses throttled and move the clock.
describe('login storms', () => {
  const login = (username: string, password: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username, password } });

  it('wrong passwords fired at one account in parallel from one address get at most five checks and lock it for that address only', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => login('ekonomi', `fel-losenord-${i}`, '192.0.2.1')));
    expect(answers.map((r) => r.statusCode).every((s) => s === 401 || s === 423)).toBe(true);
    expect(answers.filter((r) => r.statusCode === 401).length, 'password checks that failed').toBeLessThanOrEqual(5);
    expect((await login('ekonomi', DEMO_PASSWORD, '192.0.2.1')).statusCode).toBe(423);
    // Nobody can lock a colleague out: from the owner's own address the right password works.
    expect((await login('ekonomi', DEMO_PASSWORD, '192.0.2.100')).statusCode).toBe(200);
  });

  it('wrong passwords from ten addresses, five each, lock none of them out of the account for others', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => login('ekonomi', `fel-losenord-${i}`, `192.0.2.${10 + (i % 10)}`)));
    expect(answers.map((r) => r.statusCode).every((s) => s === 401 || s === 423)).toBe(true);
    expect((await login('ekonomi', DEMO_PASSWORD, '192.0.2.10')).statusCode).toBe(423);
    expect((await login('ekonomi', DEMO_PASSWORD, '192.0.2.101')).statusCode).toBe(200);
  });

  it('attempts with usernames that do not exist count towards the per-address limit too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await login(`finns-inte-${i}`, 'fel-losenord', '198.51.100.66')).statusCode);
    expect(statuses).toEqual([...Array<number>(20).fill(401), 429, 429]);
  });

  it('a burst from one address gets no more password checks than the per-address limit (20 a minute)', async () => {
    const users = ['ekonomi', 'sortiment', 'samordnare', 'konsulent', 'lager'];
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => login(users[i % users.length]!, `fel-losenord-${i}`, '198.51.100.77')));
    const checked = answers.filter((r) => r.statusCode !== 429).length;
    expect(checked).toBeLessThanOrEqual(20);
  });

  it('is answered 401, 423 or 429 every time, never 5xx; the address stays throttled for a minute, then a correct login works', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login(i % 2 ? 'bestallare' : `finns-inte-${i}`, `fel-losenord-${i}`, '203.0.113.7')),
    );

    const byStatus: Record<number, number> = {};
    for (const r of answers) byStatus[r.statusCode] = (byStatus[r.statusCode] ?? 0) + 1;
    expect(
      Object.keys(byStatus)
        .map(Number)
        .every((s) => [401, 423, 429].includes(s)),
      JSON.stringify(byStatus),
    ).toBe(true);
    const throttled = answers.filter((r) => r.statusCode === 429);
    expect(throttled.length).toBeGreaterThan(0);
    for (const r of throttled) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(errorOf(r).code).toBe('TOO_MANY_REQUESTS');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);

    const correctLogin = () => login('forskrivare', DEMO_PASSWORD, '203.0.113.7');
    const start = clock;
    const at = (seconds: number) => (clock = new Date(start.getTime() + seconds * 1000));

    const right = await correctLogin();
    expect(right.statusCode).toBe(429);
    expect(right.headers['retry-after']).toBe('60');
    at(30);
    expect((await correctLogin()).statusCode).toBe(429);
    // Another address is not affected.
    expect((await login('forskrivare', DEMO_PASSWORD, '198.51.100.1')).statusCode).toBe(200);
    at(61);
    expect((await correctLogin()).statusCode).toBe(200);
  });
});
