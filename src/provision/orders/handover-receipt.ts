import { addressLine, orderMatrix } from '../../contract/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { startPdf, writeFacts, writeTable } from '../../platform/documents/pdf.ts';
import { AppError } from '../../platform/errors.ts';
import { getCentreOrder } from './get-order.ts';

/** 12 digits as the Swedish way of writing them: YYYYMMDD-NNNN. */
const identifierText = (id: string) => (/^\d{12}$/.test(id) ? `${id.slice(0, 8)}-${id.slice(8)}` : id);

/**
 * GET /api/provision/orders/:id/handover-receipt.pdf: the hand-over receipt (utlämningskvitto, issue 16 item
 * 14) of what has been delivered on an order, for the patient or the receiver to sign at the door: the order,
 * the patient (a protected identity's address never), every delivered unit with its serial number, and lines
 * to sign. Read through getCentreOrder (the centre's roles).
 */
export async function handoverReceiptPdf(ctx: Ctx, orderId: string): Promise<{ fileName: string; pdf: Buffer }> {
  const o = await getCentreOrder(ctx, orderId);
  const delivered = o.lines.filter((l) => l.deliveredQuantity > 0);
  if (!delivered.length)
    throw new AppError('INVALID_TRANSITION', `Inget är levererat på order ${o.centreOrderNumber} ännu: kvittot skrivs när något har lämnats ut`);
  const title = `Utlämningskvitto ${o.centreOrderNumber}`;
  const { doc, finish } = await startPdf({ title, margin: 50 });
  doc.fontSize(16).text(title);
  doc.moveDown(0.2).fontSize(9).text('Hjälpmedelscentralen');
  doc.moveDown(0.8);
  const delivery = o.delivery as Record<string, unknown>;
  const orderedBy = o.orderedBy as Record<string, unknown>;
  const p = o.patient;
  const address =
    p?.protectedIdentity === true
      ? null
      : delivery.kind === 'patientAddress'
        ? addressLine(p?.address)
        : delivery.kind === 'otherAddress'
          ? addressLine(delivery.address)
          : typeof delivery.label === 'string'
            ? delivery.label
            : null;
  const deliveryDays = [...new Set(delivered.flatMap((l) => l.deliveredUnits.map((u) => u.fromDate)))].sort();
  writeFacts(doc, [
    ['Order', `${o.centreOrderNumber} (beställning ${o.orderNumber}) · ${orderMatrix[o.orderType].sv}`],
    ['Kund', `${o.customerNumber} ${o.customerName}`],
    ['Förskrivare', typeof orderedBy.name === 'string' ? orderedBy.name : null],
    ['Patient', p ? `${p.firstName} ${p.lastName}, ${identifierText(p.identifier)}` : null],
    ['Skyddad identitet', p?.protectedIdentity ? 'Ja: adressen skrivs inte ut' : null],
    ['Levererat till', address],
    ['Leveransdag', deliveryDays.join(', ') || null],
  ]);
  const rows = delivered.flatMap((l) => {
    const name = l.articleName ?? '';
    if (l.deliveredUnits.length)
      return l.deliveredUnits.map((u) => [String(l.lineNumber), l.articleNumber ?? '', name, u.unitNumber, u.serialNumber ?? '', '1', u.fromDate]);
    return [[String(l.lineNumber), l.articleNumber ?? '', name, '', '', String(l.deliveredQuantity), '']];
  });
  writeTable(doc, {
    title: 'Utlämnade hjälpmedel',
    columns: [
      { title: 'Rad', width: 28 },
      { title: 'Artikelnr', width: 62 },
      { title: 'Benämning', width: 150 },
      { title: 'Individ', width: 70 },
      { title: 'Serienummer', width: 80 },
      { title: 'Antal', width: 35, align: 'right' },
      { title: 'Levererad', width: 70 },
    ],
    rows,
    empty: 'Inget levererat',
  });
  doc.moveDown(1.5).fontSize(9);
  doc.text(
    'Hjälpmedlen ovan har lämnats ut till patienten och finns i patientens hjälpmedelsbild. Hyrda hjälpmedel ägs av hjälpmedelscentralen och lämnas tillbaka när de inte längre behövs; fel anmäls till förskrivaren eller hjälpmedelscentralen.',
  );
  doc.moveDown(2);
  const left = doc.page.margins.left;
  for (const label of ['Mottaget av (namnteckning)', 'Namnförtydligande', 'Datum', 'Utlämnat av']) {
    if (doc.y + 40 > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
    const y = doc.y + 18;
    doc
      .moveTo(left, y)
      .lineTo(left + 280, y)
      .stroke();
    doc.text(label, left, y + 3);
    doc.moveDown(1);
  }
  return { fileName: `utlamningskvitto-${o.centreOrderNumber}.pdf`, pdf: await finish({ align: 'right' }) };
}
