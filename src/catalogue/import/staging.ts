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
    const cols = [
      'line integer',
      ...spec.fields.map((f) => `${f.col} ${f.sqlType}`),
      ...spec.extra.map((e) => `${e.col} ${e.sqlType}`),
    ];
    await conn.query(`DROP TABLE IF EXISTS ${names[t]}`);
    await conn.query(`CREATE TEMP TABLE ${names[t]} (${cols.join(', ')})`);
  }
}

export async function dropStageTables(conn: ImportConnection, names: StageNames) {
  for (const t of Object.values(names)) await conn.query(`DROP TABLE IF EXISTS ${t}`);
}

/** Indexes and statistics for the cross-row checks and the publish joins, after loading. */
export async function indexStageTables(conn: ImportConnection, n: StageNames) {
  await conn.query(`CREATE INDEX ON ${n.article} (article_number)`);
  await conn.query(`CREATE INDEX ON ${n.price} (article_number)`);
  await conn.query(`CREATE INDEX ON ${n.fit} (part_number)`);
  await conn.query(`CREATE INDEX ON ${n.media} (article_number)`);
  for (const t of Object.values(n)) await conn.query(`ANALYZE ${t}`);
}

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

export class StageWriter {
  private readonly cols: Record<StageTable, string[]>;
  private rows: Record<StageTable, (string | null)[][]>;
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
  }

  private emptyRows() {
    const r = {} as Record<StageTable, (string | null)[][]>;
    for (const t of Object.keys(stageTables) as StageTable[]) r[t] = [];
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
    this.rows[table].push(values);
    this.counts[table]++;
    this.buffered++;
  }

  /** Starts a flush when enough rows are buffered; waits only if the previous flush is still running. */
  async maybeFlush() {
    if (this.buffered < this.batchRows) return;
    await this.flush();
  }

  async flush() {
    const rows = this.rows;
    this.rows = this.emptyRows();
    this.buffered = 0;
    // At most one flush in flight: wait for the previous one, then start this one without waiting for it.
    const t = performance.now();
    await this.inflight;
    this.waitMs += performance.now() - t;
    this.inflight = this.write(rows);
    // Surface a failure of this flush on the next call instead of as an unhandled rejection.
    this.inflight.catch(() => {});
  }

  async finish() {
    await this.flush();
    await this.inflight;
  }

  private async write(rows: Record<StageTable, (string | null)[][]>) {
    const t = performance.now();
    await this.writeTables(rows);
    this.writeMs += performance.now() - t;
  }

  private async writeTables(rows: Record<StageTable, (string | null)[][]>) {
    for (const t of Object.keys(rows) as StageTable[]) {
      const batch = rows[t];
      if (batch.length === 0) continue;
      if (this.method === 'copy') {
        let data = '';
        for (const r of batch) data += copyLine(r);
        await this.conn.copyText(this.names[t], this.cols[t], data);
      } else {
        await this.insertUnnest(t, batch);
      }
    }
  }

  private async insertUnnest(t: StageTable, batch: (string | null)[][]) {
    const spec = stageTables[t];
    const types = ['integer', ...spec.fields.map((f) => f.sqlType), ...spec.extra.map((e) => e.sqlType)];
    const cols = this.cols[t];
    const arrays = cols.map((_, i) => batch.map((r) => r[i] ?? null));
    const sql = `INSERT INTO ${this.names[t]} (${cols.join(', ')}) SELECT * FROM unnest(${types
      .map((ty, i) => `$${i + 1}::${arrayType[ty]}`)
      .join(', ')})`;
    await this.conn.query(sql, arrays);
  }
}
