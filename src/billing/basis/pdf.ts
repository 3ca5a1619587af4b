import { startPdf } from '../../platform/documents/pdf.ts';
import type { BasisHeader, BasisRow } from './basis.ts';

/** Kronor the Swedish way with ordinary spaces: 12 345,67 (a PDF reader's copy gives the same text back). */
export function kronor(ore: number): string {
  const sign = ore < 0 ? '-' : '';
  const a = Math.abs(ore);
  const whole = String(Math.floor(a / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${whole},${String(a % 100).padStart(2, '0')}`;
}
const quantityText = (q: number) => String(q).replace('.', ',');

const columns: { title: string; width: number; align?: 'right'; value: (r: BasisRow) => string }[] = [
  { title: 'Order', width: 78, value: (r) => [r.orderNumber, r.lineNumber ? `rad ${r.lineNumber}` : null].filter(Boolean).join(' ') },
  { title: 'Debitering', width: 70, value: (r) => r.charge },
  { title: 'Datum', width: 104, value: (r) => (r.rentFrom ? `${r.rentFrom}–${r.rentTo}` : (r.deliveryDate ?? r.orderDate ?? '')) },
  { title: 'Patient', width: 108, value: (r) => r.patient },
  { title: 'Artikel', width: 170, value: (r) => [r.articleNumber, r.articleName].filter(Boolean).join(' ') },
  { title: 'Individ', width: 56, value: (r) => r.unitNumber ?? '' },
  { title: 'Dagar', width: 32, align: 'right', value: (r) => (r.days === null ? '' : String(r.days)) },
  { title: 'Antal', width: 38, align: 'right', value: (r) => quantityText(r.quantity) },
  { title: 'À-pris', width: 58, align: 'right', value: (r) => (r.unitPriceOre === null ? '' : kronor(r.unitPriceOre)) },
  { title: 'Belopp', width: 66, align: 'right', value: (r) => (r.amountOre === null ? 'pris saknas' : kronor(r.amountOre)) },
];

/**
 * One customer's basis as an A4 PDF (landscape) in Swedish: a header block, the lines in a table that
 * repeats its heading on every page, the total, and "Sida n av m" on every page.
 */
export async function basisPdf(h: BasisHeader, rows: BasisRow[]): Promise<Buffer> {
  const { doc, finish } = await startPdf({ title: `Fakturaunderlag ${h.basisNumber}`, layout: 'landscape', margin: 36 });

  doc.fontSize(16).text('Fakturaunderlag');
  doc.moveDown(0.3).fontSize(9);
  const info: [string, string][] = [
    ['Period', h.period],
    ['Underlagsnummer', h.basisNumber],
    ['Underlagsdatum', h.basisDate],
    ['Kund', `${h.customerNumber} ${h.customerName}`.trim()],
    ['Betalare', h.payer],
    ['Kostnadsställe', h.costCentre],
    ['Status', h.state === 'closed' ? 'Stängd månad' : 'Utkast – månaden är inte stängd'],
  ];
  for (const [k, v] of info) doc.text(`${k}: ${v}`);
  doc.moveDown(0.5);

  const left = doc.page.margins.left;
  const bottom = doc.page.height - doc.page.margins.bottom - 24;
  const rowHeight = 12;
  const heading = () => {
    let x = left;
    doc.fontSize(8);
    const y = doc.y;
    for (const c of columns) {
      doc.text(c.title, x, y, { width: c.width - 4, align: c.align ?? 'left', lineBreak: false });
      x += c.width;
    }
    doc.y = y + rowHeight + 2;
  };
  heading();
  let total = 0;
  for (const r of rows) {
    if (doc.y + rowHeight > bottom) {
      doc.addPage();
      heading();
    }
    total += r.amountOre ?? 0;
    let x = left;
    const y = doc.y;
    doc.fontSize(7.5);
    for (const c of columns) {
      doc.text(c.value(r), x, y, { width: c.width - 4, align: c.align ?? 'left', lineBreak: false, ellipsis: true, height: rowHeight });
      x += c.width;
    }
    doc.y = y + rowHeight;
  }
  if (doc.y + 40 > bottom) doc.addPage();
  doc.moveDown(0.5).fontSize(10);
  doc.text(`Antal rader: ${rows.length}`, left, doc.y);
  doc.text(`Summa: ${kronor(total)} kr`, left, doc.y);

  return finish({ align: 'right' });
}
