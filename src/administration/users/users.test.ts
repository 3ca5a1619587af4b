import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { inactivateDormantUsers } from '../../platform/auth/inactivation.ts';
import type { UserView } from './user-schemas.ts';

/**
 * User administration as the system administrator and local support do it: creating users with their
 * workplaces, finding them in Swedish order, changing roles, ending and restoring access.
 * The app's clock is ours to move (for inactivation after months without a login).
 */

let clock = new Date();
let t: TestApp;
let admin: Client;
let adminId: string;
const customers: Record<string, string> = {};
const PASSWORD = 'ett-langt-losenord-2026';
let seq = 0;

/** A user created through the admin API, with defaults for whatever the story does not care about. */
async function givenUser(
  opts: Partial<{ username: string; firstName: string; lastName: string; roles: string[]; customers: string[]; hsaId: string; password: string | null }> = {},
) {
  const n = ++seq;
  const res = await admin.post('/api/users', {
    username: opts.username ?? `anv.${n}`,
    firstName: opts.firstName ?? 'Testa',
    lastName: opts.lastName ?? `Testsson${n}`,
    roles: opts.roles ?? ['prescriber'],
    memberships: (opts.customers ?? ['10101']).map((c, i) => ({ customerId: customers[c], isDefault: i === 0 })),
    ...(opts.hsaId ? { hsaId: opts.hsaId } : {}),
    ...(opts.password === null ? {} : { password: opts.password ?? PASSWORD }),
  });
  if (res.statusCode !== 201) throw new Error(`givenUser: ${res.statusCode} ${res.body}`);
  return res.json() as UserView;
}

const loginAs = (username: string, password = PASSWORD) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

async function counts() {
  const [row] = await t.database.query<Record<string, number>>(
    `select (select count(*)::int from app_user) as users, (select count(*)::int from user_role) as roles,
            (select count(*)::int from membership) as memberships, (select count(*)::int from audit_log) as audit`,
  );
  return row!;
}

const auditRows = (action: string, entityId: string) =>
  t.database.query<{ actor_user_id: string | null; actor_label: string; request_id: string; details: Record<string, unknown> | null }>(
    `select actor_user_id, actor_label, request_id, details from audit_log where action = $1 and entity_id = $2 order by id`,
    [action, entityId],
  );

const errorCode = (res: LightMyRequestResponse) => (res.json() as { error: { code: string } }).error.code;

/** Every user on every page of the list, following the cursor. */
async function allPages(c: Client, query: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: LightMyRequestResponse = await c.get(`/api/users?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode).toBe(200);
    const page = res.json() as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...page.items.map((u) => u.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  admin = await t.login('admin');
  for (const r of await t.database.query<{ id: string; customer_number: string }>(`select id, customer_number from customer`))
    customers[r.customer_number] = r.id;
  adminId = (await t.database.query<{ id: string }>(`select id from app_user where username = 'admin'`))[0]!.id;
});
afterAll(() => t.close());

describe('creating a user', () => {
  it('a user can belong to two customers, exactly one of them the default, and logs in to the default one', async () => {
    const res = await admin.post('/api/users', {
      username: 'Tva.Kunder',
      firstName: 'Tove',
      lastName: 'Tvåkund',
      profession: 'nurse',
      roles: ['prescriber', 'orderer'],
      memberships: [
        { customerId: customers['10101'], isDefault: false },
        { customerId: customers['20101'], isDefault: true },
      ],
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(201);
    const user = res.json() as UserView;
    expect(user.username).toBe('tva.kunder');
    expect(user.roles).toEqual(['orderer', 'prescriber']);
    expect(user.memberships.map((m) => [m.customerId, m.isDefault]).sort()).toEqual(
      [
        [customers['10101'], false],
        [customers['20101'], true],
      ].sort(),
    );

    const login = await loginAs(user.username);
    const session = await t.app.inject({ method: 'GET', url: '/api/auth/session', cookies: { bista_sid: login.cookies[0]!.value } });
    expect(session.json().user).toMatchObject({ defaultCustomerId: customers['20101'], customerIds: [customers['20101'], customers['10101']] });
  });

  it('usernames are stored in lower case and trimmed', async () => {
    const user = await givenUser({ username: '  Stora.Bokstaver ' });
    expect(user.username).toBe('stora.bokstaver');
  });

  it('memberships with two defaults are refused with 400, and nothing is written', async () => {
    const before = await counts();
    const res = await admin.post('/api/users', {
      username: 'tva.forvalda',
      firstName: 'Två',
      lastName: 'Förvalda',
      roles: ['prescriber'],
      memberships: [
        { customerId: customers['10101'], isDefault: true },
        { customerId: customers['20101'], isDefault: true },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'body.memberships', message: 'exakt en kund ska vara förvald' }] });
    expect(await counts()).toEqual(before);
  });

  it('memberships with no default at all are refused too', async () => {
    const res = await admin.post('/api/users', {
      username: 'ingen.forvald',
      firstName: 'Ingen',
      lastName: 'Förvald',
      roles: [],
      memberships: [
        { customerId: customers['10101'], isDefault: false },
        { customerId: customers['20101'], isDefault: false },
      ],
    });
    expect(res.statusCode).toBe(400);
  });

  it('a customer that does not exist is refused with 400, and the half-made user is rolled back', async () => {
    const before = await counts();
    const res = await admin.post('/api/users', {
      username: 'okand.kund',
      firstName: 'Okänd',
      lastName: 'Kund',
      roles: ['prescriber'],
      memberships: [{ customerId: '00000000-0000-4000-8000-000000000000', isDefault: true }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([{ path: 'body.memberships', code: 'unknown', message: 'okänd kund' }]);
    expect(await counts()).toEqual(before);
  });

  it('a username that is taken, in any letter case, is 409 USERNAME_TAKEN, and nothing is written', async () => {
    const before = await counts();
    const res = await admin.post('/api/users', { username: 'ADMIN', firstName: 'Ny', lastName: 'Admin', roles: ['systemAdmin'], memberships: [] });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('USERNAME_TAKEN');
    expect(await counts()).toEqual(before);
  });

  it('an HSA-id another user has is 409 HSA_ID_TAKEN, and nothing is written', async () => {
    const [taken] = await t.database.query<{ hsa_id: string }>(`select hsa_id from app_user where username = 'forskrivare'`);
    const before = await counts();
    const res = await admin.post('/api/users', {
      username: 'samma.hsa',
      firstName: 'Samma',
      lastName: 'Hsa',
      hsaId: taken!.hsa_id,
      roles: [],
      memberships: [],
    });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('HSA_ID_TAKEN');
    expect(await counts()).toEqual(before);
  });

  it('writes user.create with the administrator as actor, in the request that made the user', async () => {
    const res = await admin.post('/api/users', {
      username: 'granskad',
      firstName: 'Gun',
      lastName: 'Granskad',
      roles: ['orderer'],
      memberships: [{ customerId: customers['20102'], isDefault: true }],
    });
    const user = res.json() as UserView;
    const rows = await auditRows('user.create', user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_user_id: adminId, actor_label: 'admin', request_id: res.headers['x-request-id'] });
    expect(rows[0]!.details).toMatchObject({ username: 'granskad', roles: ['orderer'], customers: [customers['20102']] });
  });
});

describe('the user list', () => {
  it('is in Swedish order: Å, Ä and Ö come after Z', async () => {
    for (const lastName of ['Öberg', 'Ahl', 'Åkesson', 'Zetterlund', 'Ängby', 'Ek']) await givenUser({ firstName: 'Sorteringsprov', lastName, password: null });
    const res = await admin.get('/api/users?q=sorteringsprov');
    expect((res.json() as { items: UserView[] }).items.map((u) => u.lastName)).toEqual(['Ahl', 'Ek', 'Zetterlund', 'Åkesson', 'Ängby', 'Öberg']);
  });

  it('pages with a cursor (7 a page) give every user exactly once, in the same order as one long page', async () => {
    const [{ n }] = (await t.database.query<{ n: number }>(`select count(*)::int as n from app_user`)) as [{ n: number }];
    const paged = await allPages(admin, 'limit=7');
    expect(paged.pages).toBe(Math.ceil(n / 7));
    expect(new Set(paged.ids).size).toBe(paged.ids.length);
    expect(paged.ids).toHaveLength(n);
    const onePage = (await admin.get('/api/users?limit=1000')).json() as { items: { id: string }[]; nextCursor: string | null };
    expect(onePage.nextCursor).toBeNull();
    expect(paged.ids).toEqual(onePage.items.map((u) => u.id));
  });

  it('users with the same name are all listed across a page boundary', async () => {
    for (let i = 0; i < 5; i++) await givenUser({ firstName: 'Namne', lastName: 'Dubbelgångare', password: null });
    const paged = await allPages(admin, 'limit=2&q=dubbelg');
    expect(paged.ids).toHaveLength(5);
    expect(new Set(paged.ids).size).toBe(5);
  });

  it("a search for part of a name finds 'Åkesson' from 'åke', in any letter case", async () => {
    for (const q of ['åke', 'ÅKE', 'Åkess']) {
      const res = await admin.get(`/api/users?q=${encodeURIComponent(q)}`);
      const names = (res.json() as { items: UserView[] }).items.map((u) => u.lastName);
      expect(names, q).toContain('Åkesson');
      expect(names, q).not.toContain('Ahl');
    }
  });

  it('a search finds users by username and by HSA-id too', async () => {
    const byUsername = (await admin.get('/api/users?q=sjukgymn')).json() as { items: UserView[] };
    expect(byUsername.items.map((u) => u.username)).toEqual(['sjukgymnast']);
    const byHsa = (await admin.get('/api/users?q=SE2321000999-D003')).json() as { items: UserView[] };
    expect(byHsa.items.map((u) => u.username)).toEqual(['bestallare']);
  });

  it('a role filter lists only users who hold that role', async () => {
    const res = await admin.get('/api/users?role=localSupport&limit=1000');
    const items = (res.json() as { items: UserView[] }).items;
    expect(items.map((u) => u.username)).toEqual(['anvandarstod']);
    const prescribers = ((await admin.get('/api/users?role=prescriber&limit=1000')).json() as { items: UserView[] }).items;
    expect(prescribers.length).toBeGreaterThan(5);
    expect(prescribers.every((u) => u.roles.includes('prescriber'))).toBe(true);
  });

  it('local support sees only users who belong to a customer of its own care providers', async () => {
    // anvandarstod works at customers 20101 and 20102, both Norrviks kommun.
    const support = await t.login('anvandarstod');
    const listed = (await allPages(support, 'limit=7')).ids;
    const norrvik = await t.database.query<{ id: string }>(
      `select distinct m.user_id as id from membership m join customer c on c.id = m.customer_id
        where c.care_provider_id = (select care_provider_id from customer where customer_number = '20101')`,
    );
    expect([...listed].sort()).toEqual(norrvik.map((r) => r.id).sort());
    const usernames = await t.database.query<{ username: string }>(`select username from app_user where id = any($1::uuid[])`, [listed]);
    expect(usernames.map((u) => u.username)).toEqual(expect.arrayContaining(['forskrivare', 'bestallare', 'anvandarstod']));
    expect(usernames.map((u) => u.username)).not.toContain('sjukgymnast');
    expect(usernames.map((u) => u.username)).not.toContain('admin');

    const outside = await givenUser({ customers: ['50101'], password: null });
    const res = await support.get(`/api/users/${outside.id}`);
    expect(res.statusCode).toBe(404);
  });

  it('reading a list writes user.list, and reading one user writes user.read, with who read it', async () => {
    const user = await givenUser({ password: null });
    const before = (await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'user.list'`))[0]!.n;
    await admin.get('/api/users?limit=3');
    expect((await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'user.list'`))[0]!.n).toBe(before + 1);

    const res = await admin.get(`/api/users/${user.id}`);
    expect(res.statusCode).toBe(200);
    const rows = await auditRows('user.read', user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_user_id: adminId, request_id: res.headers['x-request-id'] });
  });
});

describe('changing a user', () => {
  it("changing a user's roles ends their sessions, and their next login has the new roles", async () => {
    const user = await givenUser({ roles: ['prescriber'] });
    const own = await t.login(user.username, PASSWORD);
    expect((await own.get('/api/me')).statusCode).toBe(200);

    expect((await admin.patch(`/api/users/${user.id}`, { roles: ['orderer'] })).statusCode).toBe(200);
    expect((await own.get('/api/me')).statusCode).toBe(401);
    const again = await t.login(user.username, PASSWORD);
    expect((await again.get('/api/me')).json().roles).toEqual(['orderer']);
  });

  it("changing a user's customers ends their sessions too", async () => {
    const user = await givenUser({ customers: ['10101'] });
    const own = await t.login(user.username, PASSWORD);
    await admin.patch(`/api/users/${user.id}`, { memberships: [{ customerId: customers['10102'], isDefault: true }] });
    expect((await own.get('/api/me')).statusCode).toBe(401);
  });

  it('changing only the phone number keeps the user logged in', async () => {
    const user = await givenUser();
    const own = await t.login(user.username, PASSWORD);
    expect((await admin.patch(`/api/users/${user.id}`, { phone: '070-987 65 43' })).statusCode).toBe(200);
    expect((await own.get('/api/me')).json().phone).toBe('070-987 65 43');
  });

  it('writes user.update with what changed, from and to', async () => {
    const user = await givenUser({ lastName: 'Före' });
    await admin.patch(`/api/users/${user.id}`, { lastName: 'Efter' });
    const [row] = await auditRows('user.update', user.id);
    expect(row!.details).toEqual({ lastName: { from: 'Före', to: 'Efter' } });
  });

  it('a change that fails half-way leaves neither the change nor an audit row', async () => {
    const user = await givenUser({ firstName: 'Orörd' });
    const res = await admin.patch(`/api/users/${user.id}`, {
      firstName: 'Ändrad',
      memberships: [{ customerId: '00000000-0000-4000-8000-000000000000', isDefault: true }],
    });
    expect(res.statusCode).toBe(400);
    expect((await admin.get(`/api/users/${user.id}`)).json().firstName).toBe('Orörd');
    expect(await auditRows('user.update', user.id)).toEqual([]);
  });

  it("giving a user another user's HSA-id is 409 HSA_ID_TAKEN", async () => {
    const first = await givenUser({ hsaId: 'SE2321000999-X0001', password: null });
    const second = await givenUser({ password: null });
    const res = await admin.patch(`/api/users/${second.id}`, { hsaId: first.hsaId });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('HSA_ID_TAKEN');
  });

  it('a user that does not exist is 404', async () => {
    const res = await admin.patch('/api/users/00000000-0000-4000-8000-000000000000', { phone: '070-000 00 00' });
    expect(res.statusCode).toBe(404);
  });
});

describe('ending and restoring access', () => {
  it('inactivating a user ends their sessions and blocks login with 403 ACCOUNT_INACTIVE', async () => {
    const user = await givenUser();
    const own = await t.login(user.username, PASSWORD);
    const res = await admin.post(`/api/users/${user.id}/inactivate`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ active: false });
    expect((await own.get('/api/me')).statusCode).toBe(401);

    const login = await loginAs(user.username);
    expect(login.statusCode).toBe(403);
    expect(login.json().error).toMatchObject({ code: 'ACCOUNT_INACTIVE', message: 'Kontot är inaktiverat. Kontakta ditt lokala användarstöd.' });
    expect(await auditRows('user.inactivate', user.id)).toMatchObject([{ actor_user_id: adminId, details: { reason: 'byAdmin' } }]);
  });

  it('reactivating the user lets them log in again', async () => {
    const user = await givenUser();
    await admin.post(`/api/users/${user.id}/inactivate`);
    const res = await admin.post(`/api/users/${user.id}/activate`);
    expect(res.json()).toMatchObject({ active: true, inactivatedAt: null });
    expect((await loginAs(user.username)).statusCode).toBe(200);
    expect(await auditRows('user.activate', user.id)).toHaveLength(1);
  });

  it('an administrator cannot inactivate their own account', async () => {
    const res = await admin.post(`/api/users/${adminId}/inactivate`);
    expect(res.statusCode).toBe(409);
    expect((await admin.get('/api/me')).statusCode).toBe(200);
  });

  it('a new password set by the administrator unlocks the account and ends its sessions; the old password stops working', async () => {
    const user = await givenUser();
    const own = await t.login(user.username, PASSWORD);
    for (let i = 0; i < 5; i++) await loginAs(user.username, `fel-losenord-${i}`);
    expect((await loginAs(user.username)).statusCode).toBe(423);

    expect((await admin.post(`/api/users/${user.id}/password`, { password: 'helt-nytt-losenord-1' })).statusCode).toBe(200);
    expect((await own.get('/api/me')).statusCode).toBe(401);
    expect((await loginAs(user.username)).statusCode).toBe(401);
    expect((await loginAs(user.username, 'helt-nytt-losenord-1')).statusCode).toBe(200);
    expect(await auditRows('user.reset-password', user.id)).toHaveLength(1);
  });
});

// Last in the file: this moves the clock 13 months ahead and inactivates nearly everyone.
describe('inactivation after twelve months without a login', () => {
  const thirteenMonthsOn = () => {
    const d = new Date();
    d.setUTCMonth(d.getUTCMonth() + 13);
    return d;
  };

  let dormant: UserView;
  let recent: UserView;
  beforeAll(async () => {
    dormant = await givenUser();
    recent = await givenUser();
    clock = thirteenMonthsOn();
    // recent logged in a month ago, seen from 13 months on.
    await t.database.query(`update app_user set last_login_at = $1 where id = $2`, [new Date(clock.getTime() - 30 * 86_400_000).toISOString(), recent.id]);
  });

  it('a user who logs in after 13 months away is refused with 403 ACCOUNT_INACTIVE and inactivated (login checks the rule itself)', async () => {
    const user = dormant;
    const res = await loginAs(user.username);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ACCOUNT_INACTIVE');
    expect(await auditRows('user.inactivate', user.id)).toMatchObject([{ details: { reason: 'noLogin' } }]);
    // And it stays so.
    expect((await loginAs(user.username)).statusCode).toBe(403);
  });

  it('the daily job inactivates everyone with no login in 12 months, logs user.inactivate for each, and spares the recently active', async () => {
    const future = clock;
    const [{ n: activeBefore }] = (await t.database.query<{ n: number }>(`select count(*)::int as n from app_user where active`)) as [{ n: number }];

    const inactivated = await inactivateDormantUsers(t.ctx(() => future));

    expect(inactivated).not.toContain(recent.id);
    expect(inactivated).toHaveLength(activeBefore - 1);
    const still = await t.database.query<{ username: string }>(`select username from app_user where active`);
    expect(still.map((u) => u.username)).toEqual([recent.username]);
    const logged = await t.database.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'user.inactivate' and entity_id = any($1::text[]) and details->>'reason' = 'noLogin' and actor_label = 'system'`,
      [inactivated],
    );
    expect(logged[0]!.n).toBe(inactivated.length);

    const res = await loginAs('forskrivare', DEMO_PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ACCOUNT_INACTIVE');
    expect((await loginAs(recent.username)).statusCode).toBe(200);
  });

  it('a reactivated user is not inactivated again by the next run: reactivation restarts the clock', async () => {
    // The administrator came back too (inactivated by the job); restore them directly.
    await t.database.query(`update app_user set active = true, last_login_at = $1 where username = 'admin'`, [clock.toISOString()]);
    const admin13 = await t.login('admin');
    const [user] = await t.database.query<{ id: string }>(`select id from app_user where username = 'sjukgymnast'`);
    expect((await admin13.post(`/api/users/${user!.id}/activate`)).statusCode).toBe(200);

    expect(await inactivateDormantUsers(t.ctx(() => clock))).not.toContain(user!.id);
    expect((await loginAs('sjukgymnast', DEMO_PASSWORD)).statusCode).toBe(200);
  });
});
