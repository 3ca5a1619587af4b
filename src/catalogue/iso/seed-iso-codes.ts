import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { isoCode, isoMapping } from '../schema.ts';
import { ISO_MAPPING_2011_TO_2022, ISO_SEED, type IsoSeedNode } from './iso-9999-data.ts';

const rowText = (n: Pick<IsoSeedNode, 'edition' | 'code' | 'level' | 'parentCode' | 'titleSv' | 'titleEn'>) =>
  [n.edition, n.code, n.level, n.parentCode ?? '', n.titleSv, n.titleEn ?? ''].join('|');

/** The seed's fingerprint, computed the same way as the SQL below computes it from the table. */
const SEED_KEYS = ISO_SEED.map((n) => `${n.edition}:${n.code}`);
const SEED_HASH = crypto
  .createHash('md5')
  .update(
    [...ISO_SEED]
      .sort((a, b) => (a.edition + a.code < b.edition + b.code ? -1 : 1))
      .map(rowText)
      .join('\n'),
    'utf8',
  )
  .digest('hex');
const MAPPING_KEYS = ISO_MAPPING_2011_TO_2022.map(([f, t]) => `${f}>${t}`);

/**
 * Seeds the ISO 9999 tree (2011 and 2022) and the 2011 → 2022 mapping. Idempotent: when the table already holds
 * exactly the seed's rows (checked with one query over the seeded keys), it does nothing; otherwise it upserts.
 * Codes added by the importer are never touched; titles of seeded codes are restored to the seed's.
 * Returns whether it wrote anything.
 */
export async function seedIsoCodes(db: DbOrTx): Promise<boolean> {
  const check = (await db.execute(sql`
    SELECT md5(string_agg(edition || '|' || code || '|' || level || '|' || coalesce(parent_code, '') || '|' || title_sv || '|' || coalesce(title_en, ''),
                          E'\n' ORDER BY edition COLLATE "C", code COLLATE "C")) AS h,
           count(*) AS n,
           (SELECT count(*) FROM iso_mapping
             WHERE from_edition = '2011' AND to_edition = '2022'
               AND from_code || '>' || to_code = ANY(string_to_array(${MAPPING_KEYS.join('\n')}, E'\n'))) AS m
      FROM iso_code
     WHERE edition || ':' || code = ANY(string_to_array(${SEED_KEYS.join('\n')}, E'\n'))`)) as unknown as {
    rows: { h: string | null; n: number | string; m: number | string }[];
  };
  const r = check.rows[0];
  if (r && r.h === SEED_HASH && Number(r.n) === ISO_SEED.length && Number(r.m) === MAPPING_KEYS.length) return false;

  const values = ISO_SEED.map((n) => ({
    edition: n.edition,
    code: n.code,
    level: n.level,
    parentCode: n.parentCode,
    titleSv: n.titleSv,
    titleEn: n.titleEn,
    sortKey: n.code,
  }));
  for (let i = 0; i < values.length; i += 200) {
    await db
      .insert(isoCode)
      .values(values.slice(i, i + 200))
      .onConflictDoUpdate({
        target: [isoCode.edition, isoCode.code],
        set: {
          level: sql`excluded.level`,
          parentCode: sql`excluded.parent_code`,
          titleSv: sql`excluded.title_sv`,
          titleEn: sql`excluded.title_en`,
          sortKey: sql`excluded.sort_key`,
        },
      });
  }
  await db
    .insert(isoMapping)
    .values(ISO_MAPPING_2011_TO_2022.map(([fromCode, toCode]) => ({ fromEdition: '2011' as const, fromCode, toEdition: '2022' as const, toCode })))
    .onConflictDoNothing();
  return true;
}
