import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { stockholmInstant } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { cancelCentreOrder } from '../orders/cancel-lines.ts';
import { deliverLine } from '../orders/deliver-line.ts';
import { reserveUnits } from '../orders/fill-line.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses } from '../testing/given.ts';
import { listInvestigations, markFound, writeOffAfterInvestigation } from './investigations.ts';
import { getOrderPickUps } from './order-pick-ups.ts';
import { confirmPickUp, deregisterPickUp, reportUnitMissing, undoPickUp } from './pick-up-actions.ts';

let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;

beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
});
afterAll(() => t.close());

// Thursday 17 December 2026, 10:00 in Stockholm: three working days on is Tuesday 22 December; seven working
// days on skips Christmas Eve, Christmas Day, Boxing Day and lands on Wednesday 30 December.
const thursday = stockholmInstant('2026-12-17', 10 * 60);
const at = (d: Date): Ctx => t.ctx(() => d);

const holding = async (unitId: string) =>
  (
    await t.database.query<{ id: string; to_date: string | null; rent_stops_on: string | null; end_reason: string | null }>(
      `SELECT id, to_date::text, rent_stops_on::text, end_reason FROM provision_holding WHERE unit_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [unitId],
    )
  )[0]!;
const unit = async (id: string) =>
  (await t.database.query<{ status: string; write_off_code: string | null }>(`SELECT status, write_off_code FROM provision_unit WHERE id = $1`, [id]))[0]!;
const lineOf = async (id: string) =>
  (
    await t.database.query<{ state: string; version: number; cancel_reason: string | null }>(
      `SELECT state, version, cancel_reason FROM provision_order_line WHERE id = $1`,
      [id],
    )
  )[0]!;
const sent = async (orderId: string) =>
  (
    await t.database.query<{ contract_event: Record<string, unknown> }>(
      `SELECT contract_event FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL ORDER BY sequence`,
      [orderId],
    )
  ).map((r) => r.contract_event);
const history = async (unitId: string) =>
  (
    await t.database.query<{ type: string; to_status: string }>(`SELECT type, to_status FROM provision_unit_event WHERE unit_id = $1 ORDER BY id`, [unitId])
  ).map((r) => `${r.type}:${r.to_status}`);

/** A unit delivered to the default patient (Märta Öström) on a customer order, on 1 December 2026. */
async function deliveredUnit(name: string) {
  const ctx = at(stockholmInstant('2026-12-01', 9 * 60));
  const a = await givenUnitArticle(t.database, { name });
  const [u] = await givenUnits(ctx, wh.main.id, a.id, [{ purchaseDate: '2025-01-01' }]);
  const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: a.articleNumber }] });
  const r = await reserveUnits(as(ctx, 'warehouse'), o.lineIds[0]!, { version: 1 });
  await deliverLine(as(ctx, 'warehouse'), o.lineIds[0]!, { version: r.lineVersion, units: [{ unitId: u!.id }] });
  return { article: a, unit: u! };
}

async function pickUpOrder(unitNumber: string, ctx = at(thursday)) {
  return givenReceivedOrder(ctx, { orderType: 'pickUp', lines: [{ unitNumber }] });
}

describe('a pick-up order at intake', () => {
  it('rent stops three working days after the pick-up order, and the unit is marked pick-up ordered', async () => {
    const { unit: u } = await deliveredUnit('Rollator Hämtas 1');
    const o = await pickUpOrder(u.unitNumber);
    expect(await holding(u.id)).toMatchObject({ rent_stops_on: '2026-12-22', to_date: null });
    expect((await unit(u.id)).status).toBe('pickUpOrdered');
    const view = await getOrderPickUps(as(at(thursday), 'technician'), o.orderId);
    expect(view.lines[0]).toMatchObject({
      unitNumber: u.unitNumber,
      unitOnPatient: true,
      registeredOn: '2026-12-17',
      rentStopsOn: '2026-12-22',
      pickUpBy: '2026-12-30',
      deregisterBy: '2026-12-30',
    });
  });

  it('a unit the centre does not have on the patient is accepted and noted, and cannot be picked up', async () => {
    const o = await pickUpOrder('U-999999');
    const view = await getOrderPickUps(as(at(thursday), 'technician'), o.orderId);
    expect(view.lines[0]).toMatchObject({ unitOnPatient: false, rentStopsOn: null });
    await expect(confirmPickUp(as(at(thursday), 'technician'), o.lineIds[0]!, { version: 1, identifiedAs: 'U-999999' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });
});

describe('picking up and deregistering', () => {
  it('picked up returns the unit and sends pickedUp; deregistered later ends the holding and sends deregistered', async () => {
    const { unit: u } = await deliveredUnit('Rollator Hämtas 2');
    const o = await pickUpOrder(u.unitNumber);
    const friday = at(stockholmInstant('2026-12-18', 11 * 60));
    const r = await confirmPickUp(as(friday, 'technician'), o.lineIds[0]!, { version: 1, identifiedAs: u.unitNumber });
    expect(r.state).toBe('pickedUp');
    expect((await unit(u.id)).status).toBe('returned');
    expect((await holding(u.id)).to_date).toBeNull();
    const d = await deregisterPickUp(as(friday, 'customerService'), o.lineIds[0]!, { version: r.lineVersion });
    expect(d.state).toBe('done');
    expect(await holding(u.id)).toMatchObject({ to_date: '2026-12-18', end_reason: 'pickedUp', rent_stops_on: '2026-12-22' });
    expect((await sent(o.orderId)).map((e) => e.type)).toEqual(['received', 'pickedUp', 'deregistered']);
    expect((await sent(o.orderId))[2]).toMatchObject({ lineId: o.lineIds[0], unitNumber: u.unitNumber, until: '2026-12-18' });
    expect((await t.database.query<{ status: string }>(`SELECT status FROM provision_order WHERE id = $1`, [o.orderId]))[0]!.status).toBe('done');
  });

  it('a technician who does both in one visit picks up and deregisters in the same step', async () => {
    const { unit: u } = await deliveredUnit('Rollator Hämtas 3');
    const o = await pickUpOrder(u.unitNumber);
    const r = await confirmPickUp(as(at(thursday), 'technician'), o.lineIds[0]!, { version: 1, deregister: true, identifiedAs: u.unitNumber });
    expect(r.state).toBe('done');
    expect((await sent(o.orderId)).map((e) => e.type)).toEqual(['received', 'pickedUp', 'deregistered']);
    expect((await holding(u.id)).to_date).toBe('2026-12-17');
  });

  it('cannot be deregistered before it is picked up, nor picked up by a prescriber', async () => {
    const { unit: u } = await deliveredUnit('Rollator Hämtas 4');
    const o = await pickUpOrder(u.unitNumber);
    await expect(deregisterPickUp(as(at(thursday), 'technician'), o.lineIds[0]!, { version: 1 })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    const seen = { identifiedAs: u.unitNumber };
    await expect(confirmPickUp(as(at(thursday), 'prescriber'), o.lineIds[0]!, { version: 1, ...seen })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(confirmPickUp(as(at(thursday), 'technician'), o.lineIds[0]!, { version: 7, ...seen })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it("the unit read off the device must be the order's unit (its number or serial number, any case); nothing is recorded otherwise", async () => {
    const { unit: u } = await deliveredUnit('Rollator Hämtas 6');
    const { unit: other } = await deliveredUnit('Rollator Hämtas 6b');
    await t.database.query(`UPDATE provision_unit SET serial_number = 'SN-77 A' WHERE id = $1`, [u.id]);
    const o = await pickUpOrder(u.unitNumber);
    const tech = as(at(thursday), 'technician');
    await expect(confirmPickUp(tech, o.lineIds[0]!, { version: 1, identifiedAs: other.unitNumber })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'body.identifiedAs', code: 'unit_mismatch' }] },
    });
    expect(await lineOf(o.lineIds[0]!)).toMatchObject({ state: 'received', version: 1 });
    expect((await unit(u.id)).status).toBe('pickUpOrdered');
    expect((await confirmPickUp(tech, o.lineIds[0]!, { version: 1, identifiedAs: 'sn-77a' })).state).toBe('pickedUp');
  });

  it('the one who recorded a pick-up undoes it the same day: line received, unit back at the patient, pickUpUndone sent', async () => {
    const { unit: u } = await deliveredUnit('Rollator Ångras 1');
    const o = await pickUpOrder(u.unitNumber);
    const tech = as(at(thursday), 'technician');
    const r = await confirmPickUp(tech, o.lineIds[0]!, { version: 1, deregister: true, identifiedAs: u.unitNumber });
    expect((await getOrderPickUps(tech, o.orderId)).lines[0]).toMatchObject({ state: 'done', mayUndo: true });
    // Someone else, or the same person the next day, may not.
    expect((await getOrderPickUps(as(at(thursday), 'technician'), o.orderId)).lines[0]!.mayUndo).toBe(false);
    await expect(undoPickUp(as(at(thursday), 'technician'), o.lineIds[0]!, { version: r.lineVersion })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringContaining('bara den som registrerade'),
    });
    const nextDay = { ...tech, now: () => stockholmInstant('2026-12-18', 9 * 60) };
    await expect(undoPickUp(nextDay, o.lineIds[0]!, { version: r.lineVersion })).rejects.toMatchObject({ message: expect.stringContaining('tidigare dag') });

    const undone = await undoPickUp(tech, o.lineIds[0]!, { version: r.lineVersion });
    expect(undone.state).toBe('received');
    expect((await unit(u.id)).status).toBe('pickUpOrdered');
    expect(await holding(u.id)).toMatchObject({ to_date: null, end_reason: null, rent_stops_on: '2026-12-22' });
    expect((await sent(o.orderId)).map((e) => e.type)).toEqual(['received', 'pickedUp', 'deregistered', 'pickUpUndone']);
    expect((await sent(o.orderId))[3]).toMatchObject({ lineId: o.lineIds[0], unitNumber: u.unitNumber, deregistrationUndone: true });
    expect((await t.database.query<{ status: string }>(`SELECT status FROM provision_order WHERE id = $1`, [o.orderId]))[0]!.status).toBe('open');
    expect((await getOrderPickUps(tech, o.orderId)).lines[0]).toMatchObject({ pickedUpOn: null, deregisteredOn: null, mayUndo: false });
    // Nothing left to undo; and the visit can be recorded again.
    await expect(undoPickUp(tech, o.lineIds[0]!, { version: undone.lineVersion })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await confirmPickUp(tech, o.lineIds[0]!, { version: undone.lineVersion, identifiedAs: u.unitNumber })).state).toBe('pickedUp');
  });

  it('a pick-up cannot be undone once the unit has gone on to reconditioning', async () => {
    const { unit: u } = await deliveredUnit('Rollator Ångras 2');
    const o = await pickUpOrder(u.unitNumber);
    const tech = as(at(thursday), 'technician');
    const r = await confirmPickUp(tech, o.lineIds[0]!, { version: 1, identifiedAs: u.unitNumber });
    await t.database.query(`UPDATE provision_unit SET status = 'inReconditioning' WHERE id = $1`, [u.id]);
    expect((await getOrderPickUps(tech, o.orderId)).lines[0]!.mayUndo).toBe(false);
    await expect(undoPickUp(tech, o.lineIds[0]!, { version: r.lineVersion })).rejects.toMatchObject({ message: expect.stringContaining('gått vidare') });
  });

  it('a pick-up cancelled before the visit gives the unit back to the patient and the rent runs on', async () => {
    const { unit: u } = await deliveredUnit('Rollator Hämtas 5');
    const o = await pickUpOrder(u.unitNumber);
    await cancelCentreOrder(as(at(thursday), 'customerService'), o.orderId, { reason: 'requestedByCustomer' });
    expect((await unit(u.id)).status).toBe('onPatient');
    expect((await holding(u.id)).rent_stops_on).toBeNull();
  });
});

describe('a unit missing at pick-up', () => {
  it('a missing unit cancels the line and keeps the holding; rent restarts and an investigation is opened', async () => {
    const { unit: u } = await deliveredUnit('Rollator Saknas 1');
    const o = await pickUpOrder(u.unitNumber);
    const r = await reportUnitMissing(as(at(thursday), 'technician'), o.lineIds[0]!, { version: 1, comment: 'Ingen rollator i lägenheten' });
    expect(r.state).toBe('cancelled');
    expect(await lineOf(o.lineIds[0]!)).toMatchObject({ state: 'cancelled', cancel_reason: 'unitMissing' });
    expect(await holding(u.id)).toMatchObject({ to_date: null, rent_stops_on: null });
    expect((await unit(u.id)).status).toBe('onPatient');
    expect((await sent(o.orderId)).map((e) => [e.type, e.reason ?? null])).toEqual([
      ['received', null],
      ['cancelled', 'unitMissing'],
    ]);
    const open = await listInvestigations(as(at(thursday), 'customerService'), { state: 'open' });
    expect(open.find((i) => i.id === r.investigationId)).toMatchObject({ unitNumber: u.unitNumber, state: 'open', openingNote: 'Ingen rollator i lägenheten' });
  });

  it('an investigation that finds the unit picks it up later: returned, holding ended, pickedUp and deregistered sent', async () => {
    const { unit: u } = await deliveredUnit('Rollator Saknas 2');
    const o = await pickUpOrder(u.unitNumber);
    const r = await reportUnitMissing(as(at(thursday), 'technician'), o.lineIds[0]!, { version: 1 });
    const later = at(stockholmInstant('2026-12-22', 9 * 60));
    const inv = await markFound(as(later, 'customerService'), r.investigationId!, { version: 1, note: 'Stod i förrådet' });
    expect(inv.state).toBe('found');
    expect((await unit(u.id)).status).toBe('returned');
    expect(await holding(u.id)).toMatchObject({ to_date: '2026-12-22', end_reason: 'pickedUp' });
    expect((await sent(o.orderId)).map((e) => e.type)).toEqual(['received', 'cancelled', 'pickedUp', 'deregistered']);
    await expect(markFound(as(later, 'customerService'), r.investigationId!, { version: 2 })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('an investigation that does not find it writes the unit off "loss after investigation" and sends writtenOff', async () => {
    const { unit: u } = await deliveredUnit('Rollator Saknas 3');
    const o = await pickUpOrder(u.unitNumber);
    const r = await reportUnitMissing(as(at(thursday), 'technician'), o.lineIds[0]!, { version: 1 });
    const later = at(stockholmInstant('2027-01-11', 9 * 60));
    const inv = await writeOffAfterInvestigation(as(later, 'warehouse'), r.investigationId!, { version: 1, note: 'Ej återfunnen' });
    expect(inv.state).toBe('closed');
    expect(await unit(u.id)).toEqual({ status: 'scrapped', write_off_code: 'lossAfterInvestigation' });
    expect(await holding(u.id)).toMatchObject({ to_date: '2027-01-11', end_reason: 'writtenOff:lossAfterInvestigation' });
    const events = await sent(o.orderId);
    expect(events.at(-1)).toMatchObject({ type: 'writtenOff', unitNumber: u.unitNumber, code: 'lossAfterInvestigation', on: '2027-01-11' });
    expect(await history(u.id)).toEqual([
      'received:newInStock',
      'reserved:reserved',
      'delivered:onPatient',
      'pickUpOrdered:pickUpOrdered',
      'pickUpCancelled:onPatient',
      'writtenOff:scrapped',
    ]);
  });
});
