import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { customerByNumber } from '../../administration/organisation/customer-by-number.ts';
import { audit } from '../../platform/audit/audit.ts';
import { hasRole, requireActor, requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { run } from '../db.ts';
import { CUSTOMER_BASIS_READERS, FINANCE } from '../roles.ts';
import { periodBounds } from '../runs/period.ts';
import { loadBillingSettings } from '../settings.ts';
import { basisHeader, basisNumberOf, basisRows, type BasisHeader } from './basis.ts';
import { basisCsv } from './csv.ts';
import { basisPdf } from './pdf.ts';
import { addBasisSheet, MONEY_FORMAT, writeBasisXlsx } from './xlsx.ts';

export const basisFormats = ['xlsx', 'csv', 'pdf'] as const;
export type BasisFormat = (typeof basisFormats)[number];
const contentTypes: Record<BasisFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

export const basisListItem = z.object({
  period: z.string(),
  state: z.enum(['draft', 'closed']),
  basisNumber: z.string(),
  customerNumber: z.string(),
  lines: z.number(),
  total: z.number().describe('kronor'),
});

/**
 * Which customer numbers' bases the caller may see: finance all, of every month (drafts too); a
 * customer's own users (prescriber, orderer, local support) only their own customer numbers', of closed
 * months. Anyone else: 403. Another customer's basis is 404, as if it did not exist.
 */
export async function basisScope(ctx: Ctx, db: DbOrTx): Promise<{ all: true } | { all: false; customerNumbers: string[] }> {
  const actor = requireActor(ctx);
  if (hasRole(ctx, ...FINANCE)) return { all: true };
  requireRole(ctx, ...CUSTOMER_BASIS_READERS);
  if (!actor.customerIds.length) return { all: false, customerNumbers: [] };
  const rows = (
    await run(
      db,
      sql`SELECT customer_number FROM customer WHERE id IN (${sql.join(
        actor.customerIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    )
  ).rows as { customer_number: string }[];
  return { all: false, customerNumbers: rows.map((r) => r.customer_number) };
}

export async function listBases(ctx: Ctx, period: string | undefined) {
  const s = await basisScope(ctx, ctx.db);
  if (!s.all && !s.customerNumbers.length) return [];
  const rows = (
    await run(
      ctx.db,
      sql`SELECT l.period, p.state, l.customer_number, count(*)::int AS lines, coalesce(sum(l.amount_ore), 0)::bigint AS total
      FROM billing_line l JOIN billing_period p ON p.period = l.period
      WHERE ${period ? sql`l.period = ${period}` : sql`true`}
        ${
          s.all
            ? sql``
            : sql`AND p.state = 'closed' AND l.customer_number IN (${sql.join(
                s.customerNumbers.map((c) => sql`${c}`),
                sql`, `,
              )})`
        }
      GROUP BY l.period, p.state, l.customer_number ORDER BY l.period DESC, l.customer_number`,
    )
  ).rows as { period: string; state: 'draft' | 'closed'; customer_number: string; lines: number; total: string }[];
  return rows.map((r) => ({
    period: r.period,
    state: r.state,
    basisNumber: basisNumberOf(r.period, r.customer_number),
    customerNumber: r.customer_number,
    lines: Number(r.lines),
    total: Number(r.total) / 100,
  }));
}

/** A customer number's basis of a month as a file; every download is audited (it holds patient data). */
export async function downloadBasis(ctx: Ctx, period: string, customerNumber: string, format: BasisFormat) {
  periodBounds(period);
  const s = await basisScope(ctx, ctx.db);
  let header: BasisHeader;
  try {
    header = await basisHeader(ctx.db, period, customerNumber);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND' && !s.all) throw new AppError('NOT_FOUND', 'Underlaget finns inte');
    throw e;
  }
  if (!s.all && (!s.customerNumbers.includes(customerNumber) || header.state !== 'closed')) throw new AppError('NOT_FOUND', 'Underlaget finns inte');
  const settings = await loadBillingSettings(ctx.db);
  const rows = await basisRows(ctx.db, period, customerNumber, settings.patientIdentity);
  const customer = await customerByNumber(ctx.db, customerNumber);
  await audit(ctx.db, ctx, {
    action: 'billing.basis.download',
    entityType: 'billing_basis',
    entityId: header.basisNumber,
    careProviderId: customer?.careProviderId ?? null,
    purpose: 'invoice-basis',
    details: { period, customerNumber, format, lines: rows.length, patientIdentity: settings.patientIdentity },
  });
  const fileName = `fakturaunderlag-${period}-${customerNumber}.${format}`;
  let body: Buffer;
  if (format === 'csv') body = Buffer.from(basisCsv(header, rows), 'utf8');
  else if (format === 'pdf') body = await basisPdf(header, rows);
  else body = await collect((stream) => writeBasisXlsx(stream, header, rows));
  return { body, contentType: contentTypes[format], fileName };
}

/** One workbook for the centre: a summary sheet of every customer number's basis, and each basis as a sheet. */
export async function summaryWorkbook(ctx: Ctx, period: string) {
  requireRole(ctx, ...FINANCE);
  const b = periodBounds(period);
  const bases = await listBases(ctx, period);
  if (!bases.length) throw new AppError('NOT_FOUND', `Inga underlag för ${period}`);
  const settings = await loadBillingSettings(ctx.db);
  const body = await collect(async (stream) => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    wb.creator = 'Bistå';
    const ws = wb.addWorksheet('Sammanställning', { views: [{ state: 'frozen', ySplit: 3 }] });
    ws.columns = [
      { key: 'basisNumber', width: 20 },
      { key: 'customerNumber', width: 12 },
      { key: 'name', width: 34 },
      { key: 'payer', width: 30 },
      { key: 'costCentre', width: 14 },
      { key: 'lines', width: 8 },
      { key: 'total', width: 16, style: { numFmt: MONEY_FORMAT } },
    ];
    ws.addRow([`Fakturaunderlag ${period} – sammanställning per kund`, `Underlagsdatum ${b.end}`]).commit();
    ws.addRow([]).commit();
    const head = ws.addRow(['Underlagsnummer', 'Kundnummer', 'Kund', 'Betalare', 'Kostnadsställe', 'Rader', 'Belopp']);
    head.font = { bold: true };
    head.commit();
    let total = 0;
    const headers: BasisHeader[] = [];
    for (const x of bases) {
      const h = await basisHeader(ctx.db, period, x.customerNumber);
      headers.push(h);
      total += h.totalOre;
      ws.addRow([h.basisNumber, h.customerNumber, h.customerName, h.payer, h.costCentre, h.lines, h.totalOre / 100]).commit();
    }
    const sum = ws.addRow([
      'Summa',
      null,
      null,
      null,
      null,
      bases.reduce((s2, x) => s2 + x.lines, 0),
      { formula: `SUM(G4:G${3 + bases.length})`, result: total / 100 },
    ]);
    sum.font = { bold: true };
    sum.commit();
    ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: 7 } };
    await ws.commit();
    for (const h of headers)
      await addBasisSheet(wb, h, await basisRows(ctx.db, period, h.customerNumber, settings.patientIdentity), h.customerNumber.slice(0, 31));
    await wb.commit();
  });
  await audit(ctx.db, ctx, {
    action: 'billing.basis.summary',
    entityType: 'billing_period',
    entityId: period,
    purpose: 'invoice-basis',
    details: { customers: bases.length },
  });
  return { body, contentType: contentTypes.xlsx, fileName: `fakturaunderlag-${period}-alla-kunder.xlsx` };
}

async function collect(write: (stream: PassThrough) => Promise<void>): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  await write(stream);
  await ended;
  return Buffer.concat(chunks);
}
