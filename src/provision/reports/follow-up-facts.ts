import { z } from 'zod';
import { articlesByNumber } from '../../catalogue/articles/articles-by-number.ts';
import { deviationKinds, faultCategories } from '../../contract/matrix.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { currentRuleSet } from '../rules/rule-set.ts';

/**
 * Who reads the centre's follow-up figures: system administration and the function coordinator, who follows up
 * quality and presents it to the centre's management (which has no role of its own in Bistå).
 */
export const FOLLOW_UP_READERS = ['systemAdmin', 'functionCoordinator'] as const;

export const followUpPeriod = z.strictObject({ from: z.iso.date(), to: z.iso.date() });

export interface FollowUpDeviation {
  orderId: string;
  centreOrderNumber: string;
  /** Stockholm date the centre received the report. */
  receivedOn: string;
  kind: (typeof deviationKinds)[number];
  occurredOn: string | null;
  unitNumber: string | null;
  articleNumber: string | null;
  /** The article's name: the unit's article, else the named article's; null when neither is known. */
  articleName: string | null;
  customerName: string;
  description: string;
  status: 'open' | 'closed';
}

export interface FollowUpFacts {
  deviations: FollowUpDeviation[];
  faultReports: { category: (typeof faultCategories)[number]; count: number }[];
  /** Order lines fully delivered in the period (by their delivery day). */
  deliveredLines: number;
  /** Of those, lines that had a due date, and lines delivered on or before it. */
  withDueDate: number;
  onTime: number;
  /** Delivered quantity and lines per six-digit ISO code (division), most delivered first. */
  products: { isoCode: string; lines: number; quantity: number }[];
  /** The names of the fault categories and deviation kinds as the centre's rules give them now (issue 15). */
  labels: { faultCategories: Record<string, { sv: string; en: string }>; deviationKinds: Record<string, { sv: string; en: string }> };
}

const stockholmDate = (col: string) => `(${col} AT TIME ZONE 'Europe/Stockholm')::date`;
const deliveredOn = `coalesce((e.data->>'deliveredOn')::date, ${stockholmDate('e.at')})`;

/**
 * The provision side's facts for the centre's follow-up (DOMAIN §8) between two dates inclusive, Swedish days:
 * medical-device incidents (deviations, with the unit or article they concern), fault reports per category, the
 * order lines delivered and how many by their due date, and the delivered products per six-digit ISO code.
 * A line counts as delivered on the day of the delivery that completed it (a partly delivered line is not yet).
 */
export async function followUpFacts(ctx: Ctx, period: z.infer<typeof followUpPeriod>): Promise<FollowUpFacts> {
  requireRole(ctx, ...FOLLOW_UP_READERS);
  const { from, to } = period;
  const [deviationRows, faultRows, deliveryRows, productRows] = await Promise.all([
    ctx.database.query<{
      id: string;
      centre_order_number: string;
      received_on: string;
      details: {
        deviation?: {
          kind: FollowUpDeviation['kind'];
          description: string;
          occurredOn?: string | null;
          unitNumber?: string | null;
          articleNumber?: string | null;
        };
      };
      customer_name: string;
      case_status: 'open' | 'closed' | null;
      unit_article_name: string | null;
    }>(
      `SELECT o.id, o.centre_order_number, ${stockholmDate('o.received_at')}::text AS received_on, o.details, o.customer_name,
              c.status AS case_status, u.article_name AS unit_article_name
         FROM provision_order o
         LEFT JOIN provision_case c ON c.order_id = o.id
         LEFT JOIN provision_unit u ON u.unit_number = o.details->'deviation'->>'unitNumber'
        WHERE o.order_type = 'deviation' AND ${stockholmDate('o.received_at')} BETWEEN $1::date AND $2::date
        ORDER BY o.received_at, o.seq`,
      [from, to],
    ),
    ctx.database.query<{ category: string; n: number | string }>(
      `SELECT o.details->'faultReport'->>'category' AS category, count(*) AS n
         FROM provision_order o
        WHERE o.order_type = 'faultReport' AND ${stockholmDate('o.received_at')} BETWEEN $1::date AND $2::date
        GROUP BY 1`,
      [from, to],
    ),
    ctx.database.query<{ delivered: number | string; with_due: number | string; on_time: number | string }>(
      `SELECT count(*) AS delivered, count(l.due_date) AS with_due, count(*) FILTER (WHERE ${deliveredOn} <= l.due_date) AS on_time
         FROM provision_order_event e
         JOIN provision_order_line l ON l.id = e.line_id
        WHERE e.type = 'delivered' AND e.to_state = 'delivered' AND ${deliveredOn} BETWEEN $1::date AND $2::date`,
      [from, to],
    ),
    ctx.database.query<{ iso_code: string; lines: number | string; quantity: number | string }>(
      `SELECT l.iso_code, count(*) AS lines, sum(l.quantity) AS quantity
         FROM provision_order_event e
         JOIN provision_order_line l ON l.id = e.line_id
        WHERE e.type = 'delivered' AND e.to_state = 'delivered' AND ${deliveredOn} BETWEEN $1::date AND $2::date
          AND l.iso_code ~ '^[0-9]{2} [0-9]{2} [0-9]{2}$'
        GROUP BY l.iso_code
        ORDER BY sum(l.quantity) DESC, count(*) DESC, l.iso_code`,
      [from, to],
    ),
  ]);

  const named = [...new Set(deviationRows.flatMap((r) => (r.details.deviation?.articleNumber ? [r.details.deviation.articleNumber] : [])))];
  const articles = await articlesByNumber(ctx.db, named);
  const deviations = deviationRows.map((r): FollowUpDeviation => {
    const d = r.details.deviation!;
    return {
      orderId: r.id,
      centreOrderNumber: r.centre_order_number,
      receivedOn: r.received_on,
      kind: d.kind,
      occurredOn: d.occurredOn ?? null,
      unitNumber: d.unitNumber ?? null,
      articleNumber: d.articleNumber ?? null,
      articleName: r.unit_article_name ?? (d.articleNumber ? (articles.get(d.articleNumber)?.name ?? null) : null),
      customerName: r.customer_name,
      description: d.description,
      status: r.case_status ?? 'open',
    };
  });
  const faults = new Map(faultRows.map((r) => [r.category, Number(r.n)]));
  const d = deliveryRows[0];
  const { rules } = await currentRuleSet(ctx.db);
  const labelled = (list: { code: string; sv: string; en: string }[]) => Object.fromEntries(list.map((c) => [c.code, { sv: c.sv, en: c.en }]));
  return {
    labels: { faultCategories: labelled(rules.faultCategories), deviationKinds: labelled(rules.deviationKinds) },
    deviations,
    faultReports: faultCategories.map((category) => ({ category, count: faults.get(category) ?? 0 })),
    deliveredLines: Number(d?.delivered ?? 0),
    withDueDate: Number(d?.with_due ?? 0),
    onTime: Number(d?.on_time ?? 0),
    products: productRows.map((r) => ({ isoCode: r.iso_code, lines: Number(r.lines), quantity: Number(r.quantity) })),
  };
}
