import type { Writable } from 'node:stream';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { ARTICLE_SHEET, excelArticleColumns, excelPriceColumns, PRICE_SHEET } from './mapping.ts';
import { IMPORTERS } from '../articles/visibility.ts';

export const TEMPLATE_FILE_NAME = 'bista-artikelmall.xlsx';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Who may download the template: the same roles that import. */
export function requireTemplateAccess(ctx: Ctx) {
  requireRole(ctx, ...IMPORTERS);
}

/**
 * Writes the supplier Excel template: sheet 'Artiklar' (one row per article), sheet 'Priser' (optional
 * extra prices) and 'Instruktioner'. Generated from the same column list the reader uses (mapping.ts), so
 * the template and the reader always agree. Columns are text-formatted so that numbers such as GTIN, GLN
 * and ISO codes keep their leading zeros.
 */
export async function writeImportTemplate(stream: Writable): Promise<void> {
  // Loaded on first use: ExcelJS is large, and every start of the server would otherwise pay for it.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Bistå';
  wb.created = new Date(0);

  const articles = wb.addWorksheet(ARTICLE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  articles.columns = excelArticleColumns.map((c) => ({ header: c.header, key: c.header, width: c.width ?? 14, style: { numFmt: '@' } }));
  articles.getRow(1).font = { bold: true };
  articles.getRow(1).commit();
  await articles.commit();

  const prices = wb.addWorksheet(PRICE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  prices.columns = excelPriceColumns.map((c) => ({ header: c.header, key: c.header, width: c.width, style: { numFmt: '@' } }));
  prices.getRow(1).font = { bold: true };
  prices.getRow(1).commit();
  await prices.commit();

  const help = wb.addWorksheet('Instruktioner');
  help.columns = [
    { header: 'Blad', key: 'sheet', width: 12 },
    { header: 'Kolumn', key: 'column', width: 30 },
    { header: 'Obligatorisk', key: 'required', width: 12 },
    { header: 'Beskrivning', key: 'help', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  help.getRow(1).commit();
  for (const c of excelArticleColumns) help.addRow({ sheet: ARTICLE_SHEET, column: c.header, required: c.required ? 'ja' : '', help: c.help }).commit();
  for (const c of excelPriceColumns) help.addRow({ sheet: PRICE_SHEET, column: c.header, required: c.required ? 'ja' : '', help: c.help }).commit();
  help
    .addRow({
      sheet: '',
      column: '',
      required: '',
      help: 'En rad per artikel. Ja/nej-kolumner: ja eller nej. Datum: ÅÅÅÅ-MM-DD. Belopp i kronor exklusive moms, med punkt eller komma. ISO-koder enligt ISO 9999:2022.',
    })
    .commit();
  await help.commit();
  await wb.commit();
}
