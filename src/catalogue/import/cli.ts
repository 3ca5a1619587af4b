import type { Logger } from 'pino';
import type { Config } from '../../platform/config.ts';
import { systemCtx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { isAppError } from '../../platform/errors.ts';
import { importCatalogueFile, type ImportBatchView } from './import-catalogue-file.ts';
import { formatBytes } from './limits.ts';
import type { ImportProgress } from './import-progress.ts';
import { progressText, streamProgress, textBar, type ProgressStream } from '../../platform/progress/progress.ts';

export interface ImportCommandOptions {
  /** Validate only: nothing is published. */
  dryRun?: boolean;
  /** Where the summary goes (a person reads it); default stdout / stderr. */
  out?: (line: string) => void;
  err?: (line: string) => void;
  /**
   * Where progress goes while the file is read: on a terminal one updating line, otherwise a plain line every
   * few seconds. Default stdout when `out` is not given; null: no progress.
   */
  progress?: ProgressStream | null;
}

const phaseLabel: Record<ImportProgress['phase'], string> = { reading: 'Läser', checking: 'Kontrollerar', publishing: 'Publicerar' };

/** One progress line: "Läser [████░░] 12 % 12 000 av 660 000 rader · 4 100 rader/s · cirka 2 min kvar". */
export function importProgressLine(p: ImportProgress, tty: boolean): string {
  if (p.phase !== 'reading') return `${phaseLabel[p.phase]} ${progressText({ ...p, ratePerSec: 0, etaSec: null, total: null }, 'rader')} …`;
  const bar = tty && p.total !== null ? `${textBar(p.done, p.total)} ` : '';
  return `${phaseLabel.reading} ${bar}${progressText(p, 'rader')}${p.estimated && p.total !== null ? ' (uppskattat)' : ''}`;
}

/** Exit codes: 0 published (or valid in a dry run), 1 the file has errors or publishing failed, 2 the file was refused. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_REFUSED = 2;

const num = (n: number) => new Intl.NumberFormat('sv-SE').format(n);
const secs = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(1).replace('.', ',')} s`;

/**
 * `bista import-catalogue FILE [--dry-run]`: imports the national file (or a supplier Excel file) as the
 * system, prints a Swedish summary and returns the exit code. The caller opens (and closes) the database.
 */
export async function runImportCommand(database: Database, config: Config, log: Logger, file: string, opts: ImportCommandOptions = {}): Promise<number> {
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = opts.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  const ctx = systemCtx({ db: database.db, database, config, log });
  const stream = opts.progress === undefined ? (opts.out ? null : process.stderr) : opts.progress;
  const shown = stream ? streamProgress(stream) : null;
  let phase: ImportProgress['phase'] | null = null;
  const onProgress = shown
    ? (p: ImportProgress) => {
        shown.show(importProgressLine(p, shown.tty), p.phase !== phase);
        phase = p.phase;
      }
    : undefined;
  let batch: ImportBatchView;
  try {
    batch = await importCatalogueFile(ctx, file, { publish: !opts.dryRun, ...(onProgress ? { onProgress } : {}) });
    shown?.done();
  } catch (e) {
    shown?.done();
    if (isAppError(e)) {
      err(`bista: ${e.message}`);
      return EXIT_REFUSED;
    }
    log.error({ err: e }, 'import-catalogue failed');
    err('bista: publiceringen avbröts av ett fel och allt rullades tillbaka; den publicerade katalogen är oförändrad.');
    err(`bista: ${(e as Error).message}`);
    return EXIT_INVALID;
  }
  const r = batch.report!;
  const c = r.counts;
  out(
    `${r.fileName} (${formatBytes(r.bytes)}, ${r.format === 'xml' ? 'XML' : 'Excel'}${r.header ? `, ISO 9999:${r.header.edition}, ${r.header.source === 'national' ? 'nationell' : 'leverantör'}, ${r.header.scope === 'full' ? 'hela katalogen' : 'ändringar'}` : ''})`,
  );
  out(
    `Läst och kontrollerad på ${secs((r.timingsMs.readAndStage ?? 0) + (r.timingsMs.validate ?? 0))}: ${num(c.article ?? 0)} artiklar, ${num(c.product ?? 0)} produkter, ` +
      `${num(c.supplier ?? 0)} leverantörer, ${num(c.agreement ?? 0)} avtal, ${num(c.price ?? 0)} priser, ${num(c.fit ?? 0)} passar-till-kopplingar, ${num(c.media ?? 0)} medielänkar.`,
  );
  if (batch.status === 'invalid') {
    err(`Filen har ${num(r.errorCount)} fel; inget publicerades och katalogen är oförändrad.`);
    for (const e of r.errors.slice(0, 50)) err(`  ${e.text}`);
    if (r.errorCount > 50) err(`  … och ${num(r.errorCount - 50)} till (hela rapporten: GET /api/catalogue/imports/${batch.id}).`);
    return EXIT_INVALID;
  }
  const ch = r.changes!;
  const changes = `${num(ch.new)} nya, ${num(ch.changed)} ändrade, ${num(ch.removed)} borttagna och ${num(ch.unchanged)} oförändrade artiklar`;
  if (batch.status === 'validated') {
    out(`Filen är giltig. Torrkörning: inget publicerades. En publicering skulle ge ${changes}.`);
  } else {
    out(`Publicerad på ${secs(r.timingsMs.publish)}: ${changes}.`);
    const show = (label: string, list: string[], count: number) => {
      if (count > 0 && count <= 20) out(`  ${label}: ${list.join(', ')}`);
    };
    show('Nya', ch.newArticles, ch.new);
    show('Ändrade', ch.changedArticles, ch.changed);
    show('Borttagna', ch.removedArticles, ch.removed);
  }
  out(`Import ${batch.id}, total tid ${secs(r.timingsMs.total)}.`);
  return EXIT_OK;
}
