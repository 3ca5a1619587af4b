import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { ImportConnection, ImportTx } from './connection.ts';
import { FETCH_MEDIA_JOB } from '../media/import-media-from-url.ts';
import { MIN_WORD, wordsOfName } from '../articles/article-words.ts';
import { articleFields } from './mapping.ts';
import type { FileHeader } from './read-xml.ts';
import { limitPgliteMemory, type StageNames } from './staging.ts';
import { buildDiff, diffTable, removedCondition, summaryFromDiff, type ChangeSummary } from './validate.ts';

/** Serialises publishes across app servers (and against a CLI import on the same database). */
const PUBLISH_LOCK = 0x42_49_53_54; // 'BIST'

export interface PublishOptions {
  batchId: string;
  /** Articles written per statement: keeps PGlite's memory in bounds and gives the fault seam its steps. */
  chunkRows?: number;
  /** Test seam: throw after this many article rows have been written inside the transaction. */
  faultAfterRows?: number;
  /** What the fault is: an exception (default), or the process killed outright (SIGKILL), as a crash. */
  faultKind?: 'throw' | 'kill';
  /** Updates import_batch inside the same transaction, so the batch says 'published' only if it is. */
  finishBatch: (tx: ImportTx, summary: ChangeSummary, timings: Record<string, number>) => Promise<void>;
  listLimit: number;
}

/** A load that more than doubles the register (the first national import) rebuilds the indexes afterwards. */
const BULK_MIN_NEW = 50_000;

/** Foreign keys defined on the tables an import fills, as their definitions (checked again in one pass when re-added). */
async function foreignKeys(q: ImportTx['query']) {
  return q<{ table: string; name: string; def: string }>(
    `SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
     WHERE c.contype = 'f' AND ns.nspname = current_schema() AND t.relname IN ('article', 'price', 'article_fit')`,
  );
}

/** Secondary (non-unique) indexes of the tables an import fills, as their CREATE statements. */
async function secondaryIndexes(q: ImportTx['query']) {
  return q<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(x.indexrelid) AS def
     FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace ns ON ns.oid = t.relnamespace
     WHERE ns.nspname = current_schema() AND t.relname IN ('article', 'price', 'article_fit')
       AND NOT x.indisunique AND NOT x.indisprimary`,
  );
}

export class InjectedFault extends Error {
  override name = 'InjectedFault';
}

/** Columns of `article` that an import sets, as SQL expressions over the staging row `s` (and `a`, the row being updated). */
const articleColumns = articleFields.filter((f) => f.col !== 'supplier_gln');

/**
 * Publishes a validated, staged file in ONE transaction: ISO codes, suppliers, agreements and products are
 * upserted (rows that would not change are not touched); new articles are inserted, changed ones updated
 * with a new version, unchanged ones left alone; a full national file marks the national articles it no
 * longer has as removed (never deleted: orders refer to them). Prices and fits follow their articles;
 * new media links become fetch jobs for the media module. Anything that fails rolls everything back.
 */
export async function publishStaged(ctx: Ctx, conn: ImportConnection, n: StageNames, header: FileHeader, opts: PublishOptions) {
  const chunk = opts.chunkRows ?? 50_000;
  const source = header.source;
  const edition = header.edition;
  const diff = diffTable(n);
  const timings: Record<string, number> = {};
  return conn.transaction(async (tx) => {
    // Each statement's time is kept (summed per step name) for the report: where a slow publish spends it.
    let step = 'prepare';
    const q: ImportTx['query'] = async (text, params) => {
      const t = performance.now();
      try {
        return await tx.query(text, params);
      } finally {
        timings[step] = (timings[step] ?? 0) + Math.round(performance.now() - t);
      }
    };
    const at = (name: string) => {
      step = name;
    };
    await q(`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK})`);
    // PGlite: small sorts, hashes and index builds (see limitPgliteMemory); a server has memory to spare.
    if (conn.kind === 'pglite') await limitPgliteMemory(conn, q);
    else await q(`SET LOCAL work_mem = '64MB'`);

    at('suppliersProductsIso');
    // ISO codes: the file fills gaps in the tree; titles of codes Bistå already has are kept (the ISO module owns them).
    await q(
      `INSERT INTO iso_code (edition, code, level, parent_code, title_sv, title_en, sort_key)
       SELECT $1, s.code, (length(s.code) + 1) / 3, CASE WHEN length(s.code) > 2 THEN left(s.code, length(s.code) - 3) END, s.title_sv, s.title_en, s.code
       FROM ${n.iso} s
       ON CONFLICT (edition, code) DO NOTHING`,
      [edition],
    );
    await q(
      `INSERT INTO supplier (gln, name, sort_key, organisation_number)
       SELECT s.gln, s.name, s.sort_key, s.organisation_number FROM ${n.supplier} s WHERE s.name IS NOT NULL
       ON CONFLICT (gln) DO UPDATE SET name = EXCLUDED.name, sort_key = EXCLUDED.sort_key,
         organisation_number = coalesce(EXCLUDED.organisation_number, supplier.organisation_number), updated_at = now()
       WHERE (supplier.name, supplier.organisation_number) IS DISTINCT FROM (EXCLUDED.name, coalesce(EXCLUDED.organisation_number, supplier.organisation_number))`,
    );
    await q(
      `INSERT INTO agreement (agreement_number, supplier_id, name, valid_from, valid_to)
       SELECT s.agreement_number, sup.id, coalesce(s.name, s.agreement_number), s.valid_from, s.valid_to
       FROM ${n.agreement} s JOIN supplier sup ON sup.gln = s.supplier_gln
       ON CONFLICT (agreement_number) DO UPDATE SET supplier_id = EXCLUDED.supplier_id, name = EXCLUDED.name, valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to
       WHERE (agreement.supplier_id, agreement.name, agreement.valid_from, agreement.valid_to) IS DISTINCT FROM (EXCLUDED.supplier_id, EXCLUDED.name, EXCLUDED.valid_from, EXCLUDED.valid_to)`,
    );
    await q(
      `INSERT INTO product (product_number, name, description, iso_code, iso_edition, supplier_id)
       SELECT s.product_number, s.name, s.description, s.iso_code, CASE WHEN s.iso_code IS NOT NULL THEN $1 END, sup.id
       FROM ${n.product} s LEFT JOIN supplier sup ON sup.gln = s.supplier_gln
       ON CONFLICT (product_number) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, iso_code = EXCLUDED.iso_code,
         iso_edition = EXCLUDED.iso_edition, supplier_id = EXCLUDED.supplier_id, updated_at = now()
       WHERE (product.name, product.description, product.iso_code, product.iso_edition, product.supplier_id)
             IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.iso_code, EXCLUDED.iso_edition, EXCLUDED.supplier_id)`,
      [edition],
    );

    // What happens to each article of the file, decided once under the lock.
    at('diff');
    await buildDiff(q, n, true);
    const summary = await summaryFromDiff(q, n, header, opts.listLimit);
    const total = summary.new + summary.changed + summary.unchanged;

    // A bulk load (typically the first national file into an empty register): secondary indexes and foreign
    // keys are dropped and built again after the rows are in, which is several times faster than maintaining
    // them row by row (the recipe of pg_restore). Only inside this transaction: readers see the old ones until
    // commit (and wait for the lock meanwhile, which for a register that more than doubles is acceptable).
    const [{ existing }] = (await q<{ existing: string }>(`SELECT count(*) AS existing FROM article`)) as [{ existing: string }];
    const bulk = summary.new >= BULK_MIN_NEW && summary.new > Number(existing);
    const rebuild: string[] = [];
    at('dropIndexes');
    if (bulk) {
      if (conn.kind === 'postgres') await q(`SET LOCAL maintenance_work_mem = '512MB'`);
      for (const ix of await secondaryIndexes(q)) {
        rebuild.push(ix.def);
        await q(`DROP INDEX ${JSON.stringify(ix.name)}`);
      }
      // Foreign keys too: re-adding one checks every row in one join instead of one lookup (and row lock) per row.
      for (const fk of await foreignKeys(q)) {
        await q(`ALTER TABLE ${JSON.stringify(fk.table)} DROP CONSTRAINT ${JSON.stringify(fk.name)}`);
        rebuild.push(`ALTER TABLE ${JSON.stringify(fk.table)} ADD CONSTRAINT ${JSON.stringify(fk.name)} ${fk.def}`);
      }
    } else {
      // Incremental: let GIN collect more in its pending list before merging.
      await q(`SET LOCAL gin_pending_list_limit = '16MB'`);
    }

    const cols = articleColumns.map((f) => f.col);
    const insertExprs = articleColumns.map((f) => (f.insertDefault ? `coalesce(s.${f.col}, ${f.insertDefault})` : `s.${f.col}`));
    const updateSets = articleColumns.map((f) => `${f.col} = ${f.keepWhenAbsent ? `coalesce(s.${f.col}, a.${f.col})` : `s.${f.col}`}`);
    let written = 0;
    at('articles');
    for (let lo = 1; lo <= total && summary.new + summary.changed > 0; lo += chunk) {
      const hi = lo + chunk - 1;
      const [inserted] = await q<{ n: string }>(
        `WITH w AS (
           INSERT INTO article (${cols.join(', ')}, product_id, supplier_id, iso_edition, source, import_hash, sort_key)
           SELECT ${insertExprs.join(', ')}, p.id, sup.id, CASE WHEN s.iso_code IS NOT NULL THEN $1 END, $2, s.import_hash, s.sort_key
           FROM ${diff} d JOIN ${n.article} s ON s.article_number = d.article_number
           LEFT JOIN product p ON p.product_number = s.product_number LEFT JOIN supplier sup ON sup.gln = s.supplier_gln
           WHERE d.rn BETWEEN ${lo} AND ${hi} AND d.status = 'new'
           RETURNING 1)
         SELECT count(*) AS n FROM w`,
        [edition, source],
      );
      const [updated] = await q<{ n: string }>(
        `WITH w AS (
           UPDATE article a SET ${updateSets.join(', ')}, product_id = p.id, supplier_id = sup.id,
             iso_edition = CASE WHEN s.iso_code IS NOT NULL THEN $1 END, source = $2, import_hash = s.import_hash, sort_key = s.sort_key,
             version = a.version + 1, updated_at = now(), removed_at = NULL
           FROM ${diff} d JOIN ${n.article} s ON s.article_number = d.article_number
           LEFT JOIN product p ON p.product_number = s.product_number LEFT JOIN supplier sup ON sup.gln = s.supplier_gln
           WHERE a.id = d.article_id AND d.rn BETWEEN ${lo} AND ${hi} AND d.status = 'changed'
           RETURNING 1)
         SELECT count(*) AS n FROM w`,
        [edition, source],
      );
      written += Number(inserted!.n) + Number(updated!.n);
      if (opts.faultAfterRows !== undefined && written >= opts.faultAfterRows) {
        if (opts.faultKind === 'kill') process.kill(process.pid, 'SIGKILL');
        throw new InjectedFault(`injected fault after ${written} article rows`);
      }
    }
    await q(`UPDATE ${diff} d SET article_id = a.id FROM article a WHERE d.status = 'new' AND a.article_number = d.article_number`);

    at('vocabulary');
    // Search's vocabulary for typo correction (docs/search.md): the words of new and renamed articles' names.
    if (summary.new + summary.changed > 0) {
      await q(
        `INSERT INTO article_word (word)
         SELECT DISTINCT w FROM ${diff} d JOIN ${n.article} s ON s.article_number = d.article_number, ${wordsOfName('s.name')}
         WHERE d.status IN ('new', 'changed') AND length(w) >= ${MIN_WORD}
         ON CONFLICT DO NOTHING`,
      );
    }

    at('removed');
    if (summary.removed > 0) {
      await q(
        `UPDATE article a SET removed_at = now(), published = false, orderable = false, version = a.version + 1, updated_at = now()
         WHERE ${removedCondition(n)}`,
      );
    }

    at('prices');
    // Prices: the kinds of price the file gives for an article replace that article's prices of those kinds.
    await q(
      `DELETE FROM price p USING ${diff} d
       WHERE d.status = 'changed' AND p.article_id = d.article_id
         AND p.kind IN (SELECT sp.kind FROM ${n.price} sp WHERE sp.article_number = d.article_number)`,
    );
    await q(
      `INSERT INTO price (article_id, kind, agreement_id, amount, valid_from, valid_to)
       SELECT d.article_id, sp.kind, ag.id, sp.amount, sp.valid_from, sp.valid_to
       FROM ${n.price} sp JOIN ${diff} d ON d.article_number = sp.article_number AND d.status IN ('new', 'changed')
       LEFT JOIN agreement ag ON ag.agreement_number = sp.agreement_number`,
    );
    at('fits');
    // Fits: the file says everything an accessory or spare part in it fits.
    await q(`DELETE FROM article_fit f USING ${diff} d WHERE d.status = 'changed' AND f.part_id = d.article_id`);
    await q(
      `INSERT INTO article_fit (part_id, main_id)
       SELECT DISTINCT d.article_id, m.id
       FROM ${n.fit} f JOIN ${diff} d ON d.article_number = f.part_number AND d.status IN ('new', 'changed')
       JOIN article m ON m.article_number = f.main_number
       ON CONFLICT DO NOTHING`,
    );
    at('media');
    // Media links: the media module fetches, sniffs and stores them (job catalogue.fetch-media, outbox style:
    // the jobs commit with the publish and run after it). Links an article already has are not fetched again;
    // links that disappear from the file are left to the assortment staff (the media may have been curated).
    await q(
      `INSERT INTO job (kind, payload, dedupe_key)
       SELECT '${FETCH_MEDIA_JOB}', jsonb_build_object('articleId', d.article_id, 'kind', sm.kind, 'title', sm.title, 'url', sm.url),
              '${FETCH_MEDIA_JOB}:' || d.article_id || ':' || sm.kind || ':' || md5(sm.url)
       FROM ${n.media} sm JOIN ${diff} d ON d.article_number = sm.article_number AND d.status IN ('new', 'changed')
       WHERE d.status = 'new' OR NOT EXISTS (SELECT 1 FROM media m WHERE m.article_id = d.article_id AND m.kind = sm.kind AND m.source_url = sm.url)
       ORDER BY d.rn, sm.position
       ON CONFLICT (dedupe_key) DO NOTHING`,
    );

    at('buildIndexes');
    for (const def of rebuild) await q(def);
    if (!bulk && summary.new + summary.changed > 0) {
      // The rows went into the GIN indexes' pending lists (see gin_pending_list_limit above), which every search
      // then scans in full until autovacuum merges them: merge them now, once, as part of the publish.
      await q(
        `SELECT gin_clean_pending_list(x.indexrelid) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am am ON am.oid = c.relam
         WHERE x.indrelid = 'article'::regclass AND am.amname = 'gin'`,
      );
    }
    at('finish');

    await audit(tx.db, ctx, {
      action: 'catalogue.import.publish',
      entityType: 'import_batch',
      entityId: opts.batchId,
      details: { new: summary.new, changed: summary.changed, removed: summary.removed, unchanged: summary.unchanged, source, edition, bulk },
    });
    await opts.finishBatch(tx, summary, timings);
    return summary;
  });
}
