import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.ts';
import { testConfig } from '../../platform/config.ts';
import { systemCtx, type Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { createLogger } from '../../platform/logger.ts';
import { importCatalogueFile, type ImportBatchView } from './import-catalogue-file.ts';
import { InjectedFault } from './publish.ts';
import { catalogueChecksum, FIXTURES, fixtureVariant, givenIsoCodes, tempFile } from './test-helpers.ts';

/**
 * The import use case on a real database: the small national fixture (5 articles) is published, then
 * every kind of bad file is tried against it, and each must leave the published catalogue exactly as it was.
 */

const FIXTURE = path.join(FIXTURES, 'catalogue-small.xml');
const fixtureText = fs.readFileSync(FIXTURE, 'utf8');

let database: Database & { drop(): Promise<void> };
let ctx: Ctx;

/** 1-based line of the first line containing `needle` in `text`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const errorsOf = (b: ImportBatchView) => b.report!.errors.map((e) => e.text);

beforeAll(async () => {
  database = await freshDatabase();
  ctx = systemCtx({ db: database.db, database, config: testConfig(), log: createLogger('silent') });
  await givenIsoCodes(database);
});
afterAll(() => database.drop());

async function articles() {
  return database.query<{
    article_number: string;
    name: string;
    version: number;
    removed_at: Date | null;
    published: boolean;
    updated_at: Date;
    import_hash: string;
  }>(`SELECT article_number, name, version, removed_at, published, updated_at, import_hash FROM article ORDER BY article_number`);
}

describe('publishing the national file', () => {
  it('publishes products, articles, prices, fits, media links and suppliers from a valid file, and records the batch', async () => {
    const batch = await importCatalogueFile(ctx, FIXTURE, { publish: true });
    expect(batch.status).toBe('published');
    expect(batch.errorCount).toBe(0);
    expect(batch.rows).toBe(5);
    expect(batch.report!.changes).toMatchObject({
      new: 5,
      changed: 0,
      removed: 0,
      unchanged: 0,
      newArticles: ['100101', '100102', '100103', '100104', '200101'],
    });

    const [a] = await database.query<Record<string, unknown>>(
      `SELECT a.*, p.product_number, s.gln FROM article a JOIN product p ON p.id = a.product_id JOIN supplier s ON s.id = a.supplier_id WHERE article_number = '100101'`,
    );
    expect(a).toMatchObject({
      name: 'Rullstol Ärla, sitsbredd 42 cm',
      article_type: 'H',
      iso_code: '12 22 03',
      iso_edition: '2022',
      charging_form: 'rent',
      stock_form: 'stock',
      unit_tracked: true, // a rented main device is unit-tracked unless the file says otherwise
      serial_required: true,
      inspection_interval_months: 12,
      depreciation_years: 5,
      published: true,
      in_assortment: true,
      gtin: '7350000001013',
      source: 'national',
      version: 1,
      product_number: 'P-1001',
      gln: '7350000000016',
    });
    const prices = await database.query<{ kind: string; amount: string; valid_from: string; valid_to: string | null; agreement_number: string | null }>(
      `SELECT p.kind, p.amount::text, p.valid_from::text, p.valid_to::text, ag.agreement_number FROM price p JOIN article a ON a.id = p.article_id
       LEFT JOIN agreement ag ON ag.id = p.agreement_id WHERE a.article_number = '100101' ORDER BY p.kind, p.valid_from`,
    );
    expect(prices).toEqual([
      { kind: 'agreed', amount: '8450.00', valid_from: '2024-03-01', valid_to: '2025-02-28', agreement_number: 'AV-2024-017' },
      { kind: 'agreed', amount: '8690.00', valid_from: '2025-03-01', valid_to: null, agreement_number: 'AV-2024-017' },
      { kind: 'general', amount: '310.00', valid_from: '2024-03-01', valid_to: null, agreement_number: null },
    ]);
    const fits = await database.query<{ part: string; main: string }>(
      `SELECT p.article_number AS part, m.article_number AS main FROM article_fit f JOIN article p ON p.id = f.part_id JOIN article m ON m.id = f.main_id ORDER BY 1, 2`,
    );
    expect(fits).toEqual([
      { part: '100103', main: '100101' },
      { part: '100103', main: '100102' },
      { part: '100104', main: '100101' },
    ]);
    // Media links become fetch jobs for the media module, committed with the publish.
    const jobs = await database.query<{ payload: unknown }>(`SELECT payload FROM job WHERE kind = 'catalogue.fetch-media' ORDER BY id`);
    expect(jobs.map((j) => j.payload)).toEqual([
      { articleId: a!.id, kind: 'image', title: 'Ärla 42', url: 'https://bilder.example.se/arla-42.jpg' },
      { articleId: a!.id, kind: 'userManual', title: 'Bruksanvisning', url: 'https://dokument.example.se/arla-bruksanvisning.pdf' },
    ]);
    // The ISO code defined in the file joined the tree under its subclass.
    const [iso] = await database.query(`SELECT level, parent_code, title_sv FROM iso_code WHERE edition = '2022' AND code = '12 24 09'`);
    expect(iso).toEqual({ level: 3, parent_code: '12 24', title_sv: 'Sittdynor och underlägg till rullstolar' });
    // Every publish is audited.
    const audits = await database.query(`SELECT action, entity_id, details FROM audit_log WHERE action = 'catalogue.import.publish'`);
    expect(audits).toEqual([{ action: 'catalogue.import.publish', entity_id: batch.id, details: expect.objectContaining({ new: 5, changed: 0, removed: 0 }) }]);
  });

  it("adds the words of the published articles' names to search's vocabulary (for typo correction)", async () => {
    const words = (await database.query<{ word: string }>(`SELECT word FROM article_word`)).map((w) => w.word);
    expect(words).toEqual(expect.arrayContaining(['rullstol', 'ärla', 'sitsbredd', 'drivring', 'reservdel']));
    expect(words.filter((w) => w.length < 3 || /[^\p{L}]/u.test(w))).toEqual([]);
  });

  it('re-importing an unchanged file changes nothing: no row is written, no version bumped', async () => {
    const before = await catalogueChecksum(database);
    const rowsBefore = await articles();
    const batch = await importCatalogueFile(ctx, FIXTURE, { publish: true });
    expect(batch.status).toBe('published');
    expect(batch.report!.changes).toMatchObject({ new: 0, changed: 0, removed: 0, unchanged: 5 });
    expect(await catalogueChecksum(database)).toBe(before);
    expect(await articles()).toEqual(rowsBefore);
  });

  it('a dry run validates and reports what would change, but publishes nothing', async () => {
    const before = await catalogueChecksum(database);
    const file = fixtureVariant((x) => x.replace('Rullstol Ärla, sitsbredd 46 cm', 'Rullstol Ärla, sitsbredd 48 cm'));
    const batch = await importCatalogueFile(ctx, file, { publish: false });
    expect(batch.status).toBe('validated');
    expect(batch.report!.changes).toMatchObject({ new: 0, changed: 1, changedArticles: ['100102'], unchanged: 4 });
    expect(batch.report!.published).toBe(false);
    expect(await catalogueChecksum(database)).toBe(before);
  });
});

describe('the change report', () => {
  it('lists new, changed and removed articles; removed ones are unpublished and kept, changed ones get a new version', async () => {
    const before = await articles();
    const byNumber = (rows: typeof before, n: string) => rows.find((r) => r.article_number === n)!;
    // 100102 renamed, 100105 new, product P-2001 (article 200101) gone from the national file.
    const changed = fixtureVariant((x) =>
      x
        .replace('Rullstol Ärla, sitsbredd 46 cm', 'Rullstol Ärla, sitsbredd 46 cm, förstärkt')
        .replace(
          '    <article number="100104"',
          '    <article number="100105" type="T" charging="sale" stock="orderItem"><name>Armstöd till Ärla</name><fits main="100101"/></article>\n    <article number="100104"',
        )
        .replace(/ {2}<product number="P-2001"[\s\S]*?<\/product>\n/, ''),
    );
    const batch = await importCatalogueFile(ctx, changed, { publish: true });
    expect(batch.status).toBe('published');
    expect(batch.report!.changes).toMatchObject({
      new: 1,
      changed: 1,
      removed: 1,
      unchanged: 3,
      newArticles: ['100105'],
      changedArticles: ['100102'],
      removedArticles: ['200101'],
    });
    const after = await articles();
    expect(byNumber(after, '100102')).toMatchObject({ name: 'Rullstol Ärla, sitsbredd 46 cm, förstärkt', version: 2, removed_at: null });
    expect(byNumber(after, '200101')).toMatchObject({ version: 2, published: false });
    expect(byNumber(after, '200101').removed_at).not.toBeNull();
    expect(byNumber(after, '100101')).toEqual(byNumber(before, '100101')); // untouched, even updated_at
    expect(byNumber(after, '100105')).toMatchObject({ version: 1 });

    // The original file again: the removed article comes back (a change), the new one goes.
    const back = await importCatalogueFile(ctx, FIXTURE, { publish: true });
    expect(back.report!.changes).toMatchObject({ new: 0, changed: 2, removed: 1, changedArticles: ['100102', '200101'], removedArticles: ['100105'] });
    const again = await articles();
    expect(byNumber(again, '200101')).toMatchObject({ removed_at: null, version: 3 });
  });

  it("a changed article's prices of the kinds the file gives are replaced; fits follow the file; a new media link is fetched once", async () => {
    const file = fixtureVariant((x) =>
      x
        .replace(
          '<price kind="agreed" agreement="AV-2024-017" validFrom="2025-03-01" amount="8690.00"/>',
          '<price kind="agreed" agreement="AV-2024-017" validFrom="2025-03-01" amount="8790.00"/>',
        )
        .replace('https://dokument.example.se/arla-bruksanvisning.pdf', 'https://dokument.example.se/arla-bruksanvisning-2.pdf')
        .replace('<fits main="100102"/>', ''),
    );
    const jobsBefore = await database.query(`SELECT id FROM job WHERE kind = 'catalogue.fetch-media'`);
    const batch = await importCatalogueFile(ctx, file, { publish: true });
    expect(batch.report!.changes).toMatchObject({ changedArticles: ['100101', '100103'] });
    const amounts = await database.query<{ amount: string }>(
      `SELECT p.amount::text FROM price p JOIN article a ON a.id = p.article_id WHERE a.article_number = '100101' AND p.kind = 'agreed' ORDER BY valid_from`,
    );
    expect(amounts.map((r) => r.amount)).toEqual(['8450.00', '8790.00']);
    const newJobs = await database.query<{ payload: { url: string } }>(`SELECT payload FROM job WHERE kind = 'catalogue.fetch-media' AND id > $1 ORDER BY id`, [
      Math.max(...jobsBefore.map((j) => Number(j.id))),
    ]);
    expect(newJobs.map((j) => j.payload.url)).toEqual(['https://dokument.example.se/arla-bruksanvisning-2.pdf']);
    const fits = await database.query(`SELECT 1 FROM article_fit f JOIN article a ON a.id = f.part_id WHERE a.article_number = '100103'`);
    expect(fits).toHaveLength(1);
    // Back to the fixture for the tests below.
    expect((await importCatalogueFile(ctx, FIXTURE, { publish: true })).status).toBe('published');
  });
});

describe('a crash in the middle of publishing', () => {
  it('rolls everything back: the published catalogue is exactly as it was, and the batch says failed', async () => {
    const before = await catalogueChecksum(database);
    const file = fixtureVariant((x) =>
      x
        .replaceAll('Rullstol Ärla, sitsbredd', 'Rullstol Ärla II, sitsbredd')
        .replace('<name>Rollator Ödmjuk, låg</name>', '<name>Rollator Ödmjuk, hög</name>')
        .replace(
          '<article number="100104"',
          '<article number="100106" type="R" charging="sale" stock="stock"><name>Tippskydd</name></article>\n    <article number="100104"',
        ),
    );
    // Four articles change or are new; the fault strikes after two are written, one per statement.
    await expect(importCatalogueFile(ctx, file, { publish: true, publishChunkRows: 1, faultAfterRows: 2 })).rejects.toBeInstanceOf(InjectedFault);
    expect(await catalogueChecksum(database)).toBe(before);
    const [batch] = await database.query<{ status: string; report: { failure: string; published: boolean } }>(
      `SELECT status, report FROM import_batch ORDER BY created_at DESC LIMIT 1`,
    );
    expect(batch!.status).toBe('failed');
    expect(batch!.report.failure).toMatch(/oförändrad/);
    expect(batch!.report.published).toBe(false);
    // And no audit row claims a publish that did not happen.
    const [{ n }] = (await database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = (SELECT id::text FROM import_batch ORDER BY created_at DESC LIMIT 1)`,
    )) as [{ n: number }];
    expect(n).toBe(0);
  });
});

describe('parsing in a worker thread (large files)', () => {
  it('gives the same result as parsing in the main thread: an unchanged file changes nothing', async () => {
    const before = await catalogueChecksum(database);
    const batch = await importCatalogueFile(ctx, FIXTURE, { publish: true, parseInWorker: true });
    expect(batch.status).toBe('published');
    expect(batch.report!.counts).toMatchObject({ article: 5, price: 6, fit: 3, media: 2, product: 2, supplier: 2, agreement: 1, iso: 1 });
    expect(batch.report!.changes).toMatchObject({ new: 0, changed: 0, unchanged: 5 });
    expect(await catalogueChecksum(database)).toBe(before);
  });

  it('reports row errors and a malformed file the same way', async () => {
    const before = await catalogueChecksum(database);
    const negative = await importCatalogueFile(
      ctx,
      fixtureVariant((x) => x.replace('amount="1895"', 'amount="-1895"')),
      { publish: true, parseInWorker: true },
    );
    expect(errorsOf(negative)).toEqual([`Rad ${lineOf(fixtureText, 'amount="1895"')}, fält 'amount': priset får inte vara negativt`]);
    const malformed = await importCatalogueFile(
      ctx,
      fixtureVariant((x) => x.replace('<name>Rullstol Ärla</name>', '<name>Rullstol Ärla</nam>')),
      { publish: true, parseInWorker: true },
    );
    expect(malformed.status).toBe('invalid');
    expect(errorsOf(malformed)[0]).toMatch(new RegExp(`^Rad ${lineOf(fixtureText, '<name>Rullstol Ärla</name>')}: `));
    expect(await catalogueChecksum(database)).toBe(before);
  });
});

describe('bad input leaves the published catalogue unchanged', () => {
  let before: string;
  beforeAll(async () => {
    before = await catalogueChecksum(database);
  });

  /** Imports `file` for publishing and expects it refused as invalid with an error matching `expected`. */
  async function expectInvalid(file: string, expected: RegExp | string) {
    const batch = await importCatalogueFile(ctx, file, { publish: true });
    expect(batch.status).toBe('invalid');
    expect(batch.errorCount).toBeGreaterThan(0);
    expect(batch.report!.published).toBe(false);
    const texts = errorsOf(batch);
    expect(
      texts.some((t) => (typeof expected === 'string' ? t === expected : expected.test(t))),
      `errors were:\n${texts.join('\n')}`,
    ).toBe(true);
    expect(await catalogueChecksum(database)).toBe(before);
    return batch;
  }

  it('malformed XML (a closing tag that does not match) names the line', async () => {
    const file = fixtureVariant((x) => x.replace('<name>Rullstol Ärla</name>', '<name>Rullstol Ärla</nam>'));
    await expectInvalid(file, new RegExp(`^Rad ${lineOf(fixtureText, '<name>Rullstol Ärla</name>')}: .*(sluttagg|XML-filen)`));
  });

  it('a truncated file says that it ends too early', async () => {
    const cut = fixtureText.slice(0, fixtureText.indexOf('<article number="100103"') + 10);
    await expectInvalid(tempFile('cut.xml', cut), /tar slut|avkapad/);
    const cutBetween = fixtureText.slice(0, fixtureText.indexOf('  <product number="P-2001"'));
    await expectInvalid(tempFile('cut2.xml', cutBetween), /tar slut innan elementet <catalogue>/);
  });

  it('a file that is not UTF-8 (Windows-1252/Latin-1 bytes) names the line of the first bad byte', async () => {
    const latin1 = Buffer.from(fixtureText, 'latin1');
    await expectInvalid(
      tempFile('latin1.xml', latin1),
      `Rad ${lineOf(fixtureText, 'Bistå')}: filen innehåller byte som inte är giltig UTF-8; spara filen som UTF-8 (den verkar ha en annan teckenkodning, t.ex. Windows-1252)`,
    );
  });

  it('a file that declares another encoding, or is UTF-16, is refused', async () => {
    await expectInvalid(
      fixtureVariant((x) => x.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')),
      /teckenkodningen ISO-8859-1; Bistå läser bara UTF-8/,
    );
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixtureText, 'utf16le')]);
    await expectInvalid(tempFile('utf16.xml', utf16), /UTF-16/);
  });

  it('a missing required attribute names row and field', async () => {
    const file = fixtureVariant((x) => x.replace('<article number="100102" type="H" charging="rent" ', '<article number="100102" type="H" '));
    await expectInvalid(file, `Rad ${lineOf(fixtureText, '<article number="100102"')}, fält 'charging': värde saknas (obligatoriskt)`);
  });

  it('an article without its <name> is reported', async () => {
    const file = fixtureVariant((x) => x.replace('<name>Rullstol Ärla, sitsbredd 46 cm</name>', ''));
    await expectInvalid(file, /fält 'name': värde saknas \(obligatoriskt\) \(<name> saknas i <article>\)/);
  });

  it('duplicate article numbers name both rows', async () => {
    const file = fixtureVariant((x) => x.replace('<article number="100102"', '<article number="100101"'));
    await expectInvalid(
      file,
      `Rad ${lineOf(fixtureText, '<article number="100102"')}, fält 'number': artikelnumret 100101 förekommer redan på rad ${lineOf(fixtureText, '<article number="100101"')}`,
    );
  });

  it("an unknown ISO code is checked against the ISO table of the file's edition", async () => {
    const file = fixtureVariant((x) => x.replace('iso="12 06 06"', 'iso="12 06 99"'));
    await expectInvalid(file, `Rad ${lineOf(fixtureText, '<product number="P-2001"')}, fält 'iso': ISO-koden 12 06 99 finns inte i ISO 9999:2022`);
    // The same codes exist in the 2022 tree only: a 2011 file does not find them.
    await expectInvalid(
      fixtureVariant((x) => x.replace('edition="2022"', 'edition="2011"')),
      /ISO-koden 12 22 03 finns inte i ISO 9999:2011/,
    );
  });

  it('a negative price is refused with row and field', async () => {
    const file = fixtureVariant((x) => x.replace('amount="1895"', 'amount="-1895"'));
    await expectInvalid(file, `Rad ${lineOf(fixtureText, 'amount="1895"')}, fält 'amount': priset får inte vara negativt`);
  });

  it('a GTIN with the wrong check digit is refused', async () => {
    const file = fixtureVariant((x) => x.replace('gtin="7350000001013"', 'gtin="7350000001014"'));
    // An element's problems are reported on the line where its start tag begins.
    await expectInvalid(file, `Rad ${lineOf(fixtureText, '<article number="100101"')}, fält 'gtin': GTIN 7350000001014 har fel kontrollsiffra`);
  });

  it('an invalid GLN is refused', async () => {
    const file = fixtureVariant((x) => x.replace('<supplier gln="7350000000023"', '<supplier gln="7350000000024"'));
    await expectInvalid(file, `Rad ${lineOf(fixtureText, '<supplier gln="7350000000023"')}, fält 'gln': GLN 7350000000024 har fel kontrollsiffra`);
  });

  it('an accessory that fits an unknown article is refused', async () => {
    const file = fixtureVariant((x) => x.replace('<fits main="100102"/>', '<fits main="999999"/>'));
    await expectInvalid(
      file,
      `Rad ${lineOf(fixtureText, '<fits main="100102"/>')}, fält 'main': artikeln 999999 som tillbehöret/reservdelen ska passa till finns varken i filen eller i Bistå`,
    );
  });

  it('numbers in the local range (L…) are refused in the national file', async () => {
    const file = fixtureVariant((x) => x.replace('<article number="200101"', '<article number="L200101"'));
    await expectInvalid(file, /fält 'number': artikelnummer som börjar med L är reserverade för lokala artiklar/);
  });

  it('a price referring to an unknown agreement, and overlapping price periods, are refused', async () => {
    await expectInvalid(
      fixtureVariant((x) =>
        x.replace('agreement="AV-2024-017" validFrom="2024-03-01" amount="8450.00"', 'agreement="AV-9999" validFrom="2024-03-01" amount="8450.00"'),
      ),
      /avtalet AV-9999 finns varken i filen eller i Bistå/,
    );
    await expectInvalid(
      fixtureVariant((x) => x.replace('validFrom="2025-03-01" amount="8690.00"', 'validFrom="2025-02-01" amount="8690.00"')),
      `Rad ${lineOf(fixtureText, 'validFrom="2025-03-01" amount="8690.00"')}, fält 'validFrom': prisperioden från 2025-02-01 börjar innan priset som gäller till 2025-02-28 har upphört (se rad ${lineOf(fixtureText, 'validTo="2025-02-28" amount="8450.00"')})`,
    );
    await expectInvalid(
      fixtureVariant((x) => x.replace('validFrom="2025-03-01" amount="8690.00"', 'validFrom="2024-03-01" amount="8690.00"')),
      /två versioner av samma pris börjar 2024-03-01 \(se rad \d+\)/,
    );
  });

  it('an unknown element or attribute is reported, not silently ignored', async () => {
    await expectInvalid(
      fixtureVariant((x) => x.replace('inspectionMonths="12"', 'inspectionMonth="12"')),
      /fält 'inspectionMonth': okänt attribut på <article>/,
    );
    await expectInvalid(
      fixtureVariant((x) => x.replace('<fits main="100101"/>\n    </article>', '<fit main="100101"/>\n    </article>')),
      /elementet <fit> är inte tillåtet i <article>/,
    );
  });

  it('a file of another format (wrong root element) is refused as a whole', async () => {
    await expectInvalid(tempFile('other.xml', '<?xml version="1.0"?><Catalog><Item/></Catalog>'), /filen är ingen Bistå-katalogfil/);
    await expectInvalid(tempFile('empty.xml', ''), /Filen saknar innehåll|filen är tom/i);
  });

  it('a file over the size limit is refused before it is read (413)', async () => {
    await expect(importCatalogueFile(ctx, FIXTURE, { publish: true, maxBytes: 1000 })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/Filen är 3 kB; gränsen för en katalogfil är 1000 byte/),
    });
    expect(await catalogueChecksum(database)).toBe(before);
  });

  it('a file that is neither XML nor Excel is refused (415)', async () => {
    await expect(importCatalogueFile(ctx, tempFile('x.pdf', '%PDF-1.4 not a catalogue'), { publish: true })).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });

  it('reports every error (counted), keeping the first ones in line order', async () => {
    const file = fixtureVariant((x) => x.replaceAll('amount="', 'amount="-'));
    const batch = await expectInvalid(file, /priset får inte vara negativt/);
    expect(batch.errorCount).toBe(6);
    const lines = batch.report!.errors.map((e) => e.line!);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});
