import { sql } from 'drizzle-orm';
import { run } from '../db.ts';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { queueCloseNotices } from '../notices/close-notice.ts';
import { FINANCE } from '../roles.ts';
import { periodBounds } from './period.ts';

export const missingPrice = z.object({ kind: z.string(), articleNumber: z.string().nullable(), articleName: z.string().nullable(), lines: z.number() });
export type MissingPrice = z.infer<typeof missingPrice>;

/** What in a month has no price in force: by article (or service, for fees and hours), with the number of lines. */
export async function missingPrices(db: DbOrTx, period: string): Promise<MissingPrice[]> {
  const rows = (
    await run(
      db,
      sql`SELECT kind, article_number, article_name, count(*)::int AS lines FROM billing_line
      WHERE period = ${period} AND amount_ore IS NULL GROUP BY kind, article_number, article_name ORDER BY kind, article_number NULLS FIRST`,
    )
  ).rows as {
    kind: string;
    article_number: string | null;
    article_name: string | null;
    lines: number;
  }[];
  return rows.map((r) => ({ kind: r.kind, articleNumber: r.article_number, articleName: r.article_name, lines: Number(r.lines) }));
}

export const closeInput = z.strictObject({
  version: z.int().min(1).describe('Versionen förhandsgranskningen visade: en månad som räknats om sedan dess stängs inte'),
});
export const closeResult = z.object({
  period: z.string(),
  state: z.literal('closed'),
  closedAt: z.string(),
  closedBy: z.string(),
  lines: z.number(),
  total: z.number().describe('kronor'),
  notified: z.array(z.string()).describe('Kundnummer som fått besked om att underlaget är klart'),
  withoutContact: z.array(z.string()).describe('Kundnummer utan kontaktadress: inget besked skickat'),
});

/**
 * "Close month" (stäng månad): the draft as previewed becomes final, in one UPDATE (a crash leaves it
 * open or closed, never half). From then on the database refuses any change to its lines (migration
 * 0010). Refused: a month with a line that has no price (the list says what lacks one); a month recomputed
 * since the preview (version); a month someone else closed — two closing at once: the row lock makes one
 * wait, and it is told who closed it.
 */
export async function closeMonth(
  ctx: Ctx,
  period: string,
  input: z.infer<typeof closeInput>,
  hooks: { at?: (point: 'closed' | 'noticed') => void | Promise<void> } = {},
) {
  const actor = requireRole(ctx, ...FINANCE);
  periodBounds(period);
  return ctx.db.transaction(async (tx) => {
    const [p] = (await run(tx, sql`SELECT state, version, closed_by, closed_at, computed_at FROM billing_period WHERE period = ${period} FOR UPDATE`)).rows as {
      state: string;
      version: number;
      closed_by: string | null;
      closed_at: string | Date | null;
      computed_at: string | null;
    }[];
    if (!p) throw new AppError('NOT_FOUND', `Månaden ${period} har inte körts; förhandsgranska den först`);
    if (p.state === 'closed')
      throw new AppError('CONFLICT', `Månaden ${period} är redan stängd (av ${p.closed_by}).`, { reason: 'periodClosed', period, closedBy: p.closed_by });
    if (p.version !== input.version)
      throw new AppError('CONFLICT', `Månaden ${period} har räknats om sedan du förhandsgranskade den. Granska den igen innan du stänger.`, {
        reason: 'stale',
        currentVersion: p.version,
      });
    const missing = await missingPrices(tx, period);
    if (missing.length) {
      const what = missing.map((m) => (m.articleNumber ? `${m.articleNumber} ${m.articleName ?? ''}`.trim() : m.kind)).join(', ');
      throw new AppError('CONFLICT', `Månaden kan inte stängas: pris saknas för ${what}`, { reason: 'pricesMissing', missing });
    }
    const now = ctx.now();
    const updated = (
      await run(
        tx,
        sql`UPDATE billing_period SET state = 'closed', closed_at = ${now}, closed_by = ${actor.username}, version = version + 1
      WHERE period = ${period} AND state = 'draft' AND version = ${input.version} RETURNING period`,
      )
    ).rows;
    if (updated.length !== 1) throw new AppError('CONFLICT', `Månaden ${period} stängdes just av någon annan.`, { reason: 'periodClosed', period });
    // For the crash test (close-crash.test.ts): a process killed here, inside the transaction, leaves the month open.
    await hooks.at?.('closed');
    const [t] = (await run(tx, sql`SELECT count(*)::int AS lines, coalesce(sum(amount_ore), 0)::bigint AS total FROM billing_line WHERE period = ${period}`))
      .rows as { lines: number; total: string }[];
    const notices = await queueCloseNotices(tx, period);
    await hooks.at?.('noticed');
    await audit(tx, ctx, {
      action: 'billing.month.close',
      entityType: 'billing_period',
      entityId: period,
      details: { lines: Number(t!.lines), totalOre: Number(t!.total), notified: notices.notified.length, withoutContact: notices.withoutContact.length },
    });
    return {
      period,
      state: 'closed' as const,
      closedAt: now.toISOString(),
      closedBy: actor.username,
      lines: Number(t!.lines),
      total: Number(t!.total) / 100,
      ...notices,
    };
  });
}
