import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Database } from '../../platform/db/client.ts';

/** ISO codes the fixtures use (the tests insert what they need; the real tree is seeded elsewhere). */
export const fixtureIsoCodes: [code: string, titleSv: string][] = [
  ['12', 'Hjälpmedel för personlig förflyttning och transport'],
  ['12 06', 'Gånghjälpmedel som hanteras med båda armarna'],
  ['12 06 06', 'Rollatorer'],
  ['12 22', 'Manuella rullstolar'],
  ['12 22 03', 'Manuella rullstolar med drivringar'],
  ['12 24', 'Tillbehör till rullstolar'],
];

export async function givenIsoCodes(database: Pick<Database, 'query'>, edition = '2022', codes = fixtureIsoCodes) {
  for (const [code, title] of codes) {
    await database.query(
      `INSERT INTO iso_code (edition, code, level, parent_code, title_sv, sort_key) VALUES ($1, $2, $3, $4, $5, $2) ON CONFLICT DO NOTHING`,
      [edition, code, (code.length + 1) / 3, code.length > 2 ? code.slice(0, -3) : null, title],
    );
  }
}

/**
 * A fingerprint of the whole published catalogue: every row of every catalogue table except import_batch.
 * Equal before and after means nothing at all changed (not even updated_at or version).
 */
export async function catalogueChecksum(database: Pick<Database, 'query'>): Promise<string> {
  const tables: [string, string][] = [
    ['iso_code', 'edition, code'],
    ['supplier', 'gln'],
    ['agreement', 'agreement_number'],
    ['product', 'product_number'],
    ['article', 'article_number'],
    ['article_fit', 'part_id, main_id'],
    ['price', 'article_id, kind, valid_from, amount'],
    ['media', 'article_id, kind, source_url'],
  ];
  const parts: string[] = [];
  for (const [t, order] of tables) {
    const [row] = await database.query<{ h: string | null; n: number }>(
      `SELECT md5(string_agg(x::text, '|' ORDER BY ${order
        .split(', ')
        .map((c) => `x.${c}`)
        .join(', ')})) AS h, count(*)::int AS n FROM ${t} x`,
    );
    parts.push(`${t}:${row!.n}:${row!.h ?? '-'}`);
  }
  return parts.join(' ');
}

export const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/** Writes `text` to a fresh temporary file and returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-import-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** The small fixture with `edit` applied to its text. */
export function fixtureVariant(edit: (xml: string) => string, name = 'variant.xml'): string {
  return tempFile(name, edit(fs.readFileSync(path.join(FIXTURES, 'catalogue-small.xml'), 'utf8')));
}

/** One entry of a hand-made zip: the raw deflated data, and the sizes its headers declare (which may lie). */
export interface ZipEntrySpec {
  name: string;
  /** Raw deflate data (method 8), or the bytes themselves with `stored`. */
  data: Buffer;
  uncompressedSize: number;
  stored?: boolean;
  /** Left out of the central directory (only a reader that walks the local headers finds it). */
  hidden?: boolean;
}

/**
 * Writes a zip by hand (no data descriptors, no zip64), so a test can make archives that unpack to far
 * more than they weigh, or whose headers lie, without the bytes ever existing. The CRC is not checked
 * before the limits are, and is left 0.
 */
export function handMadeZip(entries: ZipEntrySpec[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let listed = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, e.data);
    if (!e.hidden) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt16LE(method, 10);
      c.writeUInt32LE(0, 16);
      c.writeUInt32LE(e.data.length, 20);
      c.writeUInt32LE(e.uncompressedSize, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt32LE(offset, 42);
      central.push(c, name);
      listed++;
    }
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(listed, 8);
  end.writeUInt16LE(listed, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/**
 * Raw deflate data that unpacks to `mib` MiB of zeros, made from one compressed MiB repeated (deflate
 * blocks that end on a sync flush can follow one another), so 2 GiB cost about 2 MB and no CPU time.
 */
export function deflatedZeros(mib: number): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: mib }, () => block), Buffer.from([0x03, 0x00])]);
}
