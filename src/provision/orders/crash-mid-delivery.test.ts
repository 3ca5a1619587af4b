import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { dropDurableDatabases, durableDatabase } from '../../../test/durable-database.ts';
import { seedDemo } from '../../administration/seed/demo.ts';
import { testConfig } from '../../platform/config.ts';
import { systemCtx } from '../../platform/context.ts';
import { type Database } from '../../platform/db/client.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createLogger } from '../../platform/logger.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses } from '../testing/given.ts';
import { deliverLine } from './deliver-line.ts';
import { reserveUnits } from './fill-line.ts';

/**
 * A real crash: a separate process is killed (SIGKILL) in the middle of a delivery, after the first of two
 * units went onto the patient inside the transaction. The database it leaves (a PGlite data directory after
 * crash recovery, or the PostgreSQL server) has nothing of that delivery, and the delivery then works.
 */

afterAll(dropDurableDatabases);

async function snapshot(database: Database, lineId: string) {
  const q = async (sql: string) => database.query(sql, [lineId]);
  return {
    line: await q(`SELECT state, delivered_quantity, version FROM provision_order_line WHERE id = $1`),
    units: await q(
      `SELECT unit_number, status, reserved_for_line_id, version FROM provision_unit WHERE reserved_for_line_id = $1 OR id IN (SELECT unit_id FROM provision_holding WHERE line_id = $1) ORDER BY seq`,
    ),
    holdings: await q(`SELECT count(*)::int AS n FROM provision_holding WHERE line_id = $1`),
    events: await q(`SELECT type, sequence FROM provision_order_event WHERE order_id = (SELECT order_id FROM provision_order_line WHERE id = $1) ORDER BY id`),
    unitEvents: await q(`SELECT count(*)::int AS n FROM provision_unit_event WHERE line_id = $1`),
    jobs: await q(`SELECT count(*)::int AS n FROM job WHERE payload->>'orderId' = (SELECT order_id::text FROM provision_order_line WHERE id = $1)`),
  };
}

it('a process killed in the middle of a delivery leaves nothing half-done', async () => {
  const { target, open } = await durableDatabase();
  let database = await open();
  await migrate(database);
  await seedDemo(database.db, { extraPrescribers: 0, provision: false });
  const ctx = (d: Database) => systemCtx({ db: d.db, database: d, config: testConfig(), log: createLogger('silent') });
  const wh = await givenWarehouses(database);
  const chair = await givenUnitArticle(database, { name: 'Rullstol Krasch' });
  const units = await givenUnits(ctx(database), wh.main.id, chair.id, [{ purchaseDate: '2020-01-01' }, { purchaseDate: '2020-02-01' }]);
  const o = await givenReceivedOrder(ctx(database), { lines: [{ articleNumber: chair.articleNumber, quantity: 2 }] });
  const lineId = o.lineIds[0]!;
  const reserved = await reserveUnits(as(ctx(database), 'warehouse'), lineId, { version: 1 });
  const before = await snapshot(database, lineId);
  expect(before.units).toHaveLength(2);
  await database.close();

  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, '../testing/crash-deliver-child.ts'),
      target,
      lineId,
      String(reserved.lineVersion),
      units.map((u) => u.id).join(','),
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(child.signal, child.stderr).toBe('SIGKILL');
  expect(child.stdout).not.toContain('not killed');

  database = await open();
  try {
    expect(await snapshot(database, lineId)).toEqual(before);
    // Nothing is stuck: the same delivery now goes through.
    const r = await deliverLine(as(ctx(database), 'warehouse'), lineId, { version: reserved.lineVersion, units: units.map((u) => ({ unitId: u.id })) });
    expect(r).toMatchObject({ state: 'delivered', deliveredQuantity: 2 });
  } finally {
    await database.close();
  }
}, 120_000);
