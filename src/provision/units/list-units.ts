import { and, asc, eq, gt, ilike, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { CENTRE_READERS } from '../roles.ts';
import { provisionUnit, provisionWarehouse, unitStatuses } from '../schema.ts';
import { toUnitSummary, unitSummary } from './unit-views.ts';

export const unitListQuery = z.strictObject({
  q: z.string().trim().max(100).optional().describe('Individnummer, serienummer eller artikelnummer (början)'),
  articleId: z.uuid().optional(),
  status: z.enum(unitStatuses).optional(),
  warehouseId: z.uuid().optional(),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional()
    .describe('nextCursor från förra sidan'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const unitListPage = z.object({ items: z.array(unitSummary), nextCursor: z.string().nullable() });

const like = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** GET /api/provision/units: units in unit-number order, keyset-paginated. No patient data. */
export async function listUnits(ctx: Ctx, q: z.infer<typeof unitListQuery>) {
  requireRole(ctx, ...CENTRE_READERS);
  const conds: SQL[] = [];
  if (q.q) {
    const p = like(q.q);
    conds.push(or(ilike(provisionUnit.unitNumber, p), ilike(provisionUnit.serialNumber, p), ilike(provisionUnit.articleNumber, p))!);
  }
  if (q.articleId) conds.push(eq(provisionUnit.articleId, q.articleId));
  if (q.status) conds.push(eq(provisionUnit.status, q.status));
  if (q.warehouseId) conds.push(eq(provisionUnit.warehouseId, q.warehouseId));
  if (q.cursor) conds.push(gt(provisionUnit.seq, Number(q.cursor)));
  const rows = await ctx.db
    .select({ u: provisionUnit, warehouseName: provisionWarehouse.name })
    .from(provisionUnit)
    .leftJoin(provisionWarehouse, eq(provisionWarehouse.id, provisionUnit.warehouseId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(provisionUnit.seq))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => toUnitSummary(r.u, r.warehouseName)),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.u.seq) : null,
  };
}

export const unitNotFound = () => new AppError('NOT_FOUND', 'Individen finns inte');
