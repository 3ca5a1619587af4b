import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { bufferStore, customer, deliveryArea } from '../schema.ts';

export interface BufferStoreFacts {
  id: string;
  name: string;
  size: string;
  active: boolean;
  customerId: string;
  customerNumber: string;
  customerName: string;
  deliveryAreaId: string;
  deliveryAreaName: string;
  /** The area's fixed delivery weekday, 1 = Monday. */
  deliveryWeekday: number;
}

/**
 * Buffer stores with their customer and the customer's delivery area, for other modules' use cases (the
 * centre's buffer levels and refill proposals). Read-only; no permission check: the caller has done it.
 */
export async function bufferStoreFacts(
  db: DbOrTx,
  filter: { ids?: readonly string[]; deliveryAreaId?: string; activeOnly?: boolean } = {},
): Promise<BufferStoreFacts[]> {
  const conds: SQL[] = [];
  if (filter.ids) {
    if (!filter.ids.length) return [];
    conds.push(inArray(bufferStore.id, [...filter.ids]));
  }
  if (filter.deliveryAreaId) conds.push(eq(customer.deliveryAreaId, filter.deliveryAreaId));
  if (filter.activeOnly) conds.push(eq(bufferStore.active, true), eq(customer.active, true));
  const rows = await db
    .select({
      id: bufferStore.id,
      name: bufferStore.name,
      size: bufferStore.size,
      active: bufferStore.active,
      customerId: customer.id,
      customerNumber: customer.customerNumber,
      customerName: customer.name,
      deliveryAreaId: deliveryArea.id,
      deliveryAreaName: deliveryArea.name,
      deliveryWeekday: deliveryArea.weekday,
    })
    .from(bufferStore)
    .innerJoin(customer, eq(customer.id, bufferStore.customerId))
    .innerJoin(deliveryArea, eq(deliveryArea.id, customer.deliveryAreaId))
    .where(conds.length ? and(...conds) : undefined);
  return rows.sort((a, b) => swedishCollator.compare(a.customerName, b.customerName) || swedishCollator.compare(a.name, b.name));
}

/** A delivery area with its weekday (for refill proposals), or null. */
export async function deliveryAreaFacts(db: DbOrTx, id: string): Promise<{ id: string; name: string; weekday: number } | null> {
  const [a] = await db
    .select({ id: deliveryArea.id, name: deliveryArea.name, weekday: deliveryArea.weekday })
    .from(deliveryArea)
    .where(eq(deliveryArea.id, id));
  return a ?? null;
}
