import crypto from 'node:crypto';
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { hasRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { importBatch } from '../schema.ts';
import { withImportConnection } from './connection.ts';
import { FatalFileError, IssueList, renderIssue, type ImportIssue, type RenderedIssue } from './issues.ts';
import { formatBytes, importLimits } from './limits.ts';
import { publishStaged } from './publish.ts';
import { excelIssue, foldSheetPricesIntoHash, readCatalogueXlsx } from './read-xlsx.ts';
import { readChunks } from './read-chunks.ts';
import { readXmlInWorker } from './read-in-worker.ts';
import { readCatalogueXml, type FileHeader, type ReaderSink } from './read-xml.ts';
import { withImportSlot } from './import-slot.ts';
import { ImportProgressTracker, type ImportProgress } from './import-progress.ts';
import { checkWorkbookZip } from './zip-guard.ts';
import {
  createStageTables,
  dropStageTables,
  indexStageTables,
  limitPgliteMemory,
  PGLITE_BATCH_ROWS,
  stageNames,
  StageWriter,
  type StageMethod,
} from './staging.ts';
import { changeSummary, validateStaged, type ChangeSummary } from './validate.ts';
import { IMPORTERS } from '../articles/visibility.ts';

export type ImportFormat = 'xml' | 'xlsx';
export type BatchStatus = 'queued' | 'staging' | 'validated' | 'invalid' | 'published' | 'failed';

export interface ImportReport {
  format: ImportFormat;
  fileName: string;
  bytes: number;
  sha256: string;
  header: FileHeader | null;
  counts: Record<string, number>;
  errorCount: number;
  /** The first issues in line order (at most importLimits.reportedIssues). */
  errors: RenderedIssue[];
  changes: ChangeSummary | null;
  /** Set when publishing failed: the published catalogue is unchanged. */
  failure?: string;
  published: boolean;
  timingsMs: Record<string, number>;
}

export interface ImportBatchView {
  id: string;
  fileName: string;
  format: ImportFormat;
  status: BatchStatus;
  rows: number;
  errorCount: number;
  report: ImportReport | null;
  progress: ImportProgress | null;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ImportOptions {
  publish: boolean;
  /** Name shown in the batch list (the uploaded file's name); default: the file's base name. */
  fileName?: string;
  /** Use this existing batch (an upload, or a validated batch being published) instead of a new one. */
  batchId?: string;
  maxBytes?: number;
  stageMethod?: StageMethod;
  /** Test seam: a fault after this many article rows written inside the publish transaction. */
  faultAfterRows?: number;
  faultKind?: 'throw' | 'kill';
  publishChunkRows?: number;
  /** Expected sha256 of the file (publishing a batch validated earlier: the file must be the same). */
  expectSha256?: string;
  /** Parse XML in a worker thread (default: on PostgreSQL, for files over 8 MB). */
  parseInWorker?: boolean;
  /** Progress while the import runs (a few times a second); it is also stored in the batch row. */
  onProgress?: (p: ImportProgress) => void;
  /** Test seam: awaited once while the file is read, after the first progress is stored in the batch row. */
  whileReading?: () => Promise<void>;
  /** The workbook's zip was checked already (checkWorkbookZip) by the caller, before the batch was made. */
  zipChecked?: boolean;
}

const WORKER_MIN_BYTES = 8 * 1024 * 1024;

/** Who may import: the assortment role and system administrators; the CLI runs as the system (no actor). */
export function mayImport(ctx: Ctx) {
  return ctx.actor === null || hasRole(ctx, ...IMPORTERS);
}

/** Looks at the first bytes: an xlsx workbook is a zip; XML starts with '<' (after a BOM or white space). */
export function sniffFormat(filePath: string): ImportFormat | null {
  const fd = fs.openSync(filePath, 'r');
  try {
    const buf = Buffer.alloc(512);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const b = buf.subarray(0, n);
    if (n === 0) return 'xml'; // the XML reader explains that the file is empty
    if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'xlsx';
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return 'xml'; // UTF-16: the reader says so
    let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    while (i < n && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
    return i < n && b[i] === 0x3c ? 'xml' : null;
  } finally {
    fs.closeSync(fd);
  }
}

async function sha256File(filePath: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of readChunks(filePath)) h.update(chunk);
  return h.digest('hex');
}

/**
 * Imports one catalogue file (Bistå XML or the supplier Excel template): stream → staging → validation
 * report → (if asked and valid) publish, all-or-nothing. Every run is recorded in import_batch.
 * Files that cannot be imported at all (too large, not XML or Excel) are refused with an AppError.
 */
export async function importCatalogueFile(ctx: Ctx, filePath: string, opts: ImportOptions): Promise<ImportBatchView> {
  if (!mayImport(ctx)) throw new AppError('FORBIDDEN');
  const maxBytes = opts.maxBytes ?? importLimits.fileBytes;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch {
    throw new AppError('NOT_FOUND', `Filen ${filePath} finns inte`);
  }
  if (!stat.isFile()) throw new AppError('BAD_REQUEST', `${filePath} är ingen fil`);
  if (stat.size > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `Filen är ${formatBytes(stat.size)}; gränsen för en katalogfil är ${formatBytes(maxBytes)}`);
  }
  const format = sniffFormat(filePath);
  if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Filen är varken en Bistå-katalogfil i XML eller en Excel-arbetsbok (.xlsx)');

  const t0 = performance.now();
  const sha256 = await sha256File(filePath);
  if (opts.expectSha256 && opts.expectSha256 !== sha256) {
    throw new AppError('CONFLICT', 'Den sparade filen har ändrats sedan den validerades; ladda upp den igen');
  }
  // A workbook is a zip: refused before it is unpacked if it would unpack beyond the limits. A file that
  // was validated earlier (same sha256) passed this check then.
  if (format === 'xlsx' && !opts.zipChecked && !opts.expectSha256) await checkWorkbookZip(filePath);
  const fileName = opts.fileName ?? filePath.split(/[\\/]/).pop()!;
  const batchId = opts.batchId ?? (await createBatch(ctx, fileName, format));
  const setStatus = (s: BatchStatus) => ctx.db.update(importBatch).set({ status: s, format, fileName }).where(eq(importBatch.id, batchId));
  const prepMs = performance.now() - t0;
  return withImportSlot(
    () => setStatus('queued'),
    async () => {
      await setStatus('staging');
      // The timings leave out the wait in the queue.
      return readValidateAndPublish(ctx, filePath, opts, { format, fileName, batchId, sha256, bytes: stat.size, t0: performance.now() - prepMs });
    },
  );
}

/** The import proper, once it has the process's import slot. */
async function readValidateAndPublish(
  ctx: Ctx,
  filePath: string,
  opts: ImportOptions,
  file: { format: ImportFormat; fileName: string; batchId: string; sha256: string; bytes: number; t0: number },
): Promise<ImportBatchView> {
  const { format, fileName, batchId, sha256, t0 } = file;
  const stat = { size: file.bytes };

  const report: ImportReport = {
    format,
    fileName,
    bytes: stat.size,
    sha256,
    header: null,
    counts: {},
    errorCount: 0,
    errors: [],
    changes: null,
    published: false,
    timingsMs: {},
  };
  const issues = new IssueList(importLimits.reportedIssues);
  const names = stageNames(batchId);
  let status = 'invalid' as BatchStatus;
  let publishError: unknown = null;
  // The total of an XML file is estimated from the bytes read; a workbook's is known once it is read.
  const progress = new ImportProgressTracker(ctx, batchId, {
    fileBytes: stat.size,
    totalKnown: format === 'xml',
    onProgress: opts.onProgress,
    whileReading: opts.whileReading,
  });

  await withImportConnection(ctx, async (conn) => {
    await createStageTables(conn, names);
    try {
      const writer = new StageWriter(conn, names, opts.stageMethod ?? 'copy', conn.kind === 'pglite' ? PGLITE_BATCH_ROWS : undefined);
      const sink: ReaderSink = {
        add: (t, v) => writer.add(t, v),
        issue: (i) => issues.add(i),
        read: (bytes) => progress.read(bytes),
        maybeFlush: async () => {
          const held = progress.rows(writer.counts.article);
          if (held) await held;
          return writer.maybeFlush();
        },
      };
      let header: FileHeader | null = null;
      try {
        // PGlite runs on this thread, so a worker gains little there and costs a second JavaScript heap
        // (and its TypeScript loader): about 50 MB more peak memory for the national file.
        const inWorker =
          format === 'xml' && (opts.parseInWorker ?? (conn.kind === 'postgres' && stat.size >= WORKER_MIN_BYTES)) && (opts.stageMethod ?? 'copy') === 'copy';
        if (inWorker)
          header = await readXmlInWorker(filePath, writer, issues, undefined, (bytes) => {
            progress.read(bytes);
            return progress.rows(writer.counts.article);
          });
        else header = format === 'xml' ? await readCatalogueXml(filePath, sink) : await readCatalogueXlsx(filePath, sink);
      } catch (e) {
        if (!(e instanceof FatalFileError)) throw e;
        issues.add(e.issue);
      }
      await writer.finish();
      await progress.enter('checking', writer.counts.article);
      report.header = header;
      report.counts = { ...writer.counts };
      const tStaged = performance.now();
      report.timingsMs.readAndStage = Math.round(tStaged - t0);
      report.timingsMs['stage.waitForDatabase'] = Math.round(writer.waitMs);
      report.timingsMs['stage.write'] = Math.round(writer.writeMs);

      let sqlIssues: ImportIssue[] = [];
      let sqlCount = 0;
      if (header) {
        await indexStageTables(conn, names);
        if (format === 'xlsx') await foldSheetPricesIntoHash(conn, names);
        const checked = await validateStaged(conn, names, header, importLimits.reportedIssues);
        sqlIssues = checked.issues;
        sqlCount = checked.count;
      }
      report.errorCount = issues.count + sqlCount;
      // Sheets in workbook order (Artiklar before Priser), then line order.
      const sheetOrder = (i: ImportIssue) => (i.sheet === undefined ? 0 : i.sheet === 'Artiklar' ? 1 : 2);
      const all = [...issues.items, ...sqlIssues]
        .map((i) => (format === 'xlsx' ? excelIssue(i) : i))
        .sort((a, b) => sheetOrder(a) - sheetOrder(b) || (a.line ?? 0) - (b.line ?? 0))
        .slice(0, importLimits.reportedIssues)
        .map(renderIssue);
      report.errors = all;
      // A valid file being published gets its change summary inside the publish transaction.
      const publishing = opts.publish && report.errorCount === 0 && !!header;
      if (header && !publishing) {
        const h = header;
        report.changes = await conn.transaction(async (tx) => {
          await limitPgliteMemory(conn, tx.query);
          return changeSummary(tx.query, names, h, importLimits.listedChanges);
        });
      }
      report.timingsMs.validate = Math.round(performance.now() - tStaged);

      if (report.errorCount > 0 || !header) {
        status = 'invalid';
      } else if (!opts.publish) {
        status = 'validated';
      } else {
        await progress.enter('publishing', report.counts.article ?? 0);
        const tPublish = performance.now();
        try {
          await publishStaged(ctx, conn, names, header, {
            batchId,
            listLimit: importLimits.listedChanges,
            ...(opts.faultAfterRows !== undefined ? { faultAfterRows: opts.faultAfterRows, faultKind: opts.faultKind ?? 'throw' } : {}),
            ...(opts.publishChunkRows !== undefined ? { chunkRows: opts.publishChunkRows } : {}),
            finishBatch: async (tx, summary, steps) => {
              report.changes = summary;
              for (const [k, v] of Object.entries(steps)) report.timingsMs[`publish.${k}`] = v;
              report.published = true;
              report.timingsMs.publish = Math.round(performance.now() - tPublish);
              report.timingsMs.total = Math.round(performance.now() - t0);
              await tx.db
                .update(importBatch)
                .set({
                  status: 'published',
                  rows: report.counts.article ?? 0,
                  errorCount: 0,
                  report: report as unknown as Record<string, unknown>,
                  finishedAt: ctx.now(),
                })
                .where(eq(importBatch.id, batchId));
            },
          });
          status = 'published';
        } catch (e) {
          report.published = false;
          report.changes = null;
          publishError = e;
          status = 'failed';
          report.failure = 'Publiceringen avbröts och allt rullades tillbaka; den publicerade katalogen är oförändrad.';
          ctx.log.error({ err: e, batchId }, 'catalogue import: publish failed');
        }
      }
    } finally {
      await dropStageTables(conn, names).catch(() => {});
    }
  });

  report.timingsMs.total ??= Math.round(performance.now() - t0);
  await progress.settle();
  if (status !== 'published') {
    await ctx.db
      .update(importBatch)
      .set({
        status,
        rows: report.counts.article ?? 0,
        errorCount: report.errorCount,
        report: report as unknown as Record<string, unknown>,
        finishedAt: ctx.now(),
      })
      .where(eq(importBatch.id, batchId));
  }
  if (publishError) throw publishError;
  return getBatch(ctx, batchId);
}

export async function createBatch(ctx: Ctx, fileName: string, format: ImportFormat, id?: string): Promise<string> {
  const [row] = await ctx.db
    .insert(importBatch)
    .values({ ...(id ? { id } : {}), fileName, format, status: 'staging', createdBy: ctx.actor?.userId ?? null, createdAt: ctx.now() })
    .returning({ id: importBatch.id });
  return row!.id;
}

export async function getBatch(ctx: Ctx, id: string): Promise<ImportBatchView> {
  const [row] = await ctx.db.select().from(importBatch).where(eq(importBatch.id, id));
  if (!row) throw new AppError('NOT_FOUND', 'Importen finns inte');
  return { ...row, report: readableReport(row.report as unknown as ImportReport | null), progress: row.progress as unknown as ImportProgress | null };
}

/**
 * A stored report as the API shows it. Reports stored before rows without a readable article number were
 * left out of the change lists had a null in them, and that made every read of the batch fail; they are
 * shown without it.
 */
function readableReport(report: ImportReport | null): ImportReport | null {
  if (!report?.changes) return report;
  const c = report.changes;
  const numbers = (l: unknown[] | undefined) => (l ?? []).filter((n): n is string => typeof n === 'string');
  return {
    ...report,
    changes: { ...c, newArticles: numbers(c.newArticles), changedArticles: numbers(c.changedArticles), removedArticles: numbers(c.removedArticles) },
  };
}
