import { z } from 'zod';
import { stockholmDateTime } from '../../platform/calendar/stockholm-time.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { normalizeIsoCode } from '../iso/iso-code.ts';
import { chargingForms, isoEditions } from '../schema.ts';
import { expandedTsQueries, expansionStatement, isoCodeInQuery, lookupWords, shortWordForms, type Expansion } from './search-words.ts';
import { ORDERING_SIDE_FILTER, visibilityOf, type Visibility } from './visibility.ts';

/*
 * Article search (issue 3 item 4, issue 16 item 4). One use case, a few small SQL statements, all built by
 * `planSearch` so that the benchmark can time exactly the SQL the API runs:
 *   1. exact lookup: article number, supplier's article number or GTIN equal to the query (btree indexes);
 *   2. an ISO 9999 code in the query ("12 22", "1222", "12 22 03"): the class and its subclasses, when the
 *      register has articles there; alone it lists them (in-assortment main devices first, then Swedish order),
 *      with other words it filters the text search;
 *   3. the words looked up in the vocabulary of article names (article_word, search-words.ts): forms typed
 *      without å, ä, ö, inflections the stemmer misses, compounds a word is the last part of;
 *   4. Swedish full-text with stemming on the generated `search` tsvector, the last word as a prefix while
 *      typing (GIN index), in tiers: in-assortment main devices (type H) before the rest, and within each the
 *      typed word (or another form of it) before compounds; then ts_rank, then Swedish order;
 *   5. when 1–4 find nothing: typo correction, each unknown word replaced by the most similar word of the
 *      vocabulary (trigram index) and step 4 run again with the corrected words; only if that finds nothing,
 *      pg_trgm word similarity on the name (GIN trigram);
 *   6. the page's details (supplier, today's general price, first image) for the chosen ids only.
 * Without a query it lists in Swedish order (sort_key, keyset cursor). User input never reaches SQL as text:
 * the tsquery is assembled from letter/digit tokens and vocabulary words, everything else is a bound parameter.
 */

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

export const searchQuery = z.strictObject({
  q: z.string().max(200).optional().describe('Sökord: artikelnummer, leverantörens artikelnummer, GTIN eller fritext (svenska, med stamning och prefix)'),
  iso: z.string().max(20).optional().describe("ISO 9999-kod; träffar koden och allt under den ('12 22' ger även '12 22 03')"),
  type: z
    .string()
    .regex(/^[A-Za-z]{1,4}$/, 'ogiltig artikeltyp')
    .optional()
    .describe('Artikeltyp: H huvudhjälpmedel, T tillbehör, R reservdel, eller öppen kod (Tj, I …)'),
  supplierId: z.uuid().optional().describe('Leverantör'),
  inAssortment: bool.describe('Bara artiklar i (true) eller utanför (false) det beslutade sortimentet'),
  orderable: bool.describe('Bara beställningsbara (true) eller inte beställningsbara (false)'),
  published: bool.describe('Centrets roller: filtrera på publicerad. Beställarsidan ser alltid bara publicerade.'),
  includeRemoved: bool.describe('Centrets roller: ta med borttagna artiklar'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Antal träffar per sida (1–100)'),
  offset: z.coerce.number().int().min(0).max(10_000).optional().describe('Hoppa över så många träffar (rangordnad sökning och lista)'),
  cursor: z.string().max(400).optional().describe('Fortsättning från förra sidan (nextCursor), bara utan sökord'),
});
export type SearchInput = z.infer<typeof searchQuery>;

export const searchItem = z.object({
  id: z.uuid(),
  articleNumber: z.string(),
  name: z.string(),
  articleType: z.string(),
  isoCode: z.string().nullable(),
  isoEdition: z.enum(isoEditions).nullable(),
  supplierId: z.uuid().nullable(),
  supplierName: z.string().nullable(),
  chargingForm: z.enum(chargingForms),
  inAssortment: z.boolean(),
  orderable: z.boolean(),
  published: z.boolean(),
  customerPrice: z.string().nullable().describe('Kundens pris i kronor (allmänna prislistans pris som gäller i dag), två decimaler'),
  thumbnailUrl: z.string().nullable(),
  matchedBy: z
    .enum(['exact', 'text', 'similar', 'iso', 'list'])
    .describe('Hur artikeln hittades: exakt nummer, fritext, liknande ord, ISO-koden i sökordet eller lista utan sökord'),
});
export type SearchItem = z.infer<typeof searchItem>;

export const searchResult = z.object({
  items: z.array(searchItem),
  total: z.number().int().describe('Antal träffar; en undre gräns när totalIsEstimate är sant'),
  totalIsEstimate: z.boolean(),
  nextCursor: z.string().nullable().describe('Skicka som cursor för nästa sida (lista utan sökord)'),
  nextOffset: z.number().int().nullable().describe('Skicka som offset för nästa sida'),
  iso: z
    .object({ code: z.string(), titleSv: z.string().nullable(), titleEn: z.string().nullable() })
    .nullable()
    .describe('ISO-koden som sökordet innehöll, när registret har artiklar där: träffarna är klassens och underklassernas artiklar'),
});
export type SearchResult = z.infer<typeof searchResult>;

const MAX_TOKENS = 8;
const MIN_PREFIX = 3;
/** Matches ranked per query and tier (see docs/search.md). */
export const RANK_CAP = 500;
const FALLBACK_CAP = 500;

export interface SqlStatement {
  text: string;
  params: unknown[];
}

/** The statements for the words of a query (and the ISO code it named, if any). */
export interface WordStatements {
  /** What the vocabulary says each word stands for (search-words.ts); null when no word can be expanded. */
  expand: SqlStatement | null;
  /** The ranked full-text ids for the words and their expansions. */
  ranked: (expansions: Expansion[]) => SqlStatement;
  /**
   * Typo correction, run when everything else finds nothing: gives each word of the query its closest vocabulary
   * word (article_word); the corrected words are then searched like typed ones.
   */
  correction: { lookup: SqlStatement; tokens: string[] } | null;
  /** Trigram fallback on the name, run only when the corrected words find nothing either. */
  fallback: SqlStatement | null;
}

export interface TextPlan {
  tokens: string[];
  /** The query is one word (no spaces): an exact identifier match then ends the search. */
  singleWord: boolean;
  /** Exact identifier lookup (first page only). */
  exact: SqlStatement | null;
  /** An ISO code in the query, the other words, and whether the register has visible articles there (and its title). */
  iso: { code: string; tokens: string[]; check: SqlStatement } | null;
  words: (tokens: string[], iso: string | null) => WordStatements;
  /** The articles of an ISO subtree (a query that is only a code): the page and the planner's estimate. */
  isoList: (iso: string) => { main: SqlStatement; count: SqlStatement };
}

export interface SearchPlan {
  mode: 'list' | 'text';
  /** List mode (no query): the page and the planner's row estimate (EXPLAIN), used when the page is full. */
  list: { main: SqlStatement; count: SqlStatement } | null;
  text: TextPlan | null;
  limit: number;
  offset: number;
  today: string;
}

/** Letters and digits only: the words of a query as the tsquery will see them. */
export function queryTokens(q: string): string[] {
  return (
    q
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
    .slice(0, MAX_TOKENS)
    .map((t) => t.slice(0, 40));
}

/** The to_tsquery text: tokens joined with AND, the last one a prefix while the user types. */
export function tsQueryText(tokens: string[]): string {
  return tokens.map((t, i) => (i === tokens.length - 1 && t.length >= MIN_PREFIX ? `${t}:*` : t)).join(' & ');
}

class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && z.uuid().safeParse(v[1]).success) return [v[0], v[1] as string];
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION', 'Ogiltig fortsättningsmarkör (cursor); börja om från första sidan', {
    issues: [{ path: 'querystring.cursor', code: 'invalid_cursor', message: 'ogiltig fortsättningsmarkör' }],
  });
}

/** iso_code is COLLATE "C": a subtree is a byte range that the btree indexes serve. */
const isoRange = (code: string, p: Params) => `a.iso_code >= ${p.add(code)} AND a.iso_code < ${p.add(`${code}~`)}`;

/** The WHERE conditions every statement shares: visibility and filters (and an ISO code named in the query). */
function filterSql(input: SearchInput, vis: Visibility, p: Params, queryIso: string | null = null): string[] {
  const conds: string[] = [];
  if (!vis.centre) conds.push(ORDERING_SIDE_FILTER('a'));
  else {
    if (!input.includeRemoved) conds.push('a.removed_at IS NULL');
    if (input.published !== undefined) conds.push(`a.published = ${p.add(input.published)}`);
  }
  if (input.iso !== undefined) {
    const code = normalizeIsoCode(input.iso);
    if (!code) {
      throw new AppError('VALIDATION', 'Ogiltig ISO-kod; ange t.ex. 12 22 eller 12 22 03', {
        issues: [{ path: 'querystring.iso', code: 'invalid_iso_code', message: 'ogiltig ISO-kod' }],
      });
    }
    conds.push(isoRange(code, p));
  }
  if (queryIso) conds.push(isoRange(queryIso, p));
  if (input.type) conds.push(`a.article_type = ${p.add(input.type.length === 1 ? input.type.toUpperCase() : input.type)}`);
  if (input.supplierId) conds.push(`a.supplier_id = ${p.add(input.supplierId)}`);
  if (input.inAssortment !== undefined) conds.push(`a.in_assortment = ${p.add(input.inAssortment)}`);
  if (input.orderable !== undefined) conds.push(`a.orderable = ${p.add(input.orderable)}`);
  return conds;
}

const and = (conds: string[]) => (conds.length ? conds.join(' AND ') : 'true');
const BOOST = `(a.in_assortment AND a.article_type = 'H')`;

/**
 * The ranked full-text statement. Matches come in tiers, each fetching and ranking at most RANK_CAP + 1 rows so
 * that a common word does not make PostgreSQL fetch and rank every match (each one a heap page: 27 500 matches for
 * 'rullstol' cost ~400 ms):
 *   1. in-assortment main devices matching the typed words as whole words or other forms of them (`strong`; a
 *      partial GIN index finds them without touching the others, see docs/search.md),
 *   2. in-assortment main devices matching only through a compound ("Armbågskrycka" for "krycka") or the last
 *      word as a prefix (`wide`),
 *   3. the rest matching `strong`, 4. the rest matching only `wide`.
 * Within a tier a whole word or compound (`words`) ranks above a word that only starts with what was typed, then
 * ts_rank (name above description), then Swedish order. A tier is searched only when the tiers before it do not
 * fill the page (offset + limit): otherwise its condition is false before it starts (a One-Time Filter in the
 * plan, the scan never runs) and the total is a lower bound. The total is exact up to the caps otherwise.
 */
function rankedStatement(strong: string, wide: string, words: string, conds: string[], p: Params, offset: number, limit: number): SqlStatement {
  const s = p.add(strong);
  const w = wide === strong ? s : p.add(wide);
  const r = words === strong ? s : p.add(words);
  const window = p.add(offset + limit);
  // A strong tier ranks by the typed words alone (fewer terms for ts_rank to look up, ~500 rows each time).
  const tiers: { boost: boolean; match: string; rank: string }[] = [];
  for (const boost of [true, false]) {
    tiers.push({ boost, match: 'a.search @@ q.s', rank: 'ts_rank(c.search, q.s) AS words_rank, 0::real AS rank' });
    if (wide !== strong) {
      tiers.push({
        boost,
        match: 'a.search @@ q.w AND NOT a.search @@ q.s',
        rank: 'ts_rank(c.search, q.r) AS words_rank, ts_rank(c.search, q.w) AS rank',
      });
    }
  }
  const ctes = tiers.map((tier, k) => {
    const gate =
      k === 0
        ? ''
        : `${tiers
            .map((_, j) => `(SELECT count(*) FROM t${j})`)
            .slice(0, k)
            .join(' + ')} < ${window} AND `;
    return `c${k} AS (
             SELECT a.id, a.search, a.sort_key FROM article a, q
              WHERE ${gate}${tier.match} AND ${tier.boost ? '' : 'NOT '}${BOOST} AND ${and(conds)}
              LIMIT ${RANK_CAP + 1}),
           t${k} AS (
             SELECT c.id, ${k} AS tier, ${tier.rank}, c.sort_key, count(*) OVER () AS n
               FROM c${k} c, q
              ORDER BY words_rank DESC, rank DESC, c.sort_key, c.id
              LIMIT ${window})`;
  });
  const ns = tiers.map((_, k) => `coalesce((SELECT max(n) FROM t${k}), 0)`);
  const before = tiers.map((_, k) => `(SELECT count(*) FROM t${k})`).slice(0, -1);
  return {
    text: `WITH q AS (SELECT to_tsquery('swedish', ${s}) AS s, to_tsquery('swedish', ${w}) AS w, to_tsquery('swedish', ${r}) AS r),
           ${ctes.join(',\n           ')}
         SELECT id, tier, rank,
                ${ns.join(' + ')} AS total,
                (${ns.map((n) => `${n} > ${RANK_CAP}`).join(' OR ')}) AS capped,
                ${before.join(' + ')} >= ${window} AS rest_skipped
           FROM (${tiers.map((_, k) => `SELECT * FROM t${k}`).join(' UNION ALL ')}) hits
          ORDER BY tier, words_rank DESC, rank DESC, sort_key, id
          LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
    params: p.values,
  };
}

/**
 * The distinct ISO codes of the articles in a subtree, found by skipping through the iso_code index (one probe per
 * code, a recursive CTE), so that codes missing from the ISO register are walked too. Walking each code's own rows
 * in Swedish order (index (iso_code, sort_key)) and merging them is what makes a list inside a subtree cheap: a
 * walk of the whole sort order would pass every other class first.
 */
const subtreeCodes = (code: string, p: Params) => {
  const lo = p.add(code);
  const hi = p.add(`${code}~`);
  return `WITH RECURSIVE skip(code) AS (
             (SELECT a.iso_code FROM article a WHERE a.iso_code >= ${lo} AND a.iso_code < ${hi} ORDER BY a.iso_code LIMIT 1)
             UNION ALL
             SELECT (SELECT a.iso_code FROM article a WHERE a.iso_code > skip.code AND a.iso_code < ${hi} ORDER BY a.iso_code LIMIT 1)
               FROM skip WHERE skip.code IS NOT NULL)
           SELECT code FROM skip WHERE code IS NOT NULL`;
};

/**
 * A query that is only an ISO code: the subtree's in-assortment main devices first, then the others, each in
 * Swedish order. The first walk uses the partial index of in-assortment main devices (article_iso_boost_sort_idx),
 * the second runs only when the first does not fill the page.
 */
function isoListStatement(code: string, input: SearchInput, vis: Visibility, offset: number, limit: number): { main: SqlStatement; count: SqlStatement } {
  const p = new Params();
  const conds = filterSql(input, vis, p);
  const want = p.add(offset + limit + 1);
  const walk = (boost: boolean, gate: string) => `
           SELECT x.id, x.sort_key FROM codes CROSS JOIN LATERAL (
             SELECT a.id, a.sort_key FROM article a
              WHERE ${gate}a.iso_code = codes.code AND ${boost ? '' : 'NOT '}${BOOST} AND ${and(conds)}
              ORDER BY a.sort_key, a.id LIMIT ${want}) x
            ORDER BY x.sort_key, x.id LIMIT ${want}`;
  const main = {
    text: `WITH codes AS (${subtreeCodes(code, p)}),
           b AS (${walk(true, '')}),
           r AS (${walk(false, `(SELECT count(*) FROM b) < ${want} AND `)})
         SELECT id, sort_key FROM (SELECT id, sort_key, true AS boost FROM b UNION ALL SELECT id, sort_key, false AS boost FROM r) h
          ORDER BY boost DESC, sort_key, id LIMIT ${p.add(limit + 1)} OFFSET ${p.add(offset)}`,
    params: p.values,
  };
  const c = new Params();
  const count = { text: `EXPLAIN (FORMAT JSON) SELECT 1 FROM article a WHERE ${and(filterSql(input, vis, c, code))}`, params: c.values };
  return { main, count };
}

/** Builds the statements of a search; pure, so the benchmark can run the very same SQL. */
export function planSearch(input: SearchInput, vis: Visibility, now: Date): SearchPlan {
  const today = stockholmDateTime(now).date;
  const limit = input.limit;
  const offset = input.offset ?? 0;
  const q = (input.q ?? '').trim();
  if (!q) {
    const p = new Params();
    const conds = filterSql(input, vis, p);
    const countConds = [...conds];
    const countParams = [...p.values];
    if (input.cursor) {
      const [sortKey, id] = decodeCursor(input.cursor);
      conds.push(`(a.sort_key, a.id) > (${p.add(sortKey)}, ${p.add(id)}::uuid)`);
    }
    const code = input.iso !== undefined ? normalizeIsoCode(input.iso) : null;
    const main = code
      ? {
          text: `SELECT x.id, x.sort_key
                   FROM (${subtreeCodes(code, p)}) codes
                   CROSS JOIN LATERAL (
                     SELECT a.id, a.sort_key FROM article a
                      WHERE a.iso_code = codes.code AND ${and(conds)}
                      ORDER BY a.sort_key, a.id LIMIT ${p.add(offset + limit + 1)}) x
                  ORDER BY x.sort_key, x.id LIMIT ${p.add(limit + 1)} OFFSET ${p.add(offset)}`,
          params: p.values,
        }
      : {
          // A supplier's articles are few (~0.2 % of the catalogue): sort them rather than walk the whole sort
          // order looking for them (the planner cannot know that a supplier's names cluster nowhere in particular).
          text: `SELECT a.id, a.sort_key FROM article a WHERE ${and(conds)}
                  ORDER BY ${input.supplierId ? "a.sort_key || ''" : 'a.sort_key'}, a.id LIMIT ${p.add(limit + 1)} OFFSET ${p.add(offset)}`,
          params: p.values,
        };
    // Counting a large subtree means a heap page per row (~1 000 pages for iso=12 06, 25–30 ms of a 0.4 ms
    // page), so a full page gets the planner's estimate instead; a last page is counted exactly.
    const count = { text: `EXPLAIN (FORMAT JSON) SELECT 1 FROM article a WHERE ${and(countConds)}`, params: countParams };
    return { mode: 'list', list: { main, count }, text: null, limit, offset, today };
  }

  const tokens = queryTokens(q);
  let exact: SqlStatement | null = null;
  if (offset === 0) {
    const p = new Params();
    const conds = filterSql(input, vis, p);
    const ids = p.add([...new Set([q, q.toUpperCase()])]);
    exact = {
      text: `SELECT a.id FROM article a
              WHERE (a.article_number = ANY(${ids}::text[]) OR a.supplier_article_number = ANY(${ids}::text[]) OR a.gtin = ANY(${ids}::text[]))
                AND ${and(conds)}
              ORDER BY a.sort_key, a.id LIMIT 20`,
      params: p.values,
    };
  }

  let iso: TextPlan['iso'] = null;
  const named = isoCodeInQuery(q);
  if (named) {
    // A code counts as one when the caller can see articles in its subtree; otherwise the digits are searched
    // as text ("sittdyna 40 40" is a size).
    const p = new Params();
    const conds = filterSql(input, vis, p, named.code);
    const c = p.add(named.code);
    iso = {
      code: named.code,
      tokens: queryTokens(named.rest),
      check: {
        text: `SELECT EXISTS (SELECT 1 FROM article a WHERE ${and(conds)}) AS used,
                      (SELECT i.title_sv FROM iso_code i WHERE i.code = ${c} ORDER BY i.edition DESC LIMIT 1) AS title_sv,
                      (SELECT i.title_en FROM iso_code i WHERE i.code = ${c} ORDER BY i.edition DESC LIMIT 1) AS title_en`,
        params: p.values,
      },
    };
  }

  const words = (toks: string[], isoCode: string | null): WordStatements => {
    const look = lookupWords(toks);
    const ranked = (expansions: Expansion[]) => {
      const p = new Params();
      const conds = filterSql(input, vis, p, isoCode);
      const { strong, wide, words } = expandedTsQueries(toks, [...expansions, ...shortWordForms(toks)], MIN_PREFIX);
      return rankedStatement(strong, wide, words, conds, p, offset, limit);
    };
    // Words that can be misspelt: letters only, 3 or more (the vocabulary holds no shorter words, and digits are
    // sizes and model numbers, not words to correct).
    const correctable = toks.filter((t) => /^\p{L}{3,}$/u.test(t));
    const correction = correctable.length
      ? {
          tokens: toks,
          // Per word: itself if the vocabulary has it (the last word also as the start of one, as typed so far),
          // otherwise the most similar word (pg_trgm similarity ≥ 0.3, the trigram GIN index), otherwise null.
          lookup: {
            text: `SELECT t.tok, coalesce(
                      (SELECT w.word FROM article_word w WHERE w.word = t.tok),
                      CASE WHEN t.last THEN (SELECT t.tok FROM article_word w WHERE w.word LIKE t.tok || '%' LIMIT 1) END,
                      (SELECT w.word FROM article_word w WHERE w.word % t.tok ORDER BY similarity(w.word, t.tok) DESC, w.word LIMIT 1)) AS word
                     FROM (SELECT u.tok, u.i = $2 AS last FROM unnest($1::text[]) WITH ORDINALITY AS u(tok, i)) t`,
            params: [correctable, /^\p{L}{3,}$/u.test(toks[toks.length - 1]!) ? correctable.length : 0],
          },
        }
      : null;
    const f = new Params();
    const text = f.add(toks.join(' '));
    const fconds = filterSql(input, vis, f, isoCode);
    const fallback = {
      text: `SELECT c.id, 0 AS tier, word_similarity(${text}, c.name) AS rank, count(*) OVER () AS total, count(*) OVER () > ${FALLBACK_CAP} AS capped
               FROM (SELECT a.id, a.name, a.sort_key, ${BOOST} AS boost
                       FROM article a
                      WHERE ${text} <% a.name AND ${and(fconds)}
                      LIMIT ${FALLBACK_CAP + 1}) c
              ORDER BY c.boost DESC, rank DESC, c.sort_key, c.id
              LIMIT ${f.add(limit)} OFFSET ${f.add(offset)}`,
      params: f.values,
    };
    return { expand: look.length ? expansionStatement(look) : null, ranked, correction, fallback };
  };

  return {
    mode: 'text',
    list: null,
    text: {
      tokens,
      singleWord: !/\s/.test(q),
      exact,
      iso,
      words,
      isoList: (code) => isoListStatement(code, input, vis, offset, limit),
    },
    limit,
    offset,
    today,
  };
}

/** The details of the chosen articles: supplier, today's general price (the customer's price), first image. */
export function detailsStatement(ids: string[], today: string): SqlStatement {
  return {
    text: `SELECT a.id, a.article_number, a.name, a.article_type, a.iso_code, a.iso_edition, a.supplier_id, s.name AS supplier_name,
                  a.charging_form, a.in_assortment, a.orderable, a.published, pr.amount::text AS price, th.id AS thumb_id
             FROM article a
             LEFT JOIN supplier s ON s.id = a.supplier_id
             LEFT JOIN LATERAL (
               SELECT p.amount FROM price p
                WHERE p.article_id = a.id AND p.kind = 'general' AND p.valid_from <= $2::date AND (p.valid_to IS NULL OR p.valid_to >= $2::date)
                ORDER BY p.valid_from DESC LIMIT 1) pr ON true
             LEFT JOIN LATERAL (
               SELECT m.id FROM media m
                WHERE m.article_id = a.id AND m.kind = 'image' AND m.thumbnail_key IS NOT NULL
                ORDER BY m.position, m.created_at, m.id LIMIT 1) th ON true
            WHERE a.id = ANY($1::uuid[])`,
    params: [ids, today],
  };
}

type Query = Database['query'];
interface Hit {
  id: string;
  total: number | string;
  capped: boolean;
  rest_skipped?: boolean;
}

interface DetailRow {
  id: string;
  article_number: string;
  name: string;
  article_type: string;
  iso_code: string | null;
  iso_edition: SearchItem['isoEdition'];
  supplier_id: string | null;
  supplier_name: string | null;
  charging_form: SearchItem['chargingForm'];
  in_assortment: boolean;
  orderable: boolean;
  published: boolean;
  price: string | null;
  thumb_id: string | null;
}

interface Found {
  ids: { id: string; matchedBy: SearchItem['matchedBy'] }[];
  total: number;
  totalIsEstimate: boolean;
  nextCursor: string | null;
  nextOffset: number | null;
  iso: SearchResult['iso'];
}

/** A list page (no query, or a query that is only an ISO code): `limit + 1` rows say whether more follow. */
async function listPage(
  query: Query,
  stmts: { main: SqlStatement; count: SqlStatement },
  limit: number,
  offset: number,
  matchedBy: SearchItem['matchedBy'],
): Promise<Omit<Found, 'iso'>> {
  const rows = await query<{ id: string; sort_key: string }>(stmts.main.text, stmts.main.params);
  const page = rows.slice(0, limit);
  const ids = page.map((r) => ({ id: r.id, matchedBy }));
  if (rows.length <= limit) return { ids, total: offset + page.length, totalIsEstimate: false, nextCursor: null, nextOffset: null };
  const last = page[page.length - 1]!;
  const [c] = await query<{ 'QUERY PLAN': unknown }>(stmts.count.text, stmts.count.params);
  const raw = c?.['QUERY PLAN'];
  const json = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[] | undefined;
  return {
    ids,
    total: Math.max(Math.round(json?.[0]?.Plan?.['Plan Rows'] ?? 0), offset + limit + 1),
    totalIsEstimate: true,
    nextCursor: encodeCursor(last.sort_key, last.id),
    nextOffset: offset + limit,
  };
}

/** What the vocabulary says the words stand for. */
async function expand(query: Query, st: WordStatements): Promise<Expansion[]> {
  return st.expand ? query<Expansion>(st.expand.text, st.expand.params) : [];
}

async function run<T extends object>(query: Query, stmt: SqlStatement): Promise<T[]> {
  return query<T>(stmt.text, stmt.params);
}

async function textSearch(query: Query, plan: SearchPlan, tp: TextPlan): Promise<Found> {
  const exact = tp.exact ? await query<{ id: string }>(tp.exact.text, tp.exact.params) : [];
  const seen = new Set(exact.map((r) => r.id));
  const ids: Found['ids'] = exact.map((r) => ({ id: r.id, matchedBy: 'exact' as const }));
  const extraExact = (hitIds: string[]) => exact.filter((e) => !hitIds.includes(e.id)).length;

  let tokens = tp.tokens;
  let isoCode: string | null = null;
  let iso: SearchResult['iso'] = null;
  if (tp.iso) {
    const [row] = await query<{ used: boolean; title_sv: string | null; title_en: string | null }>(tp.iso.check.text, tp.iso.check.params);
    if (row?.used) {
      isoCode = tp.iso.code;
      tokens = tp.iso.tokens;
      iso = { code: isoCode, titleSv: row.title_sv, titleEn: row.title_en };
    }
  }

  if (isoCode && !tokens.length) {
    // Only a code: the subtree's articles, after an exact hit ("122203" may be an article number too).
    const page = await listPage(query, tp.isoList(isoCode), plan.limit, plan.offset, 'iso');
    for (const h of page.ids) if (!seen.has(h.id)) ids.push(h);
    return {
      ...page,
      ids,
      total: page.total + extraExact(page.ids.map((h) => h.id)),
      nextCursor: null,
      iso,
    };
  }

  let hits: Hit[] = [];
  let matchedBy: SearchItem['matchedBy'] = 'text';
  const st = tp.words(tokens, isoCode);
  // A query that is exactly an identifier (one word) is answered by the exact lookup alone.
  const expansions = tokens.length && !(exact.length && tp.singleWord) ? await expand(query, st) : null;
  if (expansions) hits = await run<Hit>(query, st.ranked(expansions));
  if (!hits.length && !exact.length && st.correction) {
    // Nothing found: correct each unknown word to the closest word of the vocabulary and search again.
    const c = st.correction;
    const found = new Map((await query<{ tok: string; word: string | null }>(c.lookup.text, c.lookup.params)).map((r) => [r.tok, r.word]));
    const words = c.tokens.map((t) => (found.has(t) ? found.get(t) : t));
    if (words.every((w): w is string => !!w) && words.some((w, i) => w !== c.tokens[i])) {
      // Vocabulary words are letters only; tokenised again all the same, since they become tsquery text.
      const corrected = tp.words(queryTokens(words.join(' ')), isoCode);
      hits = await run<Hit>(query, corrected.ranked(await expand(query, corrected)));
      matchedBy = 'similar';
    }
  }
  // The vocabulary gave nothing: similar names (first page only: past the end of a result this finds nothing new).
  if (!hits.length && !exact.length && tokens.length && st.fallback && plan.offset === 0) {
    hits = await query<Hit>(st.fallback.text, st.fallback.params);
    matchedBy = 'similar';
  }
  // The full-text statement skips later tiers when the earlier ones fill the page: more may follow.
  const restSkipped = hits.some((h) => h.rest_skipped);
  const hitTotal = hits.length ? Number(hits[0]!.total) : 0;
  for (const h of hits) if (!seen.has(h.id)) ids.push({ id: h.id, matchedBy });
  return {
    ids,
    total: Math.max(hitTotal, plan.offset + hits.length) + extraExact(hits.map((h) => h.id)),
    totalIsEstimate: restSkipped || hits.some((h) => h.capped),
    nextCursor: null,
    nextOffset: plan.offset + hits.length < hitTotal || restSkipped ? plan.offset + plan.limit : null,
    iso,
  };
}

/** Runs a plan: the use case and the benchmark's raw-SQL baseline share this. */
export async function runSearchPlan(query: Query, plan: SearchPlan): Promise<SearchResult> {
  const found: Found =
    plan.mode === 'list' ? { ...(await listPage(query, plan.list!, plan.limit, plan.offset, 'list')), iso: null } : await textSearch(query, plan, plan.text!);
  const { ids, total, totalIsEstimate, nextCursor, nextOffset, iso } = found;
  if (!ids.length) return { items: [], total, totalIsEstimate, nextCursor, nextOffset, iso };
  const d = detailsStatement(
    ids.map((i) => i.id),
    plan.today,
  );
  const byId = new Map((await query<DetailRow>(d.text, d.params)).map((r) => [r.id, r]));
  const items: SearchItem[] = [];
  for (const { id, matchedBy } of ids) {
    const r = byId.get(id);
    if (!r) continue;
    items.push({
      id: r.id,
      articleNumber: r.article_number,
      name: r.name,
      articleType: r.article_type,
      isoCode: r.iso_code,
      isoEdition: r.iso_edition,
      supplierId: r.supplier_id,
      supplierName: r.supplier_name,
      chargingForm: r.charging_form,
      inAssortment: r.in_assortment,
      orderable: r.orderable,
      published: r.published,
      customerPrice: r.price,
      thumbnailUrl: r.thumb_id ? `/api/catalogue/media/${r.thumb_id}/thumbnail` : null,
      matchedBy,
    });
  }
  return { items, total, totalIsEstimate, nextCursor, nextOffset, iso };
}

/** GET /api/catalogue/articles/search */
export async function searchArticles(ctx: Ctx, input: SearchInput): Promise<SearchResult> {
  const vis = visibilityOf(ctx);
  if (!vis.centre && (input.published === false || input.includeRemoved)) {
    // The ordering side never sees unpublished or removed articles; asking for them is not an error, just empty.
    return { items: [], total: 0, totalIsEstimate: false, nextCursor: null, nextOffset: null, iso: null };
  }
  if (input.cursor && input.q?.trim()) {
    throw new AppError('VALIDATION', 'Fortsättningsmarkör (cursor) gäller bara listning utan sökord; använd offset', {
      issues: [{ path: 'querystring.cursor', code: 'offset_with_search', message: 'använd offset vid sökning' }],
    });
  }
  return runSearchPlan(ctx.database.query, planSearch(input, vis, ctx.now()));
}
