import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.ts';
import type { Database } from './client.ts';
import { migrate, migrationsApplied, readMigrations } from './migrate.ts';

let db: Database & { drop(): Promise<void> };
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db.drop());

describe('migrations', () => {
  it('a migrated database has nothing left to apply, and running migrate again is a no-op', async () => {
    expect(await migrationsApplied(db)).toBe(true);
    expect(await migrate(db)).toEqual([]);
  });

  it('several processes migrating at once apply each migration once (advisory lock)', async () => {
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    expect(results.flat()).toEqual([]);
  });

  it('a new migration is applied; a committed migration that was edited afterwards is an error', async () => {
    const ms = readMigrations();
    const extra = { tag: '9999_test', hash: 'h1', statements: ['CREATE TABLE migration_probe (id int)'] };
    expect(await migrate(db, [...ms, extra])).toEqual(['9999_test']);
    await expect(migrate(db, [...ms, { ...extra, hash: 'h2' }])).rejects.toThrow(/changed after it was applied/);
  });

  it('a failing migration rolls back completely', async () => {
    const ms = readMigrations();
    const bad = { tag: '9999_zbad', hash: 'x', statements: ['CREATE TABLE half_done (id int)', 'SELECT * FROM no_such_table'] };
    await expect(migrate(db, [...ms, bad])).rejects.toThrow(/9999_zbad failed/);
    const t = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`);
    expect(t).toEqual([]);
  });

  it('pg_trgm and Swedish full-text search are available', async () => {
    const [r] = await db.query<{ v: string; s: number }>(`SELECT to_tsvector('swedish', 'rullstolar')::text v, similarity('rullstol', 'rulstol') s`);
    expect(r!.v).toBe("'rullstol':1");
    expect(r!.s).toBeGreaterThan(0.5);
  });

  it('the audit log is append-only: updates and deletes are refused by the database', async () => {
    await db.exec(`INSERT INTO audit_log (actor_label, action, entity_type) VALUES ('system', 'probe', 'test')`);
    await expect(db.exec(`UPDATE audit_log SET action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(db.exec(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
