import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalogue } from '../../../bench/gen-catalogue.ts';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import type { ImportBatchView } from './import-catalogue-file.ts';
import { importLimits } from './limits.ts';
import { ARTICLE_SHEET, excelArticleColumns, excelPriceColumns, PRICE_SHEET } from './mapping.ts';
import { importsWaiting, withImportSlot } from './import-slot.ts';
import { catalogueChecksum, deflatedZeros, FIXTURES, givenIsoCodes, handMadeZip } from './test-helpers.ts';

/**
 * The import API for the assortment role: upload (multipart, streamed to the data directory), the
 * validation report, publishing now or later, the Excel template, and who may do it.
 */

const fixture = fs.readFileSync(path.join(FIXTURES, 'catalogue-small.xml'));
let t: TestApp;
let assortment: Client;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-import-routes-'));
  t = await startTestApp({ config: { dataDir } });
  await givenIsoCodes(t.database);
  assortment = await t.login('sortiment');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A multipart/form-data body with one file, as a browser's upload form sends it. */
function multipart(fileName: string, content: Buffer) {
  const boundary = `----bista${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

function upload(client: Client, fileName: string, content: Buffer, query = '') {
  const { payload, contentType } = multipart(fileName, content);
  return t.app.inject({
    method: 'POST',
    url: `/api/catalogue/imports${query}`,
    headers: { cookie: client.cookie!, 'x-csrf-token': client.csrf!, 'content-type': contentType },
    payload,
  });
}

/** The report's errors, as the message of an assertion on an upload (what went wrong, when it did). */
const reportErrors = (res: { json(): unknown }) => `report errors: ${JSON.stringify((res.json() as ImportBatchView).report?.errors ?? null)}`;

const storedFiles = () => (fs.existsSync(path.join(dataDir, 'imports')) ? fs.readdirSync(path.join(dataDir, 'imports')) : []);

describe('uploading a catalogue file', () => {
  it('publishes a valid national file at once with ?publish=true and returns the batch with its report', async () => {
    const res = await upload(assortment, 'nationell.xml', fixture, '?publish=true');
    expect(res.statusCode).toBe(201);
    const batch = res.json() as ImportBatchView;
    expect(batch).toMatchObject({ fileName: 'nationell.xml', format: 'xml', status: 'published', rows: 5, errorCount: 0 });
    expect(batch.report!.changes).toMatchObject({ new: 5 });
    expect(storedFiles()).toEqual([]); // nothing left behind

    const list = await assortment.get('/api/catalogue/imports');
    expect(list.statusCode).toBe(200);
    expect(list.json()[0]).toMatchObject({ id: batch.id, status: 'published', changes: { new: 5, changed: 0, removed: 0 } });
    const one = await assortment.get(`/api/catalogue/imports/${batch.id}`);
    expect(one.json()).toMatchObject({ id: batch.id, report: { errors: [], changes: { newArticles: ['100101', '100102', '100103', '100104', '200101'] } } });
  });

  it('validates without publishing, keeps the file, and publishes it later (only once)', async () => {
    const changed = Buffer.from(fixture.toString('utf8').replace('Rollator Ödmjuk, låg', 'Rollator Ödmjuk, låg, svart'));
    const before = await catalogueChecksum(t.database);
    const res = await upload(assortment, 'ändrad.xml', changed);
    expect(res.statusCode).toBe(201);
    const batch = res.json() as ImportBatchView;
    expect(batch.status).toBe('validated');
    expect(batch.report!.changes).toMatchObject({ changed: 1, changedArticles: ['200101'] });
    expect(storedFiles()).toEqual([`${batch.id}.xml`]);
    expect(await catalogueChecksum(t.database)).toBe(before);

    const pub = await assortment.post(`/api/catalogue/imports/${batch.id}/publish`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ id: batch.id, status: 'published', report: { changes: { changed: 1 } } });
    expect(storedFiles()).toEqual([]);
    const [a] = await t.database.query(`SELECT name, version FROM article WHERE article_number = '200101'`);
    expect(a).toEqual({ name: 'Rollator Ödmjuk, låg, svart', version: 2 });

    const again = await assortment.post(`/api/catalogue/imports/${batch.id}/publish`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/status published; bara en validerad import kan publiceras/);
  });

  it('an invalid file gives the batch with Swedish messages per row and field, and changes nothing', async () => {
    const before = await catalogueChecksum(t.database);
    const bad = Buffer.from(fixture.toString('utf8').replace('amount="1895"', 'amount="-1895"'));
    const res = await upload(assortment, 'fel.xml', bad, '?publish=true');
    expect(res.statusCode).toBe(201);
    const batch = res.json() as ImportBatchView;
    expect(batch.status).toBe('invalid');
    expect(batch.report!.errors.map((e) => e.text)).toEqual([expect.stringMatching(/^Rad \d+, fält 'amount': priset får inte vara negativt$/)]);
    expect(await catalogueChecksum(t.database)).toBe(before);
    expect(storedFiles()).toEqual([]);
  });

  it('a file over the upload limit is refused with 413 and a clear message, and nothing is kept', async () => {
    const limit = importLimits.uploadBytes;
    importLimits.uploadBytes = 2000;
    try {
      const before = await catalogueChecksum(t.database);
      const res = await upload(assortment, 'stor.xml', fixture, '?publish=true');
      expect(res.statusCode).toBe(413);
      expect(res.json().error.message).toMatch(/större än 2 kB, gränsen för uppladdning.*bista import-catalogue/);
      expect(await catalogueChecksum(t.database)).toBe(before);
      expect(storedFiles()).toEqual([]);
    } finally {
      importLimits.uploadBytes = limit;
    }
  });

  it('a file of several megabytes streams through (no request body limit of 1 MB applies) and is validated', async () => {
    const file = path.join(dataDir, 'stor-katalog.xml');
    await generateCatalogue(file, 12_000, 7);
    const content = fs.readFileSync(file);
    fs.rmSync(file);
    expect(content.length).toBeGreaterThan(5_000_000);
    const res = await upload(assortment, 'stor-katalog.xml', content);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'validated', rows: 12_000, errorCount: 0 });
    // Not published: the upload waits for POST …/publish; it is kept until then.
    expect(storedFiles()).toEqual([`${(res.json() as ImportBatchView).id}.xml`]);
    fs.rmSync(path.join(dataDir, 'imports', storedFiles()[0]!));
  });

  it('a request that is not multipart, or a file that is neither XML nor Excel, is refused with 415', async () => {
    const json = await assortment.post('/api/catalogue/imports', { file: 'x' });
    expect(json.statusCode).toBe(415);
    const pdf = await upload(assortment, 'katalog.pdf', Buffer.from('%PDF-1.4\n%âãÏÓ\n'));
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json().error.message).toMatch(/varken en Bistå-katalogfil i XML eller en Excel-arbetsbok/);
  });
});

describe('a workbook that would unpack to far more than it weighs', () => {
  it('is refused with 413 and a Swedish message before it is read: no batch, nothing kept', async () => {
    const batches = await t.database.query(`SELECT count(*)::int AS n FROM import_batch`);
    const bomb = handMadeZip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>'), uncompressedSize: 11, stored: true },
      { name: 'xl/worksheets/sheet1.xml', data: deflatedZeros(2048), uncompressedSize: 2048 * 1024 ** 2 },
    ]);
    const res = await upload(assortment, 'bomb.xlsx', bomb, '?publish=true');
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/^Arbetsboken packas upp till mer än 1,0 GB/) });
    expect(await t.database.query(`SELECT count(*)::int AS n FROM import_batch`)).toEqual(batches);
    expect(storedFiles()).toEqual([]);
  });
});

describe('an import whose rows fail validation', () => {
  it('an unreadable article number is a row in the report, on upload and on every later read', async () => {
    const xml = Buffer.from(fixture.toString('utf8').replace('number="100101"', 'number="10 0101"'));
    const res = await upload(assortment, 'fel-nummer.xml', xml);
    expect(res.statusCode, res.body).toBe(201);
    const batch = res.json() as ImportBatchView;
    expect(batch.status).toBe('invalid');
    expect(batch.report!.errors[0]!.text).toMatch(/^Rad \d+, fält 'number': Artikelnumret får bara innehålla bokstäver, siffror/);
    expect(batch.report!.changes!.newArticles).not.toContain(null);
    const again = await assortment.get(`/api/catalogue/imports/${batch.id}`);
    expect(again.statusCode, again.body).toBe(200);
    expect((await assortment.get('/api/catalogue/imports')).statusCode).toBe(200);
  });

  it('a report stored with a missing article number in its change lists (before the fix) reads as one without it', async () => {
    const res = await upload(assortment, 'gammal.xml', Buffer.from(fixture.toString('utf8').replace('amount="1895"', 'amount="-1895"')));
    const id = (res.json() as ImportBatchView).id;
    await t.database.query(`UPDATE import_batch SET report = jsonb_set(report, '{changes,newArticles}', '["100101", null]') WHERE id = $1`, [id]);
    const again = await assortment.get(`/api/catalogue/imports/${id}`);
    expect(again.statusCode, again.body).toBe(200);
    expect((again.json() as ImportBatchView).report!.changes!.newArticles).toEqual(['100101']);
  });
});

describe('one import at a time', () => {
  it('an upload while another import is read waits "i kö" (queued) and is read when the slot is free', async () => {
    let release!: () => void;
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    // Another import holds the process's slot until the test lets it go.
    const other = withImportSlot(
      async () => {},
      () => {
        holding();
        return new Promise<void>((r) => (release = r));
      },
    );
    await held;
    const pending = upload(assortment, 'i-kö.xml', fixture);
    let queued: { id: string; status: string } | undefined;
    while (!queued) {
      await new Promise((r) => setImmediate(r));
      const list = (await assortment.get('/api/catalogue/imports')).json() as { id: string; fileName: string; status: string }[];
      queued = list.find((b) => b.fileName === 'i-kö.xml' && b.status === 'queued');
    }
    expect(importsWaiting()).toBe(1);
    expect((await assortment.get(`/api/catalogue/imports/${queued.id}`)).json()).toMatchObject({ status: 'queued' });
    release();
    await other;
    const res = await pending;
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: queued.id, status: 'validated' });
    expect(importsWaiting()).toBe(0);
    fs.rmSync(path.join(dataDir, 'imports', `${queued.id}.xml`), { force: true });
  });
});

describe('the supplier Excel template', () => {
  async function template(): Promise<Buffer> {
    const res = await assortment.get('/api/catalogue/imports/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="bista-artikelmall.xlsx"/);
    return res.rawPayload;
  }

  /** Fills the template with `rows` (header → value) on Artiklar and `prices` on Priser. */
  async function filled(rows: Record<string, string>[], prices: Record<string, string>[] = [], drop?: string): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await template()) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(ARTICLE_SHEET)!;
    const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    for (const r of rows) sheet.addRow(headers.map((h) => r[h] ?? null));
    if (drop) sheet.spliceColumns(headers.indexOf(drop), 1);
    const ps = wb.getWorksheet(PRICE_SHEET)!;
    const pheaders = (ps.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    for (const p of prices) ps.addRow(pheaders.map((h) => p[h] ?? null));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  const gln = '7350000000030';
  const rows: Record<string, string>[] = [
    {
      Artikelnummer: 'L000001',
      Benämning: 'Duschstol Vinga, med armstöd',
      Artikeltyp: 'H',
      'ISO-kod': '122203',
      'Leverantörens GLN': gln,
      'Leverantörens namn': 'Badrumsteknik i Norrvik AB',
      'Leverantörens artikelnummer': 'VINGA-1',
      GTIN: '7350000001037',
      Debiteringsform: 'hyra',
      Lagerform: 'lagervara',
      Publicerad: 'ja',
      Avtalsnummer: 'AV-2024-017',
      'Avtalspris (kr)': '2 450,00',
      'Allmänt pris (kr)': '95',
      'Pris giltigt från': '2025-01-01',
      'Bild (webbadress)': 'https://bilder.example.se/vinga.jpg',
    },
    {
      Artikelnummer: 'L000002',
      Benämning: 'Ryggstöd till Vinga',
      Artikeltyp: 'T',
      'Leverantörens GLN': gln,
      Debiteringsform: 'köp',
      Lagerform: 'beställningsvara',
      'Passar till': 'L000001; 100101',
      'Allmänt pris (kr)': '640',
      'Pris giltigt från': '2025-01-01',
    },
    {
      Artikelnummer: 'L000003',
      Benämning: 'Gummifot till Vinga, 4-pack',
      Artikeltyp: 'R',
      'Leverantörens GLN': gln,
      Debiteringsform: 'köp',
      Lagerform: 'lagervara',
      Enhet: 'förp',
      'Passar till': 'L000001',
    },
  ];

  it('has the columns the reader expects, and three filled-in rows import and publish', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await template()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Artiklar', 'Priser', 'Instruktioner']);
    expect((wb.getWorksheet(ARTICLE_SHEET)!.getRow(1).values as unknown[]).slice(1)).toEqual(excelArticleColumns.map((c) => c.header));
    expect((wb.getWorksheet(PRICE_SHEET)!.getRow(1).values as unknown[]).slice(1)).toEqual(excelPriceColumns.map((c) => c.header));

    const xlsx = await filled(rows, [{ Artikelnummer: 'L000001', Pristyp: 'allmän', 'Belopp (kr)': '99', 'Giltigt från': '2026-01-01' }]);
    const res = await upload(assortment, 'leverantör.xlsx', xlsx, '?publish=true');
    expect(res.statusCode).toBe(201);
    const batch = res.json() as ImportBatchView;
    expect(batch.report!.errors).toEqual([]);
    expect(batch).toMatchObject({ format: 'xlsx', status: 'published', rows: 3 });
    expect(batch.report!.changes).toMatchObject({ new: 3, newArticles: ['L000001', 'L000002', 'L000003'] });

    const arts = await t.database.query(
      `SELECT a.article_number, a.name, a.article_type, a.iso_code, a.charging_form, a.stock_form, a.unit_tracked, a.unit, a.published, a.source, s.name AS supplier
       FROM article a JOIN supplier s ON s.id = a.supplier_id WHERE a.article_number LIKE 'L%' ORDER BY 1`,
    );
    expect(arts).toEqual([
      {
        article_number: 'L000001',
        name: 'Duschstol Vinga, med armstöd',
        article_type: 'H',
        iso_code: '12 22 03',
        charging_form: 'rent',
        stock_form: 'stock',
        unit_tracked: true,
        unit: 'st',
        published: true,
        source: 'supplier',
        supplier: 'Badrumsteknik i Norrvik AB',
      },
      {
        article_number: 'L000002',
        name: 'Ryggstöd till Vinga',
        article_type: 'T',
        iso_code: null,
        charging_form: 'sale',
        stock_form: 'orderItem',
        unit_tracked: false,
        unit: 'st',
        published: false,
        source: 'supplier',
        supplier: 'Badrumsteknik i Norrvik AB',
      },
      {
        article_number: 'L000003',
        name: 'Gummifot till Vinga, 4-pack',
        article_type: 'R',
        iso_code: null,
        charging_form: 'sale',
        stock_form: 'stock',
        unit_tracked: false,
        unit: 'förp',
        published: false,
        source: 'supplier',
        supplier: 'Badrumsteknik i Norrvik AB',
      },
    ]);
    const prices = await t.database.query(
      `SELECT a.article_number, p.kind, p.amount::text, p.valid_from::text FROM price p JOIN article a ON a.id = p.article_id WHERE a.article_number LIKE 'L%' ORDER BY 1, 2, 4`,
    );
    expect(prices).toEqual([
      { article_number: 'L000001', kind: 'agreed', amount: '2450.00', valid_from: '2025-01-01' },
      { article_number: 'L000001', kind: 'general', amount: '95.00', valid_from: '2025-01-01' },
      { article_number: 'L000001', kind: 'general', amount: '99.00', valid_from: '2026-01-01' },
      { article_number: 'L000002', kind: 'general', amount: '640.00', valid_from: '2025-01-01' },
    ]);
    const fits = await t.database.query(
      `SELECT p.article_number AS part, m.article_number AS main FROM article_fit f JOIN article p ON p.id = f.part_id JOIN article m ON m.id = f.main_id WHERE p.article_number LIKE 'L%' ORDER BY 1, 2`,
    );
    expect(fits).toEqual([
      { part: 'L000002', main: '100101' },
      { part: 'L000002', main: 'L000001' },
      { part: 'L000003', main: 'L000001' },
    ]);

    // The same workbook again changes nothing.
    const before = await catalogueChecksum(t.database);
    const again = await upload(assortment, 'leverantör.xlsx', xlsx, '?publish=true');
    expect(again.json(), reportErrors(again)).toMatchObject({ status: 'published', report: { changes: { new: 0, changed: 0, unchanged: 3 } } });
    expect(await catalogueChecksum(t.database)).toBe(before);
    // A changed price on the Priser sheet is a change of that article only.
    const changed = await filled(rows, [{ Artikelnummer: 'L000001', Pristyp: 'allmän', 'Belopp (kr)': '101', 'Giltigt från': '2026-01-01' }]);
    const third = await upload(assortment, 'leverantör.xlsx', changed, '?publish=true');
    expect(third.json(), reportErrors(third)).toMatchObject({ status: 'published', report: { changes: { changed: 1, changedArticles: ['L000001'] } } });
  });

  it('a workbook without a required column, or with bad cells, is refused with sheet, row and column', async () => {
    const before = await catalogueChecksum(t.database);
    const missing = await upload(assortment, 'utan-kolumn.xlsx', await filled(rows, [], 'Debiteringsform'), '?publish=true');
    expect(missing.json()).toMatchObject({ status: 'invalid' });
    expect((missing.json() as ImportBatchView).report!.errors[0]!.text).toBe(
      "Blad 'Artiklar', rad 1: kolumnen 'Debiteringsform' saknas på rubrikraden; använd Bistås mall",
    );

    const badRows = rows.map((r) => ({ ...r }));
    badRows[0]!['Allmänt pris (kr)'] = '-95';
    badRows[1]!.Artikelnummer = '200500';
    badRows[2]!['Passar till'] = 'L999999';
    badRows[0]!.GTIN = '7350000001038';
    const bad = await upload(
      assortment,
      'fel.xlsx',
      await filled(badRows, [{ Artikelnummer: 'L000001', Pristyp: 'avtal', 'Belopp (kr)': '10', 'Giltigt från': '2026-01-01' }]),
      '?publish=true',
    );
    const texts = (bad.json() as ImportBatchView).report!.errors.map((e) => e.text);
    expect(texts).toEqual([
      "Blad 'Artiklar', rad 2, fält 'GTIN': GTIN 7350000001038 har fel kontrollsiffra",
      "Blad 'Artiklar', rad 2, fält 'Allmänt pris (kr)': priset får inte vara negativt",
      "Blad 'Artiklar', rad 3, fält 'Artikelnummer': artiklar från en leverantörsfil ska ha artikelnummer i det lokala nummerområdet (L000001–L999999)",
      "Blad 'Artiklar', rad 4, fält 'Passar till': artikeln L999999 som tillbehöret/reservdelen ska passa till finns varken i filen eller i Bistå",
      "Blad 'Priser', rad 2, fält 'Avtalsnummer': ett avtalspris ska ange sitt avtal",
    ]);
    expect(await catalogueChecksum(t.database)).toBe(before);
  });
});

describe('an Excel file with an unreadable article number', () => {
  it('gets a readable report on upload and on every later read', async () => {
    const res = await assortment.get('/api/catalogue/imports/template.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(ARTICLE_SHEET)!;
    const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const row: Record<string, string> = {
      Artikelnummer: 'L 1',
      Benämning: 'Pall',
      Artikeltyp: 'T',
      'Leverantörens GLN': '7350000000030',
      'Leverantörens namn': 'B AB',
      Debiteringsform: 'köp',
      Lagerform: 'lagervara',
    };
    sheet.addRow(headers.map((h) => row[h] ?? null));
    const up = await upload(assortment, 'fel-nummer.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(up.statusCode, up.body).toBe(201);
    expect((up.json() as ImportBatchView).report!.errors.map((e) => e.text)).toEqual([
      "Blad 'Artiklar', rad 2, fält 'Artikelnummer': Artikelnumret får bara innehålla bokstäver, siffror och . _ - / (högst 40 tecken, inga mellanslag)",
    ]);
    expect((await assortment.get(`/api/catalogue/imports/${(up.json() as ImportBatchView).id}`)).statusCode).toBe(200);
  });
});

describe('who may import', () => {
  it('only the assortment role and system administrators; a prescriber gets 403 everywhere', async () => {
    const prescriber = await t.login('forskrivare');
    const [someBatch] = await t.database.query<{ id: string }>(`SELECT id FROM import_batch LIMIT 1`);
    const before = await catalogueChecksum(t.database);
    expect((await upload(prescriber, 'x.xml', fixture, '?publish=true')).statusCode).toBe(403);
    expect((await prescriber.get('/api/catalogue/imports')).statusCode).toBe(403);
    expect((await prescriber.get(`/api/catalogue/imports/${someBatch!.id}`)).statusCode).toBe(403);
    expect((await prescriber.get('/api/catalogue/imports/template.xlsx')).statusCode).toBe(403);
    expect((await prescriber.post(`/api/catalogue/imports/${someBatch!.id}/publish`)).statusCode).toBe(403);
    expect((await t.anonymous.get('/api/catalogue/imports')).statusCode).toBe(401);
    expect(await catalogueChecksum(t.database)).toBe(before);

    const admin = await t.login('admin');
    expect((await admin.get('/api/catalogue/imports')).statusCode).toBe(200);
    expect((await admin.get('/api/catalogue/imports/template.xlsx')).statusCode).toBe(200);
    const customerService = await t.login('kundtjanst');
    expect((await customerService.get('/api/catalogue/imports')).statusCode).toBe(403);
  });
});
