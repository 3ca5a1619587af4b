import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { writeImportTemplate } from './excel-template.ts';
import { importLimits } from './limits.ts';
import { deflatedZeros, handMadeZip, tempFile } from './test-helpers.ts';
import { checkWorkbookZip } from './zip-guard.ts';

/**
 * A workbook is a zip archive, and an archive can unpack to far more than it weighs: its directory is
 * checked against importLimits.zip before anything is unpacked, and the unpacking is counted against what
 * the headers declare. The archives are made here by hand; nothing large is ever written.
 */

async function refusal(file: string): Promise<AppError> {
  const e = await checkWorkbookZip(file).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const xml = (s: string) => ({ name: 'xl/workbook.xml', data: zlib.deflateRawSync(Buffer.from(s)), uncompressedSize: Buffer.byteLength(s) });

describe('checking a workbook before it is read', () => {
  it('lets a real workbook through (the template and a filled one, as ExcelJS writes them)', async () => {
    const file = tempFile('mall.xlsx', Buffer.alloc(0));
    const { createWriteStream } = await import('node:fs');
    const out = createWriteStream(file);
    await writeImportTemplate(out);
    await new Promise<void>((r) => out.on('close', () => r()));
    expect((await checkWorkbookZip(file)).entries).toBeGreaterThan(5);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Artiklar');
    for (let i = 0; i < 20_000; i++) ws.addRow([`L${String(i).padStart(6, '0')}`, 'Duschstol Vinga, med armstöd', 'H', 'köp', 'lagervara']);
    const filled = tempFile('fylld.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const { uncompressedBytes } = await checkWorkbookZip(filled);
    expect(uncompressedBytes).toBeGreaterThan(1024 * 1024);
  });

  it('refuses a 2 MB file that unpacks to 2 GB from its directory alone, with the limit in Swedish', async () => {
    const bomb = handMadeZip([xml('<workbook/>'), { name: 'xl/worksheets/sheet1.xml', data: deflatedZeros(2048), uncompressedSize: 2048 * 1024 ** 2 }]);
    expect(bomb.length).toBeLessThan(3 * 1024 ** 2);
    const e = await refusal(tempFile('bomb.xlsx', bomb));
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(e.message).toMatch(/^Arbetsboken packas upp till mer än 1,0 GB, gränsen för en katalogfil i Excel\. Filen har inte lästs\./);
  });

  it('refuses an entry that packs far better than a spreadsheet does (20 MB of zeros in 20 kB)', async () => {
    const e = await refusal(
      tempFile('tät.xlsx', handMadeZip([xml('<workbook/>'), { name: 'xl/sharedStrings.xml', data: deflatedZeros(20), uncompressedSize: 20 * 1024 ** 2 }])),
    );
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(e.message).toMatch(/^Delen xl\/sharedStrings\.xml i arbetsboken packas upp [\d\s]+ gånger större \(\d+ kB blir 20,0 MB\); gränsen är 100 gånger\./);
  });

  it('refuses an archive of more entries than the limit', async () => {
    const entries = Array.from({ length: importLimits.zip.entries + 1 }, (_, i) => ({
      name: `xl/x${i}.xml`,
      data: Buffer.from('x'),
      uncompressedSize: 1,
      stored: true,
    }));
    const e = await refusal(tempFile('många.xlsx', handMadeZip(entries)));
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(e.message).toMatch(/^Arbetsboken består av 1\s001 delar; gränsen är 1\s000/);
  });

  it('refuses an entry whose headers declare 1 kB but whose data unpack to 50 MB, after 1 kB', async () => {
    const liar = handMadeZip([xml('<workbook/>'), { name: 'xl/worksheets/sheet1.xml', data: deflatedZeros(50), uncompressedSize: 1000 }]);
    const e = await refusal(tempFile('lögn.xlsx', liar));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(
      /^Excel-filen går inte att läsa säkert: .*delen xl\/worksheets\/sheet1\.xml packas inte upp till den storlek innehållsförteckningen anger/,
    );
  });

  it('refuses an archive with an entry hidden from its directory (a streaming reader would find it)', async () => {
    const hidden = handMadeZip([
      xml('<workbook/>'),
      { name: 'xl/worksheets/sheet1.xml', data: deflatedZeros(2048), uncompressedSize: 0, hidden: true },
      xml('<workbook/>'),
    ]);
    const e = await refusal(tempFile('gömd.xlsx', hidden));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/okända byte före xl\/workbook\.xml/);
  });

  it('refuses a file that only starts like a zip', async () => {
    const e = await refusal(tempFile('trasig.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200)])));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/filen är ingen hel zip-fil/);
  });
});
