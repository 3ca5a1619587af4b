import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { addWorkingDays, stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { queueMail } from '../../platform/mail/mail.ts';
import { assertTransition } from '../orders/line-states.ts';
import { updateLine } from '../orders/order-store.ts';
import { setPlannedDateInTx } from '../orders/set-planned-date.ts';
import { PURCHASERS } from '../roles.ts';
import { validAgreement } from './agreements.ts';
import { kronorText, purchaseOrderFileName, purchaseOrderPdf } from './purchase-order-pdf.ts';
import { linesOf, lockWaitingLines, purchaseStep, requireStatus, updatePurchaseOrder } from './purchase-order-steps.ts';
import { loadPurchaseOrder, lockPurchaseOrder, ore, type PurchaseOrderView } from './purchase-views.ts';

export const sendInput = z.strictObject({
  version: z.int().describe('Inköpsorderns version som du såg'),
  via: z
    .enum(['email', 'manual'])
    .describe('email: skickas med e-post (PDF bifogad) till avtalets beställningsadress; manual: du har skickat PDF:en på annat sätt (portal, post)'),
  acceptBelowMinimum: z.boolean().optional().describe('Skicka även om ordervärdet är under avtalets minsta ordervärde'),
});

/**
 * POST /api/provision/purchasing/purchase-orders/:id/send: the draft goes to the supplier (issue 17 item 4). By
 * e-mail through the mail component with the PDF attached (to the agreement's ordering address), or marked as sent
 * when the buyer sent the PDF another way. The agreement must still be valid; under its minimum order the buyer
 * confirms. The expected date is today + the agreement's delivery time in working days. The waiting customer-order
 * lines become "ordered from supplier"; one promised past its 17-working-day limit (DOMAIN §4) gets the expected
 * date as its planned date at once, which the ordering side is told, until the supplier confirms a date.
 */
export async function sendPurchaseOrder(ctx: Ctx, id: string, input: z.infer<typeof sendInput>): Promise<PurchaseOrderView> {
  const actor = requireRole(ctx, ...PURCHASERS);
  const now = ctx.now();
  const today = stockholmDateTime(now).date;
  // The PDF is made before the transaction (a tenth of a second the database need not wait for) from the order as
  // it will be sent; the transaction then checks that nothing changed meanwhile.
  const seen = await loadPurchaseOrder(ctx.db, ctx, id);
  const expectedDate = seen.agreement.deliveryWorkingDays ? addWorkingDays(today, seen.agreement.deliveryWorkingDays) : null;
  const pdf =
    input.via === 'email' && seen.status === 'draft'
      ? await purchaseOrderPdf({ ...seen, status: 'sent', sentAt: now.toISOString(), sentByName: actor.name, expectedDate })
      : null;
  await ctx.db.transaction(async (tx) => {
    const po = await lockPurchaseOrder(tx, id, input.version);
    requireStatus(po, ['draft'], 'bara ett utkast skickas');
    if (po.version !== seen.version) throw new AppError('CONFLICT', `Inköpsorder ${po.number} har just ändrats. Ladda om sidan.`);
    if (!po.deliveryAddress)
      throw new AppError('VALIDATION', `Inköpsorder ${po.number} har ingen leveransadress: ange vart leverantören ska leverera innan den skickas`, {
        issues: [{ path: 'body.deliveryAddress', code: 'required', message: 'krävs' }],
      });
    const agreement = await validAgreement(tx, po.agreementId, today);
    const lines = await linesOf(tx, po.id);
    if (!lines.length) throw new AppError('VALIDATION', `Inköpsorder ${po.number} har inga rader`);
    const total = lines.reduce((s, l) => s + l.quantity * ore(l.unitPrice), 0);
    const minimum = agreement.minimumOrderAmount === null ? null : ore(agreement.minimumOrderAmount);
    const below = minimum !== null && total < minimum;
    if (below && !input.acceptBelowMinimum)
      throw new AppError(
        'BELOW_MINIMUM_ORDER',
        `Ordervärdet ${kronorText((total / 100).toFixed(2))} kr är under avtalets minsta ordervärde ${kronorText(agreement.minimumOrderAmount!)} kr. Lägg till rader, eller bekräfta att ordern ska skickas ändå.`,
        { total: (total / 100).toFixed(2), minimum: agreement.minimumOrderAmount },
      );
    if (input.via === 'email' && !agreement.orderEmail)
      throw new AppError(
        'VALIDATION',
        `Avtal ${agreement.agreementNumber} har ingen beställningsadress för e-post. Skicka PDF:en på annat sätt och markera ordern som skickad, eller lägg in adressen i avtalets villkor.`,
        { issues: [{ path: 'body.via', code: 'required', message: 'avtalet saknar e-postadress för beställningar' }] },
      );
    await updatePurchaseOrder(
      tx,
      po,
      {
        status: 'sent',
        sentAt: now,
        sentBy: actor.userId,
        sentByName: actor.name,
        sentVia: input.via,
        sentTo: input.via === 'email' ? agreement.orderEmail : null,
        expectedDate,
        belowMinimumAccepted: below,
      },
      now,
    );
    for (const { purchaseLine, order, line } of await lockWaitingLines(tx, lines)) {
      const data = { purchaseOrder: po.number, supplier: po.supplierName, expectedDate };
      if (expectedDate && !line.plannedDate && line.plannedDateRequiredAfter && expectedDate > line.plannedDateRequiredAfter) {
        await setPlannedDateInTx(
          tx,
          ctx,
          line.id,
          { plannedDate: expectedDate, ...(line.state === 'received' ? { state: 'orderedFromSupplier' as const } : {}) },
          { purchaseOrder: po.number },
        );
        await purchaseStep(tx, ctx, order.id, line.id, 'purchaseOrdered', data);
        continue;
      }
      if (line.state === 'received') {
        assertTransition(order.orderType, line.state, 'orderedFromSupplier', line.lineNumber);
        await updateLine(tx, line, { state: 'orderedFromSupplier' }, now);
      }
      await purchaseStep(tx, ctx, order.id, line.id, 'purchaseOrdered', { ...data, quantity: purchaseLine.quantity });
    }
    if (input.via === 'email') {
      await queueMail(tx, {
        to: agreement.orderEmail!,
        subject: `Inköpsorder ${po.number} från Hjälpmedelscentralen`,
        body: mailBody(seen, actor.name, expectedDate),
        reason: 'provision.purchase-order.send',
        attachments: [{ filename: purchaseOrderFileName(seen), contentType: 'application/pdf', content: pdf! }],
      });
    }
    await audit(tx, ctx, {
      action: 'provision.purchase-order.send',
      entityType: 'provision_purchase_order',
      entityId: po.id,
      details: {
        number: po.number,
        via: input.via,
        to: input.via === 'email' ? agreement.orderEmail : null,
        total: (total / 100).toFixed(2),
        belowMinimum: below,
        expectedDate,
      },
    });
  });
  return loadPurchaseOrder(ctx.db, ctx, id);
}

function mailBody(po: PurchaseOrderView, buyer: string, expectedDate: string | null): string {
  const lines = po.lines.map(
    (l) =>
      `Rad ${l.lineNumber}: ${l.supplierArticleNumber ? `${l.supplierArticleNumber} ` : ''}${l.articleName} (vårt nr ${l.articleNumber}) – ${l.quantity} ${l.unit} à ${kronorText(l.unitPrice)} kr` +
      (l.orderLine ? ` – avser order ${l.orderLine.centreOrderNumber} rad ${l.orderLine.lineNumber}` : ''),
  );
  return [
    'Hej!',
    '',
    `Här kommer inköpsorder ${po.number} från Hjälpmedelscentralen under avtal ${po.agreement.agreementNumber} (${po.agreement.name}).`,
    '',
    ...lines,
    '',
    `Summa exklusive moms: ${kronorText(po.total)} kr`,
    '',
    'Leveransadress:',
    po.deliveryAddress ?? '',
    '',
    expectedDate
      ? `Önskat leveransdatum: ${expectedDate} (avtalets leveranstid ${po.agreement.deliveryWorkingDays} arbetsdagar).`
      : 'Leverans enligt avtalets leveranstid.',
    ...(po.note ? ['', po.note] : []),
    '',
    `Bekräfta leveransdatum genom att svara på det här meddelandet och ange inköpsordernummer ${po.number}. Märk godset med ${po.number}.`,
    'Inköpsordern finns som PDF i bilagan.',
    '',
    'Med vänlig hälsning',
    buyer,
    'Hjälpmedelscentralen',
  ].join('\n');
}
