import fs from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { fastSortKey } from './sort-key-fast.ts';
import { FieldError, LOCAL_NUMBER, LOCAL_RANGE_TEXT } from './checks.ts';
import type { ImportConnection } from './connection.ts';
import { FatalFileError, type ImportIssue } from './issues.ts';
import {
  ARTICLE_SHEET,
  articleFields,
  articleHash,
  convert,
  excelArticleColumns,
  excelPriceColumns,
  fitFields,
  mediaFields,
  PRICE_SHEET,
  priceField,
  productFields,
  supplierFields,
  type ExcelColumn,
} from './mapping.ts';
import { rowOf, type FileHeader, type ReaderSink } from './read-xml.ts';
import { importLimits } from './limits.ts';
import type { StageNames } from './staging.ts';

/** The supplier template's ISO codes are ISO 9999:2022 (the edition in use since 2022). */
export const EXCEL_EDITION = '2022';

type Values = Record<string, string | null | undefined>;

/** A cell as text: numbers without exponent, dates as YYYY-MM-DD, rich text and hyperlinks as their text. */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return null;
  }
  return String(v);
}

const fieldOf = (cols: ExcelColumn[], to: string, f: string) =>
  cols.find((c) => c.target.to === to && 'field' in c.target && (typeof c.target.field === 'string' ? c.target.field : c.target.field.col) === f);

/** The workbook's sheets in order, each as its rows: read whole (small files) or streamed (see importLimits). */
async function sheetsOf(filePath: string): Promise<AsyncIterable<Worksheet & { name: string }>> {
  // Loaded on first use: ExcelJS is large, and every start of the server would otherwise pay for it.
  const { default: ExcelJS } = await import('exceljs');
  const { size } = await fs.stat(filePath);
  if (size <= importLimits.xlsxInMemoryBytes) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(filePath);
    return (async function* () {
      for (const ws of wb.worksheets) {
        const rows: ExcelJS.Row[] = [];
        ws.eachRow((r) => rows.push(r));
        yield Object.assign(
          (async function* () {
            yield* rows;
          })(),
          { name: ws.name },
        );
      }
    })();
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  return reader as unknown as AsyncIterable<Worksheet & { name: string }>;
}

/**
 * Reads the supplier Excel template (sheet 'Artiklar', optional sheet 'Priser') with ExcelJS into the same
 * staging tables as the XML. The articles are supplier articles outside the national database: their
 * numbers are in the local range (L…), and the file only adds and changes.
 */
export async function readCatalogueXlsx(filePath: string, sink: ReaderSink): Promise<FileHeader> {
  const header: FileHeader = { edition: EXCEL_EDITION, source: 'supplier', scope: 'delta', exported: null };
  let sawArticles = false;
  const seenSuppliers = new Set<string>();
  const seenProducts = new Set<string>();
  try {
    for await (const ws of await sheetsOf(filePath)) {
      const name = ws.name;
      if (name === ARTICLE_SHEET) {
        sawArticles = true;
        await readArticleSheet(ws, sink, header.edition, seenSuppliers, seenProducts);
      } else if (name === PRICE_SHEET) {
        await readPriceSheet(ws, sink);
      } else {
        for await (const _row of ws) {
          // other sheets (the instructions) are not read, but the stream must be drained
        }
      }
    }
  } catch (e) {
    if (e instanceof FatalFileError) throw e;
    throw new FatalFileError({ line: null, message: `Excel-filen går inte att läsa (är den en .xlsx-arbetsbok och hel?): ${(e as Error).message}` });
  }
  if (!sawArticles) throw new FatalFileError({ line: null, message: `bladet '${ARTICLE_SHEET}' saknas i arbetsboken; använd Bistås mall` });
  return header;
}

type Worksheet = AsyncIterable<ExcelJS.Row>;

async function headerMap(rows: AsyncIterator<ExcelJS.Row>, sheet: string, required: string[]) {
  const first = await rows.next();
  if (first.done) throw new FatalFileError({ sheet, line: 1, message: `bladet '${sheet}' är tomt: rubrikraden saknas` });
  const index = new Map<string, number>();
  (first.value.values as unknown[]).forEach((v, i) => {
    const t = cellText(v)?.trim();
    if (t) index.set(t, i);
  });
  const missing = required.filter((h) => !index.has(h));
  if (missing.length) {
    throw new FatalFileError({
      sheet,
      line: 1,
      message: `${missing.length === 1 ? 'kolumnen' : 'kolumnerna'} ${missing.map((m) => `'${m}'`).join(', ')} saknas på rubrikraden; använd Bistås mall`,
    });
  }
  return index;
}

async function readArticleSheet(ws: Worksheet, sink: ReaderSink, edition: string, seenSuppliers: Set<string>, seenProducts: Set<string>) {
  const rows = ws[Symbol.asyncIterator]();
  const sheet = ARTICLE_SHEET;
  const index = await headerMap(
    rows,
    sheet,
    excelArticleColumns.filter((c) => c.required).map((c) => c.header),
  );
  let n = 0;
  for (let r = await rows.next(); !r.done; r = await rows.next()) {
    const row = r.value;
    const line = row.number;
    const cells = row.values as unknown[];
    const raw = (c: ExcelColumn) => {
      const i = index.get(c.header);
      return i === undefined ? null : cellText(cells[i]);
    };
    if (excelArticleColumns.every((c) => !raw(c)?.trim())) continue; // an empty row
    const issue = (field: string, message: string) => sink.issue({ sheet, line, field, message });
    const conv = (c: ExcelColumn, field = c.target.to === 'article' ? c.target.field : null, required = c.required) => {
      const f = field ?? { col: '', xml: c.header, type: { kind: 'text' as const, max: 300 }, sqlType: 'text' as const, label: '' };
      try {
        return convert({ ...f, required: !!required }, raw(c), { excel: true });
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        issue(c.header, e.message);
        return null;
      }
    };

    const v: Values = {};
    for (const c of excelArticleColumns) if (c.target.to === 'article') v[c.target.field.col] = conv(c);
    const number = v.article_number;
    if (number && !LOCAL_NUMBER.test(number))
      issue('Artikelnummer', `artiklar från en leverantörsfil ska ha artikelnummer i det lokala nummerområdet (${LOCAL_RANGE_TEXT})`);
    if (v.article_type === 'H' && !v.iso_code) issue('ISO-kod', 'ett huvudhjälpmedel (typ H) ska ha en ISO 9999-kod');

    // Product and supplier, staged once each.
    const productCol = fieldOf(excelArticleColumns, 'product', 'product_number')!;
    const productNumber = conv(productCol, productFields[0]!, false);
    v.product_number = productNumber;
    if (productNumber && !seenProducts.has(productNumber)) {
      seenProducts.add(productNumber);
      const pname =
        conv(
          fieldOf(excelArticleColumns, 'product', 'name')!,
          productFields.find((f) => f.col === 'name')!,
          false,
        ) ?? v.name;
      sink.add('product', rowOf('product', line, { product_number: productNumber, name: pname, iso_code: v.iso_code, supplier_gln: v.supplier_gln }));
    }
    const supplierName = conv(
      fieldOf(excelArticleColumns, 'supplier', 'name')!,
      supplierFields.find((f) => f.col === 'name')!,
      false,
    );
    if (v.supplier_gln && supplierName && !seenSuppliers.has(v.supplier_gln)) {
      seenSuppliers.add(v.supplier_gln);
      sink.add('supplier', rowOf('supplier', line, { gln: v.supplier_gln, name: supplierName, sort_key: fastSortKey(supplierName) }));
    }

    // Fits: article numbers separated by semicolons.
    const fits: string[] = [];
    const fitsCol = excelArticleColumns.find((c) => c.target.to === 'fits')!;
    for (const part of (raw(fitsCol) ?? '')
      .split(/[;,\n]/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      try {
        const main = convert(fitFields[0]!, part)!;
        if (main === number) issue(fitsCol.header, 'en artikel kan inte passa till sig själv');
        fits.push(main);
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        issue(fitsCol.header, `${part}: ${e.message}`);
      }
    }

    // Prices from the article row: an agreed and/or a general price with one validity period.
    const pc = (f: string) => fieldOf(excelArticleColumns, 'price', f)!;
    const agreedRaw = raw(pc('agreedAmount'));
    const generalRaw = raw(pc('generalAmount'));
    const prices: Values[] = [];
    if (agreedRaw?.trim() || generalRaw?.trim()) {
      const validFrom = conv(pc('valid_from'), priceField('valid_from'), true);
      const validTo = conv(pc('valid_to'), priceField('valid_to'), false);
      if (validFrom && validTo && validTo < validFrom) issue(pc('valid_to').header, 'slutdatumet ligger före startdatumet');
      if (agreedRaw?.trim()) {
        const agreement = conv(pc('agreement_number'), priceField('agreement_number'), true);
        const amount = conv(pc('agreedAmount'), priceField('amount'), true);
        prices.push({ kind: 'agreed', agreement_number: agreement, amount, valid_from: validFrom, valid_to: validTo, sheet: null });
      }
      if (generalRaw?.trim()) {
        const amount = conv(pc('generalAmount'), priceField('amount'), true);
        prices.push({ kind: 'general', agreement_number: null, amount, valid_from: validFrom, valid_to: validTo, sheet: null });
      }
    } else if (raw(pc('agreement_number'))?.trim()) {
      issue(pc('agreedAmount').header, 'avtalsnummer är angivet men inget avtalspris');
    }

    // Media links.
    const media: Values[] = [];
    for (const c of excelArticleColumns) {
      if (c.target.to !== 'media') continue;
      const url = conv(
        c,
        mediaFields.find((f) => f.col === 'url')!,
        false,
      );
      if (url) media.push({ kind: c.target.kind, url, title: null });
    }

    v.sort_key = fastSortKey(v.name);
    v.import_hash = articleHash(v, prices, fits, media, edition);
    sink.add('article', rowOf('article', line, v));
    for (const p of prices) sink.add('price', rowOf('price', line, { ...p, article_number: number }));
    for (const main of fits) sink.add('fit', rowOf('fit', line, { main_number: main, part_number: number }));
    media.forEach((m, i) => sink.add('media', rowOf('media', line, { ...m, article_number: number, position: String(i) })));
    if (++n % 1000 === 0) await sink.maybeFlush();
  }
}

async function readPriceSheet(ws: Worksheet, sink: ReaderSink) {
  const rows = ws[Symbol.asyncIterator]();
  const sheet = PRICE_SHEET;
  const index = await headerMap(
    rows,
    sheet,
    excelPriceColumns.filter((c) => c.required).map((c) => c.header),
  );
  let n = 0;
  for (let r = await rows.next(); !r.done; r = await rows.next()) {
    const row = r.value;
    const line = row.number;
    const cells = row.values as unknown[];
    const raw = (header: string) => {
      const i = index.get(header);
      return i === undefined ? null : cellText(cells[i]);
    };
    if (excelPriceColumns.every((c) => !raw(c.header)?.trim())) continue;
    const v: Values = { sheet };
    for (const c of excelPriceColumns) {
      const field = c.col === 'article_number' ? articleFields[0]! : priceField(c.col);
      try {
        v[c.col] = convert({ ...field, required: c.required }, raw(c.header), { excel: true });
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        v[c.col] = null;
        sink.issue({ sheet, line, field: c.header, message: e.message });
      }
    }
    if (v.valid_from && v.valid_to && v.valid_to < v.valid_from)
      sink.issue({ sheet, line, field: 'Giltigt till', message: 'slutdatumet ligger före startdatumet' });
    if (v.kind === 'agreed' && !v.agreement_number && !raw('Avtalsnummer')?.trim())
      sink.issue({ sheet, line, field: 'Avtalsnummer', message: 'ett avtalspris ska ange sitt avtal' });
    if (v.kind === 'general' && v.agreement_number)
      sink.issue({ sheet, line, field: 'Avtalsnummer', message: 'ett pris i allmänna prislistan hör inte till något avtal' });
    sink.add('price', rowOf('price', line, v));
    if (++n % 1000 === 0) await sink.maybeFlush();
  }
}

/**
 * Prices on the 'Priser' sheet belong to articles read earlier: fold them into the articles' fingerprints
 * once everything is staged (in a stable order, so an unchanged file gives the same fingerprint).
 */
export async function foldSheetPricesIntoHash(conn: Pick<ImportConnection, 'query'>, n: StageNames) {
  await conn.query(
    `UPDATE ${n.article} s SET import_hash = s.import_hash || '.' || md5(x.agg)
     FROM (SELECT article_number,
                  string_agg(concat_ws('|', kind, agreement_number, amount::text, valid_from::text, valid_to::text), ';'
                             ORDER BY kind, agreement_number, valid_from, amount, valid_to) AS agg
           FROM ${n.price} WHERE sheet = '${PRICE_SHEET}' GROUP BY article_number) x
     WHERE x.article_number = s.article_number`,
  );
}

const ARTICLE_SHEET_FIELDS: Record<string, string> = {
  number: 'Artikelnummer',
  iso: 'ISO-kod',
  supplierGln: 'Leverantörens GLN',
  gln: 'Leverantörens GLN',
  agreement: 'Avtalsnummer',
  validFrom: 'Pris giltigt från',
  main: 'Passar till',
};
const PRICE_SHEET_FIELDS: Record<string, string> = { number: 'Artikelnummer', agreement: 'Avtalsnummer', validFrom: 'Giltigt från' };

/** Issues from the SQL checks name XML fields; in an Excel file they are shown with the sheet's column headers. */
export function excelIssue(i: ImportIssue): ImportIssue {
  if (i.line === null) return i;
  const sheet = i.sheet ?? ARTICLE_SHEET;
  const names = sheet === PRICE_SHEET ? PRICE_SHEET_FIELDS : ARTICLE_SHEET_FIELDS;
  return { ...i, sheet, field: i.field ? (names[i.field] ?? i.field) : i.field };
}
