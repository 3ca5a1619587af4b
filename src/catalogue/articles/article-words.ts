import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';

/*
 * The search vocabulary (table article_word, docs/search.md): the distinct words of article names, 3 letters or
 * more, lower case. Search corrects a misspelt word to the closest one (trigram similarity) and then runs the
 * ordinary full-text search. The same rule is written in SQL in three places that fill it: here (an article
 * created or edited), the import's publish and the migration that backfilled it (0009).
 */

/** SQL: the vocabulary words of a name expression, as rows of `w` (use in FROM after the source of the name). */
export const wordsOfName = (nameExpr: string) => `regexp_split_to_table(lower(${nameExpr}), '[^[:alpha:]]+') AS w`;
export const MIN_WORD = 3;

type Tx = Parameters<Parameters<Ctx['db']['transaction']>[0]>[0];

/** Adds the words of an article's name to the vocabulary, in the transaction that saves the article (or the test fixtures' insert). */
export async function addNameWords(tx: Pick<Tx, 'execute'>, name: string): Promise<void> {
  await tx.execute(sql`INSERT INTO article_word (word)
    SELECT DISTINCT w FROM regexp_split_to_table(lower(${name}::text), '[^[:alpha:]]+') AS w WHERE length(w) >= ${sql.raw(String(MIN_WORD))}
    ON CONFLICT DO NOTHING`);
}
