import type { ImportConnection } from './connection.ts';
import { stageColumns, stageTables, type StageTable } from './mapping.ts';

/**
 * Staging: TEMP tables, one set per import (named with the batch id, so two imports never meet), filled in
 * batches while the file is read. On PostgreSQL the next batch is parsed while the previous one is being
 * copied (one flush in flight), which keeps both cores busy.
 */
export type StageMethod = 'copy' | 'insert';

export type StageNames = Record<StageTable, string>;

export function stageNames(batchId: string): StageNames {
  const suffix = batchId.replace(/-/g, '').slice(0, 12);
  const names = {} as StageNames;
  for (const t of Object.keys(stageTables) as StageTable[]) names[t] = `stg_${t}_${suffix}`;
  return names;
}

export async function createStageTables(conn: ImportConnection, names: StageNames) {
  for (const t of Object.keys(stageTables) as StageTable[]) {
    const spec = stageTables[t];
    const cols = ['line integer', ...spec.fields.map((f) => `${f.col} ${f.sqlType}`), ...spec.extra.map((e) => `${e.col} ${e.sqlType}`)];
    await conn.query(`DROP TABLE IF EXISTS ${names[t]}`);
    await conn.query(`CREATE TEMP TABLE ${names[t]} (${cols.join(', ')})`);
  }
}

export async function dropStageTables(conn: ImportConnection, names: StageNames) {
  for (const t of Object.values(names)) await conn.query(`DROP TABLE IF EXISTS ${t}`);
}

/** Indexes and statistics for the cross-row checks and the publish joins, after loading. */
export async function indexStageTables(conn: ImportConnection, n: StageNames) {
  await conn.transaction(async (tx) => {
    await limitPgliteMemory(conn, tx.query);
    await tx.query(`CREATE INDEX ON ${n.article} (article_number)`);
    await tx.query(`CREATE INDEX ON ${n.price} (article_number)`);
    await tx.query(`CREATE INDEX ON ${n.fit} (part_number)`);
    await tx.query(`CREATE INDEX ON ${n.media} (article_number)`);
    for (const t of Object.values(n)) await tx.query(`ANALYZE ${t}`);
  });
}

/**
 * Memory settings of the import's own statements on PGlite. The embedded database is WebAssembly inside this
 * process: what a sort, hash, index build or GIN merge takes comes out of memory that is never given back
 * (at 660 000 articles, with 64 MB for sorts and index builds, the stage indexes and the sort of the media
 * jobs grew it from 189 to 326 MB and the process by some 100 MB for good). At 4 MB the national file
 * imports as fast (the sorts spill to temp files) and grows PGlite's resident memory by under 10 MB. For the
 * transaction `q` runs in (SET LOCAL).
 */
export const PGLITE_WORK_MEM = '4MB';
export const PGLITE_MAINTENANCE_WORK_MEM = '4MB';

export async function limitPgliteMemory(conn: Pick<ImportConnection, 'kind'>, q: ImportConnection['query']) {
  if (conn.kind !== 'pglite') return;
  await q(`SET LOCAL work_mem = '${PGLITE_WORK_MEM}'`);
  await q(`SET LOCAL maintenance_work_mem = '${PGLITE_MAINTENANCE_WORK_MEM}'`);
}

/** Rows per COPY on PGlite: each batch is copied twice more on its way into the database (Blob, ArrayBuffer). */
export const PGLITE_BATCH_ROWS = 5_000;

/** One row in COPY text format: tab-separated, backslash escapes, \N for NULL, ending in a newline. */
export function copyLine(values: (string | null)[]): string {
  return values.map(copyValue).join('\t') + '\n';
}

/** COPY text format: backslash escapes for the four special characters, \N for NULL. */
function copyValue(v: string | null): string {
  if (v === null) return '\\N';
  if (!/[\\\t\n\r]/.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const arrayType: Record<string, string> = {
  text: 'text[]',
  boolean: 'boolean[]',
  smallint: 'smallint[]',
  integer: 'integer[]',
  date: 'date[]',
  'numeric(12,2)': 'numeric[]',
};

/**
 * COPY text of one staging table, encoded as the rows arrive into a byte buffer that is reused from batch
 * to batch. Rows kept as JavaScript arrays or strings until the flush outlive the young generation and pile
 * up in the old one until a full collection (on the national file the heap swung by some 70 MB that way);
 * bytes written at once leave only short-lived garbage.
 */
class CopyBuffer {
  private buf = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  append(line: string) {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (this.length + line.length * 3 > this.buf.length) {
      const need = this.length + Buffer.byteLength(line);
      if (need > this.buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
        this.buf.copy(bigger, 0, 0, this.length);
        this.buf = bigger;
      }
    }
    this.length += this.buf.write(line, this.length, 'utf8');
  }

  /** The bytes written so far; valid until the next append after clear(). */
  bytes(): Uint8Array<ArrayBuffer> {
    return this.buf.subarray(0, this.length);
  }

  clear() {
    this.length = 0;
  }
}

export class StageWriter {
  private readonly cols: Record<StageTable, string[]>;
  private rows: Record<StageTable, (string | null)[][]>;
  /** Copy method: the batch being filled, and the one being written (swapped at each flush). */
  private filling: Record<StageTable, CopyBuffer>;
  private writing: Record<StageTable, CopyBuffer>;
  private buffered = 0;
  private inflight: Promise<void> = Promise.resolve();
  readonly counts: Record<StageTable, number>;
  /** Time the reader waited for the database (the previous flush still running), and time spent writing. */
  waitMs = 0;
  writeMs = 0;

  constructor(
    private readonly conn: ImportConnection,
    private readonly names: StageNames,
    private readonly method: StageMethod,
    private readonly batchRows = 20_000,
  ) {
    this.cols = {} as Record<StageTable, string[]>;
    this.counts = {} as Record<StageTable, number>;
    for (const t of Object.keys(stageTables) as StageTable[]) {
      this.cols[t] = stageColumns(t);
      this.counts[t] = 0;
    }
    this.rows = this.emptyRows();
    this.filling = this.copyBuffers();
    this.writing = this.copyBuffers();
  }

  private emptyRows() {
    const r = {} as Record<StageTable, (string | null)[][]>;
    for (const t of Object.keys(stageTables) as StageTable[]) r[t] = [];
    return r;
  }

  private copyBuffers() {
    const r = {} as Record<StageTable, CopyBuffer>;
    for (const t of Object.keys(stageTables) as StageTable[]) r[t] = new CopyBuffer();
    return r;
  }

  /** Rows already in COPY text (the parse worker builds them): written in order, one batch in flight. */
  async addCopyText(batch: Partial<Record<StageTable, string>>, counts: Partial<Record<StageTable, number>>) {
    for (const [t, n] of Object.entries(counts) as [StageTable, number][]) this.counts[t] += n;
    const t0 = performance.now();
    await this.inflight;
    this.waitMs += performance.now() - t0;
    this.inflight = (async () => {
      const t = performance.now();
      for (const [table, data] of Object.entries(batch) as [StageTable, string][]) {
        if (data) await this.conn.copyText(this.names[table], this.cols[table], data);
      }
      this.writeMs += performance.now() - t;
    })();
    this.inflight.catch(() => {});
  }

  /** `values` in the order of `stageColumns(table)`, line first. */
  add(table: StageTable, values: (string | null)[]) {
    if (this.method === 'copy') this.filling[table].append(copyLine(values));
    else this.rows[table].push(values);
    this.counts[table]++;
    this.buffered++;
  }

  /** Starts a flush when enough rows are buffered; waits only if the previous flush is still running. */
  async maybeFlush() {
    if (this.buffered < this.batchRows) return;
    await this.flush();
  }

  async flush() {
    // At most one flush in flight: wait for the previous one (it is done with its buffers), then start this
    // one without waiting for it.
    const t = performance.now();
    await this.inflight;
    this.waitMs += performance.now() - t;
    this.buffered = 0;
    if (this.method === 'copy') {
      const full = this.filling;
      this.filling = this.writing;
      this.writing = full;
      this.inflight = this.timed(() => this.copyTables(full));
    } else {
      const rows = this.rows;
      this.rows = this.emptyRows();
      this.inflight = this.timed(() => this.insertTables(rows));
    }
    // Surface a failure of this flush on the next call instead of as an unhandled rejection.
    this.inflight.catch(() => {});
  }

  async finish() {
    await this.flush();
    await this.inflight;
  }

  private async timed(fn: () => Promise<void>) {
    const t = performance.now();
    await fn();
    this.writeMs += performance.now() - t;
  }

  private async copyTables(buffers: Record<StageTable, CopyBuffer>) {
    for (const t of Object.keys(buffers) as StageTable[]) {
      const b = buffers[t];
      if (b.length === 0) continue;
      await this.conn.copyText(this.names[t], this.cols[t], b.bytes());
      b.clear();
    }
  }

  private async insertTables(rows: Record<StageTable, (string | null)[][]>) {
    for (const t of Object.keys(rows) as StageTable[]) {
      if (rows[t].length > 0) await this.insertUnnest(t, rows[t]);
    }
  }

  private async insertUnnest(t: StageTable, batch: (string | null)[][]) {
    const spec = stageTables[t];
    const types = ['integer', ...spec.fields.map((f) => f.sqlType), ...spec.extra.map((e) => e.sqlType)];
    const cols = this.cols[t];
    const arrays = cols.map((_, i) => batch.map((r) => r[i] ?? null));
    const sql = `INSERT INTO ${this.names[t]} (${cols.join(', ')}) SELECT * FROM unnest(${types.map((ty, i) => `$${i + 1}::${arrayType[ty]}`).join(', ')})`;
    await this.conn.query(sql, arrays);
  }
}
