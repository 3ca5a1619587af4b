import { desc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { inTurn } from '../../platform/db/in-turn.ts';
import { orderingOrder, orderingOrderEvent, orderingOrderLine } from './schema.ts';

type OrderRow = typeof orderingOrder.$inferSelect;

/**
 * The rows of an order list ("my orders", the patient page): each order with a one-line summary of its lines
 * ("Rullstol Älva + 2", or the work-order type) and its latest event. Two queries for the whole page.
 */
export async function orderListItems(tx: DbOrTx, orders: readonly OrderRow[], patientNameOf: (o: OrderRow) => string | null = () => null) {
  const ids = orders.map((o) => o.id);
  const [lines, events] = ids.length
    ? await inTurn([
        tx
          .select({ orderId: orderingOrderLine.orderId, articleName: orderingOrderLine.articleName, unitNumber: orderingOrderLine.unitNumber })
          .from(orderingOrderLine)
          .where(inArray(orderingOrderLine.orderId, ids))
          .orderBy(orderingOrderLine.lineNumber),
        tx
          .selectDistinctOn([orderingOrderEvent.orderId], {
            orderId: orderingOrderEvent.orderId,
            type: orderingOrderEvent.type,
            at: orderingOrderEvent.occurredAt,
          })
          .from(orderingOrderEvent)
          .where(inArray(orderingOrderEvent.orderId, ids))
          .orderBy(orderingOrderEvent.orderId, desc(orderingOrderEvent.occurredAt), desc(orderingOrderEvent.sequence)),
      ])
    : [[], []];
  const linesBy = new Map<string, typeof lines>();
  for (const l of lines) linesBy.set(l.orderId, [...(linesBy.get(l.orderId) ?? []), l]);
  const lastBy = new Map(events.map((e) => [e.orderId, e]));
  return orders.map((o) => {
    const ls = linesBy.get(o.id) ?? [];
    const first = ls[0];
    const last = lastBy.get(o.id);
    return {
      id: o.id,
      orderNumber: o.orderNumber,
      orderType: o.orderType,
      urgent: o.urgent,
      status: o.status,
      customerName: o.customerName,
      createdByName: o.createdByName,
      patientName: patientNameOf(o),
      lineCount: ls.length,
      summary: first
        ? `${first.articleName ?? first.unitNumber ?? ''}${ls.length > 1 ? ` + ${ls.length - 1}` : ''}`
        : ((o.details as { workOrder?: { typeCode: string } } | null)?.workOrder?.typeCode ?? ''),
      expectedDate: o.expectedDate,
      createdAt: o.createdAt,
      submittedAt: o.submittedAt,
      lastEvent: last ? { type: last.type, at: last.at.toISOString() } : null,
    };
  });
}
