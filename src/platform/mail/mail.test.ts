import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { testConfig } from '../config.ts';
import { outgoingMail } from '../db/platform-schema.ts';
import { Worker } from '../jobs/jobs.ts';
import { createLogger } from '../logger.ts';
import { mailJobHandlers, queueMail, queueMails, SEND_MAIL_JOB } from './mail.ts';
import { attachmentsOf, freePort, startSmtp, subjectOf, textOf } from '../testing/smtp.ts';

const log = createLogger('silent');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.database.exec('DELETE FROM outgoing_mail; DELETE FROM job');
});

const mailRows = () => t.database.db.select().from(outgoingMail);

describe('e-mail through the outbox', () => {
  it('a mail queued in a transaction that rolls back is never sent nor kept', async () => {
    await t.database.db
      .transaction(async (tx) => {
        await queueMail(tx, { to: 'chef@norrvik.se', subject: 'Ska inte skickas', body: 'Nej', reason: 'test' });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    expect(await mailRows()).toEqual([]);
    expect(await t.database.query('SELECT * FROM job')).toEqual([]);
  });

  it('with an SMTP server configured the mail arrives there after commit, in Swedish, once', async () => {
    const smtp = await startSmtp();
    try {
      const config = testConfig({ mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Bistå <noreply@bista.test>' } });
      await t.database.db.transaction((tx) =>
        queueMail(tx, {
          to: 'anna.chef@norrvik.se',
          subject: 'Behörighet beviljad för Åsa Öberg',
          body: 'Hej!\nÅsa Öberg kan nu logga in i Bistå.',
          reason: 'test',
        }),
      );
      const worker = new Worker({ database: t.database, log, handlers: mailJobHandlers(t.database, config) });
      expect(await worker.runDue()).toBe(1);
      expect(await worker.runDue()).toBe(0);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual(['anna.chef@norrvik.se']);
      expect(smtp.received[0]!.from).toBe('noreply@bista.test');
      expect(subjectOf(smtp.received[0]!.raw)).toBe('Behörighet beviljad för Åsa Öberg');
      expect(textOf(smtp.received[0]!.raw)).toContain('Åsa Öberg kan nu logga in i Bistå.');
      const [row] = await mailRows();
      expect(row).toMatchObject({ state: 'sent', to: 'anna.chef@norrvik.se' });
      expect(row!.sentAt).toBeInstanceOf(Date);
    } finally {
      await smtp.close();
    }
  });

  it('a mail with an attachment (a purchase order’s PDF) arrives with the file as it was queued', async () => {
    const smtp = await startSmtp();
    try {
      const config = testConfig({ mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'noreply@bista.test' } });
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 7), Buffer.from('\n%%EOF')]);
      await t.database.db.transaction((tx) =>
        queueMail(tx, {
          to: 'order@leverantor.example',
          subject: 'Inköpsorder IO-1001 från Hjälpmedelscentralen',
          body: 'Inköpsordern finns som PDF i bilagan.',
          reason: 'test',
          attachments: [{ filename: 'inkopsorder-IO-1001.pdf', contentType: 'application/pdf', content: pdf }],
        }),
      );
      const worker = new Worker({ database: t.database, log, handlers: mailJobHandlers(t.database, config) });
      expect(await worker.runDue()).toBe(1);
      const files = attachmentsOf(smtp.received[0]!.raw);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatchObject({ filename: 'inkopsorder-IO-1001.pdf', contentType: 'application/pdf' });
      expect(files[0]!.content.equals(pdf)).toBe(true);
    } finally {
      await smtp.close();
    }
  });

  it('a mail server that is down delays the mail: it arrives once when the server is up again, and every attempt is recorded', async () => {
    const port = await freePort();
    const config = testConfig({ mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'noreply@bista.test' } });
    await t.database.db.transaction((tx) =>
      queueMail(tx, { to: 'lokalt.stod@norrvik.se', subject: 'Ansökan mottagen', body: 'Ansökan är registrerad.', reason: 'test' }),
    );
    let clock = new Date();
    const worker = new Worker({ database: t.database, log, handlers: mailJobHandlers(t.database, config), now: () => clock });
    await worker.runDue(); // nobody listens: the attempt fails
    const [afterFailure] = await t.database.query<{ state: string; attempts: number; last_error: string }>('SELECT state, attempts, last_error FROM job');
    expect(afterFailure).toMatchObject({ state: 'pending', attempts: 1 });
    expect(afterFailure!.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect((await mailRows())[0]!.state).toBe('queued');

    const smtp = await startSmtp(port);
    try {
      expect(await worker.runDue()).toBe(0); // not due yet: the backoff holds it
      clock = new Date(clock.getTime() + 3_600_000);
      expect(await worker.runDue()).toBe(1);
      clock = new Date(clock.getTime() + 3_600_000);
      expect(await worker.runDue()).toBe(0);
      expect(smtp.received.map((r) => r.to)).toEqual([['lokalt.stod@norrvik.se']]);
      expect((await mailRows())[0]!.state).toBe('sent');
      const attempts = await t.database.query<{ attempt: number; ok: boolean }>('SELECT attempt, ok FROM job_attempt ORDER BY attempt');
      expect(attempts).toEqual([
        { attempt: 1, ok: false },
        { attempt: 2, ok: true },
      ]);
    } finally {
      await smtp.close();
    }
  });

  it('a mail already sent is not sent again when its job runs twice (a worker that died after the hand-over)', async () => {
    const smtp = await startSmtp();
    try {
      const config = testConfig({ mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'noreply@bista.test' } });
      const mailId = await t.database.db.transaction((tx) => queueMail(tx, { to: 'a@norrvik.se', subject: 'En gång', body: 'Bara en gång.', reason: 'test' }));
      const send = mailJobHandlers(t.database, config)[SEND_MAIL_JOB]!;
      await send({ mailId }, { jobId: 0, attempt: 1 });
      await send({ mailId }, { jobId: 0, attempt: 2 });
      expect(smtp.received).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  it('without SMTP (the embedded default) the mails are kept, and system administration reads them in "Utgående e-post", newest first, page by page', async () => {
    expect(t.config.mail.smtpUrl).toBeUndefined();
    await t.database.db.transaction((tx) =>
      queueMails(tx, ['chef@norrvik.se', 'CHEF@norrvik.se', null, 'ny.anvandare@norrvik.se', 'stod@norrvik.se'], {
        subject: 'Behörighetsansökan beviljad',
        body: 'Ansökan om behörighet för Åsa Öberg är beviljad.',
        reason: 'accessApplication.approve',
      }),
    );
    await new Worker({ database: t.database, log, handlers: mailJobHandlers(t.database, t.config) }).runDue();
    const rows = await mailRows();
    expect(rows.map((r) => r.to).sort()).toEqual(['chef@norrvik.se', 'ny.anvandare@norrvik.se', 'stod@norrvik.se']);
    expect(rows.every((r) => r.state === 'kept')).toBe(true);

    const admin = await t.login('admin');
    const first = await admin.get('/api/admin/outgoing-mail?limit=2');
    expect(first.statusCode).toBe(200);
    const p1 = first.json() as { items: { to: string; subject: string; body: string; state: string }[]; nextCursor: string | null };
    expect(p1.items).toHaveLength(2);
    expect(p1.items[0]).toMatchObject({ subject: 'Behörighetsansökan beviljad', state: 'kept', body: 'Ansökan om behörighet för Åsa Öberg är beviljad.' });
    expect(p1.nextCursor).not.toBeNull();
    const p2 = (await admin.get(`/api/admin/outgoing-mail?limit=2&cursor=${encodeURIComponent(p1.nextCursor!)}`)).json() as typeof p1;
    expect(p2.items).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    expect([...p1.items, ...p2.items].map((m) => m.to).sort()).toEqual(rows.map((r) => r.to).sort());

    const kept = (await admin.get('/api/admin/outgoing-mail?state=sent')).json() as typeof p1;
    expect(kept.items).toEqual([]);
    const other = await t.login('forskrivare');
    expect((await other.get('/api/admin/outgoing-mail')).statusCode).toBe(403);
  });
});
