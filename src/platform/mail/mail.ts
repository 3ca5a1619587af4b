import { eq } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { outgoingMail } from '../db/platform-schema.ts';
import { enqueue, type JobHandler } from '../jobs/jobs.ts';

/**
 * E-mail as a component of the platform. A module that tells someone something calls `queueMail` with the
 * transaction of the change: the mail row and its outbox job commit with the change or not at all
 * (CONVENTIONS §6). After commit the worker runs `platform.send-mail`: with an SMTP server configured it hands
 * the mail over, and a server that is down only delays it (the job retries with backoff for about two days);
 * without one (the embedded default) the mail is kept for the "Utgående e-post" list.
 */
export const SEND_MAIL_JOB = 'platform.send-mail';

/** 2 s, 4 s … then hourly: 60 attempts cover a mail server that is down for more than two days. */
const MAIL_MAX_ATTEMPTS = 60;

export interface MailInput {
  to: string;
  subject: string;
  /** Plain text, Swedish first (the recipients are the region's staff). */
  body: string;
  /** Which change caused it, e.g. 'accessApplication.approve'. */
  reason: string;
  /** Files sent with it (a purchase order's PDF), kept with the mail until it is sent. */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Attachments are kept in the mail's row until the job sends it: a mail is small, and this keeps a few hundred kB at most. */
const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export async function queueMail(tx: DbOrTx, mail: MailInput): Promise<string> {
  const size = (mail.attachments ?? []).reduce((n, a) => n + a.content.length, 0);
  if (size > MAX_ATTACHMENT_BYTES) throw new Error(`mail attachments of ${size} bytes exceed ${MAX_ATTACHMENT_BYTES}`);
  const attachments = mail.attachments?.length
    ? mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: a.content.toString('base64') }))
    : null;
  const [row] = await tx
    .insert(outgoingMail)
    // A JavaScript timestamp (milliseconds), so the list's page cursor compares exactly.
    .values({ to: mail.to.trim(), subject: mail.subject, body: mail.body, reason: mail.reason, attachments, createdAt: new Date() })
    .returning({ id: outgoingMail.id });
  await enqueue(tx, SEND_MAIL_JOB, { mailId: row!.id }, { maxAttempts: MAIL_MAX_ATTEMPTS });
  return row!.id;
}

/** Several recipients of the same news each get their own mail (nobody sees the others' addresses); duplicates once. */
export async function queueMails(tx: DbOrTx, to: readonly (string | null | undefined)[], mail: Omit<MailInput, 'to'>): Promise<string[]> {
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const address of to) {
    const a = address?.trim();
    if (!a || seen.has(a.toLowerCase())) continue;
    seen.add(a.toLowerCase());
    ids.push(await queueMail(tx, { ...mail, to: a }));
  }
  return ids;
}

type Transport = ReturnType<typeof createTransport>;
const transports = new Map<string, Transport>();

function transportFor(url: string): Transport {
  let t = transports.get(url);
  if (!t) {
    // Short timeouts: a server that does not answer is a failed attempt, retried later by the job.
    t = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    transports.set(url, t);
  }
  return t;
}

/** The job handler: sends one queued mail, or keeps it when no SMTP server is configured. */
export function mailJobHandlers(database: Database, config: Config): Record<string, JobHandler> {
  return {
    [SEND_MAIL_JOB]: async (payload, { attempt }) => {
      const { mailId } = payload as { mailId: string };
      const [mail] = await database.db.select().from(outgoingMail).where(eq(outgoingMail.id, mailId));
      // Sent already (a worker that died after the server accepted it): never twice on our side.
      if (!mail || mail.state === 'sent') return;
      if (!config.mail.smtpUrl) {
        await database.db.update(outgoingMail).set({ state: 'kept' }).where(eq(outgoingMail.id, mailId));
        return;
      }
      let info: { messageId?: string };
      try {
        info = await transportFor(config.mail.smtpUrl).sendMail({
          from: config.mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.body,
          attachments: (mail.attachments ?? []).map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.contentBase64, 'base64'),
          })),
        });
      } catch (err) {
        // The job gives up after its last attempt; the list then says so (the attempts are in job_attempt).
        if (attempt >= MAIL_MAX_ATTEMPTS) await database.db.update(outgoingMail).set({ state: 'failed' }).where(eq(outgoingMail.id, mailId));
        throw err;
      }
      await database.db
        .update(outgoingMail)
        .set({ state: 'sent', sentAt: new Date(), messageId: String(info.messageId ?? '') || null })
        .where(eq(outgoingMail.id, mailId));
    },
  };
}
