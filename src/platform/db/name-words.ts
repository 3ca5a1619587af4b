import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** The words of a typed name, lower case ("Anna-Karin  Öberg" → ['anna', 'karin', 'öberg']); at most five. */
export function nameWords(text: string): string[] {
  return text
    .toLocaleLowerCase('sv')
    .split(/[\s,-]+/)
    .map((w) => w.replace(/[^\p{L}'.]/gu, ''))
    .filter(Boolean)
    .slice(0, 5);
}

/**
 * Whether a person's first and last name hold every word at the start of one of their parts, in any order:
 * "lind ast" finds Astrid Lindqvist, "karin" finds Anna-Karin. Case-insensitive (lower() of PostgreSQL with a
 * UTF-8 locale, and of PGlite, folds Å, Ä and Ö).
 */
export function nameHasWords(firstName: AnyColumn, lastName: AnyColumn, words: readonly string[]): SQL {
  const name = sql`(' ' || lower(translate(${firstName} || ' ' || ${lastName}, '-', ' ')))`;
  return sql.join(
    words.map((w) => sql`${name} like ${`% ${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`),
    sql` and `,
  );
}
