import { asc, ne } from 'drizzle-orm';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { z } from 'zod';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { CENTRE_READERS } from '../roles.ts';
import { provisionWarehouse } from '../schema.ts';

export const warehouseView = z.object({ id: z.uuid(), code: z.string(), name: z.string(), active: z.boolean() });

/** The warehouse written-off lost units are booked to (förlustlager), made on first use (reports/lost-device.ts). */
export const LOSS_WAREHOUSE = { code: 'FORLUST', name: 'Förlustlager' } as const;

/**
 * GET /api/provision/warehouses: the warehouses goods can be taken from or put in, in Swedish order. The loss
 * warehouse is not one of them: nothing is received into it or picked from it, lost units are only booked there.
 */
export async function listWarehouses(ctx: Ctx) {
  requireRole(ctx, ...CENTRE_READERS);
  const rows = await ctx.db.select().from(provisionWarehouse).where(ne(provisionWarehouse.code, LOSS_WAREHOUSE.code));
  return rows.sort((a, b) => swedishCollator.compare(a.name, b.name) || (a.code < b.code ? -1 : 1));
}

/** The centre's warehouses every installation starts with (idempotent by code). */
export async function ensureWarehouses(db: DbOrTx, list: { code: string; name: string; deliveryAddress?: string | null }[]) {
  await db.insert(provisionWarehouse).values(list).onConflictDoNothing({ target: provisionWarehouse.code });
  return db.select().from(provisionWarehouse).orderBy(asc(provisionWarehouse.code));
}
