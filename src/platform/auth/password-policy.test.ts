import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../../../test/app.ts';

/**
 * Password rules (issue 10, item 9), where passwords are set: one's own change (POST /api/me/password), an
 * administrator's reset (POST /api/users/:id/password) and a new user (POST /api/users).
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const GOOD = 'kanel-pendel-fyrtorn-lagom';

describe('a new password', () => {
  it('may not be the current one (own change)', async () => {
    const me = await t.login('tekniker');
    const res = await me.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'PASSWORD_SAME_AS_CURRENT',
      message: 'Det nya lösenordet får inte vara samma som det nuvarande',
      issues: [{ path: 'body.newPassword', message: 'får inte vara samma som det nuvarande lösenordet' }],
    });
  });

  it.each([
    ['the username', 'lager-lager-lager-2026'],
    ['the username in capitals', 'Hej-LAGER-fyrtorn-2026'],
  ])('may not contain %s', async (_what, newPassword) => {
    const me = await t.login('lager');
    const res = await me.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'PASSWORD_CONTAINS_USERNAME', message: 'Lösenordet får inte innehålla användarnamnet' });
  });

  it.each(['password1234', 'qwertyuiop123', '123456789012', 'iloveyou2026', 'Losenord2026!', 'Sommar2024sommar', 'aaaaaaaaaaaaaaaa'])(
    'may not be a common or easily guessed one: %s',
    async (newPassword) => {
      const me = await t.login('kundtjanst');
      const res = await me.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'PASSWORD_TOO_COMMON', message: expect.stringContaining('för vanligt eller lätt att gissa') });
    },
  );

  it("may not be built from the user's own name", async () => {
    const me = await t.login('forskrivare');
    const [u] = await t.database.query<{ first_name: string; last_name: string }>(`select first_name, last_name from app_user where username = 'forskrivare'`);
    const res = await me.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: `${u!.first_name}${u!.last_name}2026`.toLowerCase() });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PASSWORD_TOO_COMMON');
  });

  it('a long passphrase is accepted, and works at the next login', async () => {
    const me = await t.login('sortiment');
    expect((await me.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: GOOD })).statusCode).toBe(200);
    await expect(t.login('sortiment', GOOD)).resolves.toBeDefined();
  });

  it('the same rules hold when an administrator sets a password, including not the current one', async () => {
    const admin = await t.login('admin');
    const [u] = await t.database.query<{ id: string }>(`select id from app_user where username = 'samordnare'`);
    const set = (password: string) => admin.post(`/api/users/${u!.id}/password`, { password });
    expect((await set(DEMO_PASSWORD)).json().error).toMatchObject({ code: 'PASSWORD_SAME_AS_CURRENT', issues: [{ path: 'body.password' }] });
    expect((await set('samordnare-2026-ny')).json().error.code).toBe('PASSWORD_CONTAINS_USERNAME');
    expect((await set('password123456')).json().error.code).toBe('PASSWORD_TOO_COMMON');
    expect((await set(GOOD)).statusCode).toBe(200);
  });

  it('and when a new user is created with a password; nothing is created then', async () => {
    const admin = await t.login('admin');
    const [customer] = await t.database.query<{ id: string }>(`select id from customer order by customer_number limit 1`);
    const body = (username: string, password: string) => ({
      username,
      firstName: 'Ny',
      lastName: 'Lösenordsprovare',
      roles: ['orderer'],
      memberships: [{ customerId: customer!.id, isDefault: true }],
      password,
    });
    const common = await admin.post('/api/users', body('losen.prov', 'welcome12345'));
    expect(common.statusCode).toBe(422);
    expect(common.json().error.code).toBe('PASSWORD_TOO_COMMON');
    expect((await admin.post('/api/users', body('losen.prov', 'losen.prov-och-mer'))).json().error.code).toBe('PASSWORD_CONTAINS_USERNAME');
    expect(await t.database.query(`select 1 from app_user where username = 'losen.prov'`)).toHaveLength(0);
    expect((await admin.post('/api/users', body('losen.prov', GOOD))).statusCode).toBe(201);
  });
});
