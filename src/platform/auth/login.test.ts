import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('login', () => {
  it('a demo user logs in and gets an httpOnly, SameSite session cookie and a CSRF token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'forskrivare', password: 'bista-demo-2026' } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'bista_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.json().csrfToken).toMatch(/^[\w-]{40,}$/);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/session', cookies: { bista_sid: cookie.value } });
    expect(me.json().user).toMatchObject({ username: 'forskrivare', roles: ['prescriber'] });
  });

  it('a wrong password is refused with a Swedish message and no cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bestallare', password: 'fel-losenord-123' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Fel användarnamn eller lösenord' });
    expect(res.cookies).toHaveLength(0);
  });

  it('a state-changing request with a session but without the CSRF token is refused', async () => {
    const c = await t.login('admin');
    const res = await t.app.inject({ method: 'PATCH', url: '/api/me', cookies: { bista_sid: c.cookie!.split('=')[1]! }, payload: { phone: '070-123 45 67' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF');
    const ok = await c.patch('/api/me', { phone: '070-123 45 67' });
    expect(ok.statusCode).toBe(200);
  });

  it('logging in again replaces the old session id (no session fixation)', async () => {
    const first = await t.login('kundtjanst');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: first.cookie! },
      payload: { username: 'kundtjanst', password: 'bista-demo-2026' },
    });
    const renewed = res.cookies.find((c) => c.name === 'bista_sid')!.value;
    expect(`bista_sid=${renewed}`).not.toBe(first.cookie);
    expect((await first.get('/api/me')).statusCode).toBe(401);
  });

  it('five wrong passwords lock the account for a while, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.anonymous.post('/api/auth/login', { username: 'tekniker', password: `fel-${i}-losenord` });
      expect(r.statusCode).toBe(i < 4 ? 401 : 423);
    }
    const res = await t.anonymous.post('/api/auth/login', { username: 'tekniker', password: 'bista-demo-2026' });
    expect(res.statusCode).toBe(423);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json().error.code).toBe('ACCOUNT_LOCKED');
  });

  it('five wrong passwords lock the account for that address only: its owner still logs in from another', async () => {
    const from = (remoteAddress: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username: 'konsulent', password } });
    for (let i = 0; i < 5; i++) expect((await from('198.51.100.23', `fel-${i}-losenord`)).statusCode).toBe(i < 4 ? 401 : 423);
    expect((await from('198.51.100.23', 'bista-demo-2026')).statusCode).toBe(423);
    expect((await from('192.0.2.45', 'bista-demo-2026')).statusCode).toBe(200);
    // A success elsewhere does not lift the lock of the address that guessed.
    expect((await from('198.51.100.23', 'bista-demo-2026')).statusCode).toBe(423);
    const [row] = await t.database.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'session.locked' and entity_id = (select id::text from app_user where username = 'konsulent')`,
    );
    expect(row!.n).toBe(1);
  });

  it('a login with a NUL in it is 400 INVALID_TEXT, and counts towards the per-address limit', async () => {
    const limited = await startTestApp({ config: { login: { maxFailures: 5, lockMinutes: 15, perIpPerMinute: 3 } } });
    try {
      const send = (payload: unknown) =>
        limited.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.99', payload: payload as object });
      for (const payload of [
        { username: 'forskrivare\u0000', password: 'bista-demo-2026' },
        { username: 'forskrivare', password: 'x\u0000y-losenord' },
        { username: '\ud800', password: 'bista-demo-2026' },
      ]) {
        const res = await send(payload);
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'INVALID_TEXT', message: expect.stringContaining('otillåtna tecken') });
      }
      const next = await send({ username: 'forskrivare', password: 'bista-demo-2026' });
      expect(next.statusCode).toBe(429);
      expect(next.json().error.code).toBe('TOO_MANY_REQUESTS');
    } finally {
      await limited.close();
    }
  });

  it('logout ends the session', async () => {
    const c = await t.login('lager');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/me')).statusCode).toBe(401);
  });
});
