import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { Worker } from '../../platform/jobs/jobs.ts';
import { createLogger } from '../../platform/logger.ts';
import { mailJobHandlers } from '../../platform/mail/mail.ts';
import { startSmtp, subjectOf, textOf } from '../../platform/testing/smtp.ts';

/** The whole way: an approval's mails leave through the outbox and arrive at a real SMTP server, in Swedish. */
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startTestApp({ config: { mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Bistå <noreply@bista.test>' } } });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('access application mails over SMTP', () => {
  it('the applicant, the new user and the manager each receive the approval, once, after commit', async () => {
    const [c] = await t.database.query<{ id: string }>(`SELECT id FROM customer WHERE customer_number = '20102'`);
    const stod = await t.login('anvandarstod');
    const app = (
      await stod.post('/api/access-applications', {
        kind: 'newUser',
        customerId: c!.id,
        firstName: 'Göran',
        lastName: 'Älv',
        email: 'goran.alv@norrvik.se',
        roles: ['orderer'],
        manager: { name: 'Maja Chef', email: 'maja.chef@norrvik.se', phone: '0611-123 45' },
      })
    ).json() as { id: string };
    const admin = await t.login('admin');
    expect((await admin.post(`/api/access-applications/${app.id}/approve`, {})).statusCode).toBe(200);
    expect(smtp.received).toEqual([]); // nothing leaves before the worker runs

    const worker = new Worker({ database: t.database, log: createLogger('silent'), handlers: mailJobHandlers(t.database, t.config) });
    expect(await worker.runDue()).toBe(3);
    expect(await worker.runDue()).toBe(0);
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual(['anvandarstod@example.se', 'goran.alv@norrvik.se', 'maja.chef@norrvik.se']);
    for (const r of smtp.received) {
      expect(subjectOf(r.raw)).toBe('Behörighetsansökan beviljad: Göran Älv (ny användare)');
      const body = textOf(r.raw);
      expect(body).toContain('Ansökan om ny användare i Bistå för Göran Älv, Särskilt boende Solgården');
      expect(body).toContain('Användarnamn: goran.alv');
      expect(body).toContain('Roller: beställare');
      expect(body).toContain('Ansvarig chef: Maja Chef');
    }
    const states = await t.database.query<{ state: string }>(`SELECT state FROM outgoing_mail`);
    expect(states.map((s) => s.state)).toEqual(['sent', 'sent', 'sent']);
  });
});
