import { sql } from 'drizzle-orm';
import { run } from '../db.ts';
import { z } from 'zod';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { FINANCE } from '../roles.ts';
import { missingPrice, missingPrices } from './close-month.ts';
import { periodBounds } from './period.ts';

export const periodParam = z.strictObject({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'ange ÅÅÅÅ-MM') });

export const monthView = z.object({
  period: z.string(),
  state: z.enum(['draft', 'closed']),
  version: z.int(),
  proration: z.enum(['day', 'month']),
  computedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  lines: z.number(),
  total: z.number().describe('kronor; summan av alla rader'),
  customers: z.array(z.object({ customerNumber: z.string(), lines: z.number(), total: z.number(), linesWithoutPrice: z.number() })),
  missingPrices: z.array(missingPrice),
});
export type MonthView = z.infer<typeof monthView>;

const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : String(v));

/** A month's basis at a glance: totals per customer number and what lacks a price. */
export async function getMonth(ctx: Ctx, period: string): Promise<MonthView> {
  requireRole(ctx, ...FINANCE);
  periodBounds(period);
  const [p] = (await run(ctx.db, sql`SELECT * FROM billing_period WHERE period = ${period}`)).rows as Record<string, unknown>[];
  if (!p) throw new AppError('NOT_FOUND', `Månaden ${period} har inte körts`);
  const customers = (
    await run(
      ctx.db,
      sql`SELECT customer_number, count(*)::int AS lines, coalesce(sum(amount_ore), 0)::bigint AS total, count(*) FILTER (WHERE amount_ore IS NULL)::int AS missing
      FROM billing_line WHERE period = ${period} GROUP BY customer_number ORDER BY customer_number`,
    )
  ).rows as { customer_number: string; lines: number; total: string; missing: number }[];
  return {
    period,
    state: p.state as 'draft' | 'closed',
    version: Number(p.version),
    proration: p.proration as 'day' | 'month',
    computedAt: iso(p.computed_at),
    closedAt: iso(p.closed_at),
    closedBy: (p.closed_by as string | null) ?? null,
    lines: customers.reduce((s, c) => s + Number(c.lines), 0),
    total: customers.reduce((s, c) => s + Number(c.total), 0) / 100,
    customers: customers.map((c) => ({
      customerNumber: c.customer_number,
      lines: Number(c.lines),
      total: Number(c.total) / 100,
      linesWithoutPrice: Number(c.missing),
    })),
    missingPrices: await missingPrices(ctx.db, period),
  };
}

/** Preview = run the draft again and show it (a closed month is only shown). */
export async function listMonths(ctx: Ctx) {
  requireRole(ctx, ...FINANCE);
  const rows = (await run(ctx.db, sql`SELECT period, state, version, closed_at FROM billing_period ORDER BY period DESC`)).rows as Record<string, unknown>[];
  return rows.map((r) => ({ period: String(r.period), state: r.state as 'draft' | 'closed', version: Number(r.version), closedAt: iso(r.closed_at) }));
}
