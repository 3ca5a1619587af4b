import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** DejaVu Sans (dejavu-fonts-ttf, free licence): embedded, so å, ä, ö and every Swedish name print right. */
export const PDF_FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

export interface PdfOptions {
  title: string;
  layout?: 'portrait' | 'landscape';
  /** Points on every side. */
  margin: number;
}

/**
 * A Swedish A4 document the modules write their reports into (basis, log review, quarterly follow-up): the
 * embedded font, the title and language in its metadata, pages buffered so that `finish` can write
 * "Sida n av m" at the foot of every page before it ends the document and gives its bytes.
 */
export async function startPdf(o: PdfOptions): Promise<{ doc: PDFKit.PDFDocument; finish(pageNumbers?: { align?: 'left' | 'right' }): Promise<Buffer> }> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: o.layout ?? 'portrait',
    margin: o.margin,
    bufferPages: true,
    info: { Title: o.title, Author: 'Bistå' },
    lang: 'sv-SE',
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font(PDF_FONT);
  const finish = (pageNumbers: { align?: 'left' | 'right' } = {}) => {
    const left = doc.page.margins.left;
    const range = doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      doc.fontSize(8).text(`Sida ${i + 1} av ${range.count}`, left, doc.page.height - doc.page.margins.bottom - 10, {
        width: doc.page.width - left * 2,
        align: pageNumbers.align ?? 'left',
        lineBreak: false,
      });
    }
    doc.end();
    return done;
  };
  return { doc, finish };
}

export interface PdfTable {
  title?: string;
  columns: { title: string; width: number; align?: 'right' }[];
  rows: string[][];
  /** Written under the column titles when there are no rows. */
  empty: string;
}

/** The lowest y a block may reach on the page, above the page number. */
const pageBottom = (doc: PDFKit.PDFDocument) => doc.page.height - doc.page.margins.bottom - 20;

/**
 * A table at the left margin: its title, the column titles, and the rows in 8 pt; a row that does not fit
 * starts a new page, which repeats the column titles.
 */
export function writeTable(doc: PDFKit.PDFDocument, table: PdfTable) {
  const left = doc.page.margins.left;
  if (doc.y + 60 > pageBottom(doc)) doc.addPage();
  if (table.title) {
    doc.moveDown(1).fontSize(12).text(table.title, left, doc.y);
    doc.moveDown(0.3);
  }
  const heading = () => {
    doc.fontSize(8);
    let x = left;
    const y = doc.y;
    const h = Math.max(...table.columns.map((c) => doc.heightOfString(c.title, { width: c.width - 4 })));
    for (const c of table.columns) {
      doc.text(c.title, x, y, { width: c.width - 4, align: c.align ?? 'left' });
      x += c.width;
    }
    doc.y = y + h + 4;
  };
  heading();
  if (!table.rows.length) doc.fontSize(9).text(table.empty, left, doc.y);
  for (const row of table.rows) {
    doc.fontSize(8);
    const h = Math.max(...table.columns.map((c, i) => doc.heightOfString(row[i] || ' ', { width: c.width - 4 }))) + 3;
    if (doc.y + h > pageBottom(doc)) {
      doc.addPage();
      heading();
      doc.fontSize(8);
    }
    let x = left;
    const y = doc.y;
    table.columns.forEach((c, i) => {
      doc.text(row[i] ?? '', x, y, { width: c.width - 4, align: c.align ?? 'left' });
      x += c.width;
    });
    doc.y = y + h;
  }
  doc.x = left;
}

/** Label–value pairs in two columns (9 pt), e.g. a document's order number, customer and dates; empty values are left out. */
export function writeFacts(doc: PDFKit.PDFDocument, facts: [label: string, value: string | null | undefined][], labelWidth = 150) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right - labelWidth;
  doc.fontSize(9);
  for (const [label, value] of facts) {
    if (!value) continue;
    const y = doc.y;
    const h = Math.max(doc.heightOfString(label, { width: labelWidth - 6 }), doc.heightOfString(value, { width }));
    if (y + h > pageBottom(doc)) doc.addPage();
    const top = doc.y;
    doc.text(label, left, top, { width: labelWidth - 6 });
    doc.text(value, left + labelWidth, top, { width });
    doc.y = top + h + 2;
  }
  doc.x = left;
}
