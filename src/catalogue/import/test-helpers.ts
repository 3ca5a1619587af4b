import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
      `SELECT md5(string_agg(x::text, '|' ORDER BY ${order.split(', ').map((c) => `x.${c}`).join(', ')})) AS h, count(*)::int AS n FROM ${t} x`,
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
