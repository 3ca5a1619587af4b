import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { basisScope } from '../basis/download.ts';
import { MONEY_FORMAT } from '../basis/xlsx.ts';
import { run } from '../db.ts';
import { PERIOD_RE } from '../runs/period.ts';

/**
 * Cost statistics for customers (issue 12 item 8): the closed bases' amounts per customer number, month and
 * ISO class (the first level of ISO 9999, the code's first two digits; lines without an ISO code, such as
 * fees, have none). Finance sees every customer number; a customer's own users only theirs (the same scope
 * as the bases). Only closed months count: a draft can still change.
 */
const month = z.string().regex(PERIOD_RE, 'ange ÅÅÅÅ-MM');
export const statisticsQuery = z.strictObject({ from: month, to: month, customerNumber: z.string().trim().min(1).max(40).optional() });
export const statisticsRow = z.object({
  customerNumber: z.string(),
  period: z.string(),
  isoClass: z.string().nullable(),
  lines: z.number(),
  amount: z.number().describe('kronor'),
});
export const costStatistics = z.object({ from: z.string(), to: z.string(), total: z.number(), rows: z.array(statisticsRow) });
export type CostStatistics = z.infer<typeof costStatistics>;

export async function getCostStatistics(ctx: Ctx, q: z.infer<typeof statisticsQuery>): Promise<CostStatistics> {
  if (q.to < q.from)
    throw new AppError('VALIDATION', 'Periodens slut är före dess början', {
      issues: [{ path: 'querystring.to', code: 'before_start', message: 'kan inte vara före från-månaden' }],
    });
  const s = await basisScope(ctx, ctx.db);
  const numbers = s.all ? null : q.customerNumber ? s.customerNumbers.filter((c) => c === q.customerNumber) : s.customerNumbers;
  if (numbers && !numbers.length) return { from: q.from, to: q.to, total: 0, rows: [] };
  const rows = (
    await run(
      ctx.db,
      sql`SELECT l.customer_number, l.period, substr(l.iso_code, 1, 2) AS iso_class, count(*)::int AS lines, coalesce(sum(l.amount_ore), 0)::bigint AS total
      FROM billing_line l JOIN billing_period p ON p.period = l.period
      WHERE p.state = 'closed' AND l.period BETWEEN ${q.from} AND ${q.to}
        ${
          numbers
            ? sql`AND l.customer_number IN (${sql.join(
                numbers.map((c) => sql`${c}`),
                sql`, `,
              )})`
            : q.customerNumber
              ? sql`AND l.customer_number = ${q.customerNumber}`
              : sql``
        }
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 NULLS LAST`,
    )
  ).rows as { customer_number: string; period: string; iso_class: string | null; lines: number; total: string }[];
  const out = rows.map((r) => ({
    customerNumber: r.customer_number,
    period: r.period,
    isoClass: r.iso_class,
    lines: Number(r.lines),
    amount: Number(r.total) / 100,
  }));
  return { from: q.from, to: q.to, total: rows.reduce((t, r) => t + Number(r.total), 0) / 100, rows: out };
}

/** The same rows as a workbook (number cells, a total row). */
export async function costStatisticsWorkbook(ctx: Ctx, q: z.infer<typeof statisticsQuery>) {
  const s = await getCostStatistics(ctx, q);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bistå';
  const ws = wb.addWorksheet('Kostnadsstatistik', { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.columns = [{ width: 14 }, { width: 10 }, { width: 10 }, { width: 8 }, { width: 16, style: { numFmt: MONEY_FORMAT } }];
  ws.addRow([`Kostnadsstatistik ${q.from}–${q.to} (stängda månader)`]);
  ws.addRow([]);
  const head = ws.addRow(['Kundnummer', 'Månad', 'ISO-klass', 'Rader', 'Belopp']);
  head.font = { bold: true };
  for (const r of s.rows) ws.addRow([r.customerNumber, r.period, r.isoClass ?? 'Utan ISO-kod', r.lines, r.amount]);
  const last = 3 + s.rows.length;
  const sum = ws.addRow(['Summa', null, null, s.rows.reduce((n, r) => n + r.lines, 0), { formula: `SUM(E4:E${last})`, result: s.total }]);
  sum.font = { bold: true };
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: 5 } };
  await audit(ctx.db, ctx, {
    action: 'billing.statistics.export',
    entityType: 'billing_statistics',
    entityId: `${q.from}:${q.to}`,
    details: { ...q, rows: s.rows.length },
  });
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `kostnadsstatistik-${q.from}-${q.to}.xlsx` };
}
