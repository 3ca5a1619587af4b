import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { articlesForOrdering } from '../../catalogue/articles/articles-for-ordering.ts';
import { customerPrices } from '../../catalogue/articles/customer-prices.ts';
import { estimateStock, type DeliveryEstimate, type DeliveryEstimateRequest } from '../../contract/index.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireOrderingActor } from './scope.ts';
import { orderingOrder } from './schema.ts';

export const cartEstimateInput = z.strictObject({
  urgent: z.boolean().default(false),
  lines: z
    .array(
      z.strictObject({
        articleId: z.uuid(),
        quantity: z.int().min(1, 'antal ska vara minst 1').max(999, 'antal får vara högst 999'),
        separateOrder: z.boolean().default(false),
      }),
    )
    .max(100, 'högst 100 rader per beställning'),
});
export type CartEstimateInput = z.infer<typeof cartEstimateInput>;

const money = z.string().describe('kronor med två decimaler, 1234.50');

export const cartEstimate = z.object({
  lines: z.array(
    z.object({
      articleId: z.uuid(),
      articleNumber: z.string().nullable(),
      chargingForm: z.enum(['rent', 'sale', 'saleWithReturn']).nullable(),
      quantity: z.number(),
      /** The customer's price today: the monthly rent (rent) or the price (sale); null when the register has none. */
      unitPrice: money.nullable(),
      /** unitPrice × quantity. */
      amount: money.nullable(),
      stock: z.enum(estimateStock),
      available: z.number().nullable(),
      expectedDate: z.iso.date().nullable(),
      separateOrder: z.boolean(),
    }),
  ),
  totals: z.object({
    /** Rent per month of the rent lines. */
    rentPerMonth: money,
    /** What the sale lines cost, once. */
    oneOff: money,
    /** Lines without a price today (not in the sums). */
    withoutPrice: z.number(),
  }),
  /** The order's expected delivery date (the lines sent together); null when the centre cannot say. */
  expectedDate: z.iso.date().nullable(),
  /** The expected date of the order the prescriber chose to split off, if any. */
  separateExpectedDate: z.iso.date().nullable(),
  /**
   * Lines whose lead time alone moves the order's date: without them (sent on their own) the rest would come
   * on `from` instead of `to`. Indexes into `lines`.
   */
  delay: z.object({ lines: z.array(z.number()), from: z.iso.date(), to: z.iso.date() }).nullable(),
  /** Whether the centre answered (false: no stock or dates to show now). */
  centreAnswered: z.boolean(),
});
export type CartEstimate = z.infer<typeof cartEstimate>;

export interface EstimateDeps {
  estimateDelivery(request: DeliveryEstimateRequest): Promise<DeliveryEstimate | null>;
}

const ore = (amount: string) => Math.round(Number(amount) * 100);
const kronor = (ore: number) => (ore / 100).toFixed(2);

/**
 * What the cart of a draft tells (issue 16 item 5): per line and in total the rent per month or the price (the
 * article register's customer price today), and, from the centre through the contract, whether each line is in
 * stock and when the order would be delivered. The lines come from the form as it is now (the draft is saved a
 * moment later), so the cart answers as the prescriber types. Only the draft's author asks; nothing is
 * written and no patient data is read.
 */
export async function estimateCart(ctx: Ctx, deps: EstimateDeps, orderId: string, input: CartEstimateInput): Promise<CartEstimate> {
  const actor = requireOrderingActor(ctx);
  const [o] = await ctx.db
    .select({ orderType: orderingOrder.orderType, customerNumber: orderingOrder.customerNumber, status: orderingOrder.status })
    .from(orderingOrder)
    .where(and(eq(orderingOrder.id, orderId), eq(orderingOrder.createdBy, actor.userId)));
  if (!o) throw new AppError('NOT_FOUND', 'Beställningen finns inte');
  if (o.status !== 'draft') throw new AppError('CONFLICT', 'Beställningen är redan skickad');

  const ids = input.lines.map((l) => l.articleId);
  const today = stockholmDateTime(ctx.now()).date;
  const [articles, prices] = await Promise.all([articlesForOrdering(ctx.db, ids), customerPrices(ctx.db, ids, today)]);
  const visible = (id: string) => !!articles.get(id)?.published;

  // Only a customer order is delivered by the centre's lead times; the others' lines are already at the patient or the customer.
  const asked = o.orderType === 'customerOrder' ? input.lines.map((l, i) => ({ l, i })).filter(({ l }) => visible(l.articleId)) : [];
  const estimate = asked.length
    ? await deps.estimateDelivery({
        customerNumber: o.customerNumber,
        orderType: o.orderType,
        urgent: input.urgent,
        lines: asked.map(({ l }) => ({ articleNumber: articles.get(l.articleId)!.articleNumber, quantity: l.quantity })),
      })
    : null;
  const byIndex = new Map(asked.map(({ i }, k) => [i, estimate?.lines[k]]));

  let rent = 0;
  let oneOff = 0;
  let withoutPrice = 0;
  const lines = input.lines.map((l, i) => {
    const a = visible(l.articleId) ? articles.get(l.articleId)! : null;
    const unitPrice = a ? (prices.get(a.id) ?? null) : null;
    const amount = unitPrice === null ? null : ore(unitPrice) * l.quantity;
    if (amount === null) withoutPrice++;
    else if (a!.chargingForm === 'rent') rent += amount;
    else oneOff += amount;
    const e = byIndex.get(i);
    return {
      articleId: l.articleId,
      articleNumber: a?.articleNumber ?? null,
      chargingForm: a?.chargingForm ?? null,
      quantity: l.quantity,
      unitPrice,
      amount: amount === null ? null : kronor(amount),
      stock: e?.stock ?? ('unknown' as const),
      available: e?.available ?? null,
      expectedDate: e?.expectedDate ?? null,
      separateOrder: o.orderType === 'customerOrder' && l.separateOrder,
    };
  });

  const latest = (xs: typeof lines) => xs.reduce<string | null>((m, l) => (l.expectedDate && (!m || l.expectedDate > m) ? l.expectedDate : m), null);
  const together = lines.filter((l) => !l.separateOrder);
  const separate = lines.filter((l) => l.separateOrder);
  // When not every line would be split off, the separate order is real; otherwise it is just the order.
  const split = separate.length > 0 && together.length > 0;
  const expectedDate = latest(split ? together : lines);
  let delay: CartEstimate['delay'] = null;
  if (expectedDate) {
    const group = split ? together : lines;
    const late = group.filter((l) => l.expectedDate === expectedDate);
    const rest = latest(group.filter((l) => l.expectedDate !== expectedDate));
    if (rest && late.length < group.length) delay = { lines: late.map((l) => lines.indexOf(l)), from: rest, to: expectedDate };
  }
  return {
    lines,
    totals: { rentPerMonth: kronor(rent), oneOff: kronor(oneOff), withoutPrice },
    expectedDate,
    separateExpectedDate: split ? latest(separate) : null,
    delay,
    centreAnswered: estimate !== null || asked.length === 0,
  };
}
