import { startPdf, writeTable, type PdfTable } from '../../platform/documents/pdf.ts';
import type { QuarterlyReport } from './quarterly-report.ts';

/** Numbers the Swedish way, as the page shows them: 12,5 and 93,8 %. "Inga uppgifter" where there is nothing to count. */
const NO_DATA = 'Inga uppgifter';
const decimal = (n: number, digits = 1) => n.toFixed(digits).replace('.', ',');
export const percentText = (share: number | null) => (share === null ? NO_DATA : `${decimal(share * 100)} %`);
export const rateText = (rate: number | null) => (rate === null ? NO_DATA : decimal(rate));
const statusText = (s: 'open' | 'closed') => (s === 'open' ? 'Öppen' : 'Avslutad');

type Table = PdfTable & { title: string };

/** The report's sections as tables: the PDF and the Excel file show the same thing. */
export function reportTables(r: QuarterlyReport): Table[] {
  return [
    {
      title: 'Leveransprecision',
      columns: [
        { title: 'Kvartal', width: 120 },
        { title: 'Levererade rader med leveransdatum', width: 190, align: 'right' },
        { title: 'Levererade i tid', width: 100, align: 'right' },
        { title: 'Andel i tid', width: 100, align: 'right' },
      ],
      rows: [
        [r.quarter, String(r.deliveryPrecision.withDueDate), String(r.deliveryPrecision.onTime), percentText(r.deliveryPrecision.share)],
        [
          r.previousQuarter,
          String(r.deliveryPrecision.previousWithDueDate),
          String(r.deliveryPrecision.previousOnTime),
          percentText(r.deliveryPrecision.previousShare),
        ],
      ],
      empty: NO_DATA,
    },
    {
      title: 'Felrapporter per kategori mot levererade orderrader',
      columns: [
        { title: 'Kategori', width: 160 },
        { title: r.quarter, width: 60, align: 'right' },
        { title: 'Per 1 000 rader', width: 85, align: 'right' },
        { title: r.previousQuarter, width: 60, align: 'right' },
        { title: 'Per 1 000 rader', width: 85, align: 'right' },
        { title: 'Förändring', width: 60, align: 'right' },
      ],
      rows: [
        ...r.faultReports.map((f) => [
          f.label.sv,
          String(f.count),
          rateText(f.perThousandLines),
          String(f.previousCount),
          rateText(f.previousPerThousandLines),
          signed(f.count - f.previousCount),
        ]),
        [
          'Totalt',
          String(r.faultReportsTotal.count),
          rateText(r.faultReportsTotal.perThousandLines),
          String(r.faultReportsTotal.previousCount),
          rateText(r.faultReportsTotal.previousPerThousandLines),
          signed(r.faultReportsTotal.count - r.faultReportsTotal.previousCount),
        ],
        ['Levererade orderrader', String(r.deliveredLines), '', String(r.previousDeliveredLines), '', signed(r.deliveredLines - r.previousDeliveredLines)],
      ],
      empty: NO_DATA,
    },
    {
      title: 'Medicintekniska avvikelser per slag',
      columns: [
        { title: 'Slag', width: 200 },
        { title: r.quarter, width: 80, align: 'right' },
        { title: r.previousQuarter, width: 80, align: 'right' },
      ],
      rows: r.deviationsByKind.map((d) => [d.label.sv, String(d.count), String(d.previous)]),
      empty: NO_DATA,
    },
    {
      title: 'Medicintekniska avvikelser',
      columns: [
        { title: 'Mottagen', width: 62 },
        { title: 'Ärende', width: 58 },
        { title: 'Slag', width: 70 },
        { title: 'Individ / artikel', width: 130 },
        { title: 'Kund', width: 90 },
        { title: 'Status', width: 50 },
      ],
      rows: r.deviations.map((d) => [
        d.receivedOn,
        d.centreOrderNumber,
        kindName(r, d.kind),
        [d.unitNumber, d.articleNumber, d.articleName].filter(Boolean).join(' ') || 'Ej angiven',
        d.customerName,
        statusText(d.status),
      ]),
      empty: 'Inga avvikelser under kvartalet.',
    },
    {
      title: 'Topp 20 produkter per ISO-kod (sex siffror)',
      columns: [
        { title: 'Plats', width: 36, align: 'right' },
        { title: 'ISO-kod', width: 60 },
        { title: 'Benämning', width: 250 },
        { title: 'Rader', width: 55, align: 'right' },
        { title: 'Antal', width: 55, align: 'right' },
      ],
      rows: r.topProducts.map((p) => [String(p.rank), p.isoCode, p.titleSv ?? '', String(p.lines), String(p.quantity)]),
      empty: 'Inga levererade produkter under kvartalet.',
    },
  ];
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The report as an A4 PDF in Swedish with "Sida n av m" on every page. */
export async function quarterlyPdf(r: QuarterlyReport): Promise<Buffer> {
  const title = `Kvartalsuppföljning ${r.quarter}`;
  const { doc, finish } = await startPdf({ title, margin: 50 });
  doc.fontSize(16).text(`${title} – hjälpmedelscentralen`);
  doc.moveDown(0.3).fontSize(9).text(`Period: ${r.from} – ${r.to}. Jämförelse med ${r.previousQuarter}.`);
  doc.text(`Levererade orderrader: ${r.deliveredLines} (${r.previousQuarter}: ${r.previousDeliveredLines}).`);
  for (const table of reportTables(r)) writeTable(doc, table);
  return finish();
}

/** The report as an Excel workbook: one sheet per section, numbers as numbers, "Inga uppgifter" where a share has no data. */
export async function quarterlyXlsx(r: QuarterlyReport): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bistå';
  const sheet = (name: string, columns: { header: string; key: string; width: number }[]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = columns;
    ws.getRow(1).font = { bold: true };
    return ws;
  };
  const num = (n: number | null, digits = 1) => (n === null ? NO_DATA : Number(n.toFixed(digits)));
  const about = wb.addWorksheet('Om rapporten');
  about.addRows([
    ['Rapport', `Kvartalsuppföljning ${r.quarter}`],
    ['Period', `${r.from} – ${r.to}`],
    ['Jämförs med', r.previousQuarter],
    ['Levererade orderrader', r.deliveredLines],
    [`Levererade orderrader ${r.previousQuarter}`, r.previousDeliveredLines],
  ]);
  about.getColumn(1).width = 34;
  about.getColumn(2).width = 30;

  const precision = sheet('Leveransprecision', [
    { header: 'Kvartal', key: 'quarter', width: 12 },
    { header: 'Levererade rader med leveransdatum', key: 'withDueDate', width: 34 },
    { header: 'Levererade i tid', key: 'onTime', width: 18 },
    { header: 'Andel i tid (%)', key: 'share', width: 16 },
  ]);
  const p = r.deliveryPrecision;
  precision.addRow({ quarter: r.quarter, withDueDate: p.withDueDate, onTime: p.onTime, share: num(p.share === null ? null : p.share * 100) });
  precision.addRow({
    quarter: r.previousQuarter,
    withDueDate: p.previousWithDueDate,
    onTime: p.previousOnTime,
    share: num(p.previousShare === null ? null : p.previousShare * 100),
  });

  const faults = sheet('Felrapporter', [
    { header: 'Kategori', key: 'category', width: 32 },
    { header: `Antal ${r.quarter}`, key: 'count', width: 14 },
    { header: `Per 1 000 rader ${r.quarter}`, key: 'rate', width: 22 },
    { header: `Antal ${r.previousQuarter}`, key: 'previousCount', width: 14 },
    { header: `Per 1 000 rader ${r.previousQuarter}`, key: 'previousRate', width: 22 },
  ]);
  for (const f of r.faultReports)
    faults.addRow({
      category: f.label.sv,
      count: f.count,
      rate: num(f.perThousandLines),
      previousCount: f.previousCount,
      previousRate: num(f.previousPerThousandLines),
    });
  const t = r.faultReportsTotal;
  faults.addRow({
    category: 'Totalt',
    count: t.count,
    rate: num(t.perThousandLines),
    previousCount: t.previousCount,
    previousRate: num(t.previousPerThousandLines),
  }).font = { bold: true };

  const deviations = sheet('Avvikelser', [
    { header: 'Mottagen', key: 'receivedOn', width: 12 },
    { header: 'Ärende', key: 'centreOrderNumber', width: 12 },
    { header: 'Slag', key: 'kind', width: 18 },
    { header: 'Händelsedatum', key: 'occurredOn', width: 14 },
    { header: 'Individ', key: 'unitNumber', width: 12 },
    { header: 'Artikelnummer', key: 'articleNumber', width: 16 },
    { header: 'Artikel', key: 'articleName', width: 30 },
    { header: 'Kund', key: 'customerName', width: 28 },
    { header: 'Beskrivning', key: 'description', width: 50 },
    { header: 'Status', key: 'status', width: 10 },
  ]);
  for (const d of r.deviations)
    deviations.addRow({
      ...d,
      kind: kindName(r, d.kind),
      occurredOn: d.occurredOn ?? '',
      unitNumber: d.unitNumber ?? '',
      articleNumber: d.articleNumber ?? '',
      articleName: d.articleName ?? '',
      status: statusText(d.status),
    });

  const products = sheet('Topp 20 produkter', [
    { header: 'Plats', key: 'rank', width: 8 },
    { header: 'ISO-kod', key: 'isoCode', width: 12 },
    { header: 'Benämning', key: 'titleSv', width: 50 },
    { header: 'Rader', key: 'lines', width: 10 },
    { header: 'Antal', key: 'quantity', width: 10 },
  ]);
  for (const x of r.topProducts) products.addRow({ ...x, titleSv: x.titleSv ?? '' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A deviation kind's Swedish name as the report gives it (the centre's rules). */
function kindName(r: QuarterlyReport, kind: QuarterlyReport['deviations'][number]['kind']): string {
  return r.deviationsByKind.find((d) => d.kind === kind)?.label.sv ?? kind;
}
