import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { customer } from '../schema.ts';
import { loadCustomers } from './customers.ts';
import type { CustomerView } from './org-schemas.ts';

/**
 * One customer by customer number, with its delivery area (and weekday), addresses and buffer stores, for
 * other modules' use cases such as the centre's order intake (no permission check: the caller has done it).
 */
export async function customerByNumber(db: DbOrTx, customerNumber: string): Promise<CustomerView | null> {
  return (await loadCustomers(db, eq(customer.customerNumber, customerNumber)))[0] ?? null;
}

/** Customers by id, with their delivery area (the centre's inspection queue groups by it; no permission check). */
export async function customersById(db: DbOrTx, ids: readonly string[]): Promise<Map<string, CustomerView>> {
  if (ids.length === 0) return new Map();
  return new Map((await loadCustomers(db, inArray(customer.id, [...new Set(ids)]))).map((c) => [c.id, c]));
}
