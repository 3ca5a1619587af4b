/**
 * Test helper process for crash-mid-delivery.test.ts: delivers a line of several units into the database
 * (a PGlite data directory or a PostgreSQL URL) and is killed (SIGKILL) inside the delivery transaction,
 * after the first unit has gone onto the patient and its holding was written.
 *   node --import tsx crash-deliver-child.ts DATADIR|URL LINE_ID VERSION UNIT_ID,UNIT_ID
 */
import { testConfig } from '../../platform/config.ts';
import { systemCtx } from '../../platform/context.ts';
import { openDatabase } from '../../platform/db/client.ts';
import { createLogger } from '../../platform/logger.ts';
import { deliverLine } from '../orders/deliver-line.ts';
import { as } from './given.ts';

const [target, lineId, version, unitIds] = process.argv.slice(2) as [string, string, string, string];
const database = await openDatabase(target.startsWith('postgres') ? { databaseUrl: target, poolSize: 2 } : { dataDir: target });
const ctx = as(systemCtx({ db: database.db, database, config: testConfig(), log: createLogger('silent') }), 'warehouse');
await deliverLine(
  ctx,
  lineId,
  { version: Number(version), units: unitIds.split(',').map((unitId) => ({ unitId })) },
  {
    afterUnit: (i) => {
      if (i === 0) process.kill(process.pid, 'SIGKILL');
    },
  },
);
process.stdout.write('not killed\n');
