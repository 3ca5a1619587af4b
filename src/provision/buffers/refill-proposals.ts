import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { bufferStoreFacts, deliveryAreaFacts } from '../../administration/organisation/buffer-stores.ts';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { provisionBufferUnit } from '../buffer-withdrawals/schema.ts';
import { loadTimeLimits } from '../due-dates/time-limits.ts';
import { CHAIN_ORDER } from '../orders/fill-line.ts';
import { BUFFER_REFILLERS, CENTRE_READERS } from '../roles.ts';
import { provisionUnit, provisionWarehouse } from '../schema.ts';
import { postStock } from '../stock/ledger.ts';
import { transitionUnit } from '../units/transition-unit.ts';
import { inStockStatuses } from '../units/unit-states.ts';
import { inspectionAllowsUse } from '../maintenance/unit-usable.ts';
import { postBufferTransaction } from './buffer-ledger.ts';
import { levelsOf, nextDeliveryFor } from './levels.ts';
import { bufferProposalStatuses, provisionBufferProposal, provisionBufferProposalLine } from './schema.ts';

export const proposalLineView = z.object({
  id: z.uuid(),
  bufferStoreId: z.uuid(),
  bufferStoreName: z.string(),
  customerNumber: z.string(),
  customerName: z.string(),
  articleId: z.uuid(),
  articleNumber: z.string(),
  articleName: z.string(),
  unitTracked: z.boolean(),
  safetyLevel: z.number(),
  quantityBefore: z.number(),
  proposedQuantity: z.number(),
  deliveredQuantity: z.number().nullable(),
});
export const proposalView = z.object({
  id: z.uuid(),
  deliveryAreaId: z.uuid(),
  deliveryAreaName: z.string(),
  deliveryDate: z.string(),
  status: z.enum(bufferProposalStatuses),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  warehouseId: z.uuid().nullable(),
  version: z.number(),
  lines: z.array(proposalLineView),
});
export type ProposalView = z.infer<typeof proposalView>;
export const proposalListQuery = z.strictObject({ deliveryAreaId: z.uuid().optional(), status: z.enum(bufferProposalStatuses).optional() });
export const proposeInput = z.strictObject({ deliveryAreaId: z.uuid() });
export const acceptInput = z.strictObject({
  version: z.int().describe('Förslagets version som du såg'),
  warehouseId: z.uuid().describe('Lagret påfyllningen tas från'),
  /** The warehouse may send less (or nothing) of a line, e.g. when the central stock is short; the rest is proposed again next time. */
  quantities: z
    .array(z.strictObject({ lineId: z.uuid(), quantity: z.int().min(0).max(10_000) }))
    .max(1000)
    .optional()
    .describe('Antal att leverera per rad, om annat än förslaget'),
});

async function views(db: DbOrTx, where: SQL | undefined, limit = 100): Promise<ProposalView[]> {
  const ps = await db
    .select()
    .from(provisionBufferProposal)
    .where(where)
    .orderBy(desc(provisionBufferProposal.deliveryDate), asc(provisionBufferProposal.deliveryAreaName))
    .limit(limit);
  const lines = ps.length
    ? await db
        .select()
        .from(provisionBufferProposalLine)
        .where(
          inArray(
            provisionBufferProposalLine.proposalId,
            ps.map((p) => p.id),
          ),
        )
    : [];
  return ps.map((p) => ({
    id: p.id,
    deliveryAreaId: p.deliveryAreaId,
    deliveryAreaName: p.deliveryAreaName,
    deliveryDate: p.deliveryDate,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    deliveredAt: p.deliveredAt?.toISOString() ?? null,
    warehouseId: p.warehouseId,
    version: p.version,
    lines: lines
      .filter((l) => l.proposalId === p.id)
      .sort(
        (a, b) =>
          a.customerName.localeCompare(b.customerName, 'sv') ||
          a.bufferStoreName.localeCompare(b.bufferStoreName, 'sv') ||
          a.articleName.localeCompare(b.articleName, 'sv'),
      )
      .map(({ proposalId: _p, ...l }) => l),
  }));
}

/** GET /api/provision/buffer-proposals: refill proposals, the latest delivery day first. */
export async function listProposals(ctx: Ctx, q: z.infer<typeof proposalListQuery>) {
  requireRole(ctx, ...CENTRE_READERS);
  const conds: SQL[] = [];
  if (q.deliveryAreaId) conds.push(eq(provisionBufferProposal.deliveryAreaId, q.deliveryAreaId));
  if (q.status) conds.push(eq(provisionBufferProposal.status, q.status));
  return views(ctx.db, conds.length ? and(...conds) : undefined);
}

/**
 * POST /api/provision/buffer-proposals: the refill proposal of a delivery area for its next delivery day.
 * Every article under its safety level in the area's active buffer stores gets a line bringing it back up
 * to the level. Made again (replacing the undelivered proposal for the same day) when levels have changed.
 */
export async function proposeRefill(ctx: Ctx, input: z.infer<typeof proposeInput>): Promise<ProposalView> {
  requireRole(ctx, ...BUFFER_REFILLERS, 'customerService');
  return ctx.db.transaction(async (tx) => {
    const area = await deliveryAreaFacts(tx, input.deliveryAreaId);
    if (!area)
      throw new AppError('VALIDATION', 'Leveransområdet finns inte', {
        issues: [{ path: 'body.deliveryAreaId', code: 'unknown', message: 'okänt leveransområde' }],
      });
    const deliveryDate = nextDeliveryFor(ctx.now(), area.weekday, await loadTimeLimits(tx));
    const id = await makeProposal(tx, ctx, area, deliveryDate);
    return (await views(tx, eq(provisionBufferProposal.id, id)))[0]!;
  });
}

/** Replaces the area's undelivered proposal for the day with one made from the levels now. */
async function makeProposal(tx: DbOrTx, ctx: Ctx, area: { id: string; name: string }, deliveryDate: string): Promise<string> {
  await tx
    .delete(provisionBufferProposal)
    .where(
      and(
        eq(provisionBufferProposal.deliveryAreaId, area.id),
        eq(provisionBufferProposal.deliveryDate, deliveryDate),
        eq(provisionBufferProposal.status, 'proposed'),
      ),
    );
  const [p] = await tx
    .insert(provisionBufferProposal)
    .values({ deliveryAreaId: area.id, deliveryAreaName: area.name, deliveryDate, createdAt: ctx.now(), createdBy: ctx.actor?.userId ?? null })
    .returning();
  const stores = await bufferStoreFacts(tx, { deliveryAreaId: area.id, activeOnly: true });
  const lines = [];
  for (const s of stores) {
    for (const l of await levelsOf(tx, s.id)) {
      if (l.shortfall <= 0) continue;
      lines.push({
        proposalId: p!.id,
        bufferStoreId: s.id,
        bufferStoreName: s.name,
        customerNumber: s.customerNumber,
        customerName: s.customerName,
        articleId: l.articleId,
        articleNumber: l.articleNumber,
        articleName: l.articleName,
        unitTracked: l.unitTracked,
        safetyLevel: l.safetyLevel,
        quantityBefore: l.quantity,
        proposedQuantity: l.shortfall,
      });
    }
  }
  if (lines.length) await tx.insert(provisionBufferProposalLine).values(lines);
  await audit(tx, ctx, {
    action: 'provision.buffer.propose',
    entityType: 'provision_buffer_proposal',
    entityId: p!.id,
    details: { deliveryAreaId: area.id, deliveryDate, lines: lines.length },
  });
  return p!.id;
}

/** The daily job that makes the refill proposals without anyone asking (DOMAIN §1: refilled automatically at the weekly delivery). */
export const MAKE_PROPOSALS_JOB = 'provision.buffer-proposals';

/**
 * Every delivery area with active buffer stores gets its proposal for its next delivery day, once: an area that
 * already has a proposal for that day (made by staff, or delivered) is left as it is.
 */
export async function makeDueProposals(ctx: Ctx): Promise<{ proposals: number }> {
  return ctx.db.transaction(async (tx) => {
    const limits = await loadTimeLimits(tx);
    const areas = new Map(
      (await bufferStoreFacts(tx, { activeOnly: true })).map((s) => [
        s.deliveryAreaId,
        { id: s.deliveryAreaId, name: s.deliveryAreaName, weekday: s.deliveryWeekday },
      ]),
    );
    let made = 0;
    for (const area of areas.values()) {
      const deliveryDate = nextDeliveryFor(ctx.now(), area.weekday, limits);
      const [existing] = await tx
        .select({ id: provisionBufferProposal.id })
        .from(provisionBufferProposal)
        .where(and(eq(provisionBufferProposal.deliveryAreaId, area.id), eq(provisionBufferProposal.deliveryDate, deliveryDate)));
      if (existing) continue;
      await makeProposal(tx, ctx, area, deliveryDate);
      made++;
    }
    return { proposals: made };
  });
}

/**
 * POST /api/provision/buffer-proposals/:id/accept: the warehouse sends the refill. Each line moves its
 * quantity from the chosen warehouse to the buffer store — a stock-ledger withdrawal and a buffer-ledger
 * refill for articles that are not unit-tracked; for unit-tracked articles the units the replacement chain
 * picks (reconditioned first, oldest first) are placed in the store. The warehouse may send less of a
 * line than proposed (`quantities`). All lines or none; then the proposal is delivered.
 */
export async function acceptProposal(ctx: Ctx, id: string, input: z.infer<typeof acceptInput>): Promise<ProposalView> {
  const actor = requireRole(ctx, ...BUFFER_REFILLERS);
  return ctx.db.transaction(async (tx) => {
    const [p] = await tx.select().from(provisionBufferProposal).where(eq(provisionBufferProposal.id, id)).for('update');
    if (!p) throw new AppError('NOT_FOUND', 'Påfyllnadsförslaget finns inte');
    if (p.status !== 'proposed') throw new AppError('INVALID_TRANSITION', `Påfyllnaden för ${p.deliveryAreaName} ${p.deliveryDate} är redan levererad`);
    if (p.version !== input.version)
      throw new AppError('CONFLICT', 'Förslaget har just ändrats av någon annan. Ladda om sidan.', { currentVersion: p.version });
    const [wh] = await tx.select().from(provisionWarehouse).where(eq(provisionWarehouse.id, input.warehouseId));
    if (!wh || !wh.active)
      throw new AppError('VALIDATION', 'Lagret finns inte', { issues: [{ path: 'body.warehouseId', code: 'unknown', message: 'okänt lager' }] });
    const lines = await tx.select().from(provisionBufferProposalLine).where(eq(provisionBufferProposalLine.proposalId, id));
    const stores = new Map((await bufferStoreFacts(tx, { ids: [...new Set(lines.map((l) => l.bufferStoreId))] })).map((s) => [s.id, s]));
    const now = ctx.now();
    const today = stockholmDateTime(now).date;
    const override = new Map((input.quantities ?? []).map((q) => [q.lineId, q.quantity]));
    for (const id of override.keys()) {
      if (!lines.some((l) => l.id === id))
        throw new AppError('VALIDATION', 'En rad finns inte i förslaget', { issues: [{ path: 'body.quantities', code: 'unknown', message: 'okänd rad' }] });
    }
    for (const l of lines) {
      const store = stores.get(l.bufferStoreId)!;
      const qty = override.get(l.id) ?? l.proposedQuantity;
      await tx.update(provisionBufferProposalLine).set({ deliveredQuantity: qty }).where(eq(provisionBufferProposalLine.id, l.id));
      if (qty === 0) continue;
      const article = { id: l.articleId, articleNumber: l.articleNumber, name: l.articleName, unitTracked: l.unitTracked };
      const note = `Påfyllning ${store.customerName}, ${store.name} (${p.deliveryDate})`;
      if (!l.unitTracked) {
        await postStock(tx, ctx, { warehouseId: wh.id, article, quantity: -qty, kind: 'delivery', note });
        await postBufferTransaction(tx, ctx, { bufferStoreId: store.id, article, quantity: qty, kind: 'refill', proposalId: p.id, note: `Från ${wh.name}` });
      } else {
        const units = await tx
          .select()
          .from(provisionUnit)
          .where(
            and(
              eq(provisionUnit.articleId, l.articleId),
              eq(provisionUnit.warehouseId, wh.id),
              inArray(provisionUnit.status, [...inStockStatuses]),
              inspectionAllowsUse(today),
            ),
          )
          .orderBy(...CHAIN_ORDER)
          .limit(qty)
          .for('update');
        if (units.length < qty) {
          throw new AppError(
            'INSUFFICIENT_STOCK',
            `${wh.name} har ${units.length} ${units.length === 1 ? 'individ' : 'individer'} av ${l.articleNumber} ${l.articleName} i lager; ${qty} behövs till ${store.name}`,
            { balance: units.length },
          );
        }
        for (const u of units) {
          await transitionUnit(
            tx,
            ctx,
            u,
            'inBufferStore',
            { type: 'placedInBufferStore', data: { bufferStoreId: store.id, bufferStoreName: store.name, proposalId: p.id } },
            { warehouseId: null },
          );
          await tx.insert(provisionBufferUnit).values({ unitId: u.id, bufferStoreId: store.id, customerId: store.customerId, placedOn: today, placedAt: now });
          await postBufferTransaction(tx, ctx, {
            bufferStoreId: store.id,
            article,
            quantity: 1,
            kind: 'refill',
            unitId: u.id,
            proposalId: p.id,
            note: `Från ${wh.name}`,
          });
        }
      }
    }
    await tx
      .update(provisionBufferProposal)
      .set({ status: 'delivered', deliveredAt: now, deliveredBy: actor.userId, warehouseId: wh.id, version: sql`${provisionBufferProposal.version} + 1` })
      .where(eq(provisionBufferProposal.id, id));
    await audit(tx, ctx, {
      action: 'provision.buffer.refill',
      entityType: 'provision_buffer_proposal',
      entityId: id,
      details: { warehouseId: wh.id, lines: lines.length },
    });
    return (await views(tx, eq(provisionBufferProposal.id, id)))[0]!;
  });
}
