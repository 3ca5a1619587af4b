import { startPdf } from '../../platform/documents/pdf.ts';
import type { PurchaseOrderView } from './purchase-views.ts';

/** Kronor the Swedish way with ordinary spaces: 12 345,67. */
export function kronorText(amount: string): string {
  const ore = Math.round(Number(amount) * 100);
  const sign = ore < 0 ? '-' : '';
  const a = Math.abs(ore);
  const whole = String(Math.floor(a / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${whole},${String(a % 100).padStart(2, '0')}`;
}

const columns: { title: string; width: number; align?: 'right'; value: (l: PurchaseOrderView['lines'][number]) => string }[] = [
  { title: 'Rad', width: 24, align: 'right', value: (l) => String(l.lineNumber) },
  { title: 'Leverantörens art.nr', width: 78, value: (l) => l.supplierArticleNumber ?? '' },
  { title: 'Vårt art.nr', width: 56, value: (l) => l.articleNumber },
  { title: 'Benämning', width: 128, value: (l) => l.articleName },
  {
    title: 'Avser order',
    width: 72,
    value: (l) => (l.orderLine ? `${l.orderLine.centreOrderNumber} rad ${l.orderLine.lineNumber}` : 'Lager'),
  },
  { title: 'Antal', width: 36, align: 'right', value: (l) => `${l.quantity} ${l.unit}` },
  { title: 'À-pris', width: 50, align: 'right', value: (l) => kronorText(l.unitPrice) },
  { title: 'Belopp', width: 55, align: 'right', value: (l) => kronorText(l.amount) },
];

/** The file name of a purchase order's PDF (also the e-mail's attachment). */
export const purchaseOrderFileName = (po: Pick<PurchaseOrderView, 'number'>) => `inkopsorder-${po.number}.pdf`;

/**
 * The purchase order as the supplier gets it (issue 17 item 4): an A4 PDF in Swedish with the centre's purchase
 * order number, the agreement, the delivery address, and per line the supplier's and the centre's article number and
 * the centre order the goods are for, quantities, agreed prices and the total (excl. VAT).
 */
export async function purchaseOrderPdf(po: PurchaseOrderView): Promise<Buffer> {
  const title = `Inköpsorder ${po.number}`;
  const { doc, finish } = await startPdf({ title, margin: 48 });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 24;

  doc.fontSize(18).text(title);
  doc.moveDown(0.2).fontSize(10).text('Hjälpmedelscentralen');
  if (po.status === 'draft') doc.fontSize(9).fillColor('#a00000').text('Utkast – inte skickad till leverantören').fillColor('black');
  doc.moveDown(0.6);

  const top = doc.y;
  const half = width / 2 - 8;
  doc.fontSize(9).text('Leverantör', left, top, { width: half, underline: true });
  doc.text(po.agreement.supplierName, { width: half });
  doc.text(`GLN ${po.agreement.supplierGln}`, { width: half });
  if (po.agreement.supplierOrganisationNumber) doc.text(`Org.nr ${po.agreement.supplierOrganisationNumber}`, { width: half });
  if (po.agreement.orderAddress) doc.text(po.agreement.orderAddress, { width: half });
  if (po.agreement.orderEmail) doc.text(po.agreement.orderEmail, { width: half });
  if (po.agreement.contactName)
    doc.text(`Kontakt: ${[po.agreement.contactName, po.agreement.contactPhone, po.agreement.contactEmail].filter(Boolean).join(', ')}`, { width: half });
  const leftEnd = doc.y;

  doc.text('Leveransadress', left + half + 16, top, { width: half, underline: true });
  doc.text(po.deliveryAddress ?? 'Anges senare', left + half + 16, doc.y, { width: half });
  doc.text(`Godsmärkning: ${po.number}`, left + half + 16, doc.y, { width: half });
  doc.y = Math.max(leftEnd, doc.y);
  doc.moveDown(0.8);

  const facts: [string, string][] = [
    ['Inköpsordernummer', po.number],
    ['Orderdatum', (po.sentAt ?? po.createdAt).slice(0, 10)],
    ['Avtal', `${po.agreement.agreementNumber} ${po.agreement.name}`],
    ['Leveranstid enligt avtal', po.agreement.deliveryWorkingDays === null ? 'Anges inte i avtalet' : `${po.agreement.deliveryWorkingDays} arbetsdagar`],
    ['Önskat leveransdatum', po.expectedDate ?? 'Enligt avtalets leveranstid'],
    ['Beställt av', po.sentByName ?? po.createdByName],
  ];
  for (const [k, v] of facts) doc.text(`${k}: ${v}`, left, doc.y, { width });
  doc.moveDown(0.8);

  const heading = () => {
    doc.fontSize(8);
    let x = left;
    const y = doc.y;
    const h = Math.max(...columns.map((c) => doc.heightOfString(c.title, { width: c.width - 4 })));
    for (const c of columns) {
      doc.text(c.title, x, y, { width: c.width - 4, align: c.align ?? 'left' });
      x += c.width;
    }
    doc.y = y + h + 4;
    doc
      .moveTo(left, doc.y - 2)
      .lineTo(left + width, doc.y - 2)
      .stroke();
  };
  heading();
  for (const l of po.lines) {
    doc.fontSize(8);
    const cells = columns.map((c) => c.value(l));
    const h = Math.max(...columns.map((c, i) => doc.heightOfString(cells[i] || ' ', { width: c.width - 4 }))) + 4;
    if (doc.y + h > bottom()) {
      doc.addPage();
      heading();
      doc.fontSize(8);
    }
    let x = left;
    const y = doc.y;
    columns.forEach((c, i) => {
      doc.text(cells[i] ?? '', x, y, { width: c.width - 4, align: c.align ?? 'left' });
      x += c.width;
    });
    doc.y = y + h;
  }
  doc
    .moveDown(0.5)
    .fontSize(10)
    .text(`Summa exklusive moms: ${kronorText(po.total)} kr`, left, doc.y, { width, align: 'right' });
  doc.moveDown(1).fontSize(9);
  if (po.note) {
    doc.text('Meddelande', left, doc.y, { underline: true });
    doc.text(po.note, { width });
    doc.moveDown(0.6);
  }
  doc.text(
    `Bekräfta leveransdatum till hjälpmedelscentralen med inköpsordernummer ${po.number}. Märk godset och följesedeln med ${po.number}` +
      (po.lines.some((l) => l.orderLine) ? ' och ordernumret (K-…) som raden avser.' : '.'),
    left,
    doc.y,
    { width },
  );
  doc.text('Priser enligt avtal. Leveransvillkor och betalningsvillkor enligt avtalet.', { width });
  return finish({ align: 'right' });
}
