import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { rowsOf } from '../orders/order-store.ts';
import { CENTRE_READERS, WAREHOUSE } from '../roles.ts';
import { provisionStockTransaction } from '../schema.ts';
import { postStock } from './ledger.ts';

export const stockQuery = z.strictObject({
  warehouseId: z.uuid().optional(),
  q: z.string().trim().max(100).optional().describe('Artikelnummer eller benämning (del av)'),
});
export const stockRow = z.object({
  warehouseId: z.uuid(),
  warehouseName: z.string(),
  articleId: z.uuid(),
  articleNumber: z.string(),
  articleName: z.string(),
  unitTracked: z.boolean(),
  /** Non-unit-tracked: the ledger balance. Unit-tracked: units in stock (new + reconditioned). */
  balance: z.number(),
  newUnits: z.number(),
  reconditionedUnits: z.number(),
  reservedUnits: z.number(),
});
export type StockRow = z.infer<typeof stockRow>;

interface Raw {
  warehouse_id: string;
  warehouse_name: string;
  article_id: string;
  article_number: string;
  article_name: string;
  unit_tracked: boolean;
  balance: number;
  new_units: number;
  reconditioned_units: number;
  reserved_units: number;
}

/** GET /api/provision/stock: what each warehouse holds — ledger balances and units in stock. */
export async function listStock(ctx: Ctx, q: z.infer<typeof stockQuery>): Promise<StockRow[]> {
  requireRole(ctx, ...CENTRE_READERS);
  const conds: SQL[] = [];
  if (q.warehouseId) conds.push(sql`s.warehouse_id = ${q.warehouseId}`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(s.article_number ILIKE ${like} OR s.article_name ILIKE ${like})`);
  }
  const rows = rowsOf<Raw>(
    await ctx.db.execute(sql`
      SELECT s.warehouse_id, w.name AS warehouse_name, s.article_id, s.article_number, s.article_name, s.unit_tracked,
             s.balance::int AS balance, s.new_units::int AS new_units, s.reconditioned_units::int AS reconditioned_units, s.reserved_units::int AS reserved_units
        FROM (
          SELECT warehouse_id, article_id, article_number, article_name, false AS unit_tracked, balance, 0 AS new_units, 0 AS reconditioned_units, 0 AS reserved_units
            FROM provision_stock_balance
          UNION ALL
          SELECT warehouse_id, article_id, min(article_number), min(article_name), true,
                 count(*) FILTER (WHERE status IN ('newInStock', 'reconditionedInStock')),
                 count(*) FILTER (WHERE status = 'newInStock'),
                 count(*) FILTER (WHERE status = 'reconditionedInStock'),
                 count(*) FILTER (WHERE status = 'reserved')
            FROM provision_unit
           WHERE warehouse_id IS NOT NULL AND status IN ('newInStock', 'reconditionedInStock', 'reserved')
           GROUP BY warehouse_id, article_id
        ) s JOIN provision_warehouse w ON w.id = s.warehouse_id
      ${conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``}
      LIMIT 2000`),
  );
  return rows
    .map((r) => ({
      warehouseId: r.warehouse_id,
      warehouseName: r.warehouse_name,
      articleId: r.article_id,
      articleNumber: r.article_number,
      articleName: r.article_name,
      unitTracked: r.unit_tracked,
      balance: r.balance,
      newUnits: r.new_units,
      reconditionedUnits: r.reconditioned_units,
      reservedUnits: r.reserved_units,
    }))
    .sort((a, b) => swedishCollator.compare(a.warehouseName, b.warehouseName) || swedishCollator.compare(a.articleName, b.articleName));
}

export const ledgerQuery = z.strictObject({ warehouseId: z.uuid(), articleId: z.uuid(), limit: z.coerce.number().int().min(1).max(500).default(100) });
export const ledgerView = z.object({
  balance: z.number(),
  entries: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      quantity: z.number(),
      kind: z.string(),
      orderId: z.uuid().nullable(),
      note: z.string().nullable(),
      unitCost: z.string().nullable().describe('Kronor per styck: inköpspriset för en inleverans, annars genomsnittspriset då'),
    }),
  ),
});

/** GET /api/provision/stock/ledger: the latest transactions of one article in one warehouse, and the balance (the ledger's sum). */
export async function stockLedger(ctx: Ctx, q: z.infer<typeof ledgerQuery>) {
  requireRole(ctx, ...CENTRE_READERS);
  const where = and(eq(provisionStockTransaction.warehouseId, q.warehouseId), eq(provisionStockTransaction.articleId, q.articleId));
  const [entries, [sum]] = await Promise.all([
    ctx.db.select().from(provisionStockTransaction).where(where).orderBy(desc(provisionStockTransaction.id)).limit(q.limit),
    ctx.db
      .select({ balance: sql<number>`coalesce(sum(${provisionStockTransaction.quantity}), 0)::int` })
      .from(provisionStockTransaction)
      .where(where),
  ]);
  return {
    balance: sum?.balance ?? 0,
    entries: entries.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      quantity: e.quantity,
      kind: e.kind,
      orderId: e.orderId,
      note: e.note,
      unitCost: e.unitCost === null ? null : Number(e.unitCost).toFixed(2),
    })),
  };
}

export const stockTransactionInput = z.strictObject({
  warehouseId: z.uuid(),
  articleId: z.uuid(),
  quantity: z
    .int()
    .min(-100_000)
    .max(100_000)
    .refine((n) => n !== 0, 'antalet kan inte vara noll')
    .describe('Positivt = in, negativt = ut'),
  kind: z.enum(['receipt', 'adjustment']).describe('receipt inleverans, adjustment inventering/justering'),
  unitCost: z
    .number()
    .min(0, 'inköpspriset kan inte vara negativt')
    .max(10_000_000)
    .optional()
    .describe('Inleverans: inköpspris per styck i kronor (lagervärdet räknas på det)'),
  note: optionalText(500),
});

/** POST /api/provision/stock/transactions: goods receipt or stock adjustment of a non-unit-tracked article. The balance never goes negative. */
export async function postStockTransaction(ctx: Ctx, input: z.infer<typeof stockTransactionInput>) {
  requireRole(ctx, ...WAREHOUSE);
  if (input.kind === 'receipt' && input.quantity < 0)
    throw new AppError('VALIDATION', 'En inleverans har ett positivt antal', {
      issues: [{ path: 'body.quantity', code: 'not_positive', message: 'ska vara positivt' }],
    });
  if (input.unitCost !== undefined && input.kind !== 'receipt')
    throw new AppError('VALIDATION', 'Inköpspris anges bara vid inleverans', {
      issues: [{ path: 'body.unitCost', code: 'invalid', message: 'bara vid inleverans' }],
    });
  return ctx.db.transaction(async (tx) => {
    const a = (await articleFactsById(tx, [input.articleId])).get(input.articleId);
    if (!a) throw new AppError('VALIDATION', 'Artikeln finns inte', { issues: [{ path: 'body.articleId', code: 'unknown', message: 'okänd artikel' }] });
    if (a.unitTracked)
      throw new AppError('VALIDATION', `Artikeln ${a.articleNumber} är individmärkt: ta emot den som individer`, {
        issues: [{ path: 'body.articleId', code: 'unit_tracked_not_allowed', message: 'individmärkt' }],
      });
    const balance = await postStock(tx, ctx, {
      warehouseId: input.warehouseId,
      article: { id: a.id, articleNumber: a.articleNumber, name: a.name },
      quantity: input.quantity,
      kind: input.kind,
      note: input.note ?? null,
      unitCost: input.unitCost ?? null,
    });
    await audit(tx, ctx, {
      action: 'provision.stock.post',
      entityType: 'article',
      entityId: a.id,
      details: { warehouseId: input.warehouseId, quantity: input.quantity, kind: input.kind, balance },
    });
    return { balance };
  });
}
