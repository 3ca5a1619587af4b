import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { centreRoles, roles, type Role } from '../src/administration/schema.ts';
import { givenArticle } from '../src/catalogue/articles/test-fixtures.ts';
import { importCatalogueFile } from '../src/catalogue/import/import-catalogue-file.ts';
import { seedIsoCodes } from '../src/catalogue/iso/seed-iso-codes.ts';
import { storeMedia } from '../src/catalogue/media/store-media.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { DEMO_PASSWORD, startTestApp, type Client, type TestApp } from './app.ts';

/**
 * The permission matrix: every API route against every role (and anonymous). The table below IS the
 * policy; a route the app serves without a row here fails the last test, so nobody adds a route
 * without deciding who may call it.
 *
 * Each caller is a user holding exactly one role, member of one demo customer (20101, Norrviks kommun).
 * Every call runs on a fresh session, so calls that log out, change a password or renew the session
 * cannot disturb the next one.
 */

type Caller = Role | 'anonymous';
type Access = 'public' | 'loggedIn' | readonly Role[];
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Upload {
  fields: Record<string, string>;
  file: { name: string; type: string; data: Buffer };
}

interface Row {
  route: `${Method} /api/${string}`;
  access: Access;
  /** A valid request (concrete url and body), so that an allowed call succeeds and a denied one is refused for its role alone. */
  request: (n: number) => { url: string; body?: unknown; upload?: Upload };
}

const SYSTEM_ADMIN = ['systemAdmin'] as const satisfies readonly Role[];
const USER_ADMINS = ['systemAdmin', 'localSupport'] as const satisfies readonly Role[];
const NEWS_EDITORS = ['systemAdmin', 'functionCoordinator', 'customerService'] as const satisfies readonly Role[];
const CATALOGUE_EDITORS = ['assortment'] as const satisfies readonly Role[];
const CENTRE = centreRoles;
const IMPORTERS = ['assortment', 'systemAdmin'] as const satisfies readonly Role[];
const IMPORT_FILE = fileURLToPath(new URL('../src/catalogue/import/fixtures/catalogue-small.xml', import.meta.url));

/** Ids the requests refer to; filled in beforeAll. */
const fx = {
  careProviderId: '',
  deliveryAreaId: '',
  customerId: '',
  ownCustomerId: '',
  newsId: '',
  /** A user only systemAdmin acts on (edited, inactivated, given a password). */
  targetUserId: '',
  /** A user localSupport may read: member of the same customer as the callers. */
  readableUserId: '',
  roleUsers: {} as Record<Role, string>,
  /** A published main article, an accessory, and media of the main article. */
  articleId: '',
  articleVersion: 1,
  accessoryId: '',
  mediaId: '',
  /** Media ids, one used up by each allowed DELETE. */
  mediaPool: [] as string[],
  png: Buffer.alloc(0),
  /** A validated import, and validated imports, one published by each allowed call. */
  importId: '',
  importPool: [] as string[],
};

const careProviderBody = (org: string) => ({ name: 'Behörighetstest vårdgivare', kind: 'private', organisationNumber: org, municipalityCode: null });
const customerBody = (customerNumber: string) => ({
  careProviderId: fx.careProviderId,
  customerNumber,
  name: `Behörighetskund ${customerNumber}`,
  payer: 'Behörighetstest vårdgivare',
  costCentre: 'KST-1',
  deliveryAreaId: fx.deliveryAreaId,
  addresses: [{ label: 'Huvudadress', street: 'Provgatan 1', postalCode: '990 99', city: 'Norrvik', isDefault: true }],
  bufferStores: [],
});

const table: Row[] = [
  // Public: the login page needs these before anyone is logged in.
  { route: 'GET /api/health', access: 'public', request: () => ({ url: '/api/health' }) },
  { route: 'GET /api/ready', access: 'public', request: () => ({ url: '/api/ready' }) },
  { route: 'GET /api/auth/session', access: 'public', request: () => ({ url: '/api/auth/session' }) },
  {
    route: 'POST /api/auth/login',
    access: 'public',
    request: () => ({ url: '/api/auth/login', body: { username: 'perm.prescriber', password: DEMO_PASSWORD } }),
  },

  // Any logged-in user: one's own session and profile, and the organisation data order forms need.
  { route: 'POST /api/auth/logout', access: 'loggedIn', request: () => ({ url: '/api/auth/logout', body: {} }) },
  { route: 'GET /api/me', access: 'loggedIn', request: () => ({ url: '/api/me' }) },
  { route: 'PATCH /api/me', access: 'loggedIn', request: () => ({ url: '/api/me', body: { phone: '070-123 45 67' } }) },
  {
    route: 'POST /api/me/password',
    access: 'loggedIn',
    request: () => ({ url: '/api/me/password', body: { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD } }),
  },
  { route: 'GET /api/care-providers', access: 'loggedIn', request: () => ({ url: '/api/care-providers' }) },
  { route: 'GET /api/delivery-areas', access: 'loggedIn', request: () => ({ url: '/api/delivery-areas' }) },
  { route: 'GET /api/customers', access: 'loggedIn', request: () => ({ url: '/api/customers' }) },
  { route: 'GET /api/customers/:id', access: 'loggedIn', request: () => ({ url: `/api/customers/${fx.ownCustomerId}` }) },
  { route: 'GET /api/news', access: 'loggedIn', request: () => ({ url: '/api/news' }) },

  // System administration only.
  {
    route: 'POST /api/care-providers',
    access: SYSTEM_ADMIN,
    request: (n) => ({ url: '/api/care-providers', body: careProviderBody(`700000-${String(n).padStart(4, '0')}`) }),
  },
  {
    route: 'PUT /api/care-providers/:id',
    access: SYSTEM_ADMIN,
    request: () => ({ url: `/api/care-providers/${fx.careProviderId}`, body: careProviderBody('699999-0001') }),
  },
  { route: 'POST /api/delivery-areas', access: SYSTEM_ADMIN, request: (n) => ({ url: '/api/delivery-areas', body: { name: `Behörighetsområde ${n}`, weekday: 3 } }) },
  {
    route: 'PUT /api/delivery-areas/:id',
    access: SYSTEM_ADMIN,
    request: () => ({ url: `/api/delivery-areas/${fx.deliveryAreaId}`, body: { name: 'Behörighetsområdet', weekday: 2 } }),
  },
  { route: 'POST /api/customers', access: SYSTEM_ADMIN, request: (n) => ({ url: '/api/customers', body: customerBody(`P${n}`) }) },
  { route: 'PUT /api/customers/:id', access: SYSTEM_ADMIN, request: () => ({ url: `/api/customers/${fx.customerId}`, body: customerBody('P0') }) },
  {
    route: 'POST /api/users',
    access: SYSTEM_ADMIN,
    request: (n) => ({
      url: '/api/users',
      body: { username: `perm.new.${n}`, firstName: 'Ny', lastName: 'Användare', roles: ['orderer'], memberships: [{ customerId: fx.ownCustomerId, isDefault: true }] },
    }),
  },
  { route: 'PATCH /api/users/:id', access: SYSTEM_ADMIN, request: () => ({ url: `/api/users/${fx.targetUserId}`, body: { phone: '070-765 43 21' } }) },
  { route: 'POST /api/users/:id/activate', access: SYSTEM_ADMIN, request: () => ({ url: `/api/users/${fx.targetUserId}/activate`, body: {} }) },
  { route: 'POST /api/users/:id/inactivate', access: SYSTEM_ADMIN, request: () => ({ url: `/api/users/${fx.targetUserId}/inactivate`, body: {} }) },
  {
    route: 'POST /api/users/:id/password',
    access: SYSTEM_ADMIN,
    request: () => ({ url: `/api/users/${fx.targetUserId}/password`, body: { password: 'ett-nytt-langt-losenord' } }),
  },
  { route: 'GET /api/audit', access: SYSTEM_ADMIN, request: () => ({ url: '/api/audit?limit=5' }) },

  // Users: systemAdmin, and the workplace's local support (scoped to its care providers, tested below).
  { route: 'GET /api/users', access: USER_ADMINS, request: () => ({ url: '/api/users?limit=5' }) },
  { route: 'GET /api/users/:id', access: USER_ADMINS, request: () => ({ url: `/api/users/${fx.readableUserId}` }) },

  // Operational news: published by the centre's editors.
  {
    route: 'POST /api/news',
    access: NEWS_EDITORS,
    request: (n) => ({ url: '/api/news', body: { title: `Behörighetstest ${n}`, body: 'Publicerad av behörighetstestet.' } }),
  },
  { route: 'GET /api/news/manage', access: NEWS_EDITORS, request: () => ({ url: '/api/news/manage' }) },
  { route: 'POST /api/news/:id/withdraw', access: NEWS_EDITORS, request: () => ({ url: `/api/news/${fx.newsId}/withdraw`, body: {} }) },

  // The article register: everyone logged in reads it (the ordering side only what is published); the
  // assortment role edits it; the centre sees an article's change history.
  { route: 'GET /api/catalogue/iso', access: 'loggedIn', request: () => ({ url: '/api/catalogue/iso?parent=12' }) },
  { route: 'GET /api/catalogue/iso/map', access: 'loggedIn', request: () => ({ url: '/api/catalogue/iso/map?from=2011&code=12%2022%2003' }) },
  { route: 'GET /api/catalogue/iso/:code', access: 'loggedIn', request: () => ({ url: '/api/catalogue/iso/12%2022%2003' }) },
  { route: 'GET /api/catalogue/articles/search', access: 'loggedIn', request: () => ({ url: '/api/catalogue/articles/search?q=rullstol' }) },
  { route: 'GET /api/catalogue/articles/:id', access: 'loggedIn', request: () => ({ url: `/api/catalogue/articles/${fx.articleId}` }) },
  { route: 'GET /api/catalogue/suppliers', access: 'loggedIn', request: () => ({ url: '/api/catalogue/suppliers' }) },
  {
    route: 'POST /api/catalogue/articles',
    access: CATALOGUE_EDITORS,
    request: (n) => ({ url: '/api/catalogue/articles', body: { name: `Behörighetsartikel ${n}`, articleType: 'H', chargingForm: 'sale' } }),
  },
  {
    route: 'PATCH /api/catalogue/articles/:id',
    access: CATALOGUE_EDITORS,
    request: () => ({ url: `/api/catalogue/articles/${fx.articleId}`, body: { version: fx.articleVersion } }),
  },
  { route: 'PUT /api/catalogue/articles/:id/fits', access: CATALOGUE_EDITORS, request: () => ({ url: `/api/catalogue/articles/${fx.accessoryId}/fits`, body: { mainIds: [fx.articleId] } }) },
  {
    route: 'POST /api/catalogue/articles/:id/prices',
    access: CATALOGUE_EDITORS,
    request: (n) => ({
      url: `/api/catalogue/articles/${fx.articleId}/prices`,
      body: { kind: 'general', amount: 100 + n, validFrom: new Date(Date.UTC(2030, 0, 1) + n * 86_400_000).toISOString().slice(0, 10) },
    }),
  },
  { route: 'GET /api/catalogue/articles/:id/history', access: CENTRE, request: () => ({ url: `/api/catalogue/articles/${fx.articleId}/history` }) },
  { route: 'GET /api/catalogue/articles/:id/media', access: 'loggedIn', request: () => ({ url: `/api/catalogue/articles/${fx.articleId}/media` }) },
  { route: 'GET /api/catalogue/media/:id', access: 'loggedIn', request: () => ({ url: `/api/catalogue/media/${fx.mediaId}` }) },
  { route: 'GET /api/catalogue/media/:id/thumbnail', access: 'loggedIn', request: () => ({ url: `/api/catalogue/media/${fx.mediaId}/thumbnail` }) },
  {
    route: 'POST /api/catalogue/articles/:id/media',
    access: CATALOGUE_EDITORS,
    request: (n) => ({
      url: `/api/catalogue/articles/${fx.articleId}/media`,
      // Each upload differs by one byte of trailing data, so none is a duplicate of another.
      upload: { fields: { kind: 'image', title: `Bild ${n}` }, file: { name: 'bild.png', type: 'image/png', data: Buffer.concat([fx.png, Buffer.from([n % 256, n >> 8])]) } },
    }),
  },
  { route: 'PATCH /api/catalogue/media/:id', access: CATALOGUE_EDITORS, request: () => ({ url: `/api/catalogue/media/${fx.mediaId}`, body: { title: 'Ny titel' } }) },
  { route: 'DELETE /api/catalogue/media/:id', access: CATALOGUE_EDITORS, request: () => ({ url: `/api/catalogue/media/${fx.mediaPool.shift()}` }) },

  // Catalogue imports: the assortment role, and system administration (which runs the national import).
  {
    route: 'POST /api/catalogue/imports',
    access: IMPORTERS,
    request: () => ({ url: '/api/catalogue/imports', upload: { fields: {}, file: { name: 'katalog.xml', type: 'application/xml', data: fs.readFileSync(IMPORT_FILE) } } }),
  },
  { route: 'GET /api/catalogue/imports', access: IMPORTERS, request: () => ({ url: '/api/catalogue/imports' }) },
  { route: 'GET /api/catalogue/imports/template.xlsx', access: IMPORTERS, request: () => ({ url: '/api/catalogue/imports/template.xlsx' }) },
  { route: 'GET /api/catalogue/imports/:id', access: IMPORTERS, request: () => ({ url: `/api/catalogue/imports/${fx.importId}` }) },
  { route: 'POST /api/catalogue/imports/:id/publish', access: IMPORTERS, request: () => ({ url: `/api/catalogue/imports/${fx.importPool.shift()}/publish`, body: {} }) },
];

const callers: Caller[] = [...roles, 'anonymous'];

function describeAccess(access: Access): string {
  if (access === 'public') return 'is open to everyone, logged in or not';
  if (access === 'loggedIn') return 'is open to every logged-in user, whatever the role';
  if (access.length === 1) return `is for ${access[0]} only`;
  return `is for ${access.slice(0, -1).join(', ')} and ${access[access.length - 1]} only`;
}

function expectedOutcome(access: Access, caller: Caller): string {
  if (access === 'public') return 'allowed';
  if (caller === 'anonymous') return 'unauthenticated';
  if (access === 'loggedIn' || access.includes(caller)) return 'allowed';
  return 'denied';
}

function outcome(res: LightMyRequestResponse): string {
  const code = res.statusCode >= 400 ? (res.json() as { error?: { code?: string } }).error?.code : undefined;
  if (res.statusCode >= 200 && res.statusCode < 300) return 'allowed';
  if (res.statusCode === 403 && code === 'FORBIDDEN') return 'denied';
  if (res.statusCode === 401 && code === 'UNAUTHENTICATED') return 'unauthenticated';
  return `unexpected ${res.statusCode} ${code ?? ''}: ${res.body.slice(0, 200)}`;
}

let t: TestApp;

function client(cookie: string | null, csrf: string | null): Client {
  const send = (method: Method, url: string, body?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  return {
    cookie,
    csrf,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body ?? {}),
    put: (url, body) => send('PUT', url, body ?? {}),
    patch: (url, body) => send('PATCH', url, body ?? {}),
    delete: (url) => send('DELETE', url),
  };
}

/** A new session for the user, straight in the database (a real login per call would cost an argon2 check each). */
async function freshSession(userId: string): Promise<Client> {
  const s = await createSession(t.database.db, { userId, now: new Date(), hours: 1, ip: null, userAgent: 'permissions test' });
  return client(`bista_sid=${s.token}`, s.csrfToken);
}

async function send(c: Client, method: Method, url: string, body: unknown, upload?: Upload) {
  if (upload) {
    const form = new FormData();
    for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(upload.file.data)], { type: upload.file.type }), upload.file.name);
    const req = new Request('http://localhost/', { method, body: form });
    return t.app.inject({
      method,
      url,
      headers: { ...(c.cookie ? { cookie: c.cookie } : {}), ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}), 'content-type': req.headers.get('content-type')! },
      payload: Buffer.from(await req.arrayBuffer()),
    });
  }
  switch (method) {
    case 'GET':
      return c.get(url);
    case 'POST':
      return c.post(url, body);
    case 'PUT':
      return c.put(url, body);
    case 'PATCH':
      return c.patch(url, body);
    case 'DELETE':
      return c.delete(url);
  }
}

async function asAdmin<T>(res: Promise<LightMyRequestResponse>, status = 201): Promise<T> {
  const r = await res;
  if (r.statusCode !== status) throw new Error(`setup failed: ${r.statusCode} ${r.body}`);
  return r.json() as T;
}

beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.login('admin');
  const [own] = await t.database.query<{ id: string }>(`select id from customer where customer_number = '20101'`);
  fx.ownCustomerId = own!.id;

  fx.careProviderId = (await asAdmin<{ id: string }>(admin.post('/api/care-providers', careProviderBody('699999-0001')))).id;
  fx.deliveryAreaId = (await asAdmin<{ id: string }>(admin.post('/api/delivery-areas', { name: 'Behörighetsområdet', weekday: 2 }))).id;
  fx.customerId = (await asAdmin<{ id: string }>(admin.post('/api/customers', customerBody('P0')))).id;
  fx.newsId = (await asAdmin<{ id: string }>(admin.post('/api/news', { title: 'Att dra tillbaka', body: 'Dras tillbaka av testet.' }))).id;

  const newUser = async (username: string, userRoles: Role[]) =>
    (
      await asAdmin<{ id: string }>(
        admin.post('/api/users', { username, firstName: 'Behörighet', lastName: username, roles: userRoles, memberships: [{ customerId: fx.ownCustomerId, isDefault: true }] }),
      )
    ).id;
  for (const role of roles) fx.roleUsers[role] = await newUser(`perm.${role.toLowerCase()}`, [role]);
  fx.targetUserId = await newUser('perm.target', ['orderer']);
  fx.readableUserId = fx.roleUsers.orderer;
  // The article register: ISO codes, a published main article with an image, and an accessory.
  await seedIsoCodes(t.database.db);
  const main = await givenArticle(t.database, { name: 'Rullstol Behörighet', isoCode: '12 22 03', inAssortment: true });
  fx.articleId = main.id;
  fx.articleVersion = main.version;
  fx.accessoryId = (await givenArticle(t.database, { name: 'Tillbehör Behörighet', articleType: 'T' })).id;
  fx.png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#246' } }).png().toBuffer();
  const media = async (seed: number) =>
    (await storeMedia(t.ctx(), { articleId: main.id, kind: 'image', title: null, data: await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: seed, g: 1, b: 2 } } }).png().toBuffer() })).media.id;
  fx.mediaId = await media(0);
  // request() runs once per caller, allowed or not.
  for (let i = 1; i <= roles.length + 1; i++) fx.mediaPool.push(await media(i));

  fx.importId = (await importCatalogueFile(t.ctx(), IMPORT_FILE, { publish: false })).id;
  // Publishing needs the uploaded file, so these go through the upload route.
  const importFile: Upload = { fields: {}, file: { name: 'katalog.xml', type: 'application/xml', data: fs.readFileSync(IMPORT_FILE) } };
  for (let i = 0; i <= roles.length; i++) {
    fx.importPool.push((await asAdmin<{ id: string }>(send(admin, 'POST', '/api/catalogue/imports', undefined, importFile))).id);
  }

  // Role users log in with the demo password (copied, to save an argon2 hash per user).
  await t.database.query(
    `update app_user set password_hash = (select password_hash from app_user where username = 'admin') where username like 'perm.%'`,
  );
});
afterAll(() => t.close());

describe('permission matrix', () => {
  let n = 0;
  it.each(table.map((row) => [`${row.route} ${describeAccess(row.access)}`, row] as const))('%s', async (_name, row) => {
    const [method, path] = row.route.split(' ') as [Method, string];
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const caller of callers) {
      const { url, body, upload } = row.request(++n);
      const c = caller === 'anonymous' ? t.anonymous : await freshSession(fx.roleUsers[caller]);
      expected[caller] = expectedOutcome(row.access, caller);
      actual[caller] = outcome(await send(c, method, url, method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}), upload));
    }
    expect(actual, `${method} ${path}`).toEqual(expected);
  });

  it('the table has exactly one row for every API route the app serves', () => {
    const served = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`).sort();
    const inTable = table.map((r) => r.route).sort();
    expect(inTable, 'a route has two rows').toEqual([...new Set(inTable)]);
    expect(inTable, 'every served route needs a row in the table, and a row for a route that is gone must go').toEqual(served);
  });
});

describe('local support sees only the users of its own care providers', () => {
  it('reads a user who shares a care provider, but gets 404 for a user elsewhere, as if the user did not exist', async () => {
    const localSupport = await freshSession(fx.roleUsers.localSupport);
    const [outside] = await t.database.query<{ id: string }>(`select id from app_user where username = 'sjukgymnast'`);

    expect((await localSupport.get(`/api/users/${fx.readableUserId}`)).statusCode).toBe(200);
    const res = await localSupport.get(`/api/users/${outside!.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    // systemAdmin sees the same user.
    expect((await (await freshSession(fx.roleUsers.systemAdmin)).get(`/api/users/${outside!.id}`)).statusCode).toBe(200);
  });

  it('lists only users who belong to a customer of its care providers', async () => {
    const localSupport = await freshSession(fx.roleUsers.localSupport);
    const res = await localSupport.get('/api/users?limit=1000');
    expect(res.statusCode).toBe(200);
    const listed = (res.json() as { items: { id: string; username: string }[] }).items;
    const inScope = await t.database.query<{ id: string }>(
      `select distinct m.user_id as id from membership m join customer c on c.id = m.customer_id
        where c.care_provider_id = (select care_provider_id from customer where id = $1)`,
      [fx.ownCustomerId],
    );
    expect(listed.map((u) => u.id).sort()).toEqual(inScope.map((u) => u.id).sort());
    expect(listed.map((u) => u.username)).not.toContain('sjukgymnast');
  });
});
