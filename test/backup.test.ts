import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/administration/seed/demo.ts';
import { freshDatabase } from './db.ts';
import { backup, backupProgressLine, restore, type BackupProgress } from '../src/platform/db/backup.ts';
import type { Database } from '../src/platform/db/client.ts';

type TestDb = Database & { drop(): Promise<void> };
let source: TestDb;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-backup-'));
const file = path.join(dir, 'backup.jsonl.gz');

const counts = (db: Database) =>
  db.query<{ t: string; n: number }>(
    `SELECT 'app_user' t, count(*)::int n FROM app_user UNION ALL SELECT 'customer', count(*)::int FROM customer
     UNION ALL SELECT 'membership', count(*)::int FROM membership UNION ALL SELECT 'audit_log', count(*)::int FROM audit_log
     UNION ALL SELECT 'news', count(*)::int FROM news ORDER BY 1`,
  );

beforeAll(async () => {
  source = await freshDatabase();
  await seedDemo(source.db, { extraPrescribers: 30 });
  await source.exec(`INSERT INTO audit_log (actor_label, action, entity_type, details) VALUES ('system', 'test.backup', 'test', '{"å": "ö"}')`);
});
afterAll(async () => {
  await source.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('the CLI says how far a backup or a restore has come', () => {
    const sp = (x: string) => x.replace(/[\u00a0\u202f]/g, ' ');
    const p = { done: 12, total: 80, rows: 120_000, elapsedMs: 6000, ratePerSec: 2, etaSec: 34, unit: 'tables' as const };
    expect(sp(backupProgressLine(p, false))).toBe('Säkerhetskopierar 12 av 80 tabeller · 120 000 rader · cirka 34 s kvar');
    expect(sp(backupProgressLine(p, true))).toMatch(/^Säkerhetskopierar \[█+░+\] {2}15 % 12 av 80 tabeller/);
    const r = { done: 3_200_000, total: 21_000_000, rows: 5000, elapsedMs: 2000, ratePerSec: 1_600_000, etaSec: 11.1, unit: 'bytes' as const };
    expect(sp(backupProgressLine(r, false))).toBe('Återställer 3,2 MB av 21 MB · 1,6 MB/s · 5 000 rader · cirka 12 s kvar');
  });

  it('a backup restored into an empty database gives the same data, ids and all', async () => {
    const seen: BackupProgress[] = [];
    const b = await backup(source, file, undefined, (p) => seen.push(p));
    expect(b.rows).toBeGreaterThan(100);
    // Progress by tables, with the rows so far; the last report is the whole backup.
    expect(seen.at(-1)).toMatchObject({ unit: 'tables', done: b.tables, total: b.tables, rows: b.rows, etaSec: 0 });
    expect(seen.map((p) => p.done)).toEqual(seen.map((p) => p.done).sort((x, y) => x - y));
    const target = await freshDatabase();
    try {
      const restored: BackupProgress[] = [];
      const r = await restore(target, file, undefined, (p) => restored.push(p));
      expect(r.rows).toBe(b.rows);
      // Progress by the bytes of the file read.
      expect(restored.at(-1)).toMatchObject({ unit: 'bytes', done: fs.statSync(file).size, total: fs.statSync(file).size, rows: r.rows });
      expect(await counts(target)).toEqual(await counts(source));
      const [u1] = await source.query(`SELECT * FROM app_user WHERE username = 'forskrivare'`);
      const [u2] = await target.query(`SELECT * FROM app_user WHERE username = 'forskrivare'`);
      expect(u2).toEqual(u1);
      // Identity sequences continue after the restored rows.
      await target.exec(`INSERT INTO audit_log (actor_label, action, entity_type) VALUES ('system', 'after.restore', 'test')`);
      const [max] = await target.query<{ a: number; b: number }>(
        `SELECT max(id)::int a, (SELECT max(id)::int FROM audit_log WHERE action <> 'after.restore') b FROM audit_log`,
      );
      expect(max!.a).toBeGreaterThan(max!.b);
    } finally {
      await target.drop();
    }
  });

  it('restoring into a database that already has data is refused and changes nothing', async () => {
    await expect(restore(source, file)).rejects.toThrow(/inte tom/);
    expect((await counts(source)).find((c) => c.t === 'customer')!.n).toBe(14);
  });

  it('a damaged backup is refused and leaves the target database empty', async () => {
    const broken = path.join(dir, 'broken.gz');
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    // Keep the header and the first table, then garbage: the restore must roll back what it wrote.
    fs.writeFileSync(broken, zlib.gzipSync([text[0], text[1], '{"table": "app_user", "rows": [{"id": "not-a-uuid"}]}'].join('\n')));
    const target = await freshDatabase();
    try {
      await expect(restore(target, broken)).rejects.toThrow();
      const n = await target.query<{ n: number }>('SELECT count(*)::int n FROM collaboration');
      expect(n[0]!.n).toBe(0);
      const notGzip = path.join(dir, 'plain.txt');
      fs.writeFileSync(notGzip, 'hello');
      await expect(restore(target, notGzip)).rejects.toThrow(/ingen Bistå-säkerhetskopia/);
      await expect(restore(target, path.join(dir, 'missing.gz'))).rejects.toThrow(/finns inte/);
    } finally {
      await target.drop();
    }
  });
});
