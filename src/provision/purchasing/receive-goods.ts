import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { updateLine } from '../orders/order-store.ts';
import { PURCHASERS } from '../roles.ts';
import { provisionUnit, provisionWarehouse } from '../schema.ts';
import { postStock } from '../stock/ledger.ts';
import { insertUnits, serialNumberInput } from '../units/receive-units.ts';
import { transitionUnit } from '../units/transition-unit.ts';
import { linesOf, lockWaitingLines, purchaseStep, requireStatus, updatePurchaseOrder } from './purchase-order-steps.ts';
import { loadPurchaseOrder, lockPurchaseOrder, outstandingOf, purchaseOrderView } from './purchase-views.ts';
import { provisionPurchaseOrderLine, provisionPurchaseReceipt } from './schema.ts';

export const receiveInput = z.strictObject({
  version: z.int().describe('Inköpsorderns version som du såg'),
  receivedOn: z.iso.date().optional().describe('Inleveransdag (= individernas inköpsdatum); standard i dag'),
  confirmOverDelivery: z.boolean().optional().describe('Ta emot mer än det beställda (överleverans)'),
  lines: z
    .array(
      z.strictObject({
        lineId: z.uuid().describe('Inköpsorderraden'),
        quantity: z.int().min(1, 'antalet är minst 1').max(10_000, 'antalet är högst 10 000'),
        unitCost: z
          .number()
          .min(0, 'inköpspriset kan inte vara negativt')
          .max(10_000_000)
          .refine((n) => Math.round(n * 100) === Number((n * 100).toFixed(6)), 'ange högst två decimaler')
          .optional()
          .describe('Inköpspris per styck i kronor; standard avtalspriset på raden'),
        units: z
          .array(
            z.strictObject({
              serialNumber: serialNumberInput,
            }),
          )
          .max(500)
          .optional()
          .describe('Individmärkta artiklar: en post per mottagen individ'),
      }),
    )
    .min(1, 'ange minst en rad')
    .max(200),
});
export type ReceiveInput = z.infer<typeof receiveInput>;

export const receiveResult = z.object({
  purchaseOrder: purchaseOrderView,
  units: z.array(
    z.object({
      id: z.uuid(),
      unitNumber: z.string(),
      serialNumber: z.string().nullable(),
      articleNumber: z.string(),
      /** The waiting line the unit was reserved for ('K-100001 rad 2'), or null: it went to stock. */
      reservedFor: z.string().nullable(),
    }),
  ),
});

/**
 * POST /api/provision/purchasing/purchase-orders/:id/receipts: goods received against the purchase order, in parts
 * (issue 17 item 5). Unit-tracked articles become units (serial number, purchase date = the receipt day, purchase
 * cost) and as many as the waiting customer-order line still needs are reserved for it at once, so the line is
 * delivered to the patient as usual; the rest go to stock. Other articles enter the stock ledger at their purchase
 * cost. Receiving more than is outstanding is an over-delivery the warehouse confirms (OVER_DELIVERY until then);
 * either is recorded on the receipt. When nothing is outstanding any more the order is closed.
 */
export async function receiveGoods(ctx: Ctx, id: string, input: ReceiveInput) {
  const actor = requireRole(ctx, ...PURCHASERS);
  const today = stockholmDateTime(ctx.now()).date;
  const receivedOn = input.receivedOn ?? today;
  if (receivedOn > today)
    throw new AppError('VALIDATION', 'Inleveransdagen kan inte vara i framtiden', {
      issues: [{ path: 'body.receivedOn', code: 'date_in_future', message: `senast ${today}` }],
    });
  if (new Set(input.lines.map((l) => l.lineId)).size !== input.lines.length)
    throw new AppError('VALIDATION', 'Samma inköpsorderrad står två gånger', { issues: [{ path: 'body.lines', code: 'duplicate', message: 'dubblett' }] });

  const created: z.infer<typeof receiveResult>['units'] = [];
  await ctx.db.transaction(async (tx) => {
    const po = await lockPurchaseOrder(tx, id, input.version);
    requireStatus(po, ['sent', 'partlyReceived'], po.status === 'draft' ? 'skicka den till leverantören först' : 'inget mer tas emot mot den');
    const [wh] = await tx.select().from(provisionWarehouse).where(eq(provisionWarehouse.id, po.warehouseId));
    if (!wh?.active) throw new AppError('VALIDATION', `Lagret ${wh?.name ?? ''} tar inte emot varor just nu`);
    const lines = await linesOf(tx, po.id);

    const issues: FieldIssue[] = [];
    const over: string[] = [];
    const plan = input.lines.map((given, i) => {
      const line = lines.find((l) => l.id === given.lineId);
      if (!line)
        throw new AppError('VALIDATION', 'Raden finns inte på inköpsordern', {
          issues: [{ path: `body.lines.${i}.lineId`, code: 'unknown', message: 'okänd rad' }],
        });
      const outstanding = outstandingOf(line);
      const overQuantity = Math.max(0, given.quantity - outstanding);
      if (overQuantity > 0) {
        over.push(`rad ${line.lineNumber} (${line.articleName}): ${given.quantity} tas emot men ${outstanding} återstår, ${overQuantity} för mycket`);
        issues.push({
          path: `body.lines.${i}.quantity`,
          code: 'quantity_exceeds',
          message: `${outstanding} återstår av det beställda`,
          params: { max: outstanding },
        });
      }
      if (line.unitTracked) {
        if (!given.units || given.units.length !== given.quantity)
          throw new AppError('VALIDATION', `Rad ${line.lineNumber} är individmärkt: ange en individ (serienummer) per mottagen styck`, {
            issues: [{ path: `body.lines.${i}.units`, code: 'unit_required', message: `${given.quantity} individer` }],
          });
        const missing = given.units.findIndex((u) => !u.serialNumber);
        if (line.serialRequired && missing >= 0)
          throw new AppError('VALIDATION', `Artikeln ${line.articleNumber} kräver serienummer`, {
            issues: [{ path: `body.lines.${i}.units.${missing}.serialNumber`, code: 'required', message: 'krävs' }],
          });
        const serials = given.units.flatMap((u) => (u.serialNumber ? [u.serialNumber] : []));
        if (new Set(serials).size !== serials.length)
          throw new AppError('VALIDATION', 'Samma serienummer står två gånger', {
            issues: [{ path: `body.lines.${i}.units`, code: 'duplicate', message: 'dubblett' }],
          });
      } else if (given.units?.length) {
        throw new AppError('VALIDATION', `Artikeln på rad ${line.lineNumber} är inte individmärkt: den tas emot som antal`, {
          issues: [{ path: `body.lines.${i}.units`, code: 'not_unit_tracked', message: 'inte individmärkt' }],
        });
      }
      return { given, line, overQuantity, unitCost: given.unitCost ?? Number(line.unitPrice) };
    });
    if (over.length && !input.confirmOverDelivery)
      throw new AppError('OVER_DELIVERY', `Mer än det beställda tas emot: ${over.join('; ')}. Bekräfta överleveransen om den ska tas emot.`, {
        issues,
      });

    const waiting = new Map(
      (
        await lockWaitingLines(
          tx,
          plan.map((p) => p.line),
        )
      ).map((w) => [w.purchaseLine.id, w]),
    );
    const now = ctx.now();
    for (const { given, line, overQuantity, unitCost } of plan) {
      const w = waiting.get(line.id);
      let unitNumbers: string[] | null = null;
      let reserved = 0;
      if (line.unitTracked) {
        const units = await insertUnits(
          tx,
          ctx,
          wh,
          { id: line.articleId, articleNumber: line.articleNumber, name: line.articleName },
          given.units!.map((u) => ({ serialNumber: u.serialNumber ?? null, purchaseDate: receivedOn, purchaseCost: unitCost })),
          { purchaseOrder: po.number },
        );
        unitNumbers = units.map((u) => u.unitNumber!);
        if (w) {
          const [{ n }] = (await tx
            .select({ n: sql<number>`count(*)::int` })
            .from(provisionUnit)
            .where(eq(provisionUnit.reservedForLineId, w.line.id))) as [{ n: number }];
          const need = Math.max(0, w.line.quantity - w.line.deliveredQuantity - n);
          for (const u of units.slice(0, need)) {
            await transitionUnit(
              tx,
              ctx,
              u,
              'reserved',
              { type: 'reserved', orderId: w.order.id, lineId: w.line.id, data: { purchaseOrder: po.number } },
              { reservedForLineId: w.line.id },
            );
            reserved++;
          }
        }
        for (const [k, u] of units.entries())
          created.push({
            id: u.id,
            unitNumber: u.unitNumber!,
            serialNumber: u.serialNumber,
            articleNumber: u.articleNumber,
            reservedFor: w && k < reserved ? `${w.order.centreOrderNumber} rad ${w.line.lineNumber}` : null,
          });
      } else {
        await postStock(tx, ctx, {
          warehouseId: wh.id,
          article: { id: line.articleId, articleNumber: line.articleNumber, name: line.articleName },
          quantity: given.quantity,
          kind: 'receipt',
          unitCost,
          orderId: w?.order.id ?? null,
          lineId: w?.line.id ?? null,
          note: `Inköpsorder ${po.number}${w ? ` till ${w.order.centreOrderNumber} rad ${w.line.lineNumber}` : ''}`,
        });
      }
      if (w) {
        await purchaseStep(tx, ctx, w.order.id, w.line.id, 'goodsReceived', {
          purchaseOrder: po.number,
          quantity: given.quantity,
          warehouseId: wh.id,
          ...(unitNumbers ? { units: unitNumbers.slice(0, reserved) } : {}),
        });
        // The line's version moves with it, so a page showing the line sees the reserved units.
        await updateLine(tx, w.line, {}, now);
      }
      await tx.insert(provisionPurchaseReceipt).values({
        purchaseOrderId: po.id,
        purchaseOrderLineId: line.id,
        quantity: given.quantity,
        overQuantity,
        unitCost: unitCost.toFixed(2),
        receivedOn,
        warehouseId: wh.id,
        unitNumbers,
        reservedForLineId: w && reserved ? w.line.id : null,
        reservedCount: reserved,
        at: now,
        actorUserId: actor.userId,
        actorLabel: actor.name,
      });
      await tx
        .update(provisionPurchaseOrderLine)
        .set({ receivedQuantity: sql`${provisionPurchaseOrderLine.receivedQuantity} + ${given.quantity}` })
        .where(eq(provisionPurchaseOrderLine.id, line.id));
      line.receivedQuantity += given.quantity;
    }
    const done = lines.every((l) => outstandingOf(l) === 0);
    await updatePurchaseOrder(tx, po, { status: done ? 'closed' : 'partlyReceived', ...(done ? { closedAt: now } : {}) }, now);
    await audit(tx, ctx, {
      action: 'provision.purchase-order.receive',
      entityType: 'provision_purchase_order',
      entityId: po.id,
      details: {
        number: po.number,
        receivedOn,
        lines: plan.map((p) => ({ lineNumber: p.line.lineNumber, quantity: p.given.quantity, over: p.overQuantity, unitCost: p.unitCost.toFixed(2) })),
        units: created.map((u) => u.unitNumber),
        closed: done,
      },
    });
  });
  return { purchaseOrder: await loadPurchaseOrder(ctx.db, ctx, id), units: created };
}
