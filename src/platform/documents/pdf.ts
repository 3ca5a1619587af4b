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
