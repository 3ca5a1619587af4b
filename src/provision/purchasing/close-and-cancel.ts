import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { agreementFacts } from '../../catalogue/agreements/agreement-facts.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { text } from '../../platform/http/schemas.ts';
import { queueMail } from '../../platform/mail/mail.ts';
import { PURCHASERS } from '../roles.ts';
import { linesOf, lockWaitingLines, purchaseStep, requireStatus, updatePurchaseOrder } from './purchase-order-steps.ts';
import { loadPurchaseOrder, lockPurchaseOrder, outstandingOf, type PurchaseOrderView } from './purchase-views.ts';
import { provisionPurchaseOrderLine } from './schema.ts';

export const closeLineInput = z.strictObject({
  version: z.int().describe('Inköpsorderns version som du såg'),
  reason: text(500).describe('Varför resten inte kommer (t.ex. utgått hos leverantören)'),
});

export const cancelInput = z.strictObject({
  version: z.int().describe('Inköpsorderns version som du såg'),
  reason: text(500).describe('Varför ordern makuleras'),
});

/**
 * POST /api/provision/purchasing/purchase-orders/:id/lines/:lineId/close: under-delivery (issue 17 item 5). What is
 * still outstanding on the line will not come: it is recorded as short with the reason, and the order is closed when
 * nothing else is outstanding. A waiting customer-order line then needs buying again (it shows in the proposals).
 */
export async function closeLineShort(ctx: Ctx, id: string, lineId: string, input: z.infer<typeof closeLineInput>): Promise<PurchaseOrderView> {
  requireRole(ctx, ...PURCHASERS);
  await ctx.db.transaction(async (tx) => {
    const po = await lockPurchaseOrder(tx, id, input.version);
    requireStatus(po, ['sent', 'partlyReceived'], 'bara en skickad order har rader att avsluta');
    const lines = await linesOf(tx, po.id);
    const line = lines.find((l) => l.id === lineId);
    if (!line) throw new AppError('NOT_FOUND', 'Raden finns inte på inköpsordern');
    const short = outstandingOf(line);
    if (short === 0) throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber} har inget kvar att leverera`);
    await tx
      .update(provisionPurchaseOrderLine)
      .set({ shortQuantity: line.shortQuantity + short, shortReason: input.reason })
      .where(eq(provisionPurchaseOrderLine.id, line.id));
    line.shortQuantity += short;
    const now = ctx.now();
    const done = lines.every((l) => outstandingOf(l) === 0);
    await updatePurchaseOrder(
      tx,
      po,
      done ? { status: 'closed', closedAt: now } : { status: lines.some((l) => l.receivedQuantity > 0) ? 'partlyReceived' : po.status },
      now,
    );
    for (const w of await lockWaitingLines(tx, [line]))
      await purchaseStep(tx, ctx, w.order.id, w.line.id, 'purchaseShort', { purchaseOrder: po.number, quantity: short, reason: input.reason });
    await audit(tx, ctx, {
      action: 'provision.purchase-order.close-line',
      entityType: 'provision_purchase_order',
      entityId: po.id,
      details: { number: po.number, lineNumber: line.lineNumber, articleNumber: line.articleNumber, short, reason: input.reason, closed: done },
    });
  });
  return loadPurchaseOrder(ctx.db, ctx, id);
}

/**
 * POST /api/provision/purchasing/purchase-orders/:id/cancel: a draft or a sent order against which nothing has been
 * received (issue 17 item 8: one with goods received is refused; its outstanding lines are closed short instead).
 * A cancelled order that went by e-mail is cancelled to the supplier the same way. Waiting lines need buying again.
 */
export async function cancelPurchaseOrder(ctx: Ctx, id: string, input: z.infer<typeof cancelInput>): Promise<PurchaseOrderView> {
  requireRole(ctx, ...PURCHASERS);
  await ctx.db.transaction(async (tx) => {
    const po = await lockPurchaseOrder(tx, id, input.version);
    const lines = await linesOf(tx, po.id);
    const received = lines.reduce((s, l) => s + l.receivedQuantity, 0);
    if (received > 0)
      throw new AppError(
        'GOODS_RECEIVED',
        `Inköpsorder ${po.number} kan inte makuleras: ${received} st har redan tagits emot mot den. Avsluta de rader som inte kommer (underleverans) i stället.`,
      );
    requireStatus(po, ['draft', 'sent'], 'bara ett utkast eller en skickad order utan inleveranser kan makuleras');
    const now = ctx.now();
    await updatePurchaseOrder(tx, po, { status: 'cancelled', cancelledAt: now, cancelReason: input.reason }, now);
    if (po.status === 'sent') {
      for (const w of await lockWaitingLines(tx, lines))
        await purchaseStep(tx, ctx, w.order.id, w.line.id, 'purchaseCancelled', { purchaseOrder: po.number, reason: input.reason });
    }
    if (po.status === 'sent' && po.sentVia === 'email' && po.sentTo) {
      const [a] = await agreementFacts(tx, { ids: [po.agreementId] });
      await queueMail(tx, {
        to: po.sentTo,
        subject: `Makulerad: inköpsorder ${po.number} från Hjälpmedelscentralen`,
        body: [
          'Hej!',
          '',
          `Hjälpmedelscentralen makulerar inköpsorder ${po.number} (avtal ${po.agreementNumber}${a ? ` ${a.name}` : ''}), skickad ${po.sentAt?.toISOString().slice(0, 10) ?? ''}.`,
          'Leverera inte varorna på ordern.',
          '',
          `Skäl: ${input.reason}`,
          '',
          'Med vänlig hälsning',
          ctx.actor?.name ?? '',
          'Hjälpmedelscentralen',
        ].join('\n'),
        reason: 'provision.purchase-order.cancel',
      });
    }
    await audit(tx, ctx, {
      action: 'provision.purchase-order.cancel',
      entityType: 'provision_purchase_order',
      entityId: po.id,
      details: { number: po.number, was: po.status, reason: input.reason },
    });
  });
  return loadPurchaseOrder(ctx.db, ctx, id);
}
