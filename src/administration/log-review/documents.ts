import { startPdf } from '../../platform/documents/pdf.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import type { ReviewReport } from './report.ts';

/** 2026-11-03 14:05, Swedish local time. */
export function localTime(at: Date): string {
  const t = stockholmDateTime(at);
  return `${t.date} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')}`;
}

const outlierText = (r: ReviewReport, kinds: readonly string[]) => kinds.map((k) => r.outlierLabels[k] ?? k).join('; ');

/** The review report as an Excel workbook: the reads with their outliers, and the readers. */
export async function reviewXlsx(r: ReviewReport): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bistå';
  const ws = wb.addWorksheet('Åtkomster');
  ws.columns = [
    { header: 'Tid', key: 'at', width: 18 },
    { header: 'Användare', key: 'reader', width: 32 },
    { header: 'Enhet', key: 'unit', width: 32 },
    { header: 'Patient', key: 'patient', width: 26 },
    { header: 'Händelse', key: 'action', width: 30 },
    { header: 'Ändamål', key: 'purpose', width: 20 },
    { header: 'Avvikelser', key: 'outliers', width: 60 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const x of r.reads) {
    ws.addRow({
      at: localTime(x.at),
      reader: x.readerName,
      unit: x.unit,
      patient: x.patientName,
      action: x.actionLabel,
      purpose: x.purposeLabel ?? '',
      outliers: outlierText(r, x.outliers),
    });
  }
  const us = wb.addWorksheet('Användare');
  us.columns = [
    { header: 'Användare', key: 'readerName', width: 32 },
    { header: 'Åtkomster', key: 'reads', width: 12 },
    { header: 'Patienter', key: 'patients', width: 12 },
    { header: 'Avvikande åtkomster', key: 'outliers', width: 20 },
  ];
  us.getRow(1).font = { bold: true };
  for (const x of r.readers) us.addRow(x);
  const about = wb.addWorksheet('Om rapporten');
  about.addRows([
    ['Vårdgivare', r.careProviderName],
    ['Period', `${r.from} – ${r.to}`],
    ['Åtkomster', r.reads.length],
    ['Avvikande åtkomster', r.outliers],
    ['Många patienter', `${r.thresholds.manyPatientsCount} olika patienter inom ${r.thresholds.manyPatientsWindowMinutes} minuter`],
    ['Kontorstid', `vardagar ${r.thresholds.officeStartHour}–${r.thresholds.officeEndHour}`],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface PdfColumn<T> {
  title: string;
  width: number;
  value: (row: T) => string;
}

/** An A4 landscape PDF in Swedish: a title, header lines, a table that repeats its heading, "Sida n av m". */
export async function tablePdf<T>(title: string, info: [string, string][], columns: PdfColumn<T>[], rows: T[], footer?: string): Promise<Buffer> {
  const { doc, finish } = await startPdf({ title, layout: 'landscape', margin: 36 });
  doc.fontSize(16).text(title);
  doc.moveDown(0.3).fontSize(9);
  for (const [k, v] of info) doc.text(`${k}: ${v}`);
  doc.moveDown(0.5);
  const left = doc.page.margins.left;
  const bottom = doc.page.height - doc.page.margins.bottom - 24;
  const heading = () => {
    let x = left;
    doc.fontSize(8);
    const y = doc.y;
    for (const c of columns) {
      doc.text(c.title, x, y, { width: c.width - 4, lineBreak: false });
      x += c.width;
    }
    doc.y = y + 14;
  };
  heading();
  for (const r of rows) {
    doc.fontSize(7.5);
    const height = Math.max(...columns.map((c) => doc.heightOfString(c.value(r) || ' ', { width: c.width - 4 }))) + 3;
    if (doc.y + height > bottom) {
      doc.addPage();
      heading();
      doc.fontSize(7.5);
    }
    let x = left;
    const y = doc.y;
    for (const c of columns) {
      doc.text(c.value(r), x, y, { width: c.width - 4 });
      x += c.width;
    }
    doc.y = y + height;
  }
  if (!rows.length) doc.fontSize(9).text('Inga åtkomster under perioden.', left, doc.y);
  if (footer)
    doc
      .moveDown(1)
      .fontSize(9)
      .text(footer, left, doc.y, { width: doc.page.width - 72 });
  return finish();
}

export function reviewPdf(r: ReviewReport): Promise<Buffer> {
  return tablePdf(
    'Logggranskning',
    [
      ['Vårdgivare', r.careProviderName],
      ['Period', `${r.from} – ${r.to}`],
      ['Åtkomster', String(r.reads.length)],
      ['Avvikande åtkomster', String(r.outliers)],
      [
        'Gränser',
        `${r.thresholds.manyPatientsCount} olika patienter inom ${r.thresholds.manyPatientsWindowMinutes} minuter; kontorstid vardagar ${r.thresholds.officeStartHour}–${r.thresholds.officeEndHour}`,
      ],
    ],
    [
      { title: 'Tid', width: 70, value: (x) => localTime(x.at) },
      { title: 'Användare', width: 130, value: (x) => x.readerName },
      { title: 'Enhet', width: 120, value: (x) => x.unit },
      { title: 'Patient', width: 100, value: (x) => x.patientName },
      { title: 'Händelse / ändamål', width: 140, value: (x) => [x.actionLabel, x.purposeLabel].filter(Boolean).join(' / ') },
      { title: 'Avvikelser', width: 210, value: (x) => outlierText(r, x.outliers) },
    ],
    r.reads,
  );
}
