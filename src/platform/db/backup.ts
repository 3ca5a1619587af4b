import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import zlib from 'node:zlib';
import type { Database } from './client.ts';
import { ProgressMeter, textBar, timeLeftText, type ProgressSnapshot } from '../progress/progress.ts';

/**
 * How far a backup or restore has come, a few times a second: a backup counts tables (done of all), a
 * restore the bytes of the file read; both the rows so far.
 */
export interface BackupProgress extends ProgressSnapshot {
  unit: 'tables' | 'bytes';
  rows: number;
}
export type OnBackupProgress = (p: BackupProgress) => void;

/**
 * A logical backup that works the same on PGlite and PostgreSQL (and moves data between them):
 * gzip'd JSON lines — a header with the applied migrations, then per table its rows in batches —
 * read in one REPEATABLE READ transaction so the backup is one consistent snapshot. Restore goes into
 * an empty, migrated database of the same migration level, in foreign-key order, all in one transaction.
 */
const FORMAT = 'bista-backup/1';
const BATCH = 2000;

interface Header {
  format: string;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

type Line = Header | { table: string; rows: unknown[] } | { file: string; data: string };

/**
 * Files that belong with the database (media bytes), included in the same backup: `keysSql` lists their keys
 * inside the backup's snapshot, `get` reads one, `put` writes one back on restore.
 */
export interface BackupFiles {
  keysSql: string;
  get(key: string): Promise<Buffer | null>;
  put(key: string, data: Buffer): Promise<void>;
}

type Q = { query: Database['query']; exec: Database['exec'] };

const TRIGGER_REFERENCES = [{ child: 'provision_order_event', parent: 'provision_order' }];

/** Application tables in an order where every table comes after the tables it references. */
async function tablesInDependencyOrder(c: Q): Promise<string[]> {
  const tables = (
    await c.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migration' ORDER BY 1`,
    )
  ).map((r) => r.name);
  const deps = await c.query<{ child: string; parent: string }>(
    `SELECT tc.relname AS child, tp.relname AS parent FROM pg_constraint k
       JOIN pg_class tc ON tc.oid = k.conrelid JOIN pg_class tp ON tp.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = tc.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND tc.relname <> tp.relname`,
  );
  // References checked by triggers instead of foreign keys (a foreign key's per-row check was too slow
  // for the due-date job's bulk inserts: migration 0008), restored in the same order.
  deps.push(...TRIGGER_REFERENCES.filter((r) => tables.includes(r.child) && tables.includes(r.parent)));
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (seen.has(t)) return;
    if (path.has(t)) throw new Error(`foreign-key cycle through ${t}`);
    path.add(t);
    for (const d of deps) if (d.child === t) visit(d.parent, path);
    path.delete(t);
    seen.add(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

export async function backup(
  database: Database,
  file: string,
  files?: BackupFiles,
  onProgress?: OnBackupProgress,
): Promise<{ tables: number; rows: number; files: number }> {
  const tmp = `${file}.partial`;
  const gz = zlib.createGzip();
  const done = pipeline(gz, fs.createWriteStream(tmp));
  // Written as it is read, with backpressure: a large catalogue never sits in memory whole.
  const write = (s: string) => (gz.write(s + '\n') ? Promise.resolve() : once(gz, 'drain').then(() => undefined));
  let rows = 0;
  let fileCount = 0;
  let tables: string[] = [];
  const meter = onProgress ? new ProgressMeter({ onReport: (p) => onProgress({ ...p, unit: 'tables', rows }) }) : null;
  try {
    await database.withConnection(async (c) => {
      await c.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const migrations = (await c.query<{ tag: string }>('SELECT tag FROM schema_migration ORDER BY tag')).map((r) => r.tag);
        tables = await tablesInDependencyOrder(c);
        await write(JSON.stringify({ format: FORMAT, createdAt: new Date().toISOString(), migrations, tables } satisfies Header));
        for (const [i, t] of tables.entries()) {
          meter?.update(i, tables.length);
          await c.exec(`DECLARE bista_backup NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM "${t}" t`);
          for (;;) {
            const batch = await c.query<{ j: string }>(`FETCH ${BATCH} FROM bista_backup`);
            if (batch.length === 0) break;
            rows += batch.length;
            meter?.update(i, tables.length);
            await write(`{"table":${JSON.stringify(t)},"rows":[${batch.map((b) => b.j).join(',')}]}`);
          }
          await c.exec('CLOSE bista_backup');
        }
        meter?.finish(tables.length, tables.length);
        if (files) {
          for (const { key } of await c.query<{ key: string }>(files.keysSql)) {
            const data = await files.get(key);
            if (!data) continue; // a row whose file is gone: the restore serves it as missing, as now
            await write(JSON.stringify({ file: key, data: data.toString('base64') }));
            fileCount++;
          }
        }
      } finally {
        await c.exec('COMMIT');
      }
    });
    gz.end();
    await done;
  } catch (err) {
    gz.destroy();
    await done.catch(() => undefined);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.renameSync(tmp, file);
  return { tables: tables.length, rows, files: fileCount };
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** The table comment of a table whose first rows a migration makes (see restore). */
const SEEDED_BY_MIGRATIONS = 'bista:seeded-by-migrations';

export async function restore(
  database: Database,
  file: string,
  files?: BackupFiles,
  onProgress?: OnBackupProgress,
): Promise<{ tables: number; rows: number; files: number }> {
  if (!fs.existsSync(file)) throw new RestoreError(`Filen ${file} finns inte`);
  const size = fs.statSync(file).size;
  return database.withConnection(async (c) => {
    let header: Header | null = null;
    let rows = 0;
    let fileCount = 0;
    const columns = new Map<string, { list: string; identity: boolean }>();
    await c.exec('BEGIN');
    // Created only now, right before it is read: lines a readline emits before iteration starts are lost.
    const input = fs.createReadStream(file);
    const rl = readline.createInterface({ input: input.pipe(zlib.createGunzip()), crlfDelay: Infinity });
    const meter = onProgress ? new ProgressMeter({ total: size, onReport: (p) => onProgress({ ...p, unit: 'bytes', rows }) }) : null;
    try {
      for await (const raw of rl) {
        if (!raw.trim()) continue;
        let line: Line;
        try {
          line = JSON.parse(raw) as Line;
        } catch {
          throw new RestoreError('Säkerhetskopian är skadad (ogiltig rad)');
        }
        if (!header) {
          if (!('format' in line) || line.format !== FORMAT) throw new RestoreError('Filen är ingen Bistå-säkerhetskopia');
          header = line;
          const applied = (await c.query<{ tag: string }>('SELECT tag FROM schema_migration ORDER BY tag')).map((r) => r.tag);
          if (JSON.stringify(applied) !== JSON.stringify(header.migrations)) {
            throw new RestoreError(
              `Säkerhetskopian har migreringsnivå ${header.migrations.at(-1)} men databasen ${applied.at(-1)}; återställ med samma version av Bistå`,
            );
          }
          // A new database has rows only in the tables its migrations seed (marked with a table comment, e.g. the
          // first version of the centre's rules): those the backup's rows replace; every other table must be empty.
          const seeded = new Set(
            (
              await c.query<{ name: string }>(
                `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND c.relkind = 'r' AND obj_description(c.oid, 'pg_class') = '${SEEDED_BY_MIGRATIONS}'`,
              )
            ).map((r) => r.name),
          );
          for (const t of header.tables) {
            if (seeded.has(t)) continue;
            const [n] = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`);
            if ((n?.n ?? 0) > 0) throw new RestoreError(`Databasen är inte tom (tabellen ${t} har rader); återställ till en ny databas`);
          }
          for (const t of [...header.tables].reverse()) if (seeded.has(t)) await c.exec(`DELETE FROM "${t}"`);
          continue;
        }
        if ('file' in line) {
          // Content-addressed files: writing one that a failed restore leaves behind does no harm.
          if (files) await files.put(line.file, Buffer.from(line.data, 'base64'));
          fileCount++;
          continue;
        }
        if (!('table' in line) || !header.tables.includes(line.table)) throw new RestoreError('Säkerhetskopian är skadad (okänd tabell)');
        const t = line.table;
        let cols = columns.get(t);
        if (!cols) {
          const cs = await c.query<{ column_name: string; is_identity: string }>(
            `SELECT column_name, is_identity FROM information_schema.columns
              WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
            [t],
          );
          cols = { list: cs.map((x) => `"${x.column_name}"`).join(', '), identity: cs.some((x) => x.is_identity === 'YES') };
          columns.set(t, cols);
        }
        await c.query(
          `INSERT INTO "${t}" (${cols.list}) ${cols.identity ? 'OVERRIDING SYSTEM VALUE' : ''}
           SELECT ${cols.list} FROM json_populate_recordset(null::"${t}", $1::json)`,
          [JSON.stringify(line.rows)],
        );
        rows += line.rows.length;
        meter?.update(input.bytesRead);
      }
      meter?.finish(size);
      if (!header) throw new RestoreError('Säkerhetskopian är tom');
      // Identity sequences continue after the restored ids.
      const seqs = await c.query<{ t: string; col: string }>(
        `SELECT table_name AS t, column_name AS col FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'`,
      );
      for (const s of seqs) {
        await c.query(`SELECT setval(pg_get_serial_sequence('"${s.t}"', '${s.col}'), coalesce((SELECT max("${s.col}") FROM "${s.t}"), 0) + 1, false)`);
      }
      await c.exec('COMMIT');
      return { tables: header.tables.length, rows, files: fileCount };
    } catch (err) {
      await c.exec('ROLLBACK');
      if (err instanceof Error && err.message.includes('incorrect header check')) throw new RestoreError('Filen är ingen Bistå-säkerhetskopia');
      throw err;
    }
  });
}

const sv = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const mb = (bytes: number) => `${new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }).format(bytes / 1e6)} MB`;

/**
 * The CLI's line: "Säkerhetskopierar [███░░] 15 % 12 av 80 tabeller · 120 000 rader · cirka 1 min kvar" or
 * "Återställer [███░░] 15 % 3,2 av 21 MB · 1,4 MB/s · 120 000 rader · cirka 14 s kvar".
 */
export function backupProgressLine(p: BackupProgress, tty: boolean): string {
  const total = p.total ?? 0;
  const bar = tty && total > 0 ? `${textBar(p.done, total)} ` : '';
  const parts =
    p.unit === 'tables'
      ? [`${sv.format(p.done)} av ${sv.format(total)} tabeller`]
      : [`${mb(p.done)} av ${mb(total)}`, ...(p.ratePerSec > 0 ? [`${mb(p.ratePerSec)}/s`] : [])];
  parts.push(`${sv.format(p.rows)} rader`);
  if (p.etaSec !== null && p.done < total) parts.push(timeLeftText(p.etaSec));
  return `${p.unit === 'tables' ? 'Säkerhetskopierar' : 'Återställer'} ${bar}${parts.join(' · ')}`;
}
