import type { Logger } from 'pino';
import { inactivateDormantUsers } from '../auth/inactivation.ts';
import type { Config } from '../config.ts';
import { systemCtx } from '../context.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import type { App } from '../http/app.ts';
import { cleanup } from '../jobs/cleanup.ts';
import { Worker, type JobHandler } from '../jobs/jobs.ts';
import { startDailySchedule } from '../jobs/schedule.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { seedIsoCodes } from '../../catalogue/iso/seed-iso-codes.ts';

export interface Running {
  app: App;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/** Opens (and for PGlite, locks) the database and applies pending migrations. */
export async function openAndMigrate(
  config: Config,
  log: Logger,
  opts: { referenceData?: boolean } = {},
): Promise<{ database: Database; release: () => void }> {
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const applied = await migrate(database);
    if (applied.length) log.info({ migrations: applied }, 'migrations applied');
    // Reference data every installation has (a no-op costing one query when present). Not before a restore:
    // the backup brings its own, and restore needs an empty database.
    if (opts.referenceData !== false) await seedIsoCodes(database.db);
    return { database, release };
  } catch (err) {
    release();
    throw err;
  }
}

export async function jobHandlers(database: Database, config: Config, log: Logger): Promise<Record<string, JobHandler>> {
  const { mediaJobHandlers } = await import('../../catalogue/media/import-media-from-url.ts');
  const ctx = () => systemCtx({ db: database.db, database, config, log });
  return {
    'users.inactivate-dormant': async () => {
      const ids = await inactivateDormantUsers(ctx());
      if (ids.length) log.info({ count: ids.length }, 'dormant users inactivated');
    },
    'platform.cleanup': () => cleanup(ctx()),
    ...mediaJobHandlers(database, config, log),
  };
}

export async function startServer(config: Config, log: Logger, opts: { beforeListen?: (db: Database) => Promise<void> } = {}): Promise<Running> {
  // The HTTP layer's modules load while the database starts (PGlite compiles its WebAssembly meanwhile).
  const modules = Promise.all([import('../http/app.ts'), import('../http/routes.ts')]);
  const { database, release } = await openAndMigrate(config, log);
  const [{ buildApp }, { allRoutes }] = await modules;
  await opts.beforeListen?.(database);
  const app = await buildApp({ config, database, log, routes: allRoutes });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

  let worker: Worker | null = null;
  let stopSchedule = () => {};
  if (config.worker) {
    worker = new Worker({ database, log, handlers: await jobHandlers(database, config, log) });
    worker.start();
    stopSchedule = startDailySchedule(database);
  }
  return {
    app,
    database,
    url,
    async stop() {
      stopSchedule();
      await worker?.stop();
      await app.close();
      await database.close();
      release();
    },
  };
}
