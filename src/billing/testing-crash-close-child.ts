/**
 * Test helper process for runs/close-crash.test.ts: closes a billing month in the database (a PGlite data
 * directory or a PostgreSQL URL) and is killed (SIGKILL) at POINT: 'closed' (inside the transaction, right
 * after the period's UPDATE), 'noticed' (inside it, after the customers' notices were queued) or 'committed'
 * (just after the close returned).
 *   node --import tsx testing-crash-close-child.ts DATADIR|URL PERIOD VERSION POINT
 */
import { testConfig } from '../platform/config.ts';
import { systemCtx } from '../platform/context.ts';
import { openDatabase } from '../platform/db/client.ts';
import { createLogger } from '../platform/logger.ts';
import { as } from '../provision/testing/given.ts';
import { closeMonth } from './runs/close-month.ts';

const [target, period, version, point] = process.argv.slice(2) as [string, string, string, 'closed' | 'noticed' | 'committed'];
const database = await openDatabase(target.startsWith('postgres') ? { databaseUrl: target, poolSize: 2 } : { dataDir: target });
const ctx = as(systemCtx({ db: database.db, database, config: testConfig(), log: createLogger('silent') }), 'finance');
await closeMonth(
  ctx,
  period,
  { version: Number(version) },
  {
    at: (p) => {
      if (p === point) process.kill(process.pid, 'SIGKILL');
    },
  },
);
if (point === 'committed') process.kill(process.pid, 'SIGKILL');
process.stdout.write('not killed\n');
