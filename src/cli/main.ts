import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { openAndMigrate, startServer } from '../app/start.ts';
import type { DemoGuide } from '../platform/http/app.ts';
// Each command loads what only it needs (demo data, backup, the importer) when it runs: every module
// loaded here is start-up time of the server.
const demo = () => import('../administration/seed/demo.ts');

const USAGE = `Användning: bista <kommando> [flaggor]

  serve [--demo]        starta Bistå (migrerar databasen; --demo lägger in demodata i en tom databas)
  migrate               tillämpa databasmigreringar och avsluta
  seed --demo           lägg in demodata i en tom databas
  import-catalogue <fil> [--dry-run]
                        importera artikelregistret (Bistås XML-format eller leverantörens Excelmall);
                        --dry-run validerar utan att publicera
  invoice-run <ÅÅÅÅ-MM> räkna (om) månadens fakturaunderlag som utkast; stängs av ekonomi i webben/API:t
  backup <fil>          skriv en säkerhetskopia (gzip, JSON-rader) av hela databasen
  restore <fil>         återställ en säkerhetskopia till en tom, migrerad databas

Miljövariabler: PORT, HOST, BISTA_DATA_DIR (./data), DATABASE_URL (postgres://… i stället för inbäddad
databas), BISTA_LOG_LEVEL, BISTA_INACTIVATE_MONTHS (12), BISTA_SESSION_HOURS (10), BISTA_WORKER (on|off).`;

/** Prints one clear line for an expected failure and exits; a stack trace only for real bugs. */
function fail(message: string, code = 1): never {
  process.stderr.write(`bista: ${message}\n`);
  process.exit(code);
}

function explain(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { code?: string; address?: string; port?: number };
  if (e?.code === 'ECONNREFUSED')
    return `Kan inte ansluta till databasen (${e.address ?? ''}${e.port ? `:${e.port}` : ''}): anslutningen nekades. Kör PostgreSQL, och stämmer DATABASE_URL?`;
  if (e?.code === 'ENOTFOUND') return `Kan inte ansluta till databasen: värden finns inte. Stämmer DATABASE_URL?`;
  if (e?.code === '3D000') return `Databasen i DATABASE_URL finns inte: ${e.message}`;
  if (e?.code === '28P01' || e?.code === '28000') return `Databasen nekade inloggningen: ${e.message}`;
  if (e?.code === 'EADDRINUSE') return `Porten är upptagen (${e.port ?? ''}). Sätt PORT till en ledig port.`;
  if (e?.code === 'EACCES') return `Åtkomst nekad: ${e.message}`;
  if (err instanceof ConfigError || (err instanceof Error && err.name === 'RestoreError')) return err.message;
  if (err instanceof Error && /Datakatalogen|Migration /.test(err.message)) return err.message;
  return '';
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    fail((err as Error).message, 2);
  }
  // Server logs go to stdout as JSON; the CLI's own messages are for a person and go to stderr/stdout as text.
  const log = createLogger(command === 'serve' ? config.logLevel : 'warn');

  switch (command) {
    case 'serve': {
      let seeded = false;
      // Loaded meanwhile the database starts.
      const demoModule = values.demo ? demo() : null;
      // Made meanwhile too; the server waits for it only when it builds its routes.
      const demoGuide = demoModule ? demoModule.then(demoGuideOf) : null;
      const running = await startServer(config, log, {
        demoGuide,
        beforeListen: async (database) => {
          if (!demoModule) return;
          const { isEmpty, seedDemo } = await demoModule;
          if (await isEmpty(database.db)) {
            await seedDemo(database.db);
            await seedDemoData(database, config, log);
            seeded = true;
          }
        },
      });
      // performance.now() counts from the start of the process, so module loading is included.
      const ms = Math.round(performance.now());
      const lines = [
        '',
        `Bistå kör på ${running.url}  (startade på ${ms} ms, databas: ${running.database.kind === 'pglite' ? `inbäddad i ${config.dataDir}` : 'PostgreSQL'})`,
        `API-dokumentation: ${running.url}/api/docs`,
      ];
      if (demoModule) {
        const { demoLogins, DEMO_PASSWORD } = await demoModule;
        lines.push(
          seeded ? 'Demodata inlagd.' : 'Demodata finns sedan tidigare.',
          `Demoinloggningar (lösenord för alla: ${DEMO_PASSWORD}):`,
          ...demoLogins().map((d) => `  ${d.username.padEnd(14)} ${d.role.padEnd(20)} ${d.name}`),
          'Demopatienter att söka fram (personnummer):',
          ...(await demoGuide!).patients.map((p) => `  ${p.identifier}  ${p.name.padEnd(18)} ${DEMO_PATIENT_USE_SV[p.use]}`),
        );
      }
      process.stderr.write(lines.join('\n') + '\n\n');
      // The server bundle's entry point saves the compiled code of the start-up for the next start when it hears
      // this (src/platform/server/bundle-loader.mjs); from the sources, nobody listens.
      (process as NodeJS.EventEmitter).emit('bista:started');
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 10_000);
        force.unref();
        await running.stop();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      return;
    }
    case 'migrate': {
      const { database, release } = await openAndMigrate(config, log);
      await database.close();
      release();
      console.log('Databasen är migrerad.');
      return;
    }
    case 'seed': {
      if (!values.demo) fail('ange --demo (bara demodata kan läggas in så här)', 2);
      const { isEmpty, seedDemo, DEMO_PASSWORD } = await demo();
      const { database, release } = await openAndMigrate(config, log);
      try {
        if (!(await isEmpty(database.db))) {
          console.log('Databasen har redan data; ingen demodata lades in.');
        } else {
          await seedDemo(database.db);
          await seedDemoData(database, config, log);
          console.log(`Demodata inlagd. Logga in som t.ex. forskrivare eller admin med lösenordet ${DEMO_PASSWORD}.`);
        }
      } finally {
        await database.close();
        release();
      }
      return;
    }
    case 'import-catalogue': {
      const file = rest[0];
      if (!file) fail('ange en fil: bista import-catalogue <fil> [--dry-run]', 2);
      // Loaded only for this command: the importer's libraries would slow every start of the server.
      const { runImportCommand } = await import('../catalogue/import/cli.ts');
      const { database, release } = await openAndMigrate(config, log);
      try {
        process.exitCode = await runImportCommand(database, config, log, file, { dryRun: values['dry-run'] });
      } finally {
        await database.close();
        release();
      }
      return;
    }
    case 'invoice-run': {
      const period = rest[0];
      if (!period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) fail('ange en månad som ÅÅÅÅ-MM: bista invoice-run 2026-11', 2);
      const { runInvoiceCommand } = await import('../billing/cli.ts');
      const { database, release } = await openAndMigrate(config, log);
      try {
        process.exitCode = await runInvoiceCommand(database, config, log, period);
      } finally {
        await database.close();
        release();
      }
      return;
    }
    case 'backup':
    case 'restore': {
      const file = rest[0];
      if (!file) fail(`ange en fil: bista ${command} <fil>`, 2);
      const [{ backup, restore, backupProgressLine }, { mediaBackupFiles }, { streamProgress }] = await Promise.all([
        import('../platform/db/backup.ts'),
        import('../catalogue/media/backup-files.ts'),
        import('../platform/progress/progress.ts'),
      ]);
      const { database, release } = await openAndMigrate(config, log, { referenceData: command === 'backup' });
      try {
        const files = mediaBackupFiles(config);
        // On stderr (stdout keeps the result): one updating line on a terminal; a plain line every few seconds in a log.
        const shown = streamProgress(process.stderr);
        const onProgress = (p: Parameters<typeof backupProgressLine>[0]) => shown.show(backupProgressLine(p, shown.tty));
        const r = await (command === 'backup' ? backup(database, file, files, onProgress) : restore(database, file, files, onProgress)).finally(() =>
          shown.done(),
        );
        console.log(
          `${command === 'backup' ? 'Säkerhetskopia skriven till' : 'Återställd från'} ${file}: ${r.tables} tabeller, ${r.rows} rader, ${r.files} filer.`,
        );
      } finally {
        await database.close();
        release();
      }
      return;
    }
    default:
      fail(`okänt kommando '${command}'. Kör bista --help.`, 2);
  }
}

main().catch((err: unknown) => {
  const clear = explain(err);
  if (clear) fail(clear);
  console.error(err);
  process.exit(1);
});

/** Demo data beyond the organisation and users: the demo catalogue (through the real importer) and the centre's stock of it. */
async function seedDemoData(database: import('../platform/db/client.ts').Database, config: Config, log: import('pino').Logger) {
  const [{ systemCtx }, { seedDemoCatalogue }] = await Promise.all([import('../platform/context.ts'), import('../catalogue/seed/demo-catalogue.ts')]);
  await seedDemoCatalogue(systemCtx({ db: database.db, database, config, log }));
  const { seedDemoCatalogueStock } = await import('../provision/seed/demo.ts');
  await seedDemoCatalogueStock(database.db);
}

/** What each demo patient is for, in the start-up output (the login page names them in the page's language). */
const DEMO_PATIENT_USE_SV: Record<DemoGuide['patients'][number]['use'], string> = {
  ordinary: 'vanlig patient med adress och hjälpmedel att beställa till',
  protectedIdentity: 'skyddad identitet: adressen visas aldrig',
  coordinationNumber: 'samordningsnummer',
  child: 'barn (född på skottdagen 2016)',
};

/** The demo logins and a few demo patients, for the start-up output and the login page of a demo installation. */
async function demoGuideOf(d: Awaited<ReturnType<typeof demo>>): Promise<DemoGuide> {
  const { demoPatientGuide } = await import('../ordering/patients/demo-population.ts');
  return { password: d.DEMO_PASSWORD, logins: d.demoLogins(), patients: demoPatientGuide() };
}
