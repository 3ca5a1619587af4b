import { normalizeIsoCode } from '../iso/iso-code.ts';

/*
 * What the search understands of what a prescriber types, besides the words themselves (docs/search.md,
 * issue 16 item 4): an ISO 9999 code ("12 22", "1222", "12 22 03"), words typed without å, ä and ö
 * ("alva" for "Älva"), inflected forms that the Swedish stemmer does not bring together ("rollatorer" and
 * "Rollator") and the head of a compound ("krycka" in "Armbågskrycka", "dynor" for "Sittdyna"). The words
 * are looked up in the vocabulary of article names (article_word) by one statement, `expansionStatement`,
 * and the full-text query then asks for the vocabulary words found as well as the typed word.
 */

/** Letters folded for comparison: å, ä, ö and a few letters of foreign names become their plain letter. */
export const FOLD_FROM = 'åäöéèêëüáàâæøç';
export const FOLD_TO = 'aaoeeeeuaaaaoc';
/** SQL: the folded form of a lower-case text expression (the expression index on article_word uses the same). */
export const foldSql = (expr: string) => `translate(${expr}, '${FOLD_FROM}', '${FOLD_TO}')`;

const FOLD_MAP = new Map([...FOLD_FROM].map((c, i) => [c, FOLD_TO[i]!]));
export function fold(word: string): string {
  return [...word].map((c) => FOLD_MAP.get(c) ?? c).join('');
}

/** Words shorter than this are neither expanded nor looked up (the vocabulary holds words of 3 letters or more). */
export const MIN_EXPAND = 3;
/** A compound's first part is at least this long ("el" in "elrullstol"; "h" + "alva" is not a compound). */
const MIN_MODIFIER = 2;
/** The last word counts as the start of a compound's part while typing ("kryc" → "armbågskrycka") from this length. */
const MIN_INFIX = 4;
/** The query's words (search-articles.ts keeps at most 8). */
const MAX_WORDS = 8;
/** Vocabulary words added per typed word, the most similar first. */
export const MAX_EXPANSIONS = 40;

/**
 * Swedish noun inflections (folded endings), one list per paradigm. The stemmer (Snowball) does not bring every
 * form together: it stems "rollator" to "rollat" but "rollatorer" to "rollator", "hörapparat" to "hörappar" but
 * "hörapparater" to "hörapparat", and leaves "skor" apart from "sko". A word that ends with one of a paradigm's
 * endings has that paradigm's other forms: "kryckor" is "kryck" + "or", so "krycka" is the same word, and
 * "Armbågskrycka" a compound of it. A paradigm gives only its own forms, so "rolla" (being typed) is not
 * "roll" + "a" in a paradigm that has a bare "roll", and does not match "Omgivningskontroll".
 */
const PARADIGMS: readonly (readonly string[])[] = [
  // krycka, kryckan, kryckor, kryckorna
  ['a', 'an', 'ans', 'as', 'or', 'orna', 'ors', 'ornas'],
  // sele, selen, selar, selarna; bälte, bältet, bälten, bältena
  ['e', 'en', 'ens', 'es', 'et', 'ets', 'ena', 'ar', 'arna', 'ars', 'arnas'],
  // käpp, käppen, käppar; rollator, rollatorn, rollatorer, rollatorerna; madrass, madrasser
  ['', 's', 'en', 'ens', 'et', 'ets', 'n', 'ns', 'ar', 'arna', 'ars', 'er', 'erna', 'ers', 'ernas'],
  // sko, skon, skor, skorna
  ['', 's', 'n', 'ns', 'r', 'rna', 'rs', 't'],
];

/** The bases of a folded word, each with its paradigm: the word without an ending (3 letters or more left). */
function paradigmBases(folded: string): { base: string; paradigm: readonly string[] }[] {
  const out: { base: string; paradigm: readonly string[] }[] = [];
  for (const paradigm of PARADIGMS)
    for (const e of paradigm)
      if (folded.endsWith(e) && folded.length - e.length >= MIN_EXPAND) out.push({ base: folded.slice(0, folded.length - e.length), paradigm });
  return out;
}

/** The bases of a folded word (without a paradigm's ending), itself included. */
export function wordBases(folded: string): string[] {
  return [...new Set([folded, ...paradigmBases(folded).map((b) => b.base)])];
}

/** Every form of a folded word that the search counts as the same word: each base with its paradigm's endings. */
export function wordForms(folded: string): string[] {
  const forms = new Set([folded]);
  for (const { base, paradigm } of paradigmBases(folded)) for (const e of paradigm) forms.add(base + e);
  return [...forms];
}

/**
 * An ISO 9999 code in a query: two or three pairs of digits, written together or apart ("12 22", "1222",
 * "12 22 03", "122203", "12.22.03"), anywhere in the query; the other words are returned as the rest. A single
 * pair ("12") is a size or a number more often than a class, and is left to the text search.
 */
export function isoCodeInQuery(q: string): { code: string; rest: string } | null {
  const m = /(^|\s)(\d{2}(?:[\s.-]?\d{2}){1,2})(?=\s|$)/u.exec(q);
  if (!m) return null;
  const code = normalizeIsoCode(m[2]!);
  if (!code) return null;
  const rest = `${q.slice(0, m.index)} ${q.slice(m.index + m[0].length)}`.replace(/\s+/g, ' ').trim();
  return { code, rest };
}

/** One typed word as the vocabulary lookup gets it. */
export interface LookupWord {
  /** Position in the query (0-based). */
  i: number;
  tok: string;
  folded: string;
  /** The forms that count as the same word (folded). */
  forms: string[];
  /** The shortest base: every match contains it, so the trigram index can narrow the vocabulary with it. */
  pre: string;
  /** The last word, which the user may still be typing. */
  last: boolean;
}

/** The words of a query that the vocabulary can expand: letters only, 3 or more. */
export function lookupWords(tokens: string[]): LookupWord[] {
  const out: LookupWord[] = [];
  tokens.forEach((tok, i) => {
    if (tok.length < MIN_EXPAND || !/^\p{L}+$/u.test(tok)) return;
    const folded = fold(tok);
    const bases = wordBases(folded);
    const pre = bases.reduce((a, b) => (b.length < a.length ? b : a));
    out.push({ i, tok, folded, forms: wordForms(folded), pre, last: i === tokens.length - 1 });
  });
  return out;
}

export interface Expansion {
  i: number;
  word: string;
  /**
   * `form`: the same word (another inflection, or typed without å, ä, ö); `compound`: a compound with it as its
   * last part; `typing`: the last word may still be typed and w starts with it or has it inside.
   */
  kind: 'form' | 'compound' | 'typing';
}

/**
 * The vocabulary words each typed word stands for (one statement for all of them). A vocabulary word w matches a
 * typed word t when, compared folded:
 *   - form: w is one of t's forms, or both stem alike (Snowball);
 *   - compound: w ends with one of t's forms after a first part of 2 letters or more (not by stems: the stem of a
 *     word still being typed says little, "rolla" stems to "roll" as in "kontroll");
 *   - typing (t is the last word): w starts with t, or t (4 letters or more) is inside w after a first part.
 * Words the full-text query already finds (t itself, words stemmed like t, for the last word the words starting
 * with t) are left out. The folded trigram index (article_word_folded_trgm_idx) finds the candidates: each
 * contains t's shortest base or its stem, both beginnings of t.
 */
export function expansionStatement(words: LookupWord[]): { text: string; params: unknown[] } {
  const stem = (e: string) => `(ts_lexize('swedish_stem', ${e}))[1]`;
  return {
    text: `WITH t AS (
             SELECT x.i, x.tok, x.folded, x.forms, x.last, ${stem('x.tok')} AS stem,
                    CASE WHEN length(${foldSql(stem('x.tok'))}) < length(x.pre) THEN ${foldSql(stem('x.tok'))} ELSE x.pre END AS pre,
                    ${foldSql(stem('x.tok'))} AS fstem
               -- LIMIT: at most 8 words, and so the planner knows it (its default of 100 rows from a function made the
               -- statement look costly enough for PostgreSQL's JIT compilation, 25 ms of a 1 ms statement).
               FROM (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(i int, tok text, folded text, forms text[], pre text, last boolean)
                      LIMIT ${MAX_WORDS}) x)
           SELECT t.i, m.word, m.kind
             FROM t CROSS JOIN LATERAL (
               SELECT k.word, k.kind FROM (
                 SELECT c.word,
                        CASE WHEN c.fw = ANY(t.forms) OR c.fwstem = t.fstem THEN 'form'
                             WHEN EXISTS (SELECT 1 FROM unnest(t.forms) AS f(form)
                                           WHERE length(c.fw) - length(f.form) >= ${MIN_MODIFIER} AND right(c.fw, length(f.form)) = f.form)
                             THEN 'compound'
                             WHEN t.last AND (c.fw LIKE t.folded || '%'
                                              OR (length(t.folded) >= ${MIN_INFIX} AND c.fw LIKE '%' || repeat('_', ${MIN_MODIFIER}) || t.folded || '%')) THEN 'typing'
                        END AS kind
                   FROM (SELECT w.word, ${foldSql('w.word')} AS fw, ${stem('w.word')} AS wstem, ${foldSql(stem('w.word'))} AS fwstem
                           FROM article_word w
                          WHERE ${foldSql('w.word')} LIKE '%' || t.pre || '%'
                         OFFSET 0) c
                  WHERE c.word <> t.tok AND c.wstem IS DISTINCT FROM t.stem
                 -- OFFSET 0 keeps each subquery whole: flattened, the planner repeated the stems and the kind in the
                 -- filter, the sort and the output (30 ms instead of 1 on PGlite).
                 OFFSET 0) k
                WHERE k.kind IS NOT NULL AND NOT (t.last AND k.kind = 'typing' AND k.word LIKE t.tok || '%')
                ORDER BY array_position(ARRAY['form', 'compound', 'typing'], k.kind), length(k.word), k.word
                LIMIT ${MAX_EXPANSIONS}) m
            ORDER BY t.i, m.word`,
    params: [JSON.stringify(words.map(({ i, tok, folded, forms, pre, last }) => ({ i, tok, folded, forms, pre, last })))],
  };
}

const UNFOLD: Record<string, string[]> = { a: ['a', 'å', 'ä'], o: ['o', 'ö'], e: ['e', 'é'] };

/**
 * Words of one or two letters are too short for the vocabulary ("Duschpall Ö" typed as "duschpall o"): their
 * spellings with å, ä, ö are added as forms here, without a lookup.
 */
export function shortWordForms(tokens: string[]): Expansion[] {
  const out: Expansion[] = [];
  tokens.forEach((tok, i) => {
    if (tok.length >= MIN_EXPAND || !/^\p{L}+$/u.test(tok)) return;
    let spellings = [''];
    for (const c of fold(tok)) spellings = spellings.flatMap((s) => (UNFOLD[c] ?? [c]).map((u) => s + u));
    for (const word of spellings) if (word !== tok) out.push({ i, word, kind: 'form' });
  });
  return out;
}

/**
 * The tsquery texts of a query. `strong` asks for each typed word as a whole word (or another form of it: typed
 * without å, ä, ö, another inflection); `wide` also for the compounds it is the last part of and, for the last word
 * (3 letters or more) as the user may still be typing, for words that start with it or have it inside. `words` is
 * `wide` without the typing matches: it ranks a whole word or compound above a word that only contains what was
 * typed so far. Vocabulary words are letters only, checked again here because they become tsquery text.
 */
export function expandedTsQueries(tokens: string[], expansions: Expansion[], minPrefix: number): { strong: string; wide: string; words: string } {
  const letters = /^\p{L}+$/u;
  const strongParts: string[] = [];
  const wideParts: string[] = [];
  const wordParts: string[] = [];
  const group = (words: string[]) => (words.length > 1 ? `(${words.join(' | ')})` : words[0]!);
  tokens.forEach((tok, i) => {
    const mine = expansions.filter((e) => e.i === i && letters.test(e.word));
    const of = (kind: Expansion['kind']) => mine.filter((e) => e.kind === kind).map((e) => e.word);
    const strong = [tok, ...of('form')];
    const prefix = i === tokens.length - 1 && tok.length >= minPrefix ? [`${tok}:*`] : [];
    strongParts.push(group(strong));
    wideParts.push(group([...prefix, ...strong, ...of('compound'), ...of('typing')]));
    wordParts.push(group([...strong, ...of('compound')]));
  });
  return { strong: strongParts.join(' & '), wide: wideParts.join(' & '), words: wordParts.join(' & ') };
}
