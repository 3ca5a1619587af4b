import { and, eq, ilike, inArray, notInArray, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireActor, requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx, Tx } from '../../platform/db/client.ts';
import { foreignKeyViolation, uniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { swedishCollator, swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { bufferStore, careProvider, customer, deliveryAddress, deliveryArea } from '../schema.ts';
import type { CustomerInput, CustomerView, customerListQuery } from './org-schemas.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

/** Customers with everything an admin page or an order form needs about them. */
export async function loadCustomers(db: DbOrTx, where: SQL | undefined): Promise<CustomerView[]> {
  const rows = await db
    .select({
      id: customer.id,
      careProviderId: customer.careProviderId,
      careProviderName: careProvider.name,
      customerNumber: customer.customerNumber,
      name: customer.name,
      payer: customer.payer,
      costCentre: customer.costCentre,
      deliveryAreaId: customer.deliveryAreaId,
      deliveryAreaName: deliveryArea.name,
      deliveryWeekday: deliveryArea.weekday,
      urgentFeeExempt: customer.urgentFeeExempt,
      active: customer.active,
    })
    .from(customer)
    .innerJoin(careProvider, eq(careProvider.id, customer.careProviderId))
    .innerJoin(deliveryArea, eq(deliveryArea.id, customer.deliveryAreaId))
    .where(where);
  const ids = rows.map((r) => r.id);
  const [addresses, stores] = ids.length
    ? await Promise.all([
        db.select().from(deliveryAddress).where(inArray(deliveryAddress.customerId, ids)),
        db.select().from(bufferStore).where(inArray(bufferStore.customerId, ids)),
      ])
    : [[], []];
  return rows
    .map((r) => ({
      ...r,
      addresses: addresses
        .filter((a) => a.customerId === r.id)
        .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || swedishCollator.compare(a.label, b.label))
        .map(({ customerId: _c, ...a }) => a),
      bufferStores: stores
        .filter((s) => s.customerId === r.id)
        .sort((a, b) => swedishCollator.compare(a.name, b.name))
        .map(({ customerId: _c, ...s }) => s),
    }))
    .sort((a, b) => swedishCollator.compare(a.name, b.name));
}

/** Customers are organisation data that every logged-in user may read (order forms need them). */
export async function listCustomers(ctx: Ctx, q: z.infer<typeof customerListQuery>): Promise<CustomerView[]> {
  requireActor(ctx);
  const conds: SQL[] = [];
  if (q.careProviderId) conds.push(eq(customer.careProviderId, q.careProviderId));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(customer.name, like), ilike(customer.customerNumber, like))!);
  }
  return loadCustomers(ctx.db, conds.length ? and(...conds) : undefined);
}

export async function getCustomer(ctx: Ctx, id: string): Promise<CustomerView> {
  requireActor(ctx);
  const [c] = await loadCustomers(ctx.db, eq(customer.id, id));
  if (!c) throw new AppError('NOT_FOUND', 'Kunden finns inte');
  return c;
}

function mapConflict(err: unknown): never {
  if (uniqueViolation(err)) throw new AppError('CUSTOMER_NUMBER_TAKEN');
  if (foreignKeyViolation(err)) {
    throw new AppError('VALIDATION', 'Vårdgivaren eller leveransområdet finns inte, eller något annat hänvisar till det som togs bort', {
      issues: [{ path: 'body', code: 'unknown', message: 'okänd hänvisning' }],
    });
  }
  throw err;
}

async function saveChildren(tx: Tx, customerId: string, input: CustomerInput) {
  // Addresses and buffer stores are replaced by the list given: rows with an id are updated,
  // rows without are new, and rows not in the list are removed.
  const keepAddr = input.addresses.flatMap((a) => (a.id ? [a.id] : []));
  await tx
    .delete(deliveryAddress)
    .where(and(eq(deliveryAddress.customerId, customerId), keepAddr.length ? notInArray(deliveryAddress.id, keepAddr) : undefined));
  for (const { id, ...a } of input.addresses) {
    if (id) {
      const r = await tx
        .update(deliveryAddress)
        .set(a)
        .where(and(eq(deliveryAddress.id, id), eq(deliveryAddress.customerId, customerId)))
        .returning({ id: deliveryAddress.id });
      if (!r.length)
        throw new AppError('VALIDATION', 'Adressen hör inte till kunden', { issues: [{ path: 'body.addresses', code: 'unknown', message: 'okänd adress' }] });
    } else await tx.insert(deliveryAddress).values({ ...a, customerId });
  }
  const keepStores = input.bufferStores.flatMap((s) => (s.id ? [s.id] : []));
  // Buffer stores are never deleted once they exist (stock and history refer to them): they are deactivated.
  await tx
    .update(bufferStore)
    .set({ active: false })
    .where(and(eq(bufferStore.customerId, customerId), keepStores.length ? notInArray(bufferStore.id, keepStores) : undefined));
  for (const { id, ...s } of input.bufferStores) {
    if (id) {
      const r = await tx
        .update(bufferStore)
        .set(s)
        .where(and(eq(bufferStore.id, id), eq(bufferStore.customerId, customerId)))
        .returning({ id: bufferStore.id });
      if (!r.length)
        throw new AppError('VALIDATION', 'Buffertförrådet hör inte till kunden', {
          issues: [{ path: 'body.bufferStores', code: 'unknown', message: 'okänt förråd' }],
        });
    } else await tx.insert(bufferStore).values({ ...s, customerId });
  }
}

export async function createCustomer(ctx: Ctx, input: CustomerInput): Promise<CustomerView> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  return ctx.db
    .transaction(async (tx) => {
      const { addresses: _a, bufferStores: _b, ...fields } = input;
      const [row] = await tx
        .insert(customer)
        .values({ ...fields, sortKey: swedishSortKey(input.name) })
        .returning({ id: customer.id });
      await saveChildren(tx, row!.id, input);
      await audit(tx, ctx, {
        action: 'customer.create',
        entityType: 'customer',
        entityId: row!.id,
        careProviderId: input.careProviderId,
        details: { customerNumber: input.customerNumber, name: input.name },
      });
      return (await loadCustomers(tx, eq(customer.id, row!.id)))[0]!;
    })
    .catch(mapConflict);
}

export async function updateCustomer(ctx: Ctx, id: string, input: CustomerInput): Promise<CustomerView> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  return ctx.db
    .transaction(async (tx) => {
      const { addresses: _a, bufferStores: _b, ...fields } = input;
      const rows = await tx
        .update(customer)
        .set({ ...fields, sortKey: swedishSortKey(input.name), updatedAt: ctx.now() })
        .where(eq(customer.id, id))
        .returning({ id: customer.id });
      if (!rows.length) throw new AppError('NOT_FOUND', 'Kunden finns inte');
      await saveChildren(tx, id, input);
      await audit(tx, ctx, {
        action: 'customer.update',
        entityType: 'customer',
        entityId: id,
        careProviderId: input.careProviderId,
        details: { customerNumber: input.customerNumber, name: input.name },
      });
      return (await loadCustomers(tx, eq(customer.id, id)))[0]!;
    })
    .catch(mapConflict);
}

/** One customer by id with its addresses and buffer stores, for other modules' use cases (no permission check: the caller has done it). */
export async function customerById(db: DbOrTx, id: string): Promise<CustomerView | null> {
  return (await loadCustomers(db, eq(customer.id, id)))[0] ?? null;
}

/** Customers by id (those that exist), in Swedish order, for other modules' use cases (no permission check: the caller has done it). */
export async function customersByIds(db: DbOrTx, ids: readonly string[]): Promise<CustomerView[]> {
  if (ids.length === 0) return [];
  return loadCustomers(db, inArray(customer.id, [...ids]));
}
