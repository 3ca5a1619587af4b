import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../../../test/app.ts';
import { inactivateDormantUsers } from '../../platform/auth/inactivation.ts';

/** Settings at run time (issue 13 item 7): system administration changes them, every change is audited, and the rules read them. */
const clock = new Date('2026-11-02T08:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
});
afterAll(() => t.close());

interface Setting {
  key: string;
  value: number;
  defaultValue: number;
  isDefault: boolean;
  allowed: unknown;
}

const monthsAgo = (n: number) => {
  const d = new Date(clock);
  d.setUTCMonth(d.getUTCMonth() - n);
  d.setUTCDate(d.getUTCDate() - 1);
  return d;
};

describe('settings at run time', () => {
  it('lists the settings with their defaults and allowed values', async () => {
    const admin = await t.login('admin');
    const res = await admin.get('/api/admin/settings');
    expect(res.statusCode).toBe(200);
    const list = res.json() as Setting[];
    // Other modules' settings follow (the log review's thresholds, support's targets …).
    expect(list.find((s) => s.key === 'logReview.manyPatients.count')).toMatchObject({
      value: 20,
      defaultValue: 20,
      isDefault: true,
      allowed: { kind: 'range', min: 2, max: 1000 },
    });
    expect(list.slice(0, 2)).toMatchObject([
      {
        key: 'users.inactivateAfterMonths',
        value: 12,
        defaultValue: 12,
        isDefault: true,
        allowed: { kind: 'choice', values: [6, 12, 24] },
        label: 'Månader utan inloggning innan behörigheten inaktiveras',
      },
      { key: 'accessApplications.targetDays', value: 7, defaultValue: 7, isDefault: true, allowed: { kind: 'range', min: 1, max: 60 } },
    ]);
  });

  it('months without login may be 6, 12 or 24: another value is refused in Swedish and nothing changes', async () => {
    const admin = await t.login('admin');
    const res = await admin.put('/api/admin/settings/users.inactivateAfterMonths', { value: 9 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION',
      message: 'Månader utan inloggning innan behörigheten inaktiveras: välj ett av värdena 6, 12, 24',
      issues: [{ path: 'body.value', message: 'välj ett av värdena 6, 12, 24' }],
    });
    expect((await admin.put('/api/admin/settings/okand.installning', { value: 1 })).statusCode).toBe(400);
    expect(((await admin.get('/api/admin/settings')).json() as Setting[])[0]).toMatchObject({ value: 12, isDefault: true });
    expect(await t.database.query(`SELECT 1 FROM audit_log WHERE action = 'setting.update'`)).toEqual([]);
  });

  it('the inactivation job and login read the setting: 6 months inactivates a user dormant for 7, and the change is audited', async () => {
    const [konsulent] = await t.database.query<{ id: string }>(`UPDATE app_user SET last_login_at = $1 WHERE username = 'konsulent' RETURNING id`, [
      monthsAgo(7),
    ]);
    const [lager] = await t.database.query<{ id: string }>(`UPDATE app_user SET last_login_at = $1 WHERE username = 'lager' RETURNING id`, [monthsAgo(7)]);
    expect(await inactivateDormantUsers(t.ctx(() => clock))).toEqual([]); // 12 months by default

    const admin = await t.login('admin');
    const res = await admin.put('/api/admin/settings/users.inactivateAfterMonths', { value: 6 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ key: 'users.inactivateAfterMonths', value: 6, defaultValue: 12, isDefault: false });
    const [row] = await t.database.query<{ details: unknown; entity_id: string; actor_label: string }>(
      `SELECT details, entity_id, actor_label FROM audit_log WHERE action = 'setting.update'`,
    );
    expect(row).toEqual({ details: { from: 12, to: 6 }, entity_id: 'users.inactivateAfterMonths', actor_label: 'admin' });

    // Login checks the same rule between the daily runs.
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lager', password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('ACCOUNT_INACTIVE');
    const ids = await inactivateDormantUsers(t.ctx(() => clock));
    expect(ids).toContain(konsulent!.id);
    const [state] = await t.database.query<{ active: boolean }>(`SELECT active FROM app_user WHERE id = $1`, [lager!.id]);
    expect(state!.active).toBe(false);
  });

  it('the application target applies to applications that arrive after the change; earlier ones keep theirs', async () => {
    const admin = await t.login('admin');
    const customerId = (await t.database.query<{ id: string }>(`SELECT id FROM customer WHERE customer_number = '20101'`))[0]!.id;
    const apply = (email: string) =>
      admin.post('/api/access-applications', {
        kind: 'newUser',
        customerId,
        firstName: 'Mål',
        lastName: 'Test',
        email,
        roles: ['orderer'],
        manager: { name: 'Maja Chef', email: 'maja@norrvik.se', phone: '0611-123 45' },
      });
    const before = (await apply('fore@norrvik.se')).json() as { id: string; clock: { targetDays: number; dueAt: string } };
    expect((await admin.put('/api/admin/settings/accessApplications.targetDays', { value: 3 })).statusCode).toBe(200);
    expect((await admin.put('/api/admin/settings/accessApplications.targetDays', { value: 0 })).json().error.issues).toEqual([
      { path: 'body.value', code: 'range', message: 'ange ett heltal från 1 till 60', params: { min: 1, max: 60 } },
    ]);
    const after = (await apply('efter@norrvik.se')).json() as typeof before;
    expect(before.clock).toMatchObject({ targetDays: 7, dueAt: '2026-11-09T08:00:00.000Z' });
    expect(after.clock).toMatchObject({ targetDays: 3, dueAt: '2026-11-05T08:00:00.000Z' });
    expect(((await admin.get(`/api/access-applications/${before.id}`)).json() as typeof before).clock.targetDays).toBe(7);
  });
});
