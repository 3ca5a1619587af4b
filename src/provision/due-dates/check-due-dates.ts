import { sql } from 'drizzle-orm';
import { addWorkingDays, stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { CLOSED_STATES_SQL } from '../orders/line-states.ts';
import { rowsOf } from '../orders/order-store.ts';
import { SEND_PENDING_JOB } from '../orders/order-events.ts';
import { enqueue } from '../../platform/jobs/jobs.ts';
import { delayedNewDates } from './compute-due-date.ts';
import { loadTimeLimits } from './time-limits.ts';

/** The daily job that tells the ordering side about missed due dates. */
export const CHECK_DUE_DATES_JOB = 'provision.check-due-dates';

export interface CheckDueDatesResult {
  today: string;
  delayedLines: number;
  orders: number;
}

export const DELAYED_REASON = 'Leveransen blev inte klar i tid; nytt beräknat datum';

/**
 * 'provision.check-due-dates': every open customer-order line whose promised date (due date, planned date
 * or the last 'delayed' date) has passed gets 'delayed' with a new date — the area's next delivery day the
 * centre can still make (urgent lines: the next working day). The new date becomes the promised one, so a
 * line is delayed once per missed date, and running the job twice on a day does nothing the second time.
 *
 * Set-based: one statement moves the lines' promised dates, writes the events and numbers them (after the
 * order's highest sequence), and one outbox job sweeps them out. The order table is locked against writes
 * (EXCLUSIVE: reads go on) for those seconds, so no step on an order can take a sequence number or change a
 * line meanwhile — staff and intake wait briefly instead of colliding, and no row lock is taken per order.
 * The promised date is not indexed, so with the line table's fill factor the line updates are HOT (no index
 * is touched).
 *
 * One stored event per order (and new date), not per line: the ordering side still gets one contract
 * 'delayed' per line, in sequence, built when it is sent (contractEventsOf in orders/send-events.ts). The
 * row keeps the lines in data.lineIds, in line order, and its `sequence` is the last of the numbers they
 * take, so the order's highest sequence stays max(sequence) for every other step. Why: a million overdue
 * lines is the worst case (issue 5 item 11: ≤ 10 s, bench/due-date-job.ts), and each stored row costs a
 * heap tuple, two index entries and the order check — measured, a row per line made the job 11–12 CPU
 * seconds, a row per order (4 lines each in the bench) about 7, against about 3.5 for updating the lines
 * alone. The contract could not carry several lines in one 'delayed' compatibly (its events are strict
 * objects with one lineId, and v1 receivers refuse anything else), so the packing stays on this side.
 */
export async function checkDueDates(ctx: Ctx): Promise<CheckDueDatesResult> {
  const now = ctx.now();
  const today = stockholmDateTime(now).date;
  const limits = await loadTimeLimits(ctx.db);
  const d = delayedNewDates(now, limits);
  const urgentDate = addWorkingDays(today, 1);
  const at = now.toISOString();
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE provision_order IN EXCLUSIVE MODE`);
    // A million lines are grouped and sorted in memory rather than spilled to disk (this transaction only).
    await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
    // The row estimates through the CTEs are far off, so the planner would JIT-compile this simple, run-once
    // plan: measured 0.5 s of compiling that saves nothing.
    await tx.execute(sql`SET LOCAL jit = off`);
    const [r] = rowsOf<{ lines: number; orders: number }>(
      await tx.execute(sql`
        WITH upd AS (
          UPDATE provision_order_line l
             SET expected_date = (CASE WHEN l.urgent THEN ${urgentDate}
                                       ELSE CASE o.delivery_weekday WHEN 1 THEN ${d[1]} WHEN 2 THEN ${d[2]} WHEN 3 THEN ${d[3]} WHEN 4 THEN ${d[4]} ELSE ${d[5]} END
                                  END)::date,
                 version = l.version + 1, updated_at = ${at}::timestamptz
            FROM provision_order o
           WHERE o.id = l.order_id AND o.order_type = 'customerOrder'
             AND l.state NOT IN ${sql.raw(CLOSED_STATES_SQL)}
             AND l.expected_date < ${today}::date
             -- Never later than the promised date, and indexed: a day with few overdue lines skips the rest.
             AND coalesce(l.planned_date, l.due_date, '9999-12-31'::date) < ${today}::date
          RETURNING l.id, l.order_id, o.seq AS order_seq, l.line_number, l.expected_date AS new_date)
        , per_order AS (
          -- An order's lines share the new date (urgency is the order's), but nothing here relies on it.
          -- Grouped by the order's seq first: an integer, and the lines come out of the table nearly in its order.
          SELECT order_seq, order_id, new_date, count(*) AS lines, jsonb_agg(id ORDER BY line_number) AS line_ids
            FROM upd GROUP BY order_seq, order_id, new_date)
        , ev AS (
          INSERT INTO provision_order_event (order_id, type, at, actor_label, data, event_id, sequence)
          SELECT p.order_id, 'delayed', ${at}::timestamptz, 'system',
                 jsonb_build_object('newDate', p.new_date::text, 'reason', ${DELAYED_REASON}::text, 'lineIds', p.line_ids),
                 gen_random_uuid(),
                 -- The last number the row's lines take: after the order's highest so far (the statement does not
                 -- see its own rows) and after the order's rows for earlier new dates, if any.
                 coalesce((SELECT max(e.sequence) FROM provision_order_event e WHERE e.order_id = p.order_id), 0)
                   + (sum(p.lines) OVER (PARTITION BY p.order_seq ORDER BY p.new_date))::int
            FROM per_order p)
        SELECT (SELECT coalesce(sum(lines), 0) FROM per_order)::int AS lines, (SELECT count(DISTINCT order_id) FROM per_order)::int AS orders`),
    );
    if (r && r.lines > 0) await enqueue(tx, SEND_PENDING_JOB, { since: at });
    return { today, delayedLines: r?.lines ?? 0, orders: r?.orders ?? 0 };
  });
}
