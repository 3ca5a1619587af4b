import { sql, type SQL } from 'drizzle-orm';
import { run } from '../db.ts';
import { billingArticlesQuery, billingPricesQuery } from '../../catalogue/articles/billing-prices.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { oneTimeFactsQuery, rentFactsQuery } from '../../provision/billing-facts/facts.ts';
import { FINANCE } from '../roles.ts';
import { loadBillingSettings, type BillingSettings } from '../settings.ts';
import { nextPeriod, periodBounds, type PeriodBounds } from './period.ts';
import { stepper, type StepProgress } from '../../platform/progress/progress.ts';

/** The run's steps, in order: rent lines, one-time lines, then saving the month (the counts and the audit). */
export const RUN_STEPS = ['rent', 'oneTime', 'save'] as const;
export type RunStep = (typeof RUN_STEPS)[number];

/** The step of each month being run in this process now (the finance page polls it while its run button waits). */
const running = new Map<string, StepProgress>();
export const runProgress = (period: string): StepProgress | null => running.get(period) ?? null;

/**
 * The monthly run (DOMAIN §6, issue 12): computes and stores every line of a month's invoice basis from
 * the facts, set-based in SQL (two INSERT … SELECT), in one transaction. A draft month may be run again:
 * its computed lines are replaced, corrections placed in it stay. The same facts, prices and rules give
 * the same lines, so running a month twice gives the same basis.
 *
 * Which facts a month charges:
 * - rent for every day of the month a holding's rent runs (provision's rent facts), per holding, at the
 *   article's general price in force on the first charged day of the month; by day, a part month is
 *   price × days / days in the month, rounded to the öre (config 'month': the whole month's price for any
 *   month the rent runs in);
 * - every one-time fact dated on or before the month's last day and on or after the first billing month's
 *   first day that no other month has charged (a fact that came in after its month closed lands in the
 *   next open month), at the price in force on its day.
 * A charge without a price in force is stored without one, and the month cannot be closed (closeMonth).
 * Months run in order: once a month is closed, only the month after it can be run.
 */
export async function runMonth(ctx: Ctx, period: string, opts: { onStep?: (s: StepProgress) => void } = {}) {
  // The CLI (`bista invoice-run`) runs as the system; a person must be finance.
  if (ctx.actor) requireRole(ctx, ...FINANCE);
  const bounds = periodBounds(period);
  const by = ctx.actor?.username ?? 'system';
  const step = stepper(RUN_STEPS, (s) => {
    running.set(period, s);
    opts.onStep?.(s);
  });
  try {
    return await transaction(ctx, bounds, by, step);
  } finally {
    running.delete(period);
  }
}

async function transaction(ctx: Ctx, bounds: PeriodBounds, by: string, step: (s: RunStep) => void) {
  const period = bounds.period;
  return ctx.db.transaction(async (tx) => {
    // Millions of facts are joined: the hash joins fit in memory instead of spilling to disk (this transaction only).
    await run(tx, sql`SET LOCAL work_mem = '256MB'`);
    const settings = await loadBillingSettings(tx);
    await openPeriodForRun(tx, bounds, settings);
    const counts = await computeLines(tx, bounds, settings, step);
    step('save');
    await run(
      tx,
      sql`UPDATE billing_period SET computed_at = ${ctx.now()}, computed_by = ${by}, proration = ${settings.proration}, version = version + 1 WHERE period = ${period}`,
    );
    await audit(tx, ctx, { action: 'billing.month.run', entityType: 'billing_period', entityId: period, details: counts });
    return counts;
  });
}

/** Creates the month as a draft if needed and locks it; refuses a closed month and months out of order. */
async function openPeriodForRun(tx: DbOrTx, b: PeriodBounds, settings: BillingSettings) {
  const periods = (await run(tx, sql`SELECT period, state FROM billing_period ORDER BY period`)).rows as { period: string; state: string }[];
  const closed = periods.filter((p) => p.state === 'closed').map((p) => p.period);
  const lastClosed = closed.at(-1);
  const self = periods.find((p) => p.period === b.period);
  if (self?.state === 'closed')
    throw new AppError('CONFLICT', `Månaden ${b.period} är stängd och ändras aldrig. Rättelser görs som kreditrader i nästa öppna månad.`, {
      reason: 'periodClosed',
      period: b.period,
    });
  if (lastClosed && b.period !== nextPeriod(lastClosed))
    throw new AppError('CONFLICT', `Månaderna körs i ordning: nästa månad att köra är ${nextPeriod(lastClosed)} (${lastClosed} är den senast stängda).`, {
      reason: 'periodOrder',
      next: nextPeriod(lastClosed),
    });
  const otherDraft = periods.find((p) => p.state === 'draft' && p.period !== b.period);
  if (!lastClosed && otherDraft)
    throw new AppError('CONFLICT', `Månaden ${otherDraft.period} är påbörjad och inte stängd; stäng den först.`, {
      reason: 'periodOrder',
      next: otherDraft.period,
    });
  await run(
    tx,
    sql`INSERT INTO billing_period (period, state, proration) VALUES (${b.period}, 'draft', ${settings.proration}) ON CONFLICT (period) DO NOTHING`,
  );
  const [row] = (await run(tx, sql`SELECT state FROM billing_period WHERE period = ${b.period} FOR UPDATE`)).rows as { state: string }[];
  if (row?.state !== 'draft') throw new AppError('CONFLICT', `Månaden ${b.period} stängdes just av någon annan.`, { reason: 'periodClosed', period: b.period });
}

const LINE_COLUMNS = sql.raw(`period, customer_number, ordering_customer_number, cost_rule_id, kind, fact_id, fact_month, fact_date,
  order_number, centre_order_number, line_number, order_type, order_date, delivery_date, prescriber,
  patient_identifier, patient_name, patient_protected, article_number, article_name, iso_code, unit_number, charging_form,
  rent_from, rent_to, days, quantity, unit_price_ore, amount_ore, comment`);

interface RuleRow {
  id: string;
  max_patient_age: number | null;
  iso_code_prefix: string | null;
  home_municipality_code: string | null;
  payer_customer_number: string;
  valid_from: string;
  valid_to: string | null;
}

/**
 * The first active cost rule (by priority) that holds for fact row `f` on `day` with article row `a`: `index`
 * is one CASE giving the rule's position (1, 2, …) or NULL, to be computed once per row in an inner query
 * (the birth date behind an age rule is an expression over the personnummer: evaluated once, not once per
 * use); `id` and `payer` then map the position (column `rule`) to the rule's id and payer. Rules are few: read
 * once, they become plain expressions evaluated per row, with no subquery per charge (millions in a month's run).
 */
function costRuleCase(rules: RuleRow[], day: string) {
  if (!rules.length) return { index: sql`NULL::int`, id: sql`NULL::uuid`, payer: sql`NULL::text` };
  const conds = rules.map((r) => {
    const parts = [sql`${sql.raw(day)} BETWEEN ${r.valid_from}::date AND coalesce(${r.valid_to}::date, 'infinity'::date)`];
    if (r.max_patient_age !== null) parts.push(sql`f.patient_birth_date > (${sql.raw(day)} - make_interval(years => ${r.max_patient_age + 1}::int))::date`);
    if (r.iso_code_prefix !== null) parts.push(sql`(a.iso_code = ${r.iso_code_prefix} OR a.iso_code LIKE ${`${r.iso_code_prefix} %`})`);
    if (r.home_municipality_code !== null) parts.push(sql`f.home_municipality_code = ${r.home_municipality_code}`);
    return sql.join(parts, sql` AND `);
  });
  const byIndex = (value: (r: RuleRow) => SQL) =>
    sql`CASE f.rule ${sql.join(
      rules.map((r, i) => sql`WHEN ${i + 1} THEN ${value(r)}`),
      sql` `,
    )} END`;
  return {
    index: sql`CASE ${sql.join(
      rules.map((_, i) => sql`WHEN ${conds[i]} THEN ${i + 1}`),
      sql` `,
    )} END`,
    id: byIndex((r) => sql`${r.id}::uuid`),
    payer: byIndex((r) => sql`${r.payer_customer_number}::text`),
  };
}

async function computeLines(tx: DbOrTx, b: PeriodBounds, settings: BillingSettings, step: (s: RunStep) => void) {
  await run(tx, sql`DELETE FROM billing_line WHERE period = ${b.period} AND corrects_line_id IS NULL`);
  const [first] = (await run(tx, sql`SELECT min(period) AS p FROM billing_period`)).rows as { p: string }[];
  const since = `${first!.p}-01`;
  const rules = (
    await run(
      tx,
      sql`SELECT id, max_patient_age, iso_code_prefix, home_municipality_code, payer_customer_number, valid_from::text, valid_to::text
      FROM billing_cost_rule WHERE active AND valid_from <= ${b.end}::date AND (valid_to IS NULL OR valid_to >= ${since}::date) ORDER BY priority, id`,
    )
  ).rows as RuleRow[];
  const rentRule = costRuleCase(rules, 'f.d_from');
  const oneTimeRule = costRuleCase(rules, 'f.fact_date');
  const byDay = settings.proration === 'day';

  step('rent');
  const rent = await run(
    tx,
    sql`
    WITH prices AS (${billingPricesQuery()}),
    articles AS (${billingArticlesQuery()}),
    d AS (SELECT f.*, greatest(f.rent_from, ${b.start}::date) AS d_from, least(coalesce(f.rent_stop, ${b.next}::date), ${b.next}::date) AS d_stop
          FROM (${rentFactsQuery(b.start, b.end)}) f),
    -- OFFSET 0 keeps this a subquery of its own, so the rule's CASE (and the birth date in it) runs once per row.
    f AS (SELECT f.*, a.article_number, a.article_name, a.iso_code, ${rentRule.index} AS rule
          FROM d f JOIN articles a ON a.article_id = f.article_id AND a.charging_form = 'rent'
          WHERE f.d_stop > f.d_from OFFSET 0)
    INSERT INTO billing_line (${LINE_COLUMNS})
    SELECT ${b.period}, coalesce(${rentRule.payer}, f.ordering_customer_number), f.ordering_customer_number, ${rentRule.id}, 'rent', f.fact_id, ${b.period}, f.d_from,
      f.order_number, f.centre_order_number, f.line_number, f.order_type, f.order_date, f.delivery_date, f.prescriber,
      f.patient_identifier, f.patient_name, f.patient_protected, f.article_number, f.article_name, f.iso_code, f.unit_number, 'rent',
      f.d_from, f.d_stop - 1, f.d_stop - f.d_from, 1, pr.amount_ore,
      CASE WHEN ${byDay} THEN round(pr.amount_ore * (f.d_stop - f.d_from)::numeric / ${b.days})::bigint ELSE pr.amount_ore END,
      CASE WHEN pr.amount_ore IS NULL THEN 'Pris saknas för månaden'
           WHEN ${byDay} AND f.d_stop - f.d_from < ${b.days} THEN 'Del av månad: ' || (f.d_stop - f.d_from) || ' av ' || ${b.days} || ' dagar' END
    FROM f
    LEFT JOIN prices pr ON pr.article_id = f.article_id AND pr.valid_from <= f.d_from AND (pr.valid_until IS NULL OR pr.valid_until >= f.d_from)`,
  );

  step('oneTime');
  const oneTime = await run(
    tx,
    sql`
    WITH prices AS (${billingPricesQuery()}),
    articles AS (${billingArticlesQuery()}),
    sp AS (SELECT code, amount_ore, valid_from, lead(valid_from) OVER (PARTITION BY code ORDER BY valid_from) - 1 AS valid_until FROM billing_service_price),
    f AS (SELECT f.*, CASE f.kind WHEN 'workOrderTime' THEN CASE WHEN f.queue = 'consultant' THEN 'consultantHour' ELSE 'technicianHour' END
                                  WHEN 'installation' THEN 'installation' WHEN 'deinstallation' THEN 'deinstallation'
                                  WHEN 'urgentFee' THEN 'urgentFee' WHEN 'failedDeliveryFee' THEN 'failedDeliveryFee' END AS service_code
          FROM (${oneTimeFactsQuery(since, b.end)}) f
          WHERE NOT (f.kind = 'urgentFee' AND f.fee_exempt)
            AND NOT EXISTS (SELECT 1 FROM billing_line x WHERE x.fact_id = f.fact_id AND x.kind = f.kind AND x.fact_month = '-' AND x.corrects_line_id IS NULL AND x.period <> ${b.period})),
    priced AS (SELECT f.*, a.article_number AS a_number, a.article_name AS a_name, a.iso_code AS a_iso, a.charging_form AS a_form,
                 CASE WHEN f.kind = 'quote' THEN f.quote_amount_ore WHEN f.service_code IS NOT NULL THEN sp.amount_ore ELSE pr.amount_ore END AS unit_ore
          FROM f
          LEFT JOIN articles a ON a.article_id = f.article_id
          LEFT JOIN prices pr ON pr.article_id = f.article_id AND pr.valid_from <= f.fact_date AND (pr.valid_until IS NULL OR pr.valid_until >= f.fact_date)
          LEFT JOIN sp ON sp.code = f.service_code AND sp.valid_from <= f.fact_date AND (sp.valid_until IS NULL OR sp.valid_until >= f.fact_date)),
    ruled AS (SELECT f.*, ${oneTimeRule.index} AS rule FROM priced f LEFT JOIN articles a ON a.article_id = f.article_id OFFSET 0)
    INSERT INTO billing_line (${LINE_COLUMNS})
    SELECT ${b.period}, coalesce(${oneTimeRule.payer}, f.ordering_customer_number), f.ordering_customer_number, ${oneTimeRule.id}, f.kind, f.fact_id, '-', f.fact_date,
      f.order_number, f.centre_order_number, f.line_number, f.order_type, f.order_date, f.delivery_date, f.prescriber,
      f.patient_identifier, f.patient_name, f.patient_protected, coalesce(f.a_number, f.article_number), coalesce(f.a_name, f.article_name), f.a_iso, f.unit_number, f.a_form,
      NULL, NULL, NULL, f.quantity, f.unit_ore,
      CASE WHEN f.unit_ore IS NULL THEN NULL WHEN f.kind = 'workOrderTime' THEN round(f.unit_ore * f.minutes / 60.0)::bigint ELSE round(f.unit_ore * f.quantity)::bigint END,
      CASE WHEN f.unit_ore IS NULL THEN 'Pris saknas' WHEN f.kind = 'workOrderTime' THEN f.minutes || ' minuter' END
    FROM ruled f
`,
  );

  return { period: b.period, rentLines: rent.count, otherLines: oneTime.count };
}
