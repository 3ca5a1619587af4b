import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { hasRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Role } from '../schema.ts';
import { refuseApplication } from './decide-application.ts';
import { registrationWithinTarget } from './registration-within-target.ts';
import { submitApplication } from './submit-application.ts';

/**
 * Behörighetsansökan (issue 13 items 1 and 9): local support applies, system administration works the queue,
 * approval changes the user in the same transaction, and everyone concerned is told by e-mail.
 */
/** The context of a real user (applications refer to their applicant and decider) holding `roles`. */
function as(ctx: Ctx, role: Role, userId = ids.admin): Ctx {
  return { ...ctx, actor: { userId, username: 'test', name: 'Test', roles: new Set([role]), customerIds: [], defaultCustomerId: null, careProviderIds: [] } };
}

let clock = new Date('2026-11-02T08:00:00Z');
const at = (iso: string) => (clock = new Date(iso));
let t: TestApp;
const ids = { admin: '', norrvik20101: '', norrvik20102: '', region10102: '', bestallare: '', sjukgymnast: '' };

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  const customers = await t.database.query<{ id: string; customer_number: string }>(`SELECT id, customer_number FROM customer`);
  const byNumber = (n: string) => customers.find((c) => c.customer_number === n)!.id;
  ids.norrvik20101 = byNumber('20101');
  ids.norrvik20102 = byNumber('20102');
  ids.region10102 = byNumber('10102');
  const users = await t.database.query<{ id: string; username: string }>(`SELECT id, username FROM app_user`);
  ids.bestallare = users.find((u) => u.username === 'bestallare')!.id;
  ids.sjukgymnast = users.find((u) => u.username === 'sjukgymnast')!.id;
  ids.admin = users.find((u) => u.username === 'admin')!.id;
});
afterAll(() => t.close());

/** A session at the current clock (sessions end after 30 idle minutes, and the clock jumps days). */
const login = (username: string): Promise<Client> => t.login(username);
const manager = { name: 'Maja Chef', email: 'maja.chef@norrvik.se', phone: '0611-123 45' };
const count = async (table: string) => Number((await t.database.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
const mailsTo = (address: string) =>
  t.database.query<{ subject: string; body: string; reason: string }>(`SELECT subject, body, reason FROM outgoing_mail WHERE "to" = $1 ORDER BY created_at`, [
    address,
  ]);

interface View {
  id: string;
  state: string;
  userId: string | null;
  personName: string;
  clock: {
    receivedAt: string;
    targetDays: number;
    dueAt: string;
    hoursSinceReceived: number;
    workingDaysSinceReceived: number;
    overdue: boolean;
    withinTarget: boolean | null;
  };
}

describe('access applications', () => {
  it('local support applies for a new user; the queue shows the clock; approval creates the user and tells applicant, user and manager', async () => {
    at('2026-11-02T08:00:00Z'); // Monday
    const stod = await login('anvandarstod');
    const res = await stod.post('/api/access-applications', {
      kind: 'newUser',
      customerId: ids.norrvik20101,
      firstName: 'Åsa',
      lastName: 'Öberg',
      email: 'asa.oberg@norrvik.se',
      profession: 'nurse',
      roles: ['prescriber'],
      manager,
      note: 'Börjar 1 december',
    });
    expect(res.statusCode).toBe(201);
    const app = res.json() as View;
    expect(app).toMatchObject({ state: 'received', personName: 'Åsa Öberg' });
    expect(app.clock).toMatchObject({
      receivedAt: '2026-11-02T08:00:00.000Z',
      targetDays: 7,
      dueAt: '2026-11-09T08:00:00.000Z',
      hoursSinceReceived: 0,
      overdue: false,
      withinTarget: null,
    });

    at('2026-11-04T10:30:00Z'); // two working days later
    const admin = await login('admin');
    const queue = (await admin.get('/api/access-applications')).json() as { items: View[]; total: number };
    const inQueue = queue.items.find((i) => i.id === app.id)!;
    expect(inQueue.clock).toMatchObject({ hoursSinceReceived: 50, workingDaysSinceReceived: 2, overdue: false });

    const approved = await admin.post(`/api/access-applications/${app.id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    const done = approved.json() as View;
    expect(done).toMatchObject({ state: 'approved' });
    expect(done.clock).toMatchObject({ withinTarget: true, hoursSinceReceived: 50 });

    const user = (await admin.get(`/api/users/${done.userId}`)).json() as {
      username: string;
      roles: string[];
      memberships: { customerId: string; isDefault: boolean }[];
      email: string;
      profession: string;
    };
    expect(user).toMatchObject({ username: 'asa.oberg', roles: ['prescriber'], email: 'asa.oberg@norrvik.se', profession: 'nurse' });
    expect(user.memberships).toMatchObject([{ customerId: ids.norrvik20101, isDefault: true }]);

    const audit = await t.database.query<{ action: string; entity_id: string }>(
      `SELECT action, entity_id FROM audit_log WHERE action IN ('access-application.submit', 'access-application.approve', 'user.create') AND (entity_id = $1 OR entity_id = $2) ORDER BY id`,
      [app.id, done.userId],
    );
    expect(audit.map((a) => a.action)).toEqual(['access-application.submit', 'user.create', 'access-application.approve']);

    for (const to of ['anvandarstod@example.se', 'asa.oberg@norrvik.se', 'maja.chef@norrvik.se']) {
      const [mail] = await mailsTo(to);
      expect(mail, to).toMatchObject({ subject: 'Behörighetsansökan beviljad: Åsa Öberg (ny användare)', reason: 'accessApplication.approve' });
      expect(mail!.body).toContain(
        'Ansökan om ny användare i Bistå för Åsa Öberg, Hemtjänst Norrvik centrum, som kom in 2026-11-02, är beviljad och registrerad 2026-11-04.',
      );
      expect(mail!.body).toContain('Användarnamn: asa.oberg');
      expect(mail!.body).toContain('Roller: förskrivare');
    }
    // Gone from the queue, in the approved list.
    expect(((await admin.get('/api/access-applications')).json() as { items: View[] }).items.map((i) => i.id)).not.toContain(app.id);
    expect(((await admin.get('/api/access-applications?state=approved')).json() as { items: View[] }).items[0]!.id).toBe(app.id);
    // Decided once.
    const again = await admin.post(`/api/access-applications/${app.id}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'INVALID_TRANSITION', message: 'Ansökan är redan beslutad' });
  });

  it("the queue is oldest first, for system administration; local support sees its own care provider's applications and cannot decide", async () => {
    at('2026-11-05T08:00:00Z');
    const stod = await login('anvandarstod');
    const first = (await stod.post('/api/access-applications', { kind: 'leaver', userId: ids.bestallare, manager })).json() as View;
    at('2026-11-05T08:10:00Z');
    const admin = await login('admin');
    const second = (
      await admin.post('/api/access-applications', { kind: 'change', userId: ids.sjukgymnast, changes: { profession: 'doctor' }, manager })
    ).json() as View;
    const queue = ((await admin.get('/api/access-applications')).json() as { items: View[] }).items.map((i) => i.id);
    expect(queue.indexOf(first.id)).toBeLessThan(queue.indexOf(second.id));
    const seen = ((await stod.get('/api/access-applications')).json() as { items: View[] }).items.map((i) => i.id);
    expect(seen).toContain(first.id);
    expect(seen).not.toContain(second.id); // the region's user, not local support's care provider
    expect((await stod.get(`/api/access-applications/${second.id}`)).statusCode).toBe(404);
    expect((await stod.post(`/api/access-applications/${first.id}/approve`, {})).statusCode).toBe(403);
    expect((await stod.post(`/api/access-applications/${first.id}/refuse`, { reason: 'Nej' })).statusCode).toBe(403);
    // Leave them decided for the next tests.
    expect((await admin.post(`/api/access-applications/${second.id}/refuse`, { reason: 'Ansök via regionens lokala användarstöd' })).statusCode).toBe(200);
  });

  it('approving a leaver inactivates the account; a change renames, moves and gives roles, and ends the sessions', async () => {
    at('2026-11-06T08:00:00Z');
    const admin = await login('admin');
    const stod = await login('anvandarstod');
    const leaverId = ((await admin.get('/api/access-applications')).json() as { items: (View & { kind: string })[] }).items.find(
      (i) => i.kind === 'leaver',
    )!.id;

    const bestallare = await login('bestallare');
    const change = (
      await stod.post('/api/access-applications', {
        kind: 'change',
        userId: ids.bestallare,
        changes: { lastName: 'Ek-Lind', customerId: ids.norrvik20101, roles: ['orderer', 'prescriber'] },
        manager,
      })
    ).json() as View;
    expect((await admin.post(`/api/access-applications/${change.id}/approve`, {})).statusCode).toBe(200);
    const user = (await admin.get(`/api/users/${ids.bestallare}`)).json() as {
      lastName: string;
      roles: string[];
      memberships: { customerId: string }[];
      active: boolean;
    };
    expect(user).toMatchObject({ lastName: 'Ek-Lind', active: true });
    expect(user.roles.sort()).toEqual(['orderer', 'prescriber']);
    expect(user.memberships.map((m) => m.customerId)).toEqual([ids.norrvik20101]);
    expect((await bestallare.get('/api/me')).statusCode).toBe(401); // logs in again to get the new roles
    const [mail] = await mailsTo('bestallare@example.se');
    expect(mail!.subject).toBe('Behörighetsansökan beviljad: Bo Ek-Lind (ändrad behörighet)');

    expect((await admin.post(`/api/access-applications/${leaverId}/approve`, {})).statusCode).toBe(200);
    expect(((await admin.get(`/api/users/${ids.bestallare}`)).json() as { active: boolean }).active).toBe(false);
    const leaverMails = await mailsTo('maja.chef@norrvik.se');
    expect(leaverMails.at(-1)!.body).toContain('Kontot är inaktiverat');
  });

  it('refusing needs a reason, which the applicant, the user and the manager are told', async () => {
    at('2026-11-09T08:00:00Z');
    const stod = await login('anvandarstod');
    const admin = await login('admin');
    const app = (
      await stod.post('/api/access-applications', {
        kind: 'newUser',
        customerId: ids.norrvik20102,
        firstName: 'Per',
        lastName: 'Persson',
        email: 'per.persson@norrvik.se',
        roles: ['orderer'],
        manager,
      })
    ).json() as View;
    const noReason = await admin.post(`/api/access-applications/${app.id}/refuse`, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.issues).toEqual([{ path: 'body.reason', code: 'too_small', message: 'ange skälet till avslaget', params: { minimum: 1 } }]);
    await expect(
      refuseApplication(
        as(
          t.ctx(() => clock),
          'systemAdmin',
        ),
        app.id,
        { reason: '' },
      ),
    ).rejects.toMatchObject({ code: 'REFUSAL_REASON_REQUIRED' });
    expect((await admin.get(`/api/access-applications/${app.id}`)).json()).toMatchObject({ state: 'received' });

    const refused = await admin.post(`/api/access-applications/${app.id}/refuse`, { reason: 'Personen har ingen anställning hos kunden' });
    expect(refused.json()).toMatchObject({ state: 'refused', refusalReason: 'Personen har ingen anställning hos kunden' });
    for (const to of ['anvandarstod@example.se', 'per.persson@norrvik.se', 'maja.chef@norrvik.se']) {
      const mail = (await mailsTo(to)).at(-1)!;
      expect(mail.subject).toBe('Behörighetsansökan avslagen: Per Persson (ny användare)');
      expect(mail.body).toContain('Skäl: Personen har ingen anställning hos kunden');
    }
    expect((await t.database.query(`SELECT 1 FROM audit_log WHERE action = 'access-application.refuse' AND entity_id = $1`, [app.id])).length).toBe(1);
    expect((await t.database.query(`SELECT 1 FROM app_user WHERE email = 'per.persson@norrvik.se'`)).length).toBe(0);
  });

  it('an approval that fails (the username is taken) leaves nothing: no user, no decision, no mail', async () => {
    at('2026-11-10T08:00:00Z');
    const stod = await login('anvandarstod');
    const admin = await login('admin');
    const app = (
      await stod.post('/api/access-applications', {
        kind: 'newUser',
        customerId: ids.norrvik20101,
        firstName: 'Eva',
        lastName: 'Ek',
        email: 'eva.ek@norrvik.se',
        roles: ['orderer'],
        manager,
      })
    ).json() as View;
    const [users, mails, audits] = [await count('app_user'), await count('outgoing_mail'), await count('audit_log')];
    const res = await admin.post(`/api/access-applications/${app.id}/approve`, { username: 'forskrivare' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'USERNAME_TAKEN' });
    expect([await count('app_user'), await count('outgoing_mail'), await count('audit_log')]).toEqual([users, mails, audits]);
    expect((await admin.get(`/api/access-applications/${app.id}`)).json()).toMatchObject({ state: 'received' });
    // With a free name it goes through.
    expect((await admin.post(`/api/access-applications/${app.id}/approve`, { username: 'eva.ek.norrvik' })).json()).toMatchObject({ state: 'approved' });
  });
});

describe('bad input: clear Swedish messages, nothing stored', () => {
  const before = async () => [await count('access_application'), await count('audit_log')];

  it('a new-user application for a person who already has an account (same e-mail or HSA-id)', async () => {
    at('2026-11-11T08:00:00Z');
    const stod = await login('anvandarstod');
    const n = await before();
    const byEmail = await stod.post('/api/access-applications', {
      kind: 'newUser',
      customerId: ids.norrvik20101,
      firstName: 'Anna',
      lastName: 'Åberg',
      email: 'FORSKRIVARE@example.se',
      roles: ['prescriber'],
      manager,
    });
    expect(byEmail.statusCode).toBe(409);
    expect(byEmail.json().error).toMatchObject({
      code: 'USER_ALREADY_EXISTS',
      message: 'Personen har redan ett konto i Bistå. Ansök om en ändring av det kontot i stället för ett nytt.',
    });
    await t.database.exec(`UPDATE app_user SET hsa_id = 'SE2120009001-ABC1' WHERE username = 'forskrivare'`);
    const byHsa = await stod.post('/api/access-applications', {
      kind: 'newUser',
      customerId: ids.norrvik20101,
      firstName: 'Anna',
      lastName: 'Åberg',
      email: 'anna.privat@norrvik.se',
      hsaId: 'SE2120009001-ABC1',
      roles: ['prescriber'],
      manager,
    });
    expect(byHsa.json().error).toMatchObject({ code: 'USER_ALREADY_EXISTS' });
    expect(await before()).toEqual(n);
  });

  it("an application for a customer outside the applicant's care provider", async () => {
    const stod = await login('anvandarstod');
    const n = await before();
    const res = await stod.post('/api/access-applications', {
      kind: 'newUser',
      customerId: ids.region10102,
      firstName: 'Olle',
      lastName: 'Olsson',
      email: 'olle@region.se',
      roles: ['prescriber'],
      manager,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'CUSTOMER_OUTSIDE_CARE_PROVIDER',
      message: 'Arbetsplatsen (kunden) hör inte till din vårdgivare. Du kan bara ansöka om behörighet för arbetsplatser hos din egen vårdgivare.',
    });
    const move = await stod.post('/api/access-applications', { kind: 'change', userId: ids.bestallare, changes: { customerId: ids.region10102 }, manager });
    expect(move.json().error).toMatchObject({ code: 'CUSTOMER_OUTSIDE_CARE_PROVIDER' });
    const centreRole = await stod.post('/api/access-applications', {
      kind: 'newUser',
      customerId: ids.norrvik20101,
      firstName: 'Olle',
      lastName: 'Olsson',
      email: 'olle@norrvik.se',
      roles: ['systemAdmin'],
      manager,
    });
    expect(centreRole.statusCode).toBe(403);
    expect(await before()).toEqual(n);
  });

  it('an application with no manager, or a manager without e-mail or phone', async () => {
    const stod = await login('anvandarstod');
    const n = await before();
    const base = { kind: 'newUser', customerId: ids.norrvik20101, firstName: 'Olle', lastName: 'Olsson', email: 'olle@norrvik.se', roles: ['orderer'] };
    const none = await stod.post('/api/access-applications', base);
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'body.manager', message: 'ange ansvarig chef: namn, e-postadress och telefonnummer' }],
    });
    const noPhone = await stod.post('/api/access-applications', { ...base, manager: { name: 'Maja Chef', email: 'maja.chef@norrvik.se' } });
    expect(noPhone.json().error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'body.manager.phone', message: 'ange ansvarig chefs telefonnummer' }] });
    // The use case checks too, for callers that do not come through the route.
    const ctx: Ctx = as(
      t.ctx(() => clock),
      'systemAdmin',
    );
    expect(hasRole(ctx, 'systemAdmin')).toBe(true);
    const direct = submitApplication(ctx, { ...base, manager: { name: ' ', email: '', phone: '' } } as unknown as Parameters<typeof submitApplication>[1]);
    await expect(direct).rejects.toBeInstanceOf(AppError);
    await expect(direct).rejects.toMatchObject({ code: 'MANAGER_REQUIRED' });
    expect(await before()).toEqual(n);
  });
});

describe('registered within the target (the quality measure)', () => {
  it('per month of arrival: count and share registered within the target; late waiting ones count as missed', async () => {
    const t2 = await startTestApp({ now: () => clock });
    try {
      const adminId = (await t2.database.query<{ id: string }>(`SELECT id FROM app_user WHERE username = 'admin'`))[0]!.id;
      const ctxAt = (iso: string) => {
        at(iso);
        return as(
          t2.ctx(() => clock),
          'systemAdmin',
          adminId,
        );
      };
      const customerId = (await t2.database.query<{ id: string }>(`SELECT id FROM customer WHERE customer_number = '20101'`))[0]!.id;
      const apply = async (iso: string, n: number) =>
        (
          await submitApplication(ctxAt(iso), {
            kind: 'newUser',
            customerId,
            firstName: 'Test',
            lastName: `Person${n}`,
            email: `p${n}@norrvik.se`,
            roles: ['orderer'],
            manager,
          })
        ).id;
      const a = await apply('2026-11-02T09:00:00Z', 1);
      const b = await apply('2026-11-03T09:00:00Z', 2);
      await apply('2026-11-20T09:00:00Z', 3);
      await apply('2026-12-01T08:00:00Z', 4);
      const { approveApplication } = await import('./decide-application.ts');
      await approveApplication(ctxAt('2026-11-05T09:00:00Z'), a, {});
      await refuseApplication(ctxAt('2026-11-12T09:00:00Z'), b, { reason: 'Sent' });
      const months = await registrationWithinTarget(ctxAt('2026-12-01T12:00:00Z'), { from: '2026-10', to: '2026-12' });
      expect(months).toEqual([
        { month: '2026-10', received: 0, registered: 0, registeredWithinTarget: 0, pendingOverdue: 0, pendingWithinTarget: 0, shareWithinTarget: null },
        { month: '2026-11', received: 3, registered: 2, registeredWithinTarget: 1, pendingOverdue: 1, pendingWithinTarget: 0, shareWithinTarget: 1 / 3 },
        { month: '2026-12', received: 1, registered: 0, registeredWithinTarget: 0, pendingOverdue: 0, pendingWithinTarget: 1, shareWithinTarget: null },
      ]);
      await expect(registrationWithinTarget(as(t2.ctx(), 'prescriber'), { from: '2026-10', to: '2026-12' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await t2.close();
    }
  });
});
