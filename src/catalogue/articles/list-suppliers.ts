import { asc } from 'drizzle-orm';
import { requireActor, type Ctx } from '../../platform/context.ts';
import { supplier } from '../schema.ts';

/** GET /api/catalogue/suppliers: every supplier in Swedish order (the stored sort key sorts Å, Ä, Ö last). */
export async function listSuppliers(ctx: Ctx) {
  requireActor(ctx);
  return ctx.db
    .select({ id: supplier.id, gln: supplier.gln, name: supplier.name, organisationNumber: supplier.organisationNumber, active: supplier.active })
    .from(supplier)
    .orderBy(asc(supplier.sortKey), asc(supplier.name), asc(supplier.id));
}
