import type { Logger } from 'pino';
import type { Config } from '../platform/config.ts';
import { systemCtx } from '../platform/context.ts';
import type { Database } from '../platform/db/client.ts';
import { isAppError } from '../platform/errors.ts';
import { kronor } from './basis/pdf.ts';
import { missingPrices } from './runs/close-month.ts';
import { runMonth, type RunStep } from './runs/run-month.ts';
import { stepText, streamProgress, type ProgressStream } from '../platform/progress/progress.ts';

export const RUN_STEP_LABELS: Record<RunStep, string> = { rent: 'Hyror', oneTime: 'Engångsavgifter', save: 'Sparar' };

/**
 * `bista invoice-run 2026-11`: computes (or recomputes) the month's draft invoice basis and prints what it
 * holds. Closing the month is finance's decision, in the web or the API, never the CLI's.
 */
export async function runInvoiceCommand(
  database: Database,
  config: Config,
  log: Logger,
  period: string,
  progress: ProgressStream = process.stderr,
): Promise<number> {
  const ctx = systemCtx({ db: database.db, database, config, log });
  const started = performance.now();
  // Each step as it begins ("Hyror 1/3 · 0,0 s"): one updating line on a terminal, a line each in a log.
  const shown = streamProgress(progress);
  try {
    const r = await runMonth(ctx, period, { onStep: (s) => shown.show(stepText(s, RUN_STEP_LABELS[s.key as RunStep]), true) }).finally(() => shown.done());
    const rows = await database.query<{ customers: number; lines: number; total: string }>(
      `SELECT count(DISTINCT customer_number)::int AS customers, count(*)::int AS lines, coalesce(sum(amount_ore), 0)::bigint AS total FROM billing_line WHERE period = $1`,
      [period],
    );
    const t = rows[0]!;
    const missing = await missingPrices(database.db, period);
    console.log(
      `Fakturaunderlag ${period} (utkast): ${t.lines} rader (${r.rentLines} hyra, ${r.otherLines} övriga) för ${t.customers} kundnummer, summa ${kronor(Number(t.total))} kr, på ${Math.round(performance.now() - started)} ms.`,
    );
    if (missing.length) {
      console.log('Pris saknas – månaden kan inte stängas förrän de har pris:');
      for (const m of missing) console.log(`  ${m.articleNumber ? `${m.articleNumber} ${m.articleName ?? ''}` : m.kind}: ${m.lines} rader`);
      return 3;
    }
    return 0;
  } catch (err) {
    if (isAppError(err)) {
      process.stderr.write(`bista: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
