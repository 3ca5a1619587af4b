import type { Writable } from 'node:stream';
import { basisColumns, cellOf, type BasisHeader, type BasisRow } from './basis.ts';

/** Swedish Excel shows these with its own separators: space for thousands, comma for decimals. */
export const MONEY_FORMAT = '#,##0.00';
export const QUANTITY_FORMAT = '#,##0.###';
export const DATE_FORMAT = 'yyyy-mm-dd';
const HEADER_ROWS = 8;
const MONEY_STYLE = { numFmt: MONEY_FORMAT };
const DATE_STYLE = { numFmt: DATE_FORMAT };
const QUANTITY_STYLE = { numFmt: QUANTITY_FORMAT };
const PLAIN_STYLE = {};

const toDate = (d: string) => new Date(`${d}T00:00:00Z`);

/**
 * One customer's basis as an XLSX workbook, written with ExcelJS's streaming writer: a header block
 * (period, basis number, date, customer, payer, cost centre, total), then the table with a frozen header
 * row, an autofilter and a total row; dates are date cells, amounts number cells in kronor.
 */
export async function writeBasisXlsx(stream: Writable, h: BasisHeader, rows: Iterable<BasisRow>): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Bistå';
  await addBasisSheet(wb, h, rows);
  await wb.commit();
}

type WorkbookWriter = import('exceljs').stream.xlsx.WorkbookWriter;

export async function addBasisSheet(wb: WorkbookWriter, h: BasisHeader, rows: Iterable<BasisRow>, name = 'Fakturaunderlag') {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: HEADER_ROWS }] });
  ws.columns = basisColumns.map((c) => ({ key: c.key, width: c.width }));
  // One shared style object per column: ExcelJS caches a style by object identity, so a row's cells cost
  // no style work after the first row (a fresh object per cell made writing a third slower).
  const styles = basisColumns.map((c) =>
    c.kind === 'money' ? MONEY_STYLE : c.kind === 'date' ? DATE_STYLE : c.kind === 'quantity' ? QUANTITY_STYLE : PLAIN_STYLE,
  );
  const info: [string, string | number | Date][] = [
    ['Fakturaunderlag', h.state === 'closed' ? 'Stängd månad' : 'Utkast (månaden är inte stängd)'],
    ['Period', h.period],
    ['Underlagsnummer', h.basisNumber],
    ['Underlagsdatum', toDate(h.basisDate)],
    ['Kund', `${h.customerNumber} ${h.customerName}`.trim()],
    ['Betalare', h.payer],
    ['Kostnadsställe', h.costCentre],
  ];
  for (const [label, value] of info) {
    const row = ws.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    if (value instanceof Date) row.getCell(2).numFmt = DATE_FORMAT;
    row.getCell(2).alignment = { horizontal: 'left' };
    row.commit();
  }
  const head = ws.addRow(basisColumns.map((c) => c.header));
  head.font = { bold: true };
  head.commit();
  const amountCol = basisColumns.findIndex((c) => c.key === 'amountOre') + 1;
  let total = 0;
  let n = 0;
  for (const r of rows) {
    const values = basisColumns.map((c) => {
      const v = cellOf(h, r, c.key);
      if (v === null || v === undefined) return null;
      if (c.kind === 'money') return (v as number) / 100;
      if (c.kind === 'date') return toDate(v as string);
      return v;
    });
    total += r.amountOre ?? 0;
    n++;
    const row = ws.addRow(values);
    row.eachCell((cell, col) => {
      cell.style = styles[col - 1]!;
    });
    row.commit();
  }
  const first = HEADER_ROWS + 1;
  const last = HEADER_ROWS + n;
  const letter = columnLetter(amountCol);
  const sum = ws.addRow([]);
  sum.getCell(1).value = 'Summa';
  sum.getCell(amountCol).value = { formula: n ? `SUM(${letter}${first}:${letter}${last})` : '0', result: total / 100 };
  sum.font = { bold: true };
  sum.commit();
  ws.autoFilter = { from: { row: HEADER_ROWS, column: 1 }, to: { row: HEADER_ROWS, column: basisColumns.length } };
  await ws.commit();
}

export function columnLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
