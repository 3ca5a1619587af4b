import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';

/**
 * What happened on the provision side that billing charges for, as read-only fact queries (issue 12).
 * Billing never reads provision's tables: it calls these and gets rows with a documented shape, each fact
 * with a stable id. They are SQL (subqueries) rather than arrays, so that billing can price millions of
 * them set-based in one INSERT … SELECT (bench/invoice.ts); `listRentFacts` / `listOneTimeFacts` run them
 * for a caller that wants rows.
 *
 * Dates are Swedish calendar days (Europe/Stockholm). Rent runs on the days [rent_from, rent_stop):
 * from the delivery or buffer-registration day, up to the first day without rent — the pick-up order's
 * rent stop (3 working days after it, pickups/), cleared again when the unit is missing at pick-up (the
 * rent runs on), or the day the holding ended without a rent stop (written off, or picked up after an
 * investigation).
 */

/** Columns every fact has about the order it came from and the patient (no address: billing never shows one). */
const orderColumns = (o: string, p: string) =>
  sql.raw(`
  ${o}.customer_number AS ordering_customer_number,
  ${o}.order_number, ${o}.centre_order_number, ${o}.order_type,
  (${o}.received_at AT TIME ZONE 'Europe/Stockholm')::date AS order_date,
  ${o}.ordered_by_name AS prescriber,
  ${p}.identifier AS patient_identifier,
  CASE WHEN ${p}.id IS NULL THEN NULL ELSE ${p}.first_name || ' ' || ${p}.last_name END AS patient_name,
  coalesce(${p}.protected_identity, false) AS patient_protected,
  ${birthDateSql(`${p}.identifier`, `${p}.identifier_kind`)} AS patient_birth_date,
  ${p}.home_municipality_code`);

/**
 * The birth date a personnummer or samordningsnummer carries (YYYYMMDD…, a samordningsnummer's day + 60),
 * as SQL. Never fails: a malformed number gives null (and a day past the month's end rolls over, as
 * `birthDateOf` does).
 */
export function birthDateSql(identifier: string, kind: string): string {
  return `CASE WHEN ${identifier} ~ '^[0-9]{12}$' AND substr(${identifier}, 5, 2)::int BETWEEN 1 AND 12
    AND substr(${identifier}, 7, 2)::int - CASE WHEN ${kind} = 'samordningsnummer' THEN 60 ELSE 0 END BETWEEN 1 AND 31
    THEN make_date(substr(${identifier}, 1, 4)::int, substr(${identifier}, 5, 2)::int, 1)
      + (substr(${identifier}, 7, 2)::int - CASE WHEN ${kind} = 'samordningsnummer' THEN 60 ELSE 0 END - 1)
    END`;
}

/**
 * Rent facts: every holding whose rent runs on some day of [from, to]. Columns: fact_id (the holding),
 * the order columns, line_number, article_id, unit_number, delivery_date, rent_from, rent_stop (null =
 * still running).
 */
export function rentFactsQuery(from: string, to: string): SQL {
  return sql`SELECT h.id::text AS fact_id, ${orderColumns('o', 'p')},
      l.line_number, u.article_id, u.unit_number, h.from_date AS delivery_date,
      h.from_date AS rent_from,
      CASE WHEN h.rent_stops_on IS NOT NULL AND h.end_reason LIKE 'writtenOff:%' THEN least(h.rent_stops_on, h.to_date)
           ELSE coalesce(h.rent_stops_on, h.to_date) END AS rent_stop
    FROM provision_holding h
    JOIN provision_unit u ON u.id = h.unit_id
    JOIN provision_order o ON o.id = h.order_id
    LEFT JOIN provision_order_line l ON l.id = h.line_id
    LEFT JOIN provision_patient p ON p.id = h.patient_id
    WHERE h.from_date <= ${to}::date
      AND (coalesce(h.rent_stops_on, h.to_date) IS NULL OR coalesce(h.rent_stops_on, h.to_date) > ${from}::date)`;
}

/**
 * One-time facts dated on or before `to` (and on or after `from`, when given). Columns: kind (sale,
 * bufferWithdrawal, workOrderTime, installation, deinstallation, material, quote, urgentFee,
 * failedDeliveryFee), fact_id, fact_date, the order columns, line_number, delivery_date, article_id
 * (priced articles), article_number, article_name, unit_number, quantity, minutes (work-order time),
 * queue (who did the work: 'technician' or 'consultant'), quote_amount_ore, fee_exempt (urgent fee).
 */
export function oneTimeFactsQuery(from: string | null, to: string): SQL {
  const since = from ?? '0001-01-01';
  const stockholm = (col: string) => sql.raw(`(${col} AT TIME ZONE 'Europe/Stockholm')::date`);
  const none = sql.raw(`NULL::int AS minutes, NULL::text AS queue, NULL::bigint AS quote_amount_ore, false AS fee_exempt`);
  return sql`
    -- Sale articles delivered, and taken from a buffer store onto a patient: once per delivery event.
    SELECT CASE e.type WHEN 'delivered' THEN 'sale' ELSE 'bufferWithdrawal' END AS kind, e.id::text AS fact_id,
      coalesce((e.data->>'deliveredOn')::date, (e.data->>'registeredOn')::date, ${stockholm('e.at')}) AS fact_date,
      ${orderColumns('o', 'p')}, l.line_number,
      coalesce((e.data->>'deliveredOn')::date, (e.data->>'registeredOn')::date, ${stockholm('e.at')}) AS delivery_date,
      l.article_id, l.article_number, l.article_name,
      CASE WHEN jsonb_typeof(e.data->'units') = 'array' THEN e.data->'units'->>0 END AS unit_number,
      coalesce((e.data->>'quantity')::numeric, jsonb_array_length(CASE WHEN jsonb_typeof(e.data->'units') = 'array' THEN e.data->'units' ELSE '[]'::jsonb END)) AS quantity,
      ${none}
    FROM provision_order_event e
    JOIN provision_order_line l ON l.id = e.line_id
    JOIN provision_order o ON o.id = e.order_id
    LEFT JOIN provision_patient p ON p.order_id = o.id
    WHERE e.type IN ('delivered', 'registeredOnPatient') AND e.event_id IS NOT NULL
      AND l.charging_form IN ('sale', 'saleWithReturn')
      AND coalesce((e.data->>'deliveredOn')::date, (e.data->>'registeredOn')::date, ${stockholm('e.at')}) BETWEEN ${since}::date AND ${to}::date
    UNION ALL
    -- Work orders done: time by the hour (technician or consultant), installation and de-installation at
    -- their fixed price, a special adaptation at its accepted quote.
    SELECT CASE WHEN w.special_adaptation THEN 'quote' WHEN w.type_code = 'installation' THEN 'installation'
                WHEN w.type_code = 'deinstallation' THEN 'deinstallation' ELSE 'workOrderTime' END,
      w.order_id::text, ${stockholm('w.done_at')}, ${orderColumns('o', 'p')}, NULL::smallint, ${stockholm('w.done_at')},
      NULL::uuid, NULL, NULL, NULL, CASE WHEN w.special_adaptation OR w.type_code IN ('installation', 'deinstallation') THEN 1 ELSE round(w.minutes_spent / 60.0, 3) END,
      w.minutes_spent, o.queue, CASE WHEN w.special_adaptation THEN round(w.quote_amount * 100)::bigint END, false
    FROM provision_work_order w
    JOIN provision_order o ON o.id = w.order_id
    LEFT JOIN provision_patient p ON p.order_id = o.id
    WHERE w.state IN ('done', 'closed') AND w.done_at IS NOT NULL
      AND (w.special_adaptation AND w.quote_approved IS TRUE OR NOT w.special_adaptation AND (w.type_code IN ('installation', 'deinstallation') OR w.minutes_spent > 0))
      AND ${stockholm('w.done_at')} BETWEEN ${since}::date AND ${to}::date
    UNION ALL
    -- Material used on a work order, once per material row.
    SELECT 'material', m.id::text, ${stockholm('m.at')}, ${orderColumns('o', 'p')}, NULL::smallint, ${stockholm('m.at')},
      m.article_id, m.article_number, m.article_name, NULL, m.quantity::numeric, ${none}
    FROM provision_work_order_material m
    JOIN provision_work_order w ON w.order_id = m.order_id AND w.state IN ('done', 'closed')
    JOIN provision_order o ON o.id = m.order_id
    LEFT JOIN provision_patient p ON p.order_id = o.id
    WHERE ${stockholm('m.at')} BETWEEN ${since}::date AND ${to}::date
    UNION ALL
    -- The urgent fee: once per urgent order that was filled (not cancelled), on the day it came in.
    SELECT 'urgentFee', o.id::text, ${stockholm('o.received_at')}, ${orderColumns('o', 'p')}, NULL::smallint, NULL::date,
      NULL::uuid, NULL, NULL, NULL, 1::numeric, NULL::int, NULL::text, NULL::bigint, o.urgent_fee_exempt
    FROM provision_order o
    LEFT JOIN provision_patient p ON p.order_id = o.id
    WHERE o.urgent AND o.status = 'done' AND o.order_type <> 'pickUp'
      AND ${stockholm('o.received_at')} BETWEEN ${since}::date AND ${to}::date
    UNION ALL
    -- The failed-delivery fee ("bomkörning", cancelled because nobody was home): once per order, unless the
    -- driver recorded a failed attempt for the order that day (below: that attempt is the fee).
    SELECT 'failedDeliveryFee', o.id::text, f.on_day, ${orderColumns('o', 'p')}, NULL::smallint, NULL::date,
      NULL::uuid, NULL, NULL, NULL, 1::numeric, ${none}
    FROM (SELECT e.order_id, min(${stockholm('e.at')}) AS on_day FROM provision_order_event e
          WHERE e.type = 'cancelled' AND e.data->>'failedDeliveryFee' = 'true' GROUP BY e.order_id) f
    JOIN provision_order o ON o.id = f.order_id
    LEFT JOIN provision_patient p ON p.order_id = o.id
    WHERE f.on_day BETWEEN ${since}::date AND ${to}::date
      AND NOT EXISTS (SELECT 1 FROM provision_order_event a WHERE a.order_id = f.order_id AND a.type = 'failedDelivery'
                      AND ${stockholm('a.at')} = f.on_day)
    UNION ALL
    -- A failed delivery attempt the driver recorded (transport/confirm-stop.ts, with a new attempt): one fee each.
    SELECT 'failedDeliveryFee', 'attempt:' || e.id::text, ${stockholm('e.at')}, ${orderColumns('o', 'p')}, NULL::smallint, NULL::date,
      NULL::uuid, NULL, NULL, NULL, 1::numeric, ${none}
    FROM provision_order_event e
    JOIN provision_order o ON o.id = e.order_id
    LEFT JOIN provision_patient p ON p.order_id = o.id
    WHERE e.type = 'failedDelivery' AND e.data->>'failedDeliveryFee' = 'true'
      AND ${stockholm('e.at')} BETWEEN ${since}::date AND ${to}::date`;
}

export interface RentFact {
  fact_id: string;
  ordering_customer_number: string;
  order_number: string;
  centre_order_number: string;
  order_type: string;
  patient_birth_date: string | null;
  article_id: string;
  unit_number: string;
  delivery_date: string;
  rent_from: string;
  rent_stop: string | null;
}

export interface OneTimeFact {
  kind: string;
  fact_id: string;
  fact_date: string;
  ordering_customer_number: string;
  order_number: string;
  article_number: string | null;
  quantity: string;
  minutes: number | null;
  queue: string | null;
  quote_amount_ore: string | null;
  fee_exempt: boolean;
}

const dateText = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v as string | null));

/** The rent facts of [from, to] as rows (tests, small callers). */
export async function listRentFacts(db: DbOrTx, from: string, to: string): Promise<RentFact[]> {
  const r = (await db.execute(sql`SELECT * FROM (${rentFactsQuery(from, to)}) f ORDER BY fact_id`)) as unknown as { rows: unknown[] };
  return (r.rows as Record<string, unknown>[]).map((x) => ({
    ...(x as unknown as RentFact),
    patient_birth_date: dateText(x.patient_birth_date),
    delivery_date: dateText(x.delivery_date)!,
    rent_from: dateText(x.rent_from)!,
    rent_stop: dateText(x.rent_stop),
  }));
}

/** The one-time facts of [from, to] as rows (tests, small callers). */
export async function listOneTimeFacts(db: DbOrTx, from: string | null, to: string): Promise<OneTimeFact[]> {
  const r = (await db.execute(sql`SELECT * FROM (${oneTimeFactsQuery(from, to)}) f ORDER BY fact_date, kind, fact_id`)) as unknown as { rows: unknown[] };
  return (r.rows as Record<string, unknown>[]).map((x) => ({ ...(x as unknown as OneTimeFact), fact_date: dateText(x.fact_date)! }));
}
