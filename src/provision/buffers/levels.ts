import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { bufferStoreFacts, type BufferStoreFacts } from '../../administration/organisation/buffer-stores.ts';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import { audit } from '../../platform/audit/audit.ts';
import { nextDeliveryDay } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { minutesOf, type ProvisionTimeLimits, loadTimeLimits } from '../due-dates/time-limits.ts';
import { BUFFER_LEVEL_EDITORS, BUFFER_REFILLERS, CENTRE_READERS } from '../roles.ts';
import { bufferQuantities, postBufferTransaction } from './buffer-ledger.ts';
import { provisionBufferLevel, provisionBufferTransaction } from './schema.ts';

export const bufferStoreSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  size: z.string(),
  customerId: z.uuid(),
  customerNumber: z.string(),
  customerName: z.string(),
  deliveryAreaId: z.uuid(),
  deliveryAreaName: z.string(),
  deliveryWeekday: z.number(),
  /** The area's next delivery day (after the order cut-off), when a refill would arrive. */
  nextDeliveryDate: z.string(),
  articles: z.number(),
  belowSafetyLevel: z.number(),
});
export const bufferLevelRow = z.object({
  articleId: z.uuid(),
  articleNumber: z.string(),
  articleName: z.string(),
  unitTracked: z.boolean(),
  safetyLevel: z.number(),
  quantity: z.number(),
  /** Missing to reach the safety level (0 when at or above it). */
  shortfall: z.number(),
  version: z.number(),
});
export const bufferStoreView = z.object({
  store: bufferStoreSummary,
  levels: z.array(bufferLevelRow),
  transactions: z.array(
    z.object({ id: z.number(), at: z.string(), articleNumber: z.string(), quantity: z.number(), kind: z.string(), note: z.string().nullable() }),
  ),
});
export const safetyLevelParams = z.strictObject({ id: z.uuid(), articleId: z.uuid() });
export const safetyLevelInput = z.strictObject({
  safetyLevel: z.int().min(0).max(10_000).describe('Säkerhetsnivå: så många ska finnas i förrådet efter påfyllning'),
});
export const bufferAdjustInput = z
  .strictObject({
    articleId: z.uuid(),
    quantity: z
      .int()
      .min(-10_000)
      .max(10_000)
      .refine((n) => n !== 0, 'antalet kan inte vara noll')
      .optional()
      .describe('Ändring: positivt = in, negativt = ut'),
    counted: z.int().min(0).max(100_000).optional().describe('Inventering: antalet som räknades i förrådet (saldot sätts till det)'),
    note: optionalText(500),
  })
  .refine((b) => (b.quantity === undefined) !== (b.counted === undefined), {
    message: 'Ange antingen en ändring (quantity) eller ett räknat antal (counted)',
    path: ['quantity'],
  });

export type BufferLevelRow = z.infer<typeof bufferLevelRow>;

export function nextDeliveryFor(now: Date, weekday: number, limits: ProvisionTimeLimits): string {
  const w = Math.min(5, Math.max(1, weekday)) as 1 | 2 | 3 | 4 | 5;
  return nextDeliveryDay(now, w, { minutes: minutesOf(limits.orderCutOff), workingDaysBefore: limits.orderCutOffWorkingDaysBefore });
}

/** Every article with a level or something in the store, with its quantity and shortfall. */
export async function levelsOf(db: DbOrTx, bufferStoreId: string): Promise<BufferLevelRow[]> {
  const [rows, quantities] = await Promise.all([
    db.select().from(provisionBufferLevel).where(eq(provisionBufferLevel.bufferStoreId, bufferStoreId)),
    bufferQuantities(db, bufferStoreId),
  ]);
  return rows
    .map((r) => {
      const quantity = quantities.get(r.articleId) ?? 0;
      return {
        articleId: r.articleId,
        articleNumber: r.articleNumber,
        articleName: r.articleName,
        unitTracked: r.unitTracked,
        safetyLevel: r.safetyLevel,
        quantity,
        shortfall: Math.max(0, r.safetyLevel - quantity),
        version: r.version,
      };
    })
    .sort((a, b) => swedishCollator.compare(a.articleName, b.articleName));
}

async function summaries(db: DbOrTx, ctx: Ctx, stores: BufferStoreFacts[]) {
  const limits = await loadTimeLimits(db);
  const out = [];
  for (const s of stores) {
    const levels = await levelsOf(db, s.id);
    out.push({
      id: s.id,
      name: s.name,
      size: s.size,
      customerId: s.customerId,
      customerNumber: s.customerNumber,
      customerName: s.customerName,
      deliveryAreaId: s.deliveryAreaId,
      deliveryAreaName: s.deliveryAreaName,
      deliveryWeekday: s.deliveryWeekday,
      nextDeliveryDate: nextDeliveryFor(ctx.now(), s.deliveryWeekday, limits),
      articles: levels.length,
      belowSafetyLevel: levels.filter((l) => l.shortfall > 0).length,
    });
  }
  return out;
}

async function storeOr404(db: DbOrTx, id: string): Promise<BufferStoreFacts> {
  const [s] = await bufferStoreFacts(db, { ids: [id] });
  if (!s) throw new AppError('NOT_FOUND', 'Buffertförrådet finns inte');
  return s;
}

/** GET /api/provision/buffer-stores: the active buffer stores with how many articles are below their safety level. */
export async function listBufferStores(ctx: Ctx) {
  requireRole(ctx, ...CENTRE_READERS);
  return summaries(ctx.db, ctx, await bufferStoreFacts(ctx.db, { activeOnly: true }));
}

/** GET /api/provision/buffer-stores/:id: levels per article and the latest ledger rows. */
export async function getBufferStore(ctx: Ctx, id: string) {
  requireRole(ctx, ...CENTRE_READERS);
  const store = await storeOr404(ctx.db, id);
  const [[summary], levels, txs] = await Promise.all([
    summaries(ctx.db, ctx, [store]),
    levelsOf(ctx.db, id),
    ctx.db
      .select({
        id: provisionBufferTransaction.id,
        at: provisionBufferTransaction.at,
        articleNumber: provisionBufferLevel.articleNumber,
        quantity: provisionBufferTransaction.quantity,
        kind: provisionBufferTransaction.kind,
        note: provisionBufferTransaction.note,
      })
      .from(provisionBufferTransaction)
      .innerJoin(
        provisionBufferLevel,
        and(
          eq(provisionBufferLevel.bufferStoreId, provisionBufferTransaction.bufferStoreId),
          eq(provisionBufferLevel.articleId, provisionBufferTransaction.articleId),
        ),
      )
      .where(eq(provisionBufferTransaction.bufferStoreId, id))
      .orderBy(desc(provisionBufferTransaction.id))
      .limit(50),
  ]);
  return { store: summary!, levels, transactions: txs.map((t) => ({ ...t, at: t.at.toISOString() })) };
}

/** PUT /api/provision/buffer-stores/:id/levels/:articleId: the safety level of an article in the store (0 = not kept). */
export async function setSafetyLevel(ctx: Ctx, params: z.infer<typeof safetyLevelParams>, input: z.infer<typeof safetyLevelInput>) {
  requireRole(ctx, ...BUFFER_LEVEL_EDITORS);
  return ctx.db.transaction(async (tx) => {
    const store = await storeOr404(tx, params.id);
    if (!store.active) throw new AppError('INVALID_TRANSITION', `Buffertförrådet ${store.name} är inte aktivt`);
    const a = (await articleFactsById(tx, [params.articleId])).get(params.articleId);
    if (!a || a.removed)
      throw new AppError('VALIDATION', 'Artikeln finns inte', { issues: [{ path: 'params.articleId', code: 'unknown', message: 'okänd artikel' }] });
    const now = ctx.now();
    await tx
      .insert(provisionBufferLevel)
      .values({
        bufferStoreId: store.id,
        articleId: a.id,
        articleNumber: a.articleNumber,
        articleName: a.name,
        unitTracked: a.unitTracked,
        safetyLevel: input.safetyLevel,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [provisionBufferLevel.bufferStoreId, provisionBufferLevel.articleId],
        set: { safetyLevel: input.safetyLevel, version: sql`${provisionBufferLevel.version} + 1`, updatedAt: now },
      });
    await audit(tx, ctx, {
      action: 'provision.buffer.safety-level',
      entityType: 'buffer_store',
      entityId: store.id,
      details: { articleId: a.id, safetyLevel: input.safetyLevel },
    });
    const row = (await levelsOf(tx, store.id)).find((l) => l.articleId === a.id)!;
    return row;
  });
}

/**
 * POST /api/provision/buffer-stores/:id/transactions: a correction of a non-unit-tracked article in the
 * store, as a change or as the counted quantity (inventering; the change is worked out under the level's
 * row lock, so a withdrawal registered meanwhile is not lost). A count equal to the balance posts nothing.
 */
export async function adjustBuffer(ctx: Ctx, id: string, input: z.infer<typeof bufferAdjustInput>) {
  requireRole(ctx, ...BUFFER_REFILLERS);
  return ctx.db.transaction(async (tx) => {
    const store = await storeOr404(tx, id);
    const a = (await articleFactsById(tx, [input.articleId])).get(input.articleId);
    if (!a) throw new AppError('VALIDATION', 'Artikeln finns inte', { issues: [{ path: 'body.articleId', code: 'unknown', message: 'okänd artikel' }] });
    if (a.unitTracked)
      throw new AppError('VALIDATION', `Artikeln ${a.articleNumber} är individmärkt: individer placeras i förrådet genom påfyllning`, {
        issues: [{ path: 'body.articleId', code: 'unit_tracked_not_allowed', message: 'individmärkt' }],
      });
    let change = input.quantity ?? 0;
    if (input.counted !== undefined) {
      const [level] = await tx
        .select({ quantity: provisionBufferLevel.quantity })
        .from(provisionBufferLevel)
        .where(and(eq(provisionBufferLevel.bufferStoreId, store.id), eq(provisionBufferLevel.articleId, a.id)))
        .for('update');
      change = input.counted - (level?.quantity ?? 0);
      if (change === 0) return { quantity: input.counted, change: 0 };
    }
    const note = input.note ?? (input.counted !== undefined ? `Inventering: räknat ${input.counted}` : null);
    const quantity = await postBufferTransaction(tx, ctx, {
      bufferStoreId: store.id,
      article: { id: a.id, articleNumber: a.articleNumber, name: a.name, unitTracked: false },
      quantity: change,
      kind: 'adjustment',
      note,
    });
    await audit(tx, ctx, {
      action: 'provision.buffer.adjust',
      entityType: 'buffer_store',
      entityId: store.id,
      details: { articleId: a.id, quantity: change, counted: input.counted ?? null, balance: quantity },
    });
    return { quantity, change };
  });
}
