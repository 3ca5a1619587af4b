import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { isClosed } from '../orders/line-states.ts';
import { lineNotFound, lockLine } from '../orders/order-store.ts';
import { PURCHASERS } from '../roles.ts';
import { provisionOrderLine, provisionWarehouse } from '../schema.ts';
import { LOSS_WAREHOUSE } from '../units/warehouses.ts';
import { agreedPricesOf } from '../../catalogue/agreements/agreement-facts.ts';
import { buyOptions, noOptionText, validAgreement } from './agreements.ts';
import { lineNeeds } from './needs.ts';
import { loadPurchaseOrder, type PurchaseOrderView } from './purchase-views.ts';
import { provisionPurchaseOrder, provisionPurchaseOrderLine, purchaseLineSources } from './schema.ts';

const deliveryAddress = z.string().trim().min(1).max(500).describe('Leveransadress (rader); utelämnad = lagrets');

export const createPurchaseOrderInput = z.strictObject({
  agreementId: z.uuid().describe('Avtalet som beställningen görs under'),
  warehouseId: z.uuid().describe('Lagret som tar emot leveransen'),
  deliveryAddress: deliveryAddress.optional(),
  note: optionalText(1000).describe('Meddelande till leverantören'),
  lines: z
    .array(
      z.strictObject({
        articleId: z.uuid(),
        quantity: z.int().min(1, 'antalet är minst 1').max(10_000, 'antalet är högst 10 000'),
        orderLineId: z.uuid().nullish().describe('Kundorderraden som varan köps till (beställningsvara)'),
        source: z.enum(purchaseLineSources).optional().describe('orderLine, reorder (beställningspunkt) eller manual; standard efter orderLineId'),
      }),
    )
    .min(1, 'ange minst en rad')
    .max(200),
});
export type CreatePurchaseOrderInput = z.infer<typeof createPurchaseOrderInput>;

export const buyForLineInput = z.strictObject({
  warehouseId: z.uuid().optional().describe('Lagret som tar emot leveransen; standard centrallagret'),
  quantity: z.int().min(1).max(10_000).optional().describe('Antal; standard det raden fortfarande behöver'),
});

/** A warehouse goods can be received into (not the loss warehouse), and the address suppliers deliver it to. */
export async function receivingWarehouse(db: DbOrTx, id: string | undefined, path = 'body.warehouseId') {
  const rows = await db
    .select()
    .from(provisionWarehouse)
    .where(and(eq(provisionWarehouse.active, true), ne(provisionWarehouse.code, LOSS_WAREHOUSE.code)))
    .orderBy(asc(provisionWarehouse.code));
  const wh = id ? rows.find((w) => w.id === id) : (rows.find((w) => w.code === 'HMC') ?? rows[0]);
  if (!wh) throw new AppError('VALIDATION', 'Lagret finns inte', { issues: [{ path, code: 'unknown', message: 'okänt lager' }] });
  return wh;
}

/**
 * POST /api/provision/purchasing/purchase-orders: a purchase order (draft) under one agreement, with lines for
 * waiting customer-order lines, for stock below its reorder point, or added by hand. The agreement must be valid
 * today and every article must have an agreed price under it in force today (issue 17 items 1, 2, 8).
 */
export async function createPurchaseOrder(ctx: Ctx, input: CreatePurchaseOrderInput): Promise<PurchaseOrderView> {
  requireRole(ctx, ...PURCHASERS);
  const id = await ctx.db.transaction((tx) => createInTx(tx, ctx, input));
  return loadPurchaseOrder(ctx.db, ctx, id);
}

async function createInTx(tx: DbOrTx, ctx: Ctx, input: CreatePurchaseOrderInput): Promise<string> {
  const actor = requireRole(ctx, ...PURCHASERS);
  const today = stockholmDateTime(ctx.now()).date;
  const agreement = await validAgreement(tx, input.agreementId, today);
  const wh = await receivingWarehouse(tx, input.warehouseId);
  // A warehouse without a delivery address leaves it to be filled in on the draft; it is required to send.
  const address = input.deliveryAddress ?? wh.deliveryAddress ?? null;

  // The agreed price under this agreement in force today (an article may be on other agreements too).
  const prices = new Map(
    (await agreedPricesOf(tx, [...new Set(input.lines.map((l) => l.articleId))], today))
      .filter((p) => p.agreementId === agreement.id && !p.removed)
      .map((p) => [p.articleId, p]),
  );
  for (const [i, l] of input.lines.entries()) {
    if (!prices.has(l.articleId))
      throw new AppError(
        'VALIDATION',
        `Artikeln på rad ${i + 1} har inget gällande avtalspris i avtal ${agreement.agreementNumber} med ${agreement.supplierName}`,
        {
          issues: [{ path: `body.lines.${i}.articleId`, code: 'unknown', message: `inget avtalspris i ${agreement.agreementNumber}` }],
        },
      );
  }

  // Lines bought for waiting customer-order lines: each locked (the order first, in a fixed order) so two buyers
  // cannot both buy for the same line, and checked to be open and for the same article.
  const wanted = input.lines.flatMap((l, i) => (l.orderLineId ? [{ i, lineId: l.orderLineId, articleId: l.articleId }] : []));
  if (new Set(wanted.map((w) => w.lineId)).size !== wanted.length)
    throw new AppError('VALIDATION', 'Samma orderrad står två gånger', { issues: [{ path: 'body.lines', code: 'duplicate', message: 'dubblett' }] });
  const refs = wanted.length
    ? await tx
        .select({ id: provisionOrderLine.id, orderId: provisionOrderLine.orderId })
        .from(provisionOrderLine)
        .where(
          inArray(
            provisionOrderLine.id,
            wanted.map((w) => w.lineId),
          ),
        )
    : [];
  const bound = new Map<string, { orderId: string; centreOrderNumber: string; lineNumber: number }>();
  for (const w of [...wanted].sort((a, b) => {
    const oa = refs.find((r) => r.id === a.lineId)?.orderId ?? '';
    const ob = refs.find((r) => r.id === b.lineId)?.orderId ?? '';
    return oa < ob ? -1 : oa > ob ? 1 : a.lineId < b.lineId ? -1 : 1;
  })) {
    if (!refs.some((r) => r.id === w.lineId)) throw lineNotFound();
    const { order, line } = await lockLine(tx, w.lineId);
    const path = `body.lines.${w.i}.orderLineId`;
    if (order.orderType !== 'customerOrder' || isClosed(line.state))
      throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber} på order ${order.centreOrderNumber} är inte öppen och köps inte in`, {
        issues: [{ path, code: 'invalid', message: 'inte öppen' }],
      });
    if (line.articleId !== w.articleId)
      throw new AppError('VALIDATION', `Rad ${line.lineNumber} på order ${order.centreOrderNumber} gäller en annan artikel`, {
        issues: [{ path, code: 'invalid', message: 'annan artikel' }],
      });
    bound.set(w.lineId, { orderId: order.id, centreOrderNumber: order.centreOrderNumber!, lineNumber: line.lineNumber });
  }

  const now = ctx.now();
  const [po] = await tx
    .insert(provisionPurchaseOrder)
    .values({
      agreementId: agreement.id,
      agreementNumber: agreement.agreementNumber,
      supplierId: agreement.supplierId,
      supplierName: agreement.supplierName,
      supplierGln: agreement.supplierGln,
      warehouseId: wh.id,
      deliveryAddress: address,
      note: input.note ?? null,
      createdAt: now,
      createdBy: actor.userId,
      createdByName: actor.name,
      updatedAt: now,
    })
    .returning({ id: provisionPurchaseOrder.id, number: provisionPurchaseOrder.number });
  await tx.insert(provisionPurchaseOrderLine).values(
    input.lines.map((l, i) => {
      const p = prices.get(l.articleId)!;
      const b = l.orderLineId ? bound.get(l.orderLineId)! : null;
      return {
        purchaseOrderId: po!.id,
        lineNumber: i + 1,
        source: l.source ?? (l.orderLineId ? ('orderLine' as const) : ('manual' as const)),
        articleId: l.articleId,
        articleNumber: p.articleNumber,
        articleName: p.articleName,
        supplierArticleNumber: p.supplierArticleNumber,
        unit: p.unit,
        unitTracked: p.unitTracked,
        serialRequired: p.serialRequired,
        quantity: l.quantity,
        unitPrice: Number(p.amount).toFixed(2),
        orderId: b?.orderId ?? null,
        orderLineId: l.orderLineId ?? null,
        centreOrderNumber: b?.centreOrderNumber ?? null,
        orderLineNumber: b?.lineNumber ?? null,
      };
    }),
  );
  await audit(tx, ctx, {
    action: 'provision.purchase-order.create',
    entityType: 'provision_purchase_order',
    entityId: po!.id,
    details: {
      number: po!.number,
      agreementNumber: agreement.agreementNumber,
      supplier: agreement.supplierName,
      lines: input.lines.length,
      forOrders: [...new Set([...bound.values()].map((b) => b.centreOrderNumber))],
    },
  });
  return po!.id;
}

/**
 * POST /api/provision/purchasing/order-lines/:id/buy: one click on a waiting order line (an order item, or a stock
 * item that is out of stock) makes a draft purchase order for what it still needs, under the agreement the article
 * is bought under (buyOptions). Refused when the line needs nothing more, or the article has no valid agreement.
 */
export async function buyForOrderLine(ctx: Ctx, lineId: string, input: z.infer<typeof buyForLineInput>): Promise<PurchaseOrderView> {
  requireRole(ctx, ...PURCHASERS);
  const today = stockholmDateTime(ctx.now()).date;
  const id = await ctx.db.transaction(async (tx) => {
    // Locked first, so what the line needs is read under the same lock the purchase order is made under.
    const { order, line } = await lockLine(tx, lineId);
    if (order.orderType !== 'customerOrder' || !line.articleId || isClosed(line.state))
      throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber} på order ${order.centreOrderNumber} är inte en öppen kundorderrad med artikel`);
    const [need] = await lineNeeds(tx, { lineIds: [lineId] });
    const quantity = input.quantity ?? need?.need ?? 0;
    if (quantity <= 0)
      throw new AppError(
        'CONFLICT',
        `Rad ${line.lineNumber} på order ${order.centreOrderNumber} är redan täckt: ${need?.onOrder ?? 0} beställda, ${need?.reserved ?? 0} reserverade, ${line.deliveredQuantity} levererade`,
      );
    const choice = (await buyOptions(tx, [line.articleId], today)).get(line.articleId)!;
    if (!choice.ok) throw new AppError('NO_VALID_AGREEMENT', noOptionText(line.articleNumber ?? '', line.articleName ?? '', choice));
    return createInTx(tx, ctx, {
      agreementId: choice.option.agreementId,
      warehouseId: (await receivingWarehouse(tx, input.warehouseId)).id,
      lines: [{ articleId: line.articleId, quantity, orderLineId: lineId, source: 'orderLine' }],
    });
  });
  return loadPurchaseOrder(ctx.db, ctx, id);
}
