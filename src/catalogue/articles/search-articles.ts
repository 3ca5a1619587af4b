import { z } from 'zod';
import { stockholmDateTime } from '../../platform/calendar/stockholm-time.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { normalizeIsoCode } from '../iso/iso-code.ts';
import { chargingForms, isoEditions } from '../schema.ts';
import { ORDERING_SIDE_FILTER, visibilityOf, type Visibility } from './visibility.ts';

/*
 * Article search (issue 3, item 4). One use case, a few small SQL statements, all built by `planSearch` so that
 * the benchmark can time exactly the SQL the API runs:
 *   1. exact lookup: article number, supplier's article number or GTIN equal to the query (btree indexes);
 *   2. Swedish full-text with stemming on the generated `search` tsvector, the last word as a prefix while typing
 *      (GIN index), ranked: in-assortment main devices (type H) first, then ts_rank, then Swedish order;
 *   3. when 1 and 2 find nothing: typo correction, each unknown word replaced by the most similar word of the
 *      vocabulary of article names (article_word, trigram index) and step 2 run again with the corrected words;
 *      only if that finds nothing, pg_trgm word similarity on the name (GIN trigram);
 *   4. the page's details (supplier, today's general price, first image) for the chosen ids only.
 * Without a query it lists in Swedish order (sort_key, keyset cursor). User input never reaches SQL as text:
 * the tsquery is assembled from letter/digit tokens, everything else is a bound parameter.
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
  matchedBy: z.enum(['exact', 'text', 'similar', 'list']).describe('Hur artikeln hittades'),
});
export type SearchItem = z.infer<typeof searchItem>;

export const searchResult = z.object({
  items: z.array(searchItem),
  total: z.number().int().describe('Antal träffar; en undre gräns när totalIsEstimate är sant'),
  totalIsEstimate: z.boolean(),
  nextCursor: z.string().nullable().describe('Skicka som cursor för nästa sida (lista utan sökord)'),
  nextOffset: z.number().int().nullable().describe('Skicka som offset för nästa sida'),
});
export type SearchResult = z.infer<typeof searchResult>;

const MAX_TOKENS = 8;
const MIN_PREFIX = 3;
/** Matches ranked per query beyond the in-assortment main devices; see docs/search.md. */
export const RANK_CAP = 500;
const FALLBACK_CAP = 500;

export interface SqlStatement {
  text: string;
  params: unknown[];
}

export interface SearchPlan {
  mode: 'list' | 'text';
  /** Exact identifier lookup (text mode, first page only). */
  exact: SqlStatement | null;
  /** Ranked full-text ids (text mode) or the list page (list mode). */
  main: SqlStatement | null;
  /**
   * Typo correction, run when exact and main find nothing: `lookup` gives each word of the query its closest
   * vocabulary word (article_word), `build` the full-text statement for the corrected words.
   */
  correction: { lookup: SqlStatement; tokens: string[]; build: (words: string[]) => SqlStatement } | null;
  /** Trigram fallback on the name, run only when exact, main and the corrected words find nothing. */
  fallback: SqlStatement | null;
  /** The planner's row estimate for list mode (EXPLAIN), used when the page is full. */
  count: SqlStatement | null;
  limit: number;
  offset: number;
  today: string;
  /** The query is one word (no spaces): an exact identifier match then ends the search. */
  singleWord: boolean;
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

/** The WHERE conditions every statement shares: visibility and filters. */
function filterSql(input: SearchInput, vis: Visibility, p: Params): string[] {
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
    // iso_code is COLLATE "C": the subtree is a byte range that the btree index serves.
    conds.push(`a.iso_code >= ${p.add(code)} AND a.iso_code < ${p.add(`${code}~`)}`);
  }
  if (input.type) conds.push(`a.article_type = ${p.add(input.type.length === 1 ? input.type.toUpperCase() : input.type)}`);
  if (input.supplierId) conds.push(`a.supplier_id = ${p.add(input.supplierId)}`);
  if (input.inAssortment !== undefined) conds.push(`a.in_assortment = ${p.add(input.inAssortment)}`);
  if (input.orderable !== undefined) conds.push(`a.orderable = ${p.add(input.orderable)}`);
  return conds;
}

const and = (conds: string[]) => (conds.length ? conds.join(' AND ') : 'true');
const BOOST = `(a.in_assortment AND a.article_type = 'H')`;

/**
 * The ranked full-text statement for a query's words. Two parts, so that a common word does not make PostgreSQL
 * fetch and rank every match (each one a heap page: 27 500 matches for 'rullstol' cost ~400 ms): in-assortment
 * main devices first (a partial GIN index finds them without touching the others, see docs/search.md), then the
 * rest; each part ranks at most RANK_CAP + 1 matches. The rest is only searched when the boosted part does not
 * fill the page (offset + limit): otherwise its condition is false before it starts (a One-Time Filter in the
 * plan, the scan never runs) and the total is a lower bound. The total is exact up to the cap otherwise.
 */
function fullTextStatement(tokens: string[], input: SearchInput, vis: Visibility, offset: number, limit: number): SqlStatement {
  const p = new Params();
  const tsq = p.add(tsQueryText(tokens));
  const conds = filterSql(input, vis, p);
  const window = p.add(offset + limit);
  return {
    text: `WITH q AS (SELECT to_tsquery('swedish', ${tsq}) AS q),
           boosted_candidates AS (
             SELECT a.id, a.search, a.sort_key
               FROM article a, q
              WHERE a.search @@ q.q AND a.in_assortment AND a.article_type = 'H' AND ${and(conds)}
              LIMIT ${RANK_CAP + 1}),
           boosted AS (
             SELECT c.id, true AS boost, ts_rank(c.search, q.q) AS rank, c.sort_key, count(*) OVER () AS n
               FROM boosted_candidates c, q
              ORDER BY rank DESC, c.sort_key, c.id
              LIMIT ${window}),
           candidates AS (
             SELECT a.id, a.search, a.sort_key
               FROM article a, q
              WHERE (SELECT count(*) FROM boosted) < ${window}
                AND a.search @@ q.q AND NOT (a.in_assortment AND a.article_type = 'H') AND ${and(conds)}
              LIMIT ${RANK_CAP + 1}),
           rest AS (
             SELECT c.id, false AS boost, ts_rank(c.search, q.q) AS rank, c.sort_key, count(*) OVER () AS n
               FROM candidates c, q
              ORDER BY rank DESC, c.sort_key, c.id
              LIMIT ${window})
         SELECT id, boost, rank,
                coalesce((SELECT max(n) FROM boosted), 0) + coalesce((SELECT max(n) FROM rest), 0) AS total,
                (coalesce((SELECT max(n) FROM rest), 0) > ${RANK_CAP} OR coalesce((SELECT max(n) FROM boosted), 0) > ${RANK_CAP}) AS capped,
                (SELECT count(*) FROM boosted) >= ${window} AS rest_skipped
           FROM (SELECT * FROM boosted UNION ALL SELECT * FROM rest) hits
          ORDER BY boost DESC, rank DESC, sort_key, id
          LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
    params: p.values,
  };
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
          // Within an ISO subtree, walk each code's own rows in Swedish order (index (iso_code, sort_key), see
          // docs/search.md) and merge: a walk of the whole sort order would pass every other class first.
          text: `SELECT x.id, x.sort_key
                   FROM (SELECT code COLLATE "C" AS code FROM iso_code WHERE code COLLATE "C" >= ${p.add(code)}::text AND code COLLATE "C" < ${p.add(`${code}~`)}::text
                         UNION SELECT ${p.add(code)}::text COLLATE "C") codes
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
    return { mode: 'list', exact: null, main, correction: null, fallback: null, count, limit, offset, today, singleWord: false };
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
  let main: SqlStatement | null = null;
  let correction: SearchPlan['correction'] = null;
  let fallback: SqlStatement | null = null;
  if (tokens.length) {
    main = fullTextStatement(tokens, input, vis, offset, limit);
    // Words that can be misspelt: letters only, 3 or more (the vocabulary holds no shorter words, and digits are
    // sizes and model numbers, not words to correct).
    const correctable = tokens.filter((t) => /^\p{L}{3,}$/u.test(t));
    if (correctable.length) {
      correction = {
        tokens,
        // Per word: itself if the vocabulary has it (the last word also as the start of one, as typed so far),
        // otherwise the most similar word (pg_trgm similarity ≥ 0.3, the trigram GIN index), otherwise null.
        lookup: {
          text: `SELECT t.tok, coalesce(
                    (SELECT w.word FROM article_word w WHERE w.word = t.tok),
                    CASE WHEN t.last THEN (SELECT t.tok FROM article_word w WHERE w.word LIKE t.tok || '%' LIMIT 1) END,
                    (SELECT w.word FROM article_word w WHERE w.word % t.tok ORDER BY similarity(w.word, t.tok) DESC, w.word LIMIT 1)) AS word
                   FROM (SELECT u.tok, u.i = $2 AS last FROM unnest($1::text[]) WITH ORDINALITY AS u(tok, i)) t`,
          params: [correctable, /^\p{L}{3,}$/u.test(tokens[tokens.length - 1]!) ? correctable.length : 0],
        },
        // Vocabulary words are letters only; tokenised again all the same, since they become tsquery text.
        build: (words) => fullTextStatement(queryTokens(words.join(' ')), input, vis, offset, limit),
      };
    }
    const f = new Params();
    const words = f.add(tokens.join(' '));
    const fconds = filterSql(input, vis, f);
    fallback = {
      text: `SELECT c.id, c.boost, word_similarity(${words}, c.name) AS rank, count(*) OVER () AS total, count(*) OVER () > ${FALLBACK_CAP} AS capped
               FROM (SELECT a.id, a.name, a.sort_key, ${BOOST} AS boost
                       FROM article a
                      WHERE ${words} <% a.name AND ${and(fconds)}
                      LIMIT ${FALLBACK_CAP + 1}) c
              ORDER BY c.boost DESC, rank DESC, c.sort_key, c.id
              LIMIT ${f.add(limit)} OFFSET ${f.add(offset)}`,
      params: f.values,
    };
  }
  return { mode: 'text', exact, main, correction, fallback, count: null, limit, offset, today, singleWord: !/\s/.test(q) };
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

/** Runs a plan: the use case and the benchmark's raw-SQL baseline share this. */
export async function runSearchPlan(query: Query, plan: SearchPlan): Promise<SearchResult> {
  let ids: { id: string; matchedBy: SearchItem['matchedBy'] }[];
  let total: number;
  let totalIsEstimate = false;
  let nextCursor: string | null = null;
  let nextOffset: number | null = null;

  if (plan.mode === 'list') {
    const rows = await query<{ id: string; sort_key: string }>(plan.main!.text, plan.main!.params);
    const page = rows.slice(0, plan.limit);
    ids = page.map((r) => ({ id: r.id, matchedBy: 'list' }));
    if (rows.length > plan.limit) {
      const last = page[page.length - 1]!;
      nextCursor = encodeCursor(last.sort_key, last.id);
      nextOffset = plan.offset + plan.limit;
    }
    if (rows.length <= plan.limit) {
      total = plan.offset + page.length;
    } else {
      const [c] = await query<{ 'QUERY PLAN': unknown }>(plan.count!.text, plan.count!.params);
      const raw = c?.['QUERY PLAN'];
      const json = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[] | undefined;
      total = Math.max(Math.round(json?.[0]?.Plan?.['Plan Rows'] ?? 0), plan.offset + plan.limit + 1);
      totalIsEstimate = true;
    }
  } else {
    const exact = plan.exact ? await query<{ id: string }>(plan.exact.text, plan.exact.params) : [];
    const seen = new Set(exact.map((r) => r.id));
    ids = exact.map((r) => ({ id: r.id, matchedBy: 'exact' as const }));
    let hits: Hit[] = [];
    let matchedBy: SearchItem['matchedBy'] = 'text';
    // A query that is exactly an identifier (one word) is answered by the exact lookup alone.
    if (plan.main && !(exact.length && plan.singleWord)) hits = await query<Hit>(plan.main.text, plan.main.params);
    if (!hits.length && !exact.length && plan.correction) {
      // Nothing found: correct each unknown word to the closest word of the vocabulary and search again.
      const c = plan.correction;
      const found = new Map((await query<{ tok: string; word: string | null }>(c.lookup.text, c.lookup.params)).map((r) => [r.tok, r.word]));
      const words = c.tokens.map((t) => (found.has(t) ? found.get(t) : t));
      if (words.every((w): w is string => !!w) && words.some((w, i) => w !== c.tokens[i])) {
        const corrected = c.build(words);
        hits = await query<Hit>(corrected.text, corrected.params);
        matchedBy = 'similar';
      }
    }
    // The vocabulary gave nothing: similar names (first page only: past the end of a result this finds nothing new).
    if (!hits.length && !exact.length && plan.fallback && plan.offset === 0) {
      hits = await query<Hit>(plan.fallback.text, plan.fallback.params);
      matchedBy = 'similar';
    }
    // The full-text statement skips the rest when the in-assortment main devices fill the page: more may follow.
    const restSkipped = hits.some((h) => h.rest_skipped);
    totalIsEstimate = restSkipped || hits.some((h) => h.capped);
    const hitTotal = hits.length ? Number(hits[0]!.total) : 0;
    for (const h of hits) if (!seen.has(h.id)) ids.push({ id: h.id, matchedBy });
    total = Math.max(hitTotal, plan.offset + hits.length) + exact.filter((e) => !hits.some((h) => h.id === e.id)).length;
    if (plan.offset + hits.length < hitTotal || restSkipped) nextOffset = plan.offset + plan.limit;
  }

  if (!ids.length) return { items: [], total, totalIsEstimate, nextCursor, nextOffset };
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
  return { items, total, totalIsEstimate, nextCursor, nextOffset };
}

/** GET /api/catalogue/articles/search */
export async function searchArticles(ctx: Ctx, input: SearchInput): Promise<SearchResult> {
  const vis = visibilityOf(ctx);
  if (!vis.centre && (input.published === false || input.includeRemoved)) {
    // The ordering side never sees unpublished or removed articles; asking for them is not an error, just empty.
    return { items: [], total: 0, totalIsEstimate: false, nextCursor: null, nextOffset: null };
  }
  if (input.cursor && input.q?.trim()) {
    throw new AppError('VALIDATION', 'Fortsättningsmarkör (cursor) gäller bara listning utan sökord; använd offset', {
      issues: [{ path: 'querystring.cursor', code: 'offset_with_search', message: 'använd offset vid sökning' }],
    });
  }
  return runSearchPlan(ctx.database.query, planSearch(input, vis, ctx.now()));
}
