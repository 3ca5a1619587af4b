import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { createSession, loadSession } from './sessions.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function userId(username: string) {
  const [u] = await t.database.query<{ id: string }>(`SELECT id::text FROM app_user WHERE username = $1`, [username]);
  return u!.id;
}

describe('session lookups', () => {
  it('concurrent requests are looked up together, and each gets its own answer: live, expired, inactivated, unknown', async () => {
    const now = new Date();
    const live = await createSession(t.database.db, { userId: await userId('forskrivare'), now, hours: 8, ip: null, userAgent: null });
    const other = await createSession(t.database.db, { userId: await userId('tekniker'), now, hours: 8, ip: null, userAgent: null });
    const expired = await createSession(t.database.db, {
      userId: await userId('kundtjanst'),
      now: new Date(now.getTime() - 9 * 3_600_000),
      hours: 8,
      ip: null,
      userAgent: null,
    });
    const inactiveUser = await userId('ekonomi');
    const inactive = await createSession(t.database.db, { userId: inactiveUser, now, hours: 8, ip: null, userAgent: null });
    await t.database.query(`UPDATE app_user SET active = false WHERE id = $1`, [inactiveUser]);

    let queries = 0;
    const query = (text: string, params?: unknown[], name?: string) => {
      if (text.includes('FROM app_session s')) queries++;
      return t.database.query(text, params, name);
    };
    const tokens = [
      live.token,
      other.token,
      expired.token,
      inactive.token,
      'okänd-token',
      ...Array.from({ length: 20 }, (_, i) => (i % 2 ? live.token : other.token)),
    ];
    const sessions = await Promise.all(tokens.map((token) => loadSession(t.database.db, query, token, now, 30)));

    expect(queries).toBeLessThanOrEqual(3);
    expect(sessions.map((s) => s?.actor.username ?? null)).toEqual([
      'forskrivare',
      'tekniker',
      null,
      null,
      null,
      ...Array.from({ length: 20 }, (_, i) => (i % 2 ? 'forskrivare' : 'tekniker')),
    ]);
    expect(sessions[0]).toMatchObject({ csrfToken: live.csrfToken, actor: { roles: new Set(['prescriber']) } });
    await t.database.query(`UPDATE app_user SET active = true WHERE id = $1`, [inactiveUser]);
  });

  it('a failed lookup fails the requests that waited on it, and the next lookup works', async () => {
    const now = new Date();
    const s = await createSession(t.database.db, { userId: await userId('admin'), now, hours: 8, ip: null, userAgent: null });
    const broken = () => Promise.reject(new Error('databasen svarar inte'));
    await expect(Promise.all([loadSession(t.database.db, broken, s.token, now, 30), loadSession(t.database.db, broken, s.token, now, 30)])).rejects.toThrow(
      'databasen svarar inte',
    );
    expect((await loadSession(t.database.db, t.database.query, s.token, now, 30))?.actor.username).toBe('admin');
  });
});

describe('idle timeout', () => {
  const minutes = (from: Date, n: number) => new Date(from.getTime() + n * 60_000);

  it('a session unused for the idle time (30 minutes by default) ends, though its absolute lifetime has hours left', async () => {
    expect(t.config.sessionIdleMinutes).toBe(30);
    const start = new Date();
    const s = await createSession(t.database.db, { userId: await userId('kundtjanst'), now: start, hours: 10, ip: null, userAgent: null });
    expect(await loadSession(t.database.db, t.database.query, s.token, minutes(start, 31), 30)).toBeNull();
    // Ended for good: coming back within the idle time of some later moment does not revive it.
    expect(await loadSession(t.database.db, t.database.query, s.token, minutes(start, 1), 30)).toBeNull();
  });

  it('each use keeps the session alive for another idle period, up to its absolute lifetime', async () => {
    const start = new Date();
    const s = await createSession(t.database.db, { userId: await userId('tekniker'), now: start, hours: 1, ip: null, userAgent: null });
    for (const at of [20, 45, 59]) {
      expect((await loadSession(t.database.db, t.database.query, s.token, minutes(start, at), 30))?.actor.username, `minute ${at}`).toBe('tekniker');
    }
    expect(await loadSession(t.database.db, t.database.query, s.token, minutes(start, 61), 30)).toBeNull();
  });

  it('over HTTP: a request after 31 idle minutes is 401 and the web must log in again', async () => {
    let clock = new Date();
    const app = await startTestApp({ now: () => clock });
    try {
      const c = await app.login('lager');
      expect((await c.get('/api/me')).statusCode).toBe(200);
      clock = minutes(clock, 29);
      expect((await c.get('/api/me')).statusCode).toBe(200);
      clock = minutes(clock, 31);
      const res = await c.get('/api/me');
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
      expect((await c.get('/api/auth/session')).json()).toMatchObject({ authenticated: false });
    } finally {
      await app.close();
    }
  });
});
