import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { requireRole, type Ctx } from '../context.ts';
import { outgoingMail } from '../db/platform-schema.ts';
import { AppError } from '../errors.ts';
import { SYSTEM_ADMIN } from '../auth/access.ts';

export const mailStates = ['queued', 'sent', 'kept', 'failed'] as const;

export const outgoingMailQuery = z.strictObject({
  state: z.enum(mailStates).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The previous page's `nextCursor`. */
  cursor: z.string().max(100).optional(),
});

export const outgoingMailView = z.object({
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  reason: z.string(),
  state: z.enum(mailStates),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

export const outgoingMailPage = z.object({ items: z.array(outgoingMailView), nextCursor: z.string().nullable() });
export type OutgoingMailPage = z.infer<typeof outgoingMailPage>;

/**
 * "Utgående e-post": every mail the system has queued, newest first, for system administration. Without an SMTP
 * server this is where the mails are read (state 'kept'); with one it shows what was sent and what is waiting.
 * A mail whose sending failed for good still has its job's attempts in `job_attempt`.
 */
export async function listOutgoingMail(ctx: Ctx, q: z.infer<typeof outgoingMailQuery>): Promise<OutgoingMailPage> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  const where: SQL[] = [];
  if (q.state) where.push(eq(outgoingMail.state, q.state));
  if (q.cursor) {
    const [at, id] = q.cursor.split('|');
    const t = new Date(at ?? '');
    if (Number.isNaN(t.getTime()) || !id || !z.uuid().safeParse(id).success) throw new AppError('BAD_REQUEST', 'Ogiltig sidmarkör');
    where.push(or(lt(outgoingMail.createdAt, t), and(eq(outgoingMail.createdAt, t), lt(outgoingMail.id, id)))!);
  }
  const rows = await ctx.db
    .select({
      id: outgoingMail.id,
      to: outgoingMail.to,
      subject: outgoingMail.subject,
      body: outgoingMail.body,
      reason: outgoingMail.reason,
      state: outgoingMail.state,
      createdAt: outgoingMail.createdAt,
      sentAt: outgoingMail.sentAt,
    })
    .from(outgoingMail)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(outgoingMail.createdAt), desc(outgoingMail.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null };
}
