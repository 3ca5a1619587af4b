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
    const expired = await createSession(t.database.db, { userId: await userId('kundtjanst'), now: new Date(now.getTime() - 9 * 3_600_000), hours: 8, ip: null, userAgent: null });
    const inactiveUser = await userId('ekonomi');
    const inactive = await createSession(t.database.db, { userId: inactiveUser, now, hours: 8, ip: null, userAgent: null });
    await t.database.query(`UPDATE app_user SET active = false WHERE id = $1`, [inactiveUser]);

    let queries = 0;
    const query = (text: string, params?: unknown[], name?: string) => {
      if (text.includes('FROM app_session s')) queries++;
      return t.database.query(text, params, name);
    };
    const tokens = [live.token, other.token, expired.token, inactive.token, 'okänd-token', ...Array.from({ length: 20 }, (_, i) => (i % 2 ? live.token : other.token))];
    const sessions = await Promise.all(tokens.map((token) => loadSession(t.database.db, query, token, now, 30)));

    expect(queries).toBeLessThanOrEqual(3);
    expect(sessions.map((s) => s?.actor.username ?? null)).toEqual(['forskrivare', 'tekniker', null, null, null, ...Array.from({ length: 20 }, (_, i) => (i % 2 ? 'forskrivare' : 'tekniker'))]);
    expect(sessions[0]).toMatchObject({ csrfToken: live.csrfToken, actor: { roles: new Set(['prescriber']) } });
    await t.database.query(`UPDATE app_user SET active = true WHERE id = $1`, [inactiveUser]);
  });

  it('a failed lookup fails the requests that waited on it, and the next lookup works', async () => {
    const now = new Date();
    const s = await createSession(t.database.db, { userId: await userId('admin'), now, hours: 8, ip: null, userAgent: null });
    const broken = () => Promise.reject(new Error('databasen svarar inte'));
    await expect(Promise.all([loadSession(t.database.db, broken, s.token, now, 30), loadSession(t.database.db, broken, s.token, now, 30)])).rejects.toThrow('databasen svarar inte');
    expect((await loadSession(t.database.db, t.database.query, s.token, now, 30))?.actor.username).toBe('admin');
  });
});
