import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrations } from './migrate.ts';

/**
 * A migrated, empty embedded database as a tarball (PGlite's dumpDataDir), made once per set of migrations and
 * PGlite version: a new data directory starts from it instead of running initdb and every migration (issue 16
 * item 3: the first `npm start` created its database in 18 s, from the template it takes a few). `npm run build`
 * makes it (scripts/pglite-template.ts), and so do the tests' global setup; without it a first start works as
 * before, only slower. It lives in node_modules/.cache/bista (BISTA_TEMPLATE_DIR to move it): nothing to commit,
 * and `npm ci` starts afresh.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function cacheDir(): string {
  return process.env.BISTA_TEMPLATE_DIR ?? path.join(ROOT, 'node_modules', '.cache', 'bista');
}

/** The template's file: its name carries a hash of the migrations and the PGlite version it was made with. */
export function templateFile(): string {
  // The package does not export its package.json: its entry point's directory has it one level up.
  const entry = createRequire(path.join(ROOT, 'package.json')).resolve('@electric-sql/pglite');
  const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  const hash = crypto.createHash('sha256').update(version);
  for (const m of readMigrations()) hash.update(`${m.tag}:${m.hash}\n`);
  return path.join(cacheDir(), `pglite-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** The template for the current migrations, or null when it has not been made. */
export function readTemplate(): Blob | null {
  try {
    return new Blob([fs.readFileSync(templateFile())]);
  } catch {
    return null;
  }
}

/** Makes the template unless it is there (written whole under a temporary name, then renamed); returns its file. */
export async function ensureTemplate(): Promise<string> {
  const file = templateFile();
  if (fs.existsSync(file)) return file;
  const [{ openDatabase }, { migrate }] = await Promise.all([import('./client.ts'), import('./migrate.ts')]);
  const db = await openDatabase({});
  try {
    await migrate(db);
    const dump = await db.pglite!.dumpDataDir('gzip');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(3).toString('hex')}`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
  } finally {
    await db.close();
  }
  // Templates of earlier migrations are of no more use.
  for (const f of fs.readdirSync(path.dirname(file))) {
    if (/^pglite-[0-9a-f]{16}\.tar\.gz$/.test(f) && path.join(path.dirname(file), f) !== file) fs.rmSync(path.join(path.dirname(file), f), { force: true });
  }
  return file;
}
