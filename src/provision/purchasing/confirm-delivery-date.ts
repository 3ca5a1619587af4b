import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { checkPlannedDate, setPlannedDateInTx } from '../orders/set-planned-date.ts';
import { PURCHASERS } from '../roles.ts';
import { linesOf, lockWaitingLines, requireStatus, updatePurchaseOrder } from './purchase-order-steps.ts';
import { loadPurchaseOrder, lockPurchaseOrder, outstandingOf, type PurchaseOrderView } from './purchase-views.ts';

export const confirmInput = z.strictObject({
  version: z.int().describe('Inköpsorderns version som du såg'),
  confirmedDate: z.iso.date().describe('Leveransdatum som leverantören bekräftat (en arbetsdag, i dag eller senare)'),
  supplierReference: optionalText(100).describe('Leverantörens ordernummer eller referens'),
});

/**
 * POST /api/provision/purchasing/purchase-orders/:id/confirmation: the supplier's confirmed delivery date (issue 17
 * item 3). It becomes the planned date of every waiting customer-order line that still has goods to come on this
 * order, through the planned-date step (the ordering side gets 'plannedDate'; the daily due-date job sends 'delayed'
 * when the date passes with the line undelivered). A new confirmation (the supplier moved the date) does it again.
 */
export async function confirmDeliveryDate(ctx: Ctx, id: string, input: z.infer<typeof confirmInput>): Promise<PurchaseOrderView> {
  requireRole(ctx, ...PURCHASERS);
  checkPlannedDate(ctx, input.confirmedDate, 'body.confirmedDate');
  await ctx.db.transaction(async (tx) => {
    const po = await lockPurchaseOrder(tx, id, input.version);
    requireStatus(po, ['sent', 'partlyReceived'], 'bara en skickad order får ett bekräftat leveransdatum');
    const now = ctx.now();
    await updatePurchaseOrder(
      tx,
      po,
      { confirmedDate: input.confirmedDate, confirmedAt: now, supplierReference: input.supplierReference ?? po.supplierReference },
      now,
    );
    const lines = (await linesOf(tx, po.id)).filter((l) => outstandingOf(l) > 0);
    const planned: string[] = [];
    for (const { order, line } of await lockWaitingLines(tx, lines)) {
      await setPlannedDateInTx(
        tx,
        ctx,
        line.id,
        { plannedDate: input.confirmedDate, ...(line.state === 'received' ? { state: 'orderedFromSupplier' as const } : {}) },
        { purchaseOrder: po.number, confirmedBySupplier: true },
      );
      planned.push(`${order.centreOrderNumber} rad ${line.lineNumber}`);
    }
    await audit(tx, ctx, {
      action: 'provision.purchase-order.confirm',
      entityType: 'provision_purchase_order',
      entityId: po.id,
      details: {
        number: po.number,
        confirmedDate: input.confirmedDate,
        previous: po.confirmedDate,
        supplierReference: input.supplierReference ?? null,
        planned,
      },
    });
  });
  return loadPurchaseOrder(ctx.db, ctx, id);
}
