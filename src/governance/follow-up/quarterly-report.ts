import { z } from 'zod';
import { isoTitles } from '../../catalogue/iso/iso-tree.ts';
import { deviationKinds, faultCategories, faultCategoryLabels } from '../../contract/matrix.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { FOLLOW_UP_READERS, followUpFacts, type FollowUpFacts } from '../../provision/reports/follow-up-facts.ts';

/** The centre's quarterly follow-up (DOMAIN §8, issue 14 item 3), as data for the page, the PDF and the Excel file. */

export const quarterParam = z.string().regex(/^\d{4}-K[1-4]$/, 'ange kvartal som ÅÅÅÅ-Kn, t.ex. 2026-K4');
export const quarterlyQuery = z.strictObject({ quarter: quarterParam });

export const deviationKindLabels: Record<(typeof deviationKinds)[number], string> = {
  deviation: 'Avvikelse',
  complaint: 'Reklamation',
  negativeEvent: 'Negativ händelse',
  nearMiss: 'Tillbud',
};

const rate = z.number().nullable().describe('Per 1 000 levererade orderrader; null när inga rader levererades');
/** A code's name as the centre's rules give it (issue 15: the rules are data). */
const label = z.object({ sv: z.string(), en: z.string() });

export const quarterlyView = z.object({
  quarter: z.string(),
  previousQuarter: z.string(),
  from: z.string(),
  to: z.string(),
  deliveredLines: z.number().int(),
  previousDeliveredLines: z.number().int(),
  deviations: z.array(
    z.object({
      orderId: z.uuid(),
      centreOrderNumber: z.string(),
      receivedOn: z.string(),
      kind: z.enum(deviationKinds),
      occurredOn: z.string().nullable(),
      unitNumber: z.string().nullable(),
      articleNumber: z.string().nullable(),
      articleName: z.string().nullable(),
      customerName: z.string(),
      description: z.string(),
      status: z.enum(['open', 'closed']),
    }),
  ),
  deviationsByKind: z.array(z.object({ kind: z.enum(deviationKinds), label: label, count: z.number().int(), previous: z.number().int() })),
  faultReports: z.array(
    z.object({
      category: z.enum(faultCategories),
      label: label,
      count: z.number().int(),
      perThousandLines: rate,
      previousCount: z.number().int(),
      previousPerThousandLines: rate,
    }),
  ),
  faultReportsTotal: z.object({ count: z.number().int(), perThousandLines: rate, previousCount: z.number().int(), previousPerThousandLines: rate }),
  deliveryPrecision: z.object({
    withDueDate: z.number().int(),
    onTime: z.number().int(),
    /** Share delivered by the due date, 0–1; null is "no data". */
    share: z.number().nullable(),
    previousWithDueDate: z.number().int(),
    previousOnTime: z.number().int(),
    previousShare: z.number().nullable(),
  }),
  topProducts: z.array(
    z.object({
      rank: z.number().int(),
      isoCode: z.string(),
      titleSv: z.string().nullable(),
      titleEn: z.string().nullable(),
      lines: z.number().int(),
      quantity: z.number().int(),
    }),
  ),
});
export type QuarterlyReport = z.infer<typeof quarterlyView>;

/** '2026-K4' → its first and last day and the quarter before. */
export function quarterBounds(quarter: string) {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  const firstMonth = (q - 1) * 3 + 1;
  const lastDay = new Date(Date.UTC(year, firstMonth + 2, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  const previous = q === 1 ? `${year - 1}-K4` : `${year}-K${q - 1}`;
  return { from: `${year}-${pad(firstMonth)}-01`, to: `${year}-${pad(firstMonth + 2)}-${pad(lastDay)}`, previous };
}

const perThousand = (count: number, lines: number) => (lines > 0 ? (count * 1000) / lines : null);

export async function quarterlyReport(ctx: Ctx, q: z.infer<typeof quarterlyQuery>): Promise<QuarterlyReport> {
  requireRole(ctx, ...FOLLOW_UP_READERS);
  const now = quarterBounds(q.quarter);
  const prev = quarterBounds(now.previous);
  const [cur, before] = await Promise.all([followUpFacts(ctx, now), followUpFacts(ctx, prev)]);
  const top = cur.products.slice(0, 20);
  const titles = await isoTitles(
    ctx.db,
    top.map((p) => p.isoCode),
  );
  const prevFaults = new Map(before.faultReports.map((f) => [f.category, f.count]));
  const total = (f: FollowUpFacts) => f.faultReports.reduce((s, x) => s + x.count, 0);
  const share = (on: number, of: number) => (of > 0 ? on / of : null);
  return {
    quarter: q.quarter,
    previousQuarter: now.previous,
    from: now.from,
    to: now.to,
    deliveredLines: cur.deliveredLines,
    previousDeliveredLines: before.deliveredLines,
    deviations: cur.deviations,
    deviationsByKind: deviationKinds.map((kind) => ({
      kind,
      label: cur.labels.deviationKinds[kind] ?? { sv: deviationKindLabels[kind], en: kind },
      count: cur.deviations.filter((d) => d.kind === kind).length,
      previous: before.deviations.filter((d) => d.kind === kind).length,
    })),
    faultReports: cur.faultReports.map((f) => ({
      category: f.category,
      label: cur.labels.faultCategories[f.category] ?? faultCategoryLabels[f.category],
      count: f.count,
      perThousandLines: perThousand(f.count, cur.deliveredLines),
      previousCount: prevFaults.get(f.category) ?? 0,
      previousPerThousandLines: perThousand(prevFaults.get(f.category) ?? 0, before.deliveredLines),
    })),
    faultReportsTotal: {
      count: total(cur),
      perThousandLines: perThousand(total(cur), cur.deliveredLines),
      previousCount: total(before),
      previousPerThousandLines: perThousand(total(before), before.deliveredLines),
    },
    deliveryPrecision: {
      withDueDate: cur.withDueDate,
      onTime: cur.onTime,
      share: share(cur.onTime, cur.withDueDate),
      previousWithDueDate: before.withDueDate,
      previousOnTime: before.onTime,
      previousShare: share(before.onTime, before.withDueDate),
    },
    topProducts: top.map((p, i) => ({
      rank: i + 1,
      isoCode: p.isoCode,
      titleSv: titles.get(p.isoCode)?.sv ?? null,
      titleEn: titles.get(p.isoCode)?.en ?? null,
      lines: p.lines,
      quantity: p.quantity,
    })),
  };
}

export const faultCategoryLabel = (c: (typeof faultCategories)[number]) => faultCategoryLabels[c].sv;
