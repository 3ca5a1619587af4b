import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.ts';
import { testConfig } from '../../platform/config.ts';
import { systemCtx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { createLogger } from '../../platform/logger.ts';
import { withImportConnection } from './connection.ts';
import { stageColumns } from './mapping.ts';
import { createStageTables, dropStageTables, stageNames, StageWriter, type StageMethod } from './staging.ts';

/** The staging writer: rows arrive in the database as given, whatever their size, characters and batches. */

let database: Database & { drop(): Promise<void> };
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.drop();
});

// product: line, product_number, iso_code, supplier_gln, name, description
const rows: (string | null)[][] = Array.from({ length: 11 }, (_, i) => [
  String(i + 1),
  `P-${i}`,
  i % 3 === 0 ? null : '122203',
  null,
  `Rullstol Ärla ${i} – 😀`,
  i === 4 ? 'Å'.repeat(70_000) + '\t\\N\n' + 'x'.repeat(100_000) : i === 7 ? 'tab\there, back\\slash, line\nbreak, cr\r' : null,
]);

for (const method of ['copy', 'insert'] as StageMethod[]) {
  it(`${method}: every row, in batches smaller than the file, with long values and special characters`, async () => {
    const ctx = systemCtx({ db: database.db, database, config: testConfig(), log: createLogger('silent') });
    const names = stageNames(`00000000-0000-0000-0000-00000000000${method === 'copy' ? 1 : 2}`);
    const got = await withImportConnection(ctx, async (conn) => {
      await createStageTables(conn, names);
      try {
        const writer = new StageWriter(conn, names, method, 3);
        for (const r of rows) {
          writer.add('product', r);
          await writer.maybeFlush();
        }
        await writer.finish();
        expect(writer.counts.product).toBe(rows.length);
        return conn.query<Record<string, string | number | null>>(`SELECT ${stageColumns('product').join(', ')} FROM ${names.product} ORDER BY line`);
      } finally {
        await dropStageTables(conn, names);
      }
    });
    expect(got.map((r) => Object.values(r).map((v) => (v === null ? null : String(v))))).toEqual(rows);
  });
}
