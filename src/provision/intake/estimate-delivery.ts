import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { customerByNumber } from '../../administration/organisation/customer-by-number.ts';
import { articlesByNumber } from '../../catalogue/articles/articles-by-number.ts';
import { ContractRefused } from '../../contract/endpoints.ts';
import { deliveryEstimateRequest, type DeliveryEstimate, type DeliveryEstimateRequest, type EstimateLine } from '../../contract/estimate.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { computeLineDue, orderDueDate } from '../due-dates/compute-due-date.ts';
import { currentRuleSet, officeHoursOf } from '../rules/rule-set.ts';
import { availableInStock } from '../stock/availability.ts';

/**
 * The centre's answer to "what about this cart?" (src/contract/estimate.ts), by the rules intake uses for the
 * due date (due-dates/compute-due-date.ts) on the current rules version, with one addition intake does not
 * make: a stock item the centre has too few of is bought from the supplier, so it is given an order item's
 * time (17 working days by default) instead of the next weekly delivery day. Lines take from the stock in
 * their order (two lines of one article share it). An urgent order is quick only for what is in stock: an
 * order item cannot be bought within 24 hours, so such a line keeps the order item's time. Reads only;
 * nothing is reserved.
 */
export async function estimateDelivery(db: DbOrTx, request: DeliveryEstimateRequest, now: Date): Promise<DeliveryEstimate> {
  const parsed = deliveryEstimateRequest.safeParse(request);
  if (!parsed.success) throw new ContractRefused('INVALID', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const r = parsed.data;
  const [customer, articles, ruleSet] = await Promise.all([
    customerByNumber(db, r.customerNumber),
    articlesByNumber(
      db,
      r.lines.map((l) => l.articleNumber),
    ),
    currentRuleSet(db),
  ]);
  const known = [...articles.values()].filter((a) => !a.removed);
  const available = await availableInStock(db, known, stockholmDateTime(now).date);
  const left = new Map(available);
  const { rules } = ruleSet;

  const lines: EstimateLine[] = r.lines.map((l) => {
    const a = articles.get(l.articleNumber);
    if (!a || a.removed) return { articleNumber: l.articleNumber, stock: 'unknown', available: null, expectedDate: null };
    let stock: EstimateLine['stock'] = 'orderItem';
    let have: number | null = null;
    if (a.stockForm === 'stock') {
      have = left.get(a.id) ?? 0;
      stock = have >= l.quantity ? 'inStock' : 'notInStock';
      left.set(a.id, Math.max(0, have - l.quantity));
    }
    const fromStock = stock === 'inStock';
    const due = customer
      ? computeLineDue(
          {
            orderType: r.orderType,
            urgent: r.urgent && fromStock,
            stockForm: fromStock ? 'stock' : 'orderItem',
            receivedAt: now,
            deliveryWeekday: customer.deliveryWeekday,
          },
          rules.timeLimits,
          rules.workOrderTypes,
          officeHoursOf(rules),
        ).dueDate
      : null;
    return { articleNumber: l.articleNumber, stock, available: have, expectedDate: due };
  });
  return { lines, expectedDate: orderDueDate(lines.map((l) => ({ dueDate: l.expectedDate }))) };
}
