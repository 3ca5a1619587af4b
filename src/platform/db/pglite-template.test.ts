import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';
import { readMigrationTags } from './migrate.ts';
import { ensureTemplate, templateFile } from './pglite-template.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const freshDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-template-test-'));
  dirs.push(d);
  return d;
};

describe('the embedded database template', () => {
  it('a new data directory starts migrated from the template, and keeps what is written to it', async () => {
    expect(await ensureTemplate()).toBe(templateFile());
    const dir = freshDir();
    const db = await openDatabase({ dataDir: dir });
    try {
      // No migrate() here: every migration is already in, from the template.
      const applied = await db.query<{ tag: string }>('SELECT tag FROM schema_migration ORDER BY tag');
      expect(applied.map((r) => r.tag)).toEqual(readMigrationTags());
      await db.exec(`INSERT INTO collaboration (id, name) VALUES (gen_random_uuid(), 'Mallprov')`);
    } finally {
      await db.close();
    }
    const again = await openDatabase({ dataDir: dir });
    try {
      expect(await again.query<{ name: string }>('SELECT name FROM collaboration')).toEqual([{ name: 'Mallprov' }]);
    } finally {
      await again.close();
    }
  });
});
