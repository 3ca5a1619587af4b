import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { parseOrderEvent } from '../../contract/parse.ts';
import { addDays, addWorkingDays, stockholmDateTime, stockholmInstant } from '../../platform/calendar/index.ts';
import { deliverLine } from '../orders/deliver-line.ts';
import { listQueue } from '../queues/list-queue.ts';
import { Worker } from '../../platform/jobs/jobs.ts';
import { createLogger } from '../../platform/logger.ts';
import { provisionJobHandlers } from '../jobs.ts';
import { contractEventsOf, OUTBOX_COLUMNS, sendOrderEventsHandler, type OutboxRow } from '../orders/send-events.ts';
import { ContractRefused, type OrderEvent } from '../../contract/index.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses, RecordingOrdering } from '../testing/given.ts';

const log = createLogger('silent');
import { checkDueDates } from './check-due-dates.ts';
import { delayedNewDates } from './compute-due-date.ts';
import { defaultProvisionTimeLimits } from './time-limits.ts';

let t: TestApp;
let chairNo: string;
let chairId: string;
let warehouseId: string;

beforeAll(async () => {
  t = await startTestApp();
  warehouseId = (await givenWarehouses(t.database)).main.id;
  const chair = await givenUnitArticle(t.database, { name: 'Rullstol Försenad' });
  chairNo = chair.articleNumber;
  chairId = chair.id;
});
afterAll(() => t.close());

/** A clock `days` calendar days from today, at 06:00 Stockholm time (when the daily job runs). */
const daysLater = (days: number) => stockholmInstant(addDays(stockholmDateTime(new Date()).date, days), 6 * 60);

/** The order's 'delayed' events as the ordering side receives them (a stored row may stand for several lines). */
const delayed = async (orderId: string) =>
  (
    await t.database.query<OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS} FROM provision_order_event e JOIN provision_order o ON o.id = e.order_id
        WHERE e.order_id = $1 AND e.type = 'delayed' ORDER BY e.sequence`,
      [orderId],
    )
  ).flatMap((row) => contractEventsOf(row) as unknown as Record<string, unknown>[]);

describe("the due-date job ('provision.check-due-dates')", () => {
  it('sends "delayed" with a new date for each line past its date, once per missed date', async () => {
    const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: chairNo }, { articleNumber: chairNo }] });
    const later = daysLater(30);
    const r = await checkDueDates(t.ctx(() => later));
    expect(r.delayedLines).toBeGreaterThanOrEqual(2);
    const ev = await delayed(o.orderId);
    const [{ weekday }] = (await t.database.query<{ weekday: number }>(`SELECT delivery_weekday AS weekday FROM provision_order WHERE id = $1`, [
      o.orderId,
    ])) as [{ weekday: 1 | 2 | 3 | 4 | 5 }];
    const newDate = delayedNewDates(later, defaultProvisionTimeLimits)[weekday];
    expect(ev.map((e) => [e.lineId, e.sequence, e.newDate])).toEqual([
      [o.lineIds[0], 2, newDate],
      [o.lineIds[1], 3, newDate],
    ]);
    // Exactly the contract's 'delayed', as the ordering side will parse it.
    for (const e of ev) expect(parseOrderEvent(e)).toMatchObject({ ok: true });
    const lines = await t.database.query<{ expected_date: string; due_date: string }>(
      `SELECT expected_date::text, due_date::text FROM provision_order_line WHERE order_id = $1`,
      [o.orderId],
    );
    for (const l of lines) {
      expect(l.expected_date).toBe(newDate);
      expect(l.due_date < newDate).toBe(true);
    }
    // The outbox sweep delivers them after 'received', in sequence.
    const ordering = new RecordingOrdering();
    await new Worker({ database: t.database, log, handlers: provisionJobHandlers({ database: t.database, config: t.config, log, ordering }) }).runDue();
    expect(ordering.of(o.orderId).map((e) => [e.sequence, e.type])).toEqual([
      [1, 'received'],
      [2, 'delayed'],
      [3, 'delayed'],
    ]);
    for (const e of ordering.of(o.orderId)) expect(parseOrderEvent(e), JSON.stringify(e)).toMatchObject({ ok: true });
    expect(ordering.of(o.orderId)[1]).toMatchObject({ lineId: o.lineIds[0], newDate, reason: expect.stringMatching(/nytt beräknat datum/) });

    // The same day again: nothing new. After the new date has passed too: delayed again.
    expect((await checkDueDates(t.ctx(() => later))).delayedLines).toBe(0);
    await checkDueDates(t.ctx(() => daysLater(60)));
    expect(await delayed(o.orderId)).toHaveLength(4);
  });

  it('leaves delivered lines, lines with a planned date still ahead, and other order types alone', async () => {
    const [unit] = await givenUnits(t.ctx(), warehouseId, chairId, [{ purchaseDate: '2020-01-01' }]);
    const delivered = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: chairNo }] });
    await deliverLine(as(t.ctx(), 'warehouse'), delivered.lineIds[0]!, { version: 1, units: [{ unitId: unit!.id }] });
    const planned = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: chairNo }] });
    await t.database.query(`UPDATE provision_order_line SET planned_date = $2, expected_date = $2 WHERE id = $1`, [
      planned.lineIds[0],
      addDays(stockholmDateTime(new Date()).date, 90),
    ]);
    const pickUp = await givenReceivedOrder(t.ctx(), { orderType: 'pickUp', lines: [{ unitNumber: unit!.unitNumber }] });

    await checkDueDates(t.ctx(() => daysLater(30)));
    expect(await delayed(delivered.orderId)).toHaveLength(0);
    expect(await delayed(planned.orderId)).toHaveLength(0);
    expect(await delayed(pickUp.orderId)).toHaveLength(0);
  });

  it('the work queue lists lines by deadline, so a missed one stays at the top, and lists the overdue ones alone', async () => {
    const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: chairNo }] });
    const later = daysLater(20);
    const overdue = await listQueue(
      as(
        t.ctx(() => later),
        'warehouse',
      ),
      'warehouse',
      { overdue: true, limit: 200 },
    );
    expect(overdue.items.map((i) => i.lineId)).toContain(o.lineIds[0]);
    expect(overdue.items.every((i) => i.overdue)).toBe(true);
    const all = await listQueue(
      as(
        t.ctx(() => later),
        'warehouse',
      ),
      'warehouse',
      { limit: 200 },
    );
    const keys = all.items.map((i) => `${i.plannedDate ?? i.dueDate ?? '9999-12-31'}|${i.urgent ? 0 : 1}|${i.id}`);
    expect(keys).toEqual([...keys].sort());
    // A line that was told a new date is no longer overdue, but its missed deadline keeps it ahead of lines due later.
    const notOverdue = await listQueue(
      as(
        t.ctx(() => later),
        'warehouse',
      ),
      'warehouse',
      { overdue: false, limit: 200 },
    );
    expect(notOverdue.items.some((i) => i.expectedDate! > i.dueDate!)).toBe(true);
    expect(notOverdue.items.every((i) => !i.overdue)).toBe(true);
  });

  it('numbers only the overdue lines, gap-free after the order’s last event, with ids unique across runs', async () => {
    const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: chairNo }, { articleNumber: chairNo }, { articleNumber: chairNo }] });
    // The middle line has a planned date well ahead: it is not overdue, so it takes no number.
    await t.database.query(`UPDATE provision_order_line SET planned_date = $2, expected_date = $2 WHERE id = $1`, [
      o.lineIds[1],
      addDays(stockholmDateTime(new Date()).date, 200),
    ]);
    const first = await checkDueDates(t.ctx(() => daysLater(30)));
    expect(first.orders).toBeGreaterThanOrEqual(1);
    expect(first.orders).toBeLessThanOrEqual(first.delayedLines);
    await checkDueDates(t.ctx(() => daysLater(60)));
    const ev = await delayed(o.orderId);
    expect(ev.map((e) => [e.lineId, e.sequence])).toEqual([
      [o.lineIds[0], 2],
      [o.lineIds[2], 3],
      [o.lineIds[0], 4],
      [o.lineIds[2], 5],
    ]);
    for (const e of ev) expect(parseOrderEvent(e)).toMatchObject({ ok: true });
    // Every delayed event id is distinct (two runs, many orders), and the same each time it is built (a resend).
    const rows = await t.database.query<OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS} FROM provision_order_event e JOIN provision_order o ON o.id = e.order_id WHERE e.type = 'delayed'`,
    );
    const ids = rows.flatMap((row) => contractEventsOf(row).map((e) => e.eventId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(rows.flatMap((row) => contractEventsOf(row).map((e) => e.eventId))).toEqual(ids);
  });

  it('an order whose lines get different new dates: a stored row per date, the numbers running on across them', async () => {
    const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: chairNo }, { articleNumber: chairNo }] });
    // Urgency is the order's and copied to its lines; a line flagged alone still gets the urgent date.
    await t.database.query(`UPDATE provision_order_line SET urgent = true WHERE id = $1`, [o.lineIds[1]]);
    // A day on which the urgent date (the next working day) differs from the area's next delivery day.
    const [{ weekday }] = (await t.database.query<{ weekday: number }>(`SELECT delivery_weekday AS weekday FROM provision_order WHERE id = $1`, [
      o.orderId,
    ])) as [{ weekday: 1 | 2 | 3 | 4 | 5 }];
    const later = [30, 31, 32, 33, 34, 35, 36]
      .map(daysLater)
      .find((at) => delayedNewDates(at, defaultProvisionTimeLimits)[weekday] !== addWorkingDays(stockholmDateTime(at).date, 1))!;
    await checkDueDates(t.ctx(() => later));
    const [row] = await t.database.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM provision_order_event WHERE order_id = $1 AND type = 'delayed'`, [
      o.orderId,
    ]);
    expect(row!.rows).toBe(2);
    const ev = await delayed(o.orderId);
    expect(ev.map((e) => e.sequence)).toEqual([2, 3]);
    expect(Object.fromEntries(ev.map((e) => [e.lineId, e.newDate]))[o.lineIds[1]!]).toBe(addWorkingDays(stockholmDateTime(later).date, 1));
    for (const e of ev) expect(parseOrderEvent(e)).toMatchObject({ ok: true });
  });

  it('a stored row of several lines is sent whole: a failure sends it again from its first line, a refusal of one line does not stop the rest', async () => {
    const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: chairNo }, { articleNumber: chairNo }, { articleNumber: chairNo }] });
    await checkDueDates(t.ctx(() => daysLater(30)));
    // A receiver that keeps what it is given by eventId (as the ordering side does), failing or refusing on cue.
    const got: OrderEvent[] = [];
    let calls = 0;
    let failAt = 3; // the second 'delayed' (after 'received')
    let refuseAt = 0;
    const ordering = {
      async receive(e: OrderEvent) {
        calls++;
        if (calls === failAt) throw new Error('connect ECONNREFUSED');
        if (calls === refuseAt) throw new ContractRefused('INVALID', 'not today');
        if (!got.some((g) => g.eventId === e.eventId)) got.push(e);
      },
    };
    const send = sendOrderEventsHandler({ database: t.database, log, ordering });
    await expect(send({ orderId: o.orderId })).rejects.toThrow(/ECONNREFUSED/);
    expect(got.map((e) => [e.type, e.sequence])).toEqual([
      ['received', 1],
      ['delayed', 2],
    ]);
    await send({ orderId: o.orderId });
    // The row went again from its first line (same eventId, taken once), then the rest, in sequence.
    expect(calls).toBe(3 + 3);
    expect(got.map((e) => [e.type, e.sequence, 'lineId' in e ? e.lineId : null])).toEqual([
      ['received', 1, null],
      ['delayed', 2, o.lineIds[0]],
      ['delayed', 3, o.lineIds[1]],
      ['delayed', 4, o.lineIds[2]],
    ]);

    // The next missed date: the receiver refuses the middle line for good; the others still go, the row is done.
    await checkDueDates(t.ctx(() => daysLater(60)));
    failAt = 0;
    refuseAt = calls + 2;
    await send({ orderId: o.orderId });
    expect(got.slice(4).map((e) => e.sequence)).toEqual([5, 7]);
    const [last] = await t.database.query<{ sent: boolean; refusal: string | null }>(
      `SELECT sent_at IS NOT NULL AS sent, refusal FROM provision_order_event WHERE order_id = $1 AND type = 'delayed' ORDER BY sequence DESC LIMIT 1`,
      [o.orderId],
    );
    expect(last).toEqual({ sent: true, refusal: '#6 INVALID: not today' });
  });

  it('a delayed row stored one per line (before the rows were per order) is still sent as it was', async () => {
    const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: chairNo }] });
    const eventId = crypto.randomUUID();
    await t.database.query(
      `INSERT INTO provision_order_event (order_id, line_id, type, at, actor_label, data, event_id, sequence)
       VALUES ($1, $2, 'delayed', '2026-03-02T05:00:00.000Z', 'system', '{"newDate": "2026-03-06", "reason": "Sent"}', $3, 2)`,
      [o.orderId, o.lineIds[0], eventId],
    );
    expect(await delayed(o.orderId)).toEqual([
      {
        contractVersion: 1,
        eventId,
        orderId: o.orderId,
        centreOrderNumber: o.receipt.centreOrderNumber,
        sequence: 2,
        occurredAt: '2026-03-02T05:00:00.000Z',
        lineId: o.lineIds[0],
        type: 'delayed',
        newDate: '2026-03-06',
        reason: 'Sent',
      },
    ]);
  });

  it('without a foreign key, an event still cannot name a missing order, nor an order with events be deleted', async () => {
    const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: chairNo }] });
    await expect(t.database.query(`INSERT INTO provision_order_event (order_id, type, at) VALUES (gen_random_uuid(), 'note', now())`)).rejects.toThrow(
      /order does not exist/,
    );
    // The order's other rows (lines, patient …) hold it by their own foreign keys: take those away first,
    // inside a transaction that is rolled back.
    await t.database.withConnection(async (c) => {
      await c.exec('BEGIN');
      try {
        await c.query(`DELETE FROM provision_order_line WHERE order_id = $1`, [o.orderId]);
        await c.query(`DELETE FROM provision_patient WHERE order_id = $1`, [o.orderId]);
        await expect(c.query(`DELETE FROM provision_order WHERE id = $1`, [o.orderId])).rejects.toThrow(/cannot be deleted/);
      } finally {
        await c.exec('ROLLBACK');
      }
    });
  });
});
