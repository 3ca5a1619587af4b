import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { stockholmInstant } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { listOneTimeFacts } from '../billing-facts/facts.ts';
import { cancelCentreOrder } from '../orders/cancel-lines.ts';
import { deliverLine } from '../orders/deliver-line.ts';
import { reserveUnits } from '../orders/fill-line.ts';
import { customerByNumber } from '../../administration/organisation/customer-by-number.ts';
import { receiveMessage } from '../intake/receive-message.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses, submitMessage } from '../testing/given.ts';
import { confirmStop, type ConfirmInput } from './confirm-stop.ts';
import { addStop, moveStop, removeStop } from './edit-run.ts';
import { planRuns } from './plan-runs.ts';
import { getRun, listDriverRuns, listRuns } from './runs.ts';

let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;

beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
});
afterAll(() => t.close());

// Customer 20101 is in Centralorten, delivered on Fridays. Orders come in on Thursday 17 December 2026; each test
// plans a Friday of its own in January 2027, and the driver drives it that morning.
const received = stockholmInstant('2026-12-17', 10 * 60);
const at = (d: Date): Ctx => t.ctx(() => d);
const morningOf = (day: string) => at(stockholmInstant(day, 7 * 60));
const planner = (day: string) => as(morningOf(day), 'warehouse');
const DRIVER_ID = crypto.randomUUID();
/** The same driver every time (a run, once taken, is theirs). */
const driver = (day: string, name = 'chauffor') => {
  const c = as(morningOf(day), 'driver');
  return { ...c, actor: { ...c.actor!, userId: DRIVER_ID, name } };
};

const patient = (first: string, street: string, postalCode: string) => ({
  identifier: '194001079120',
  identifierKind: 'personnummer' as const,
  firstName: first,
  lastName: 'Transport',
  protectedIdentity: false,
  homeMunicipalityCode: '9901',
  address: { careOf: null, street, postalCode, city: 'Norrvik' },
});

/** A customer order for one unit of a fresh article, its unit reserved (ready to deliver) unless told. */
async function readyOrder(name: string, p = patient('Märta', 'Storgatan 12', '990 10'), reserve = true) {
  const ctx = at(received);
  const a = await givenUnitArticle(t.database, { name });
  const [u] = await givenUnits(ctx, wh.main.id, a.id, [{ purchaseDate: '2025-01-01', serialNumber: `SN-${name}` }]);
  const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: a.articleNumber }], patient: p });
  if (reserve) await reserveUnits(as(ctx, 'warehouse'), o.lineIds[0]!, { version: 1 });
  return { ...o, unit: u! };
}

/** A unit delivered on 1 December and a pick-up order for it on 17 December. */
async function pickUpOrder(name: string) {
  const ctx = at(stockholmInstant('2026-12-01', 9 * 60));
  const a = await givenUnitArticle(t.database, { name });
  const [u] = await givenUnits(ctx, wh.main.id, a.id, [{ purchaseDate: '2025-01-01' }]);
  const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: a.articleNumber }], patient: patient('Hämta', 'Bergsvägen 3', '990 30') });
  const r = await reserveUnits(as(ctx, 'warehouse'), o.lineIds[0]!, { version: 1 });
  await deliverLine(as(ctx, 'warehouse'), o.lineIds[0]!, { version: r.lineVersion, units: [{ unitId: u!.id }] });
  const p = await givenReceivedOrder(at(received), { orderType: 'pickUp', lines: [{ unitNumber: u!.unitNumber }] });
  return { ...p, unit: u! };
}

async function runOf(day: string) {
  const runs = await listRuns(planner(day), { day });
  const run = runs.find((r) => r.areaName === 'Centralorten')!;
  return getRun(planner(day), run.id);
}
const stopOf = (run: Awaited<ReturnType<typeof runOf>>, orderId: string) => run.stops.find((s) => s.orderId === orderId)!;

const contractEvents = async (orderId: string) =>
  (
    await t.database.query<{ contract_event: Record<string, unknown> }>(
      `SELECT contract_event FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL ORDER BY sequence`,
      [orderId],
    )
  ).map((r) => r.contract_event);
const lineState = async (id: string) =>
  (await t.database.query<{ state: string; version: number }>(`SELECT state, version FROM provision_order_line WHERE id = $1`, [id]))[0]!;
const confirm = (day: string, runId: string, stopId: string, input: Omit<ConfirmInput, 'confirmationId'> & { confirmationId?: string }) =>
  confirmStop(driver(day), runId, stopId, { confirmationId: crypto.randomUUID(), ...input });
const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, status: e.status, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
};

describe('planning the day’s runs', () => {
  it('takes the filled lines due by the day and the pick-ups, in postal-code order, and nothing twice', async () => {
    const day = '2027-01-08';
    const north = await readyOrder('Plan Norr', patient('Norra', 'Ågatan 1', '990 40'));
    const south = await readyOrder('Plan Söder', patient('Södra', 'Backen 2', '990 05'));
    const notFilled = await readyOrder('Plan Ej fylld', patient('Ofylld', 'Gränd 1', '990 06'), false);
    const pick = await pickUpOrder('Plan Hämtas');

    const r = await planRuns(planner(day), { day });
    expect(r.runs.map((x) => x.areaName)).toEqual(['Centralorten']);
    const run = await runOf(day);
    const mine = run.stops.filter((s) => [north.orderId, south.orderId, notFilled.orderId, pick.orderId].includes(s.orderId));
    expect(mine.map((s) => s.address?.postalCode)).toEqual(['990 05', '990 10', '990 40']);
    expect(stopOf(run, pick.orderId)).toMatchObject({ kind: 'pickUp', lines: [{ unitNumbers: [pick.unit.unitNumber], articleName: 'Plan Hämtas' }] });
    expect(stopOf(run, south.orderId)).toMatchObject({ kind: 'delivery', label: 'Södra Transport', contactPhone: '0611-12 34 56' });
    // The loading list: the deliveries' units, last stop first.
    const loading = run.loadingList.filter((l) => [north.unit.unitNumber, south.unit.unitNumber].includes(l.unitNumbers[0]!));
    expect(loading.map((l) => l.unitNumbers[0])).toEqual([north.unit.unitNumber, south.unit.unitNumber]);

    // Planning again adds nothing; a Monday plans no Centralorten run.
    const again = await planRuns(planner(day), { day });
    expect(again.runs[0]!.added).toBe(0);
    expect((await planRuns(planner('2027-01-11'), { day: '2027-01-11' })).runs.some((x) => x.areaName === 'Centralorten')).toBe(false);
  });

  it('a stop never driven on an earlier day’s run moves to the next run', async () => {
    const o = await readyOrder('Inte körd');
    await planRuns(planner('2027-04-16'), { day: '2027-04-16' });
    const first = await runOf('2027-04-16');
    expect(first.stops.some((s) => s.orderId === o.orderId)).toBe(true);
    // Nobody drove it. A week later the stop is planned again, and the old run has it no more.
    await planRuns(planner('2027-04-23'), { day: '2027-04-23' });
    expect((await runOf('2027-04-23')).stops.some((s) => s.orderId === o.orderId)).toBe(true);
    const old = await runOf('2027-04-16');
    expect(old.stops.some((s) => s.orderId === o.orderId)).toBe(false);
    expect(old.state).toBe('done');
  });

  it('a delivery point gets the register’s address; a protected identity gets none', async () => {
    const day = '2027-04-02';
    const ctx = at(received);
    const customer = (await customerByNumber(t.database.db, '20101'))!;
    const point = customer.addresses.find((a) => a.isDefault)!;
    const a = await givenUnitArticle(t.database, { name: 'Leveranspunkt' });
    const [u1, u2] = await givenUnits(ctx, wh.main.id, a.id, [{ purchaseDate: '2025-01-01' }, { purchaseDate: '2025-01-01' }]);
    const toPoint = submitMessage({ lines: [{ articleNumber: a.articleNumber }] });
    toPoint.order.delivery = { kind: 'deliveryPoint', deliveryAddressId: point.id, label: point.label };
    await receiveMessage(ctx, toPoint);
    const hidden = await givenReceivedOrder(ctx, {
      lines: [{ articleNumber: a.articleNumber }],
      patient: { ...patient('Skyddad', 'x', '990 00'), protectedIdentity: true, address: null },
    });
    await reserveUnits(as(ctx, 'warehouse'), toPoint.order.lines[0]!.lineId, { version: 1, unitIds: [u1!.id] });
    await reserveUnits(as(ctx, 'warehouse'), hidden.lineIds[0]!, { version: 1, unitIds: [u2!.id] });
    await planRuns(planner(day), { day });
    const run = await runOf(day);
    expect(stopOf(run, toPoint.order.orderId)).toMatchObject({
      label: point.label,
      protectedIdentity: false,
      address: { street: point.street, postalCode: point.postalCode, city: point.city },
    });
    expect(stopOf(run, hidden.orderId)).toMatchObject({ protectedIdentity: true, address: null });
  });

  it('only the warehouse plans; customer service reads; a driver sees today’s runs only', async () => {
    const day = '2027-01-15';
    expect((await errorOf(planRuns(as(morningOf(day), 'customerService'), { day }))).code).toBe('FORBIDDEN');
    await readyOrder('Förarens lista');
    await planRuns(planner(day), { day });
    expect((await listRuns(as(morningOf(day), 'customerService'), { day })).length).toBeGreaterThan(0);
    const run = (await listRuns(planner(day), { day })).find((r) => r.areaName === 'Centralorten')!;
    expect((await listDriverRuns(driver(day))).map((r) => r.id)).toContain(run.id);
    // A run without stops is not offered to the driver.
    await planRuns(planner(day), { day, areaId: (await t.database.query<{ id: string }>(`SELECT id FROM delivery_area WHERE name = 'Område Syd'`))[0]!.id });
    expect((await listDriverRuns(driver(day))).map((r) => r.areaName)).toEqual(['Centralorten']);
    expect((await errorOf(getRun(driver('2027-01-14'), run.id))).code).toBe('FORBIDDEN');
    // Reading the run (addresses) is audited; a page that polls writes one row per reader every 10 minutes.
    const reads = async () =>
      (
        await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'provision.transport.run.read' AND entity_id = $1`, [
          run.id,
        ])
      )[0]!.n;
    const before = await reads();
    await getRun(driver(day), run.id);
    await getRun(driver(day), run.id);
    expect(await reads()).toBe(before + 1);
    await getRun(as(morningOf(day), 'customerService'), run.id);
    expect(await reads()).toBe(before + 2);
  });
});

describe('the driver confirms stops', () => {
  it('a delivery confirmed twice (a retry) delivers once and sends one event', async () => {
    const day = '2027-01-22';
    const o = await readyOrder('Dubbel');
    await planRuns(planner(day), { day });
    const run = await runOf(day);
    const stop = stopOf(run, o.orderId);
    const id = crypto.randomUUID();
    const first = await confirm(day, run.id, stop.id, { confirmationId: id, outcome: 'delivered', recipientName: 'Märta Transport' });
    const second = await confirm(day, run.id, stop.id, { confirmationId: id, outcome: 'delivered', recipientName: 'Märta Transport' });
    // Another phone (another id) confirming the same outcome: the same answer.
    const third = await confirm(day, run.id, stop.id, { outcome: 'delivered', recipientName: 'M T' });
    expect(first).toMatchObject({ state: 'delivered', duplicate: false });
    expect(second).toMatchObject({ state: 'delivered', duplicate: true });
    expect(third).toMatchObject({ state: 'delivered', duplicate: true });
    const events = await contractEvents(o.orderId);
    expect(events.filter((e) => e.type === 'delivered')).toHaveLength(1);
    expect(events.find((e) => e.type === 'delivered')).toMatchObject({ units: [{ unitNumber: o.unit.unitNumber }] });
    expect((await lineState(o.lineIds[0]!)).state).toBe('delivered');
    const after = stopOf(await runOf(day), o.orderId);
    expect(after).toMatchObject({ state: 'delivered', recipientName: 'Märta Transport', confirmedByName: 'chauffor' });
    // A different outcome on a confirmed stop is refused.
    expect((await errorOf(confirm(day, run.id, stop.id, { outcome: 'nobodyHome' }))).status).toBe(409);
  });

  it('the same confirmation sent twice at once (a retry racing the first) delivers once', async () => {
    const day = '2027-04-09';
    const o = await readyOrder('Samtidigt');
    await planRuns(planner(day), { day });
    const run = await runOf(day);
    const stop = stopOf(run, o.orderId);
    const id = crypto.randomUUID();
    const both = await Promise.all([
      confirm(day, run.id, stop.id, { confirmationId: id, outcome: 'delivered', recipientName: 'Märta' }),
      confirm(day, run.id, stop.id, { confirmationId: id, outcome: 'delivered', recipientName: 'Märta' }),
    ]);
    expect(both.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect((await contractEvents(o.orderId)).filter((e) => e.type === 'delivered')).toHaveLength(1);
  });

  it('a pick-up confirmed by the driver sends what the centre’s page sends; a wrong unit number changes nothing', async () => {
    const day = '2027-01-29';
    const p = await pickUpOrder('Hämtas av chaufför');
    await planRuns(planner(day), { day });
    const run = await runOf(day);
    const stop = stopOf(run, p.orderId);
    const before = await lineState(p.lineIds[0]!);
    const wrong = await errorOf(confirm(day, run.id, stop.id, { outcome: 'pickedUp', units: [{ lineId: p.lineIds[0]!, identifiedAs: 'U-999999' }] }));
    expect(wrong).toMatchObject({ status: 400, code: 'VALIDATION' });
    expect(await lineState(p.lineIds[0]!)).toEqual(before);
    expect(stopOf(await runOf(day), p.orderId).state).toBe('pending');
    const missing = await errorOf(confirm(day, run.id, stop.id, { outcome: 'pickedUp' }));
    expect(missing.code).toBe('VALIDATION');

    await confirm(day, run.id, stop.id, { outcome: 'pickedUp', units: [{ lineId: p.lineIds[0]!, identifiedAs: p.unit.unitNumber.toLowerCase() }] });
    const events = await contractEvents(p.orderId);
    expect(events.map((e) => e.type)).toEqual(['received', 'pickedUp']);
    expect(events[1]).toMatchObject({ unitNumber: p.unit.unitNumber, pickedUpOn: day });
    expect((await lineState(p.lineIds[0]!)).state).toBe('pickedUp');
  });

  it('nobody home: one failed-delivery fee per attempt, a delayed event with the next attempt, and the next run takes it', async () => {
    const day = '2027-02-05';
    const o = await readyOrder('Ingen hemma');
    await planRuns(planner(day), { day });
    const run = await runOf(day);
    const stop = stopOf(run, o.orderId);
    expect(stop.suggestedNextAttempt).toBe('2027-02-12');
    const id = crypto.randomUUID();
    const r = await confirm(day, run.id, stop.id, { confirmationId: id, outcome: 'nobodyHome', note: 'Lapp i brevlådan' });
    await confirm(day, run.id, stop.id, { confirmationId: id, outcome: 'nobodyHome', note: 'Lapp i brevlådan' });
    expect(r).toMatchObject({ state: 'nobodyHome', nextAttempt: '2027-02-12' });
    const delayed = (await contractEvents(o.orderId)).filter((e) => e.type === 'delayed');
    expect(delayed).toEqual([expect.objectContaining({ newDate: '2027-02-12', reason: 'Lapp i brevlådan', lineId: o.lineIds[0] })]);
    const fees = async () =>
      (await listOneTimeFacts(t.database.db, day, '2027-03-31')).filter(
        (f) => f.kind === 'failedDeliveryFee' && f.order_number === o.message.order.orderNumber,
      );
    expect(await fees()).toHaveLength(1);
    // Customer service then cancels the order nobody-home the same day: still one fee.
    await cancelCentreOrder(as(morningOf(day), 'customerService'), o.orderId, { reason: 'nobodyHome' });
    expect(await fees()).toHaveLength(1);
  });

  it('nobody home with no new attempt cancels the order with the fee; the next run does not take it before the next attempt', async () => {
    const day = '2027-02-19';
    const cancelled = await readyOrder('Ingen ny leverans');
    const later = await readyOrder('Nästa försök');
    await planRuns(planner(day), { day });
    const run = await runOf(day);
    await confirm(day, run.id, stopOf(run, cancelled.orderId).id, { outcome: 'nobodyHome', noNewAttempt: true, note: 'Flyttat' });
    expect((await contractEvents(cancelled.orderId)).at(-1)).toMatchObject({ type: 'cancelled', reason: 'nobodyHome' });
    const fees = (await listOneTimeFacts(t.database.db, day, day)).filter(
      (f) => f.kind === 'failedDeliveryFee' && f.order_number === cancelled.message.order.orderNumber,
    );
    expect(fees).toHaveLength(1);
    await confirm(day, run.id, stopOf(run, later.orderId).id, { outcome: 'nobodyHome', nextAttempt: '2027-03-05' });
    // The next Friday's run leaves it for its next attempt; the one after takes it.
    await planRuns(planner('2027-02-26'), { day: '2027-02-26' });
    expect((await runOf('2027-02-26')).stops.some((s) => s.orderId === later.orderId)).toBe(false);
    await planRuns(planner('2027-03-05'), { day: '2027-03-05' });
    expect((await runOf('2027-03-05')).stops.some((s) => s.orderId === later.orderId)).toBe(true);
  });
});

describe('editing a run', () => {
  it('moves, removes and adds pending stops; the stops the driver confirmed stay as they were', async () => {
    const day = '2027-03-12';
    const a = await readyOrder('Redigera A', patient('A', 'Aväg 1', '990 01'));
    const b = await readyOrder('Redigera B', patient('B', 'Bväg 1', '990 02'));
    const c = await readyOrder('Redigera C', patient('C', 'Cväg 1', '990 03'));
    await planRuns(planner(day), { day });
    let run = await runOf(day);
    const sa = stopOf(run, a.orderId);
    await confirm(day, run.id, sa.id, { outcome: 'delivered', recipientName: 'A' });
    // The driver is out: the planner moves C first, removes B and adds B back by its order number.
    const sc = stopOf(run, c.orderId);
    await moveStop(planner(day), run.id, sc.id, { position: 1 });
    run = await runOf(day);
    expect(stopOf(run, a.orderId)).toMatchObject({ position: sa.position, state: 'delivered', recipientName: 'A' });
    expect(stopOf(run, c.orderId).position).toBeLessThan(stopOf(run, b.orderId).position);
    expect((await errorOf(moveStop(planner(day), run.id, sa.id, { position: 3 }))).status).toBe(409);
    expect((await errorOf(removeStop(planner(day), run.id, sa.id))).status).toBe(409);
    await removeStop(planner(day), run.id, stopOf(run, b.orderId).id);
    const bNumber = (await t.database.query<{ n: string }>(`SELECT centre_order_number AS n FROM provision_order WHERE id = $1`, [b.orderId]))[0]!.n;
    await addStop(planner(day), run.id, { centreOrderNumber: bNumber });
    expect((await errorOf(addStop(planner(day), run.id, { centreOrderNumber: bNumber }))).code).toBe('VALIDATION');
    // An added stop goes to the patient's address, like a planned one.
    expect(stopOf(await runOf(day), b.orderId).address).toMatchObject({ street: 'Bväg 1', postalCode: '990 02' });
    // Planning again neither touches the confirmed stop nor duplicates the others.
    await planRuns(planner(day), { day });
    run = await runOf(day);
    expect(run.stops.filter((s) => [a.orderId, b.orderId, c.orderId].includes(s.orderId))).toHaveLength(3);
    expect(stopOf(run, a.orderId)).toMatchObject({ state: 'delivered', recipientName: 'A' });
    expect(run.state).toBe('out');
  });

  it('bad input: an unknown stop, a stop of another run, a delivery confirmed as a pick-up — 4xx and nothing changes', async () => {
    const day = '2027-03-19';
    const o = await readyOrder('Fel indata');
    await planRuns(planner(day), { day });
    // The planner also asks for a run of Område Nord on this Friday (its day is Monday).
    const nord = (await t.database.query<{ id: string }>(`SELECT id FROM delivery_area WHERE name = 'Område Nord'`))[0]!.id;
    const extra = await planRuns(planner(day), { day, areaId: nord });
    expect(extra.runs.map((r) => r.areaName)).toEqual(['Centralorten', 'Område Nord']);
    const run = await runOf(day);
    const stop = stopOf(run, o.orderId);
    const other = await runOf('2027-03-12');
    expect(await errorOf(confirm(day, run.id, crypto.randomUUID(), { outcome: 'delivered', recipientName: 'X' }))).toMatchObject({ status: 404 });
    expect(await errorOf(confirm(day, other.id, stop.id, { outcome: 'delivered', recipientName: 'X' }))).toMatchObject({ status: 403 });
    const sameDayOther = (await listRuns(planner(day), { day })).find((r) => r.id !== run.id);
    expect(sameDayOther).toBeDefined();
    expect(await errorOf(confirm(day, sameDayOther!.id, stop.id, { outcome: 'delivered', recipientName: 'X' }))).toMatchObject({ status: 404 });
    expect(await errorOf(confirm(day, run.id, stop.id, { outcome: 'pickedUp', units: [] }))).toMatchObject({ status: 400 });
    expect(await errorOf(confirm(day, run.id, stop.id, { outcome: 'delivered' }))).toMatchObject({ status: 400 });
    expect(await errorOf(confirm(day, run.id, stop.id, { outcome: 'nobodyHome', nextAttempt: day }))).toMatchObject({ status: 400 });
    expect((await lineState(o.lineIds[0]!)).state).toBe('received');
    expect(stopOf(await runOf(day), o.orderId).state).toBe('pending');
    expect((await contractEvents(o.orderId)).map((e) => e.type)).toEqual(['received']);
  });
});
