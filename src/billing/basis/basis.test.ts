import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { stockholmInstant } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { as, givenUnitArticle, givenWarehouses } from '../../provision/testing/given.ts';
import { closeMonth } from '../runs/close-month.ts';
import { getMonth } from '../runs/preview.ts';
import { runMonth } from '../runs/run-month.ts';
import { setBillingSettings } from '../settings.ts';
import { givenDeliveredUnit, givenGeneralPrice, givenServicePrices, linesOf, patient, personnummer, type LineRow } from '../testing/given.ts';
import { kronor } from './pdf.ts';
import { pdfText } from '../../platform/documents/pdf-text.ts';

let t: TestApp;
let financeClient: Client;
let lines20101: LineRow[];
const day = (d: string): Ctx => t.ctx(() => stockholmInstant(d, 10 * 60));
const finance = () => as(day('2026-12-01'), 'finance');

beforeAll(async () => {
  t = await startTestApp();
  const wh = await givenWarehouses(t.database);
  await givenServicePrices(t.database);
  const chair = await givenUnitArticle(t.database, { name: 'Rullstol Åsa Öberg-modell' });
  await givenGeneralPrice(t.database, chair.id, '612.35');
  for (let i = 0; i < 70; i++)
    await givenDeliveredUnit(day(`2026-11-${String(2 + (i % 20)).padStart(2, '0')}`), wh.main.id, chair, {
      patient: patient(personnummer('19400107', String(100 + i))),
    });
  await givenDeliveredUnit(day('2026-11-09'), wh.main.id, chair, { patient: patient(personnummer('19551224'), { protectedIdentity: true }) });
  await givenDeliveredUnit(day('2026-11-09'), wh.main.id, chair, { customerNumber: '30101', urgent: true });
  await runMonth(finance(), '2026-11');
  await closeMonth(finance(), '2026-11', { version: (await getMonth(finance(), '2026-11')).version });
  lines20101 = (await linesOf(t.database, '2026-11')).filter((l) => l.customer_number === '20101');
  financeClient = await t.login('ekonomi');
});
afterAll(() => t.close());

const sortById = <T extends { lineId: number }>(rows: T[]) => [...rows].sort((a, b) => a.lineId - b.lineId);

describe('the invoice basis of a customer number', () => {
  it('XLSX: header block, frozen header row, autofilter, real date and number cells with Swedish formats, a total row; every line as stored', async () => {
    const res = await financeClient.get('/api/billing/bases/2026-11/20101/xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Fakturaunderlag')!;
    expect(ws.getCell('A2').value).toBe('Period');
    expect(ws.getCell('B2').value).toBe('2026-11');
    expect(ws.getCell('B3').value).toBe('FU-202611-20101');
    expect(ws.getCell('B4').value).toEqual(new Date('2026-11-30T00:00:00Z'));
    expect(ws.getCell('B5').value).toBe('20101 Hemtjänst Norrvik centrum');
    expect(ws.getCell('B6').value).toBe('Norrviks kommun');
    expect(ws.getCell('B7').value).toBe('KST-20101');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 8 });
    expect(ws.autoFilter).toBeTruthy();
    const header = (ws.getRow(8).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(header).toContain('Belopp');
    const rows: { lineId: number; amount: number; unitPrice: number; rentFrom: unknown; days: number; patient: string }[] = [];
    for (let r = 9; r < 9 + lines20101.length; r++) {
      const row = ws.getRow(r);
      rows.push({
        lineId: row.getCell(col('Rad-id')).value as number,
        amount: row.getCell(col('Belopp')).value as number,
        unitPrice: row.getCell(col('À-pris')).value as number,
        rentFrom: row.getCell(col('Hyra från')).value,
        days: row.getCell(col('Dagar')).value as number,
        patient: row.getCell(col('Patient')).value as string,
      });
      expect(row.getCell(col('Belopp')).numFmt).toBe('#,##0.00');
      expect(row.getCell(col('Hyra från')).numFmt).toBe('yyyy-mm-dd');
    }
    expect(sortById(rows)).toEqual(
      sortById(
        lines20101.map((l) => ({
          lineId: l.id,
          amount: l.amount_ore! / 100,
          unitPrice: l.unit_price_ore! / 100,
          rentFrom: new Date(`${l.rent_from}T00:00:00Z`),
          days: l.days!,
          patient: expect.stringMatching(/^\d{8}-\*\*\*\* (M\. Ö\.|\(skyddad identitet\))$/) as unknown as string,
        })),
      ),
    );
    const totalRow = ws.getRow(9 + lines20101.length);
    expect(totalRow.getCell(1).value).toBe('Summa');
    const total = totalRow.getCell(col('Belopp')).value as { formula: string; result: number };
    expect(total.formula).toBe(`SUM(X9:X${8 + lines20101.length})`);
    expect(Math.round(total.result * 100)).toBe(lines20101.reduce((s, l) => s + l.amount_ore!, 0));
  });

  it('CSV: UTF-8 with BOM, semicolons and decimal comma; the lines and total as stored', async () => {
    const res = await financeClient.get('/api/billing/bases/2026-11/20101/csv');
    expect(res.headers['content-type']).toContain('text/csv');
    const text = res.rawPayload.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [head, ...rest] = text
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(';'));
    const at = (name: string) => head!.indexOf(name);
    const data = rest.slice(0, -1);
    expect(data).toHaveLength(lines20101.length);
    const parsed = data.map((r) => ({ lineId: Number(r[at('Rad-id')]), amount: r[at('Belopp')], articleName: r[at('Benämning')] }));
    expect(sortById(parsed)).toEqual(
      sortById(lines20101.map((l) => ({ lineId: l.id, amount: (l.amount_ore! / 100).toFixed(2).replace('.', ','), articleName: 'Rullstol Åsa Öberg-modell' }))),
    );
    const total = rest.at(-1)!;
    expect(total[0]).toBe('Summa');
    expect(total[at('Belopp')]).toBe((lines20101.reduce((s, l) => s + l.amount_ore!, 0) / 100).toFixed(2).replace('.', ','));
  });

  it('PDF: A4 in Swedish with å, ä, ö, page numbers, every line and the total', async () => {
    const res = await financeClient.get('/api/billing/bases/2026-11/20101/pdf');
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    const { pages } = pdfText(pdf);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => expect(p).toContain(`Sida ${i + 1} av ${pages.length}`));
    const all = pages.flat();
    expect(all).toContain('Fakturaunderlag');
    expect(all).toContain('Betalare: Norrviks kommun');
    expect(all.filter((x) => x.startsWith('T') && x.includes('Rullstol Åsa Öberg-modell'))).toHaveLength(lines20101.length);
    const amounts = all.filter((x) => /^-?\d[\d ]*,\d\d$/.test(x));
    const expected = lines20101.flatMap((l) => [kronor(l.unit_price_ore!), kronor(l.amount_ore!)]);
    expect(amounts.sort()).toEqual(expected.sort());
    expect(all).toContain(`Summa: ${kronor(lines20101.reduce((s, l) => s + l.amount_ore!, 0))} kr`);
    expect(all).toContain(`Antal rader: ${lines20101.length}`);
  });

  it('patient identity per config: full shows number and name, none shows nothing; a protected identity is always masked and never has an address', async () => {
    await setBillingSettings(finance(), { patientIdentity: 'full' });
    let csv = (await financeClient.get('/api/billing/bases/2026-11/20101/csv')).rawPayload.toString('utf8');
    expect(csv).toContain('19400107-1');
    expect(csv).toContain('Märta Öström');
    expect(csv).toContain('19551224-**** (skyddad identitet)');
    expect(csv).not.toContain('Storgatan');
    await setBillingSettings(finance(), { patientIdentity: 'none' });
    csv = (await financeClient.get('/api/billing/bases/2026-11/20101/csv')).rawPayload.toString('utf8');
    expect(csv).not.toMatch(/19400107|19551224|Märta/);
    await setBillingSettings(finance(), { patientIdentity: 'masked' });
  });

  it("a customer's users see and download only their own customer numbers' bases; finance sees all", async () => {
    const prescriber = await t.login('forskrivare'); // member of 10101 and 20101
    const list = (await prescriber.get('/api/billing/bases?period=2026-11')).json() as { customerNumber: string }[];
    expect(list.map((b) => b.customerNumber)).toEqual(['20101']);
    expect((await prescriber.get('/api/billing/bases/2026-11/20101/xlsx')).statusCode).toBe(200);
    expect((await prescriber.get('/api/billing/bases/2026-11/30101/xlsx')).statusCode).toBe(404);
    expect((await (await t.login('tekniker')).get('/api/billing/bases/2026-11/20101/csv')).statusCode).toBe(403);
    const all = (await financeClient.get('/api/billing/bases?period=2026-11')).json() as { customerNumber: string }[];
    expect(all.map((b) => b.customerNumber)).toEqual(['20101', '30101']);
    const audited = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'billing.basis.download'`);
    expect(Number(audited[0]!.n)).toBeGreaterThan(3);
  });

  it('the summary workbook has one row per customer number with its total, and each basis as a sheet', async () => {
    const res = await financeClient.get('/api/billing/months/2026-11/summary.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sammanställning', '20101', '30101']);
    const ws = wb.getWorksheet('Sammanställning')!;
    const all = await linesOf(t.database, '2026-11');
    const sum = (c: string) => all.filter((l) => l.customer_number === c).reduce((s, l) => s + l.amount_ore!, 0) / 100;
    expect([ws.getCell('B4').value, ws.getCell('G4').value]).toEqual(['20101', sum('20101')]);
    expect([ws.getCell('B5').value, ws.getCell('G5').value]).toEqual(['30101', sum('30101')]);
    expect(ws.getCell('A6').value).toBe('Summa');
    expect((ws.getCell('G6').value as { result: number }).result).toBeCloseTo(sum('20101') + sum('30101'), 2);
  });
});
