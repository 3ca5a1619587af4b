/**
 * Swedish sort order for SQL. PGlite has no `sv` collation (Å would sort as A), so names are stored with a
 * key that sorts correctly under the byte-wise "C" collation on both PGlite and PostgreSQL:
 * letters are folded to lower case without accents, except Å, Ä, Ö, which go after Z in that order,
 * and Ü, which Swedish sorts as Y. In the app, lists are sorted with `swedishCollator`.
 */
export const swedishCollator = new Intl.Collator('sv', { sensitivity: 'base', numeric: true });

const AFTER_Z: Record<string, string> = { å: '{', ä: '|', æ: '|', ö: '}', ø: '}' };

export function swedishSortKey(...parts: (string | null | undefined)[]): string {
  const text = parts
    .filter((p): p is string => !!p)
    .join(' ')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ' ');
  let key = '';
  for (const ch of text) {
    const special = AFTER_Z[ch];
    if (special) key += special;
    else if (ch === 'ü') key += 'y';
    else key += ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  return key;
}
