import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));
/** Any constant: all app processes take this lock before migrating, so only one migrates. */
const MIGRATION_LOCK = 4_711_2026;

interface JournalEntry {
  idx: number;
  tag: string;
}

export interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

function readJournal(dir: string): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries.sort((a, b) => a.idx - b.idx);
}

/** The committed migrations' tags, in order (the journal only: what /api/ready compares with). */
export function readMigrationTags(dir = MIGRATIONS_DIR): string[] {
  return readJournal(dir).map((e) => e.tag);
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readJournal(dir).map((e) => {
    const text = fs.readFileSync(path.join(dir, `${e.tag}.sql`), 'utf8');
    return {
      tag: e.tag,
      hash: crypto.createHash('sha256').update(text).digest('hex'),
      statements: text
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    };
  });
}

/** The applied migrations (tag → hash); null when the table does not exist yet (a new database). */
async function appliedMigrations(database: Pick<Database, 'query'>): Promise<Map<string, string> | null> {
  try {
    const rows = await database.query<{ tag: string; hash: string }>('SELECT tag, hash FROM schema_migration');
    return new Map(rows.map((r) => [r.tag, r.hash]));
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return null; // undefined_table
    throw err;
  }
}

/**
 * Applies the committed SQL migrations that are not yet applied, each in its own transaction,
 * holding an advisory lock so that several app processes starting together migrate once.
 * Forward-only: an applied migration whose file changed is an error, not something to re-run.
 */
export async function migrate(database: Database, migrations = readMigrations()): Promise<string[]> {
  // Every start but the first after an upgrade: everything is applied, unchanged. One query tells, and
  // there is nothing to lock for (a process that finds nothing to do cannot collide with one migrating).
  const before = await appliedMigrations(database);
  if (before && migrations.every((m) => before.get(m.tag) === m.hash)) return [];
  return database.withConnection(async (c) => {
    await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await c.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
        tag text PRIMARY KEY, hash text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const applied = new Map((await c.query<{ tag: string; hash: string }>('SELECT tag, hash FROM schema_migration')).map((r) => [r.tag, r.hash]));
      const done: string[] = [];
      for (const m of migrations) {
        const hash = applied.get(m.tag);
        if (hash !== undefined) {
          if (hash !== m.hash) throw new Error(`Migration ${m.tag} was changed after it was applied`);
          continue;
        }
        await c.exec('BEGIN');
        try {
          for (const s of m.statements) await c.exec(s);
          await c.query('INSERT INTO schema_migration (tag, hash) VALUES ($1, $2)', [m.tag, m.hash]);
          await c.exec('COMMIT');
        } catch (err) {
          await c.exec('ROLLBACK');
          throw new Error(`Migration ${m.tag} failed: ${(err as Error).message}`, { cause: err });
        }
        done.push(m.tag);
      }
      return done;
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

/** True when every committed migration is applied (for /api/ready). */
export async function migrationsApplied(
  database: Database,
  migrations: readonly { tag: string }[] = readMigrationTags().map((tag) => ({ tag })),
): Promise<boolean> {
  const rows = await database.query<{ tag: string }>('SELECT tag FROM schema_migration').catch(() => [] as { tag: string }[]);
  const applied = new Set(rows.map((r) => r.tag));
  return migrations.every((m) => applied.has(m.tag));
}
