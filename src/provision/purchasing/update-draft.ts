import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { PURCHASERS } from '../roles.ts';
import { linesOf, requireStatus, updatePurchaseOrder } from './purchase-order-steps.ts';
import { loadPurchaseOrder, lockPurchaseOrder, type PurchaseOrderView } from './purchase-views.ts';
import { provisionPurchaseOrderLine } from './schema.ts';

export const updateDraftInput = z.strictObject({
  version: z.int().describe('Inköpsorderns version som du såg'),
  deliveryAddress: z.string().trim().min(1, 'ange leveransadressen').max(500).optional().describe('Leveransadress (rader)'),
  note: optionalText(1000).describe('Meddelande till leverantören'),
  lines: z
    .array(z.strictObject({ id: z.uuid(), quantity: z.int().min(0).max(10_000).describe('0 = ta bort raden') }))
    .max(200)
    .optional()
    .describe('Ändrade antal; utelämnade rader lämnas som de är'),
});

/** PUT /api/provision/purchasing/purchase-orders/:id: a draft's quantities (0 removes a line), delivery address and message. */
export async function updateDraft(ctx: Ctx, id: string, input: z.infer<typeof updateDraftInput>): Promise<PurchaseOrderView> {
  requireRole(ctx, ...PURCHASERS);
  await ctx.db.transaction(async (tx) => {
    const po = await lockPurchaseOrder(tx, id, input.version);
    requireStatus(po, ['draft'], 'bara ett utkast ändras');
    const lines = await linesOf(tx, po.id);
    const changes = input.lines ?? [];
    for (const [i, c] of changes.entries()) {
      if (!lines.some((l) => l.id === c.id))
        throw new AppError('VALIDATION', 'Raden finns inte på inköpsordern', {
          issues: [{ path: `body.lines.${i}.id`, code: 'unknown', message: 'okänd rad' }],
        });
    }
    const removed = changes.filter((c) => c.quantity === 0).map((c) => c.id);
    if (removed.length === lines.length)
      throw new AppError('VALIDATION', 'En inköpsorder har minst en rad: makulera utkastet i stället', {
        issues: [{ path: 'body.lines', code: 'lines_required', message: 'minst en rad' }],
      });
    for (const c of changes.filter((x) => x.quantity > 0))
      await tx.update(provisionPurchaseOrderLine).set({ quantity: c.quantity }).where(eq(provisionPurchaseOrderLine.id, c.id));
    if (removed.length) {
      await tx.delete(provisionPurchaseOrderLine).where(inArray(provisionPurchaseOrderLine.id, removed));
      // The remaining lines are numbered 1… again, in their order (the number is only the draft's).
      const left = lines.filter((l) => !removed.includes(l.id));
      for (const [i, l] of left.entries())
        if (l.lineNumber !== i + 1)
          await tx
            .update(provisionPurchaseOrderLine)
            .set({ lineNumber: -(i + 1) })
            .where(eq(provisionPurchaseOrderLine.id, l.id));
      for (const [i, l] of left.entries())
        if (l.lineNumber !== i + 1)
          await tx
            .update(provisionPurchaseOrderLine)
            .set({ lineNumber: i + 1 })
            .where(eq(provisionPurchaseOrderLine.id, l.id));
    }
    const now = ctx.now();
    await updatePurchaseOrder(
      tx,
      po,
      {
        ...(input.deliveryAddress !== undefined ? { deliveryAddress: input.deliveryAddress } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
      },
      now,
    );
    await audit(tx, ctx, {
      action: 'provision.purchase-order.update',
      entityType: 'provision_purchase_order',
      entityId: po.id,
      details: {
        number: po.number,
        lines: changes.map((c) => ({ lineNumber: lines.find((l) => l.id === c.id)!.lineNumber, quantity: c.quantity })),
        deliveryAddress: input.deliveryAddress !== undefined,
        note: input.note !== undefined,
      },
    });
  });
  return loadPurchaseOrder(ctx.db, ctx, id);
}
