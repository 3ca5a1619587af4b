import type { ImportConnection } from './connection.ts';
import type { ImportIssue } from './issues.ts';
import type { FileHeader } from './read-xml.ts';
import type { StageNames } from './staging.ts';

/**
 * Cross-row checks in SQL over the staged file and the published catalogue: duplicates, references
 * (ISO codes, suppliers, agreements, the main articles that accessories fit) and overlapping prices.
 * Each check returns its first `limit` issues in line order and how many there are in all.
 */
export interface CheckResult {
  issues: ImportIssue[];
  count: number;
}

interface Row {
  sheet: string | null;
  line: number;
  field: string | null;
  message: string;
  total: string | number;
}

export async function validateStaged(conn: ImportConnection, n: StageNames, header: FileHeader, limit: number): Promise<CheckResult> {
  const ed = header.edition;
  const fullNational = header.source === 'national' && header.scope === 'full';
  const checks: { sql: string; params?: unknown[] }[] = [];
  const dup = (table: string, col: string, field: string, what: string) =>
    checks.push({
      sql: `WITH d AS (SELECT ${col} AS k, min(line) AS first FROM ${table} WHERE ${col} IS NOT NULL GROUP BY 1 HAVING count(*) > 1)
            SELECT NULL AS sheet, s.line, '${field}' AS field, '${what} ' || s.${col} || ' förekommer redan på rad ' || d.first AS message
            FROM ${table} s JOIN d ON d.k = s.${col} WHERE s.line <> d.first`,
    });
  dup(n.article, 'article_number', 'number', 'artikelnumret');
  dup(n.product, 'product_number', 'number', 'produktnumret');
  dup(n.agreement, 'agreement_number', 'number', 'avtalsnumret');
  dup(n.supplier, 'gln', 'gln', 'leverantören med GLN');
  dup(n.iso, 'code', 'code', 'ISO-koden');

  const isoKnown = (expr: string) =>
    `(EXISTS (SELECT 1 FROM iso_code c WHERE c.edition = $1 AND c.code = ${expr}) OR EXISTS (SELECT 1 FROM ${n.iso} i WHERE i.code = ${expr}))`;
  const isoMessage = (expr: string) => `'ISO-koden ' || ${expr} || ' finns inte i ISO 9999:' || $1`;
  // Products, then the articles that set a code of their own (an inherited code is reported once, on the product).
  checks.push({
    sql: `SELECT NULL AS sheet, s.line, 'iso' AS field, ${isoMessage('s.iso_code')} AS message
          FROM ${n.product} s WHERE s.iso_code IS NOT NULL AND NOT ${isoKnown('s.iso_code')}`,
    params: [ed],
  });
  checks.push({
    sql: `SELECT NULL AS sheet, s.line, 'iso' AS field, ${isoMessage('s.iso_code')} AS message
          FROM ${n.article} s LEFT JOIN ${n.product} p ON p.product_number = s.product_number
          WHERE s.iso_code IS NOT NULL AND s.iso_code IS DISTINCT FROM p.iso_code AND NOT ${isoKnown('s.iso_code')}`,
    params: [ed],
  });
  // A code defined in the file hangs under a parent that exists.
  checks.push({
    sql: `SELECT NULL AS sheet, s.line, 'code' AS field, 'ISO-koden ' || s.code || ' saknar sin överordnade kod ' || left(s.code, length(s.code) - 3) AS message
          FROM ${n.iso} s WHERE length(s.code) > 2 AND NOT ${isoKnown('left(s.code, length(s.code) - 3)')}`,
    params: [ed],
  });

  const supplierKnown = (expr: string) =>
    `(EXISTS (SELECT 1 FROM supplier x WHERE x.gln = ${expr}) OR EXISTS (SELECT 1 FROM ${n.supplier} y WHERE y.gln = ${expr}))`;
  const supplierMessage = (expr: string) => `'leverantören med GLN ' || ${expr} || ' finns varken i filen eller i Bistå'`;
  checks.push({
    sql: `SELECT NULL AS sheet, s.line, 'supplierGln' AS field, ${supplierMessage('s.supplier_gln')} AS message
          FROM ${n.agreement} s WHERE s.supplier_gln IS NOT NULL AND NOT ${supplierKnown('s.supplier_gln')}`,
  });
  checks.push({
    sql: `SELECT NULL AS sheet, s.line, 'supplierGln' AS field, ${supplierMessage('s.supplier_gln')} AS message
          FROM ${n.product} s WHERE s.supplier_gln IS NOT NULL AND NOT ${supplierKnown('s.supplier_gln')}`,
  });
  checks.push({
    sql: `SELECT NULL AS sheet, s.line, 'supplierGln' AS field, ${supplierMessage('s.supplier_gln')} AS message
          FROM ${n.article} s LEFT JOIN ${n.product} p ON p.product_number = s.product_number
          WHERE s.supplier_gln IS NOT NULL AND s.supplier_gln IS DISTINCT FROM p.supplier_gln AND NOT ${supplierKnown('s.supplier_gln')}`,
  });

  // Prices: the agreement exists, the article is in the file, and periods of one price do not overlap.
  checks.push({
    sql: `SELECT s.sheet, s.line, 'agreement' AS field, 'avtalet ' || s.agreement_number || ' finns varken i filen eller i Bistå' AS message
          FROM ${n.price} s WHERE s.agreement_number IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM agreement x WHERE x.agreement_number = s.agreement_number)
            AND NOT EXISTS (SELECT 1 FROM ${n.agreement} y WHERE y.agreement_number = s.agreement_number)`,
  });
  checks.push({
    sql: `SELECT s.sheet, s.line, 'number' AS field, 'artikeln ' || s.article_number || ' finns inte bland artiklarna i filen' AS message
          FROM ${n.price} s WHERE s.article_number IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM ${n.article} a WHERE a.article_number = s.article_number)`,
  });
  // Versions of one price (same article, kind and agreement): a later version ends an open-ended earlier one,
  // but an explicit end date after the next start, or two versions starting the same day, contradict each other.
  checks.push({
    sql: `SELECT b.sheet, b.line, 'validFrom' AS field,
                 CASE WHEN a.valid_from = b.valid_from THEN 'två versioner av samma pris börjar ' || b.valid_from
                      ELSE 'prisperioden från ' || b.valid_from || ' börjar innan priset som gäller till ' || a.valid_to || ' har upphört' END
                 || ' (se ' || CASE WHEN a.sheet IS DISTINCT FROM b.sheet AND a.sheet IS NOT NULL THEN 'bladet ' || a.sheet || ', ' ELSE '' END || 'rad ' || a.line || ')' AS message
          FROM ${n.price} a JOIN ${n.price} b
            ON a.article_number = b.article_number AND a.kind = b.kind
           AND a.agreement_number IS NOT DISTINCT FROM b.agreement_number
           AND ((a.valid_from < b.valid_from AND a.valid_to >= b.valid_from)
             OR (a.valid_from = b.valid_from AND (coalesce(a.sheet, ''), a.line) < (coalesce(b.sheet, ''), b.line)))`,
  });

  // Accessories and spare parts fit an article in the file, or one in Bistå that this import keeps.
  checks.push({
    sql: `SELECT NULL AS sheet, f.line, 'main' AS field, 'artikeln ' || f.main_number || ' som tillbehöret/reservdelen ska passa till finns varken i filen eller i Bistå' AS message
          FROM ${n.fit} f
          WHERE NOT EXISTS (SELECT 1 FROM ${n.article} s WHERE s.article_number = f.main_number)
            AND NOT EXISTS (SELECT 1 FROM article a WHERE a.article_number = f.main_number AND a.removed_at IS NULL
                            AND NOT ($1::boolean AND a.source = 'national'))`,
    params: [fullNational],
  });

  // The national file may not take over an article that was entered in Bistå itself, nor a supplier file a national one.
  if (header.source === 'national') {
    checks.push({
      sql: `SELECT NULL AS sheet, s.line, 'number' AS field,
                   'artikelnumret ' || s.article_number || ' används redan av en ' || CASE a.source WHEN 'local' THEN 'lokal artikel' ELSE 'artikel från en leverantörsfil' END || ' i Bistå' AS message
            FROM ${n.article} s JOIN article a ON a.article_number = s.article_number WHERE a.source <> 'national'`,
    });
  } else {
    checks.push({
      sql: `SELECT NULL AS sheet, s.line, 'number' AS field, 'artikelnumret ' || s.article_number || ' tillhör en artikel från den nationella databasen' AS message
            FROM ${n.article} s JOIN article a ON a.article_number = s.article_number WHERE a.source = 'national'`,
    });
  }

  const issues: ImportIssue[] = [];
  let count = 0;
  for (const c of checks) {
    const rows = await conn.query<Row>(
      `SELECT q.sheet, q.line, q.field, q.message, count(*) OVER () AS total FROM (${c.sql}) q ORDER BY q.sheet NULLS FIRST, q.line LIMIT ${limit}`,
      c.params,
    );
    if (rows.length === 0) continue;
    count += Number(rows[0]!.total);
    for (const r of rows) issues.push({ line: r.line, ...(r.sheet ? { sheet: r.sheet } : {}), field: r.field ?? undefined, message: r.message });
  }
  return { issues, count };
}

export interface ChangeSummary {
  new: number;
  changed: number;
  unchanged: number;
  removed: number;
  newArticles: string[];
  changedArticles: string[];
  removedArticles: string[];
  /** The lists above hold at most this many numbers each (in article-number order). */
  listLimit: number;
}

/** The diff table of a staging set: one row per article of the file with what publishing does to it. */
export const diffTable = (n: StageNames) => `${n.article}_diff`;

/**
 * Decides, per article of the file, whether it is new, changed (other fingerprint, or removed before and
 * back now) or unchanged. Inside the publish transaction the table goes at commit.
 */
export async function buildDiff(q: ImportConnection['query'], n: StageNames, inTransaction: boolean) {
  const diff = diffTable(n);
  if (!inTransaction) await q(`DROP TABLE IF EXISTS ${diff}`);
  await q(
    `CREATE TEMP TABLE ${diff} ${inTransaction ? 'ON COMMIT DROP' : ''} AS
     SELECT row_number() OVER (ORDER BY s.line) AS rn, s.article_number, a.id AS article_id,
            CASE WHEN a.id IS NULL THEN 'new'
                 WHEN a.import_hash IS DISTINCT FROM s.import_hash OR a.removed_at IS NOT NULL THEN 'changed'
                 ELSE 'unchanged' END AS status
     FROM ${n.article} s LEFT JOIN article a ON a.article_number = s.article_number
     -- a row whose number could not be read is an error in the report, not an article publishing would add
     WHERE s.article_number IS NOT NULL`,
  );
  await q(`CREATE INDEX ON ${diff} (rn)`);
  await q(`CREATE INDEX ON ${diff} (article_number)`);
  await q(`ANALYZE ${diff}`);
}

/** What publishing does (or did) to the articles: new, changed, unchanged and removed, from the diff table. */
export async function summaryFromDiff(q: ImportConnection['query'], n: StageNames, header: FileHeader, listLimit: number): Promise<ChangeSummary> {
  const diff = diffTable(n);
  const [c] = await q<{ new: string; changed: string; unchanged: string }>(
    `SELECT count(*) FILTER (WHERE status = 'new') AS new, count(*) FILTER (WHERE status = 'changed') AS changed,
            count(*) FILTER (WHERE status = 'unchanged') AS unchanged FROM ${diff}`,
  );
  const list = async (status: string) =>
    (await q<{ n: string }>(`SELECT article_number AS n FROM ${diff} WHERE status = $1 ORDER BY 1 LIMIT ${listLimit}`, [status])).map((r) => r.n);
  const removed = await removedArticles(q, n, header, listLimit);
  return {
    new: Number(c!.new),
    changed: Number(c!.changed),
    unchanged: Number(c!.unchanged),
    removed: removed.count,
    newArticles: Number(c!.new) ? await list('new') : [],
    changedArticles: Number(c!.changed) ? await list('changed') : [],
    removedArticles: removed.numbers,
    listLimit,
  };
}

/** For a file that is only validated: the summary of what publishing it now would do. */
export async function changeSummary(q: ImportConnection['query'], n: StageNames, header: FileHeader, listLimit: number): Promise<ChangeSummary> {
  await buildDiff(q, n, false);
  try {
    return await summaryFromDiff(q, n, header, listLimit);
  } finally {
    await q(`DROP TABLE IF EXISTS ${diffTable(n)}`);
  }
}

export interface ChangeSummary {
  new: number;
  changed: number;
  unchanged: number;
  removed: number;
  newArticles: string[];
  changedArticles: string[];
  removedArticles: string[];
  /** The lists above hold at most this many numbers each (in article-number order). */
  listLimit: number;
}

/** SQL condition for the national articles a full national file removes (`a` is article). */
export const removedCondition = (n: StageNames) =>
  `a.source = 'national' AND a.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM ${n.article} s WHERE s.article_number = a.article_number)`;

async function removedArticles(q: ImportConnection['query'], n: StageNames, header: FileHeader, listLimit: number) {
  if (header.source !== 'national' || header.scope !== 'full') return { count: 0, numbers: [] };
  const rows = await q<{ n: string; total: string }>(
    `SELECT a.article_number AS n, count(*) OVER () AS total FROM article a WHERE ${removedCondition(n)} ORDER BY 1 LIMIT ${listLimit}`,
  );
  if (rows.length === 0) return { count: 0, numbers: [] };
  return { count: Number(rows[0]!.total), numbers: rows.map((r) => r.n) };
}
