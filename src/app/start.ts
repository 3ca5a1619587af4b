import type { Logger } from 'pino';
import { inactivateDormantUsers } from '../platform/auth/inactivation.ts';
import type { Config } from '../platform/config.ts';
import { systemCtx } from '../platform/context.ts';
import { openDatabase, type Database } from '../platform/db/client.ts';
import { migrate } from '../platform/db/migrate.ts';
import type { App, DemoGuide } from '../platform/http/app.ts';
import { cleanup } from '../platform/jobs/cleanup.ts';
import { Worker, type JobHandler } from '../platform/jobs/jobs.ts';
import { startDailySchedule } from '../platform/jobs/schedule.ts';
import { mailJobHandlers } from '../platform/mail/mail.ts';
import { lockDataDir } from '../platform/server/data-dir-lock.ts';
import { seedIsoCodes } from '../catalogue/iso/seed-iso-codes.ts';
import { CentreLink } from '../ordering/orders/centre-link.ts';

/** Time since the process started (module loading included). */
const ms = () => Math.round(performance.now());

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
  opts: { referenceData?: boolean; phases?: Record<string, number> } = {},
): Promise<{ database: Database; release: () => void }> {
  const phases = opts.phases ?? {};
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    phases.databaseOpen = ms();
    const applied = await migrate(database);
    phases.migrations = ms();
    if (applied.length) log.info({ migrations: applied }, 'migrations applied');
    // Reference data every installation has (a no-op costing one query when present). Not before a restore:
    // the backup brings its own, and restore needs an empty database.
    if (opts.referenceData !== false) await seedIsoCodes(database.db);
    phases.referenceData = ms();
    return { database, release };
  } catch (err) {
    release();
    throw err;
  }
}

export async function jobHandlers(database: Database, config: Config, log: Logger, centre: CentreLink): Promise<Record<string, JobHandler>> {
  const [{ mediaJobHandlers }, contract] = await Promise.all([
    import('../catalogue/media/import-media-from-url.ts'),
    wireContract(database, config, log, centre),
  ]);
  const ctx = () => systemCtx({ db: database.db, database, config, log });
  return {
    'users.inactivate-dormant': async () => {
      const ids = await inactivateDormantUsers(ctx());
      if (ids.length) log.info({ count: ids.length }, 'dormant users inactivated');
    },
    'platform.cleanup': () => cleanup(ctx()),
    ...mailJobHandlers(database, config),
    ...mediaJobHandlers(database, config, log),
    ...contract.handlers,
  };
}

/**
 * The two sides of the contract in one process (DESIGN principle 1): the ordering side's outbox delivers its
 * messages to the provision side's intake, and the provision side's outbox delivers its events to the ordering
 * side. Each side only sees the other through src/contract's endpoint interfaces.
 */
export async function wireContract(database: Database, config: Config, log: Logger, link: CentreLink, now?: () => Date) {
  const [
    { createCentreEndpoint },
    { provisionJobHandlers },
    { orderOrigin },
    { createOrderingEndpoint },
    { orderingJobHandlers },
    { routeOrderEvents, DELIVER_WEBHOOKS_JOB, SWEEP_WEBHOOKS_JOB, sweepWebhooksHandler },
    { deliverWebhooksHandler },
  ] = await Promise.all([
    import('../provision/intake/receive-message.ts'),
    import('../provision/jobs.ts'),
    import('../provision/orders/order-origin.ts'),
    import('../ordering/orders/apply-event.ts'),
    import('../ordering/orders/send-message.ts'),
    import('../contract/webhooks/record-events.ts'),
    import('../contract/webhooks/deliver-webhooks.ts'),
  ]);
  const centre = link.set(createCentreEndpoint({ database, config, log }));
  const ordering = createOrderingEndpoint({ database });
  // The centre's events for orders that other ordering systems sent over REST go to those systems (the event
  // feed and their webhooks, src/contract/webhooks); the rest to this process's ordering side.
  // The webhooks' wake-ups are timed by the clock the job worker runs on (a test's, moved by the test).
  const clock = now ? { now } : {};
  const events = routeOrderEvents({ database, ordering, originOf: (orderId) => orderOrigin(database, orderId), ...clock });
  return {
    centre,
    ordering,
    handlers: {
      ...orderingJobHandlers({ database, centre }),
      ...provisionJobHandlers({ database, config, log, ordering: events }),
      [DELIVER_WEBHOOKS_JOB]: deliverWebhooksHandler({ database, log, ...clock }),
      [SWEEP_WEBHOOKS_JOB]: sweepWebhooksHandler({ database, ...clock }),
    },
  };
}

/** The modules openDatabase loads before it starts PGlite (src/platform/db/client.ts). */
const preloadPglite = () => Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')]);

export async function startServer(
  config: Config,
  log: Logger,
  opts: { beforeListen?: (db: Database) => Promise<void>; demoGuide?: Promise<DemoGuide> | DemoGuide | null } = {},
): Promise<Running> {
  // Milliseconds since the process started at the end of each step, logged once the server listens.
  const phases: Record<string, number> = { modulesOfStart: ms() };
  // The database starts first: PGlite reads its files (15 MB) and decodes its WebAssembly off the main thread
  // while the HTTP layer's modules load on it. Its modules are loaded beforehand, so that it gets that far
  // before those (half a second of work on the main thread) are evaluated.
  if (!config.databaseUrl) await preloadPglite();
  const opened = openAndMigrate(config, log, { phases });
  const modules = Promise.all([import('../platform/http/app.ts'), import('./routes.ts')]).then((r) => ((phases.httpModules = ms()), r));
  // Both settle before either failure is thrown, so a failed start never leaves the database open.
  const [openResult, modulesResult] = await Promise.allSettled([opened, modules]);
  if (openResult.status === 'rejected') throw openResult.reason;
  const { database, release } = openResult.value;
  if (modulesResult.status === 'rejected') {
    await database.close();
    release();
    throw modulesResult.reason;
  }
  const [{ buildApp }, { appRoutes, authenticateClient }] = modulesResult.value;
  const centre = new CentreLink();
  await opts.beforeListen?.(database);
  // The job handlers (they load the contract's modules) are made before the server listens: from the moment it
  // answers, nothing is left to wait for but starting the worker, so callers report the start at once.
  const [app, handlers] = await Promise.all([
    (async () => buildApp({ config, database, log, routes: appRoutes(centre), authenticateClient, demoGuide: (await opts.demoGuide) ?? null }))(),
    config.worker ? jobHandlers(database, config, log, centre) : null,
  ]);
  // Without a worker this server still answers the ordering side's questions to the centre (its work-order
  // types, code lists and a cart's delivery estimate) in process; the messages go through another server's worker.
  if (!handlers) {
    const { createCentreEndpoint } = await import('../provision/intake/receive-message.ts');
    centre.set(createCentreEndpoint({ database, config, log }));
  }
  phases.app = ms();
  await app.listen({ port: config.port, host: config.host });
  phases.listening = ms();
  log.info({ startupMs: phases }, 'listening');
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

  let worker: Worker | null = null;
  let stopSchedule = () => {};
  if (handlers) {
    worker = new Worker({ database, log, handlers });
    worker.start();
    stopSchedule = startDailySchedule(database);
    // The webhooks' sweep reschedules itself each minute (src/contract/webhooks/record-events.ts); this starts it.
    const { scheduleWebhookSweep } = await import('../contract/webhooks/record-events.ts');
    await scheduleWebhookSweep(database.db, new Date());
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
