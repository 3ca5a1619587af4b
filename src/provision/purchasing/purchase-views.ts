import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { agreementFacts, agreementValidOn } from '../../catalogue/agreements/agreement-facts.ts';
import { agreementView } from '../../catalogue/agreements/agreement-view.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { isClosed } from '../orders/line-states.ts';
import { provisionLineStates, provisionOrderLine, provisionWarehouse } from '../schema.ts';
import {
  provisionPurchaseOrder,
  provisionPurchaseOrderLine,
  provisionPurchaseReceipt,
  purchaseLineSources,
  purchaseOrderStatuses,
  purchaseSentVia,
} from './schema.ts';

export type PurchaseOrderRow = typeof provisionPurchaseOrder.$inferSelect;
export type PurchaseLineRow = typeof provisionPurchaseOrderLine.$inferSelect;

/** Kronor with two decimals, from öre (exact: prices are numeric(12,2)). */
export const kronor = (ore: number) => (ore / 100).toFixed(2);
export const ore = (amount: string | number) => Math.round(Number(amount) * 100);

export const purchaseLineView = z.object({
  id: z.uuid(),
  lineNumber: z.number(),
  source: z.enum(purchaseLineSources),
  articleId: z.uuid(),
  articleNumber: z.string(),
  articleName: z.string(),
  supplierArticleNumber: z.string().nullable(),
  unit: z.string(),
  unitTracked: z.boolean(),
  serialRequired: z.boolean(),
  quantity: z.number(),
  unitPrice: z.string().describe('Avtalspris per styck, kronor'),
  amount: z.string().describe('Antal × pris, kronor'),
  receivedQuantity: z.number(),
  /** Received beyond what was ordered (confirmed over-delivery). */
  overQuantity: z.number(),
  shortQuantity: z.number(),
  shortReason: z.string().nullable(),
  /** Still to come: ordered − received − closed short (never below 0). */
  outstanding: z.number(),
  /** The customer-order line the goods are for. */
  orderLine: z
    .object({
      orderId: z.uuid(),
      lineId: z.uuid(),
      centreOrderNumber: z.string(),
      lineNumber: z.number(),
      state: z.enum(provisionLineStates),
      plannedDate: z.string().nullable(),
      /** The last day the line may be promised without a planned date (17 working days, config). */
      plannedDateRequiredAfter: z.string().nullable(),
      /** The expected delivery is past that day and the line has no planned date: the supplier's date is needed. */
      needsPlannedDate: z.boolean(),
    })
    .nullable(),
});
export type PurchaseLineView = z.infer<typeof purchaseLineView>;

export const purchaseReceiptView = z.object({
  id: z.number(),
  lineNumber: z.number(),
  articleNumber: z.string(),
  articleName: z.string(),
  quantity: z.number(),
  overQuantity: z.number(),
  unitCost: z.string(),
  receivedOn: z.string(),
  unitNumbers: z.array(z.string()),
  reservedCount: z.number(),
  at: z.string(),
  actorLabel: z.string(),
});

export const purchaseOrderView = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(purchaseOrderStatuses),
  agreement: agreementView.extend({ validToday: z.boolean() }),
  warehouseId: z.uuid(),
  warehouseName: z.string(),
  deliveryAddress: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string(),
  sentAt: z.string().nullable(),
  sentByName: z.string().nullable(),
  sentVia: z.enum(purchaseSentVia).nullable(),
  sentTo: z.string().nullable(),
  expectedDate: z.string().nullable().describe('Skickad + avtalets leveranstid i arbetsdagar'),
  confirmedDate: z.string().nullable().describe('Leveransdatum som leverantören bekräftat'),
  confirmedAt: z.string().nullable(),
  supplierReference: z.string().nullable(),
  belowMinimumAccepted: z.boolean(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number(),
  total: z.string().describe('Ordervärde, kronor exklusive moms'),
  /** The total is under the agreement's minimum order. */
  belowMinimum: z.boolean(),
  /** A waiting line is promised past its 17-working-day limit without a planned date: record the supplier's date. */
  needsPlannedDate: z.boolean(),
  lines: z.array(purchaseLineView),
  receipts: z.array(purchaseReceiptView),
});
export type PurchaseOrderView = z.infer<typeof purchaseOrderView>;

export const purchaseOrderSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(purchaseOrderStatuses),
  supplierName: z.string(),
  agreementNumber: z.string(),
  warehouseName: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  expectedDate: z.string().nullable(),
  confirmedDate: z.string().nullable(),
  total: z.string(),
  lines: z.number(),
  /** Pieces still to come. */
  outstanding: z.number(),
  /** Centre order numbers the goods are for. */
  forOrders: z.array(z.string()),
});
export type PurchaseOrderSummary = z.infer<typeof purchaseOrderSummary>;

export const purchaseOrderNotFound = () => new AppError('NOT_FOUND', 'Inköpsordern finns inte');

export const outstandingOf = (l: Pick<PurchaseLineRow, 'quantity' | 'receivedQuantity' | 'shortQuantity'>) =>
  Math.max(0, l.quantity - l.receivedQuantity - l.shortQuantity);

/** The purchase order's total in öre. */
export const totalOre = (lines: readonly Pick<PurchaseLineRow, 'quantity' | 'unitPrice'>[]) => lines.reduce((s, l) => s + l.quantity * ore(l.unitPrice), 0);

/** Every purchase order's full view (its lines, receipts, the agreement's current terms and the waiting lines' state). */
export async function purchaseOrderViews(db: DbOrTx, ctx: Ctx, ids: readonly string[]): Promise<PurchaseOrderView[]> {
  if (!ids.length) return [];
  const today = stockholmDateTime(ctx.now()).date;
  const pos = await db
    .select({ po: provisionPurchaseOrder, warehouseName: provisionWarehouse.name })
    .from(provisionPurchaseOrder)
    .innerJoin(provisionWarehouse, eq(provisionWarehouse.id, provisionPurchaseOrder.warehouseId))
    .where(inArray(provisionPurchaseOrder.id, [...ids]));
  const lines = await db
    .select()
    .from(provisionPurchaseOrderLine)
    .where(inArray(provisionPurchaseOrderLine.purchaseOrderId, [...ids]))
    .orderBy(asc(provisionPurchaseOrderLine.lineNumber));
  const receipts = await db
    .select()
    .from(provisionPurchaseReceipt)
    .where(inArray(provisionPurchaseReceipt.purchaseOrderId, [...ids]))
    .orderBy(asc(provisionPurchaseReceipt.id));
  const orderLineIds = [...new Set(lines.flatMap((l) => (l.orderLineId ? [l.orderLineId] : [])))];
  const orderLines = orderLineIds.length
    ? await db
        .select({
          id: provisionOrderLine.id,
          state: provisionOrderLine.state,
          plannedDate: provisionOrderLine.plannedDate,
          expectedDate: provisionOrderLine.expectedDate,
          plannedDateRequiredAfter: provisionOrderLine.plannedDateRequiredAfter,
        })
        .from(provisionOrderLine)
        .where(inArray(provisionOrderLine.id, orderLineIds))
    : [];
  const agreements = new Map((await agreementFacts(db, { ids: [...new Set(pos.map((p) => p.po.agreementId))] })).map((a) => [a.id, a]));
  const order = new Map(ids.map((id, i) => [id, i]));
  return pos
    .sort((a, b) => order.get(a.po.id)! - order.get(b.po.id)!)
    .map(({ po, warehouseName }) => {
      const mine = lines.filter((l) => l.purchaseOrderId === po.id);
      const lineViews = mine.map((l): PurchaseLineView => {
        const ol = l.orderLineId ? orderLines.find((x) => x.id === l.orderLineId) : undefined;
        const outstanding = outstandingOf(l);
        // Promised past the limit: the supplier's expected (or confirmed) date is later than the line may be promised without a planned date.
        const expected = po.confirmedDate ?? po.expectedDate;
        const needsPlannedDate =
          !!ol &&
          !isClosed(ol.state) &&
          outstanding > 0 &&
          !ol.plannedDate &&
          !!ol.plannedDateRequiredAfter &&
          !!expected &&
          expected > ol.plannedDateRequiredAfter;
        return {
          id: l.id,
          lineNumber: l.lineNumber,
          source: l.source,
          articleId: l.articleId,
          articleNumber: l.articleNumber,
          articleName: l.articleName,
          supplierArticleNumber: l.supplierArticleNumber,
          unit: l.unit,
          unitTracked: l.unitTracked,
          serialRequired: l.serialRequired,
          quantity: l.quantity,
          unitPrice: Number(l.unitPrice).toFixed(2),
          amount: kronor(l.quantity * ore(l.unitPrice)),
          receivedQuantity: l.receivedQuantity,
          overQuantity: receipts.filter((r) => r.purchaseOrderLineId === l.id).reduce((s, r) => s + r.overQuantity, 0),
          shortQuantity: l.shortQuantity,
          shortReason: l.shortReason,
          outstanding,
          orderLine:
            l.orderLineId && l.orderId && ol
              ? {
                  orderId: l.orderId,
                  lineId: l.orderLineId,
                  centreOrderNumber: l.centreOrderNumber ?? '',
                  lineNumber: l.orderLineNumber ?? 0,
                  state: ol.state,
                  plannedDate: ol.plannedDate,
                  plannedDateRequiredAfter: ol.plannedDateRequiredAfter,
                  needsPlannedDate,
                }
              : null,
        };
      });
      const a = agreements.get(po.agreementId)!;
      const total = totalOre(mine);
      return {
        id: po.id,
        number: po.number!,
        status: po.status,
        agreement: { ...a, validToday: agreementValidOn(a, today) },
        warehouseId: po.warehouseId,
        warehouseName,
        deliveryAddress: po.deliveryAddress,
        note: po.note,
        createdAt: po.createdAt.toISOString(),
        createdByName: po.createdByName,
        sentAt: po.sentAt?.toISOString() ?? null,
        sentByName: po.sentByName,
        sentVia: po.sentVia,
        sentTo: po.sentTo,
        expectedDate: po.expectedDate,
        confirmedDate: po.confirmedDate,
        confirmedAt: po.confirmedAt?.toISOString() ?? null,
        supplierReference: po.supplierReference,
        belowMinimumAccepted: po.belowMinimumAccepted,
        cancelledAt: po.cancelledAt?.toISOString() ?? null,
        cancelReason: po.cancelReason,
        closedAt: po.closedAt?.toISOString() ?? null,
        version: po.version,
        total: kronor(total),
        belowMinimum: a.minimumOrderAmount !== null && total < ore(a.minimumOrderAmount),
        needsPlannedDate: lineViews.some((l) => l.orderLine?.needsPlannedDate),
        lines: lineViews,
        receipts: receipts
          .filter((r) => r.purchaseOrderId === po.id)
          .map((r) => {
            const l = mine.find((x) => x.id === r.purchaseOrderLineId)!;
            return {
              id: r.id,
              lineNumber: l.lineNumber,
              articleNumber: l.articleNumber,
              articleName: l.articleName,
              quantity: r.quantity,
              overQuantity: r.overQuantity,
              unitCost: Number(r.unitCost).toFixed(2),
              receivedOn: r.receivedOn,
              unitNumbers: r.unitNumbers ?? [],
              reservedCount: r.reservedCount,
              at: r.at.toISOString(),
              actorLabel: r.actorLabel,
            };
          }),
      };
    });
}

export async function loadPurchaseOrder(db: DbOrTx, ctx: Ctx, id: string): Promise<PurchaseOrderView> {
  const [v] = await purchaseOrderViews(db, ctx, [id]);
  if (!v) throw purchaseOrderNotFound();
  return v;
}

/** The purchase order, locked for the rest of the transaction, with its version checked against the one the caller saw. */
export async function lockPurchaseOrder(tx: DbOrTx, id: string, version?: number): Promise<PurchaseOrderRow> {
  const [po] = await tx.select().from(provisionPurchaseOrder).where(eq(provisionPurchaseOrder.id, id)).for('update');
  if (!po) throw purchaseOrderNotFound();
  if (version !== undefined && version !== po.version)
    throw new AppError('CONFLICT', `Inköpsorder ${po.number} har just ändrats av någon annan. Ladda om sidan och se vad som gäller nu.`, {
      currentVersion: po.version,
    });
  return po;
}

export const statusLabels: Record<PurchaseOrderRow['status'], string> = {
  draft: 'utkast',
  sent: 'skickad',
  partlyReceived: 'delvis inlevererad',
  closed: 'avslutad',
  cancelled: 'makulerad',
};

export const purchaseListQuery = z.strictObject({
  status: z.enum(purchaseOrderStatuses).optional(),
  /** Drafts, sent and partly received: what is not finished. */
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  supplierId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** Purchase orders, the newest first. */
export async function purchaseOrderSummaries(db: DbOrTx, q: z.infer<typeof purchaseListQuery>): Promise<PurchaseOrderSummary[]> {
  const conds: SQL[] = [];
  if (q.status) conds.push(eq(provisionPurchaseOrder.status, q.status));
  if (q.open) conds.push(inArray(provisionPurchaseOrder.status, ['draft', 'sent', 'partlyReceived']));
  if (q.supplierId) conds.push(eq(provisionPurchaseOrder.supplierId, q.supplierId));
  const pos = await db
    .select({ po: provisionPurchaseOrder, warehouseName: provisionWarehouse.name })
    .from(provisionPurchaseOrder)
    .innerJoin(provisionWarehouse, eq(provisionWarehouse.id, provisionPurchaseOrder.warehouseId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(provisionPurchaseOrder.seq))
    .limit(q.limit);
  const lines = pos.length
    ? await db
        .select()
        .from(provisionPurchaseOrderLine)
        .where(
          inArray(
            provisionPurchaseOrderLine.purchaseOrderId,
            pos.map((p) => p.po.id),
          ),
        )
    : [];
  return pos.map(({ po, warehouseName }) => {
    const mine = lines.filter((l) => l.purchaseOrderId === po.id);
    return {
      id: po.id,
      number: po.number!,
      status: po.status,
      supplierName: po.supplierName,
      agreementNumber: po.agreementNumber,
      warehouseName,
      createdAt: po.createdAt.toISOString(),
      sentAt: po.sentAt?.toISOString() ?? null,
      expectedDate: po.expectedDate,
      confirmedDate: po.confirmedDate,
      total: kronor(totalOre(mine)),
      lines: mine.length,
      outstanding: po.status === 'cancelled' ? 0 : mine.reduce((s, l) => s + outstandingOf(l), 0),
      forOrders: [...new Set(mine.flatMap((l) => (l.centreOrderNumber ? [l.centreOrderNumber] : [])))].sort(),
    };
  });
}
