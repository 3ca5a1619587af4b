import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { stockholmInstant } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { deliverLine } from '../orders/deliver-line.ts';
import { reserveUnits, suggestUnits } from '../orders/fill-line.ts';
import { confirmPickUp } from '../pickups/pick-up-actions.ts';
import { getRules, setInspectionChecklists } from '../rules/edit-rules.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses } from '../testing/given.ts';
import { availableInStock } from '../stock/availability.ts';
import { getUnit } from '../units/get-unit.ts';
import { inspectionQueue } from './inspection-queue.ts';
import type { InspectionQueueRow } from './inspection-views.ts';
import { recordInspection, type RecordInspectionInput } from './record-inspection.ts';

let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;

beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
});
afterAll(() => t?.close());

// Monday 7 December 2026, 10:00 in Stockholm.
const today = '2026-12-07';
const now = stockholmInstant(today, 10 * 60);
const at = (d: Date): Ctx => t.ctx(() => d);
const tech = () => as(at(now), 'technician');

const unitRow = async (id: string) =>
  (
    await t.database.query<{ status: string; next_inspection_on: string | null; out_of_use_since: string | null; version: number }>(
      `SELECT status, next_inspection_on::text, out_of_use_since::text, version FROM provision_unit WHERE id = $1`,
      [id],
    )
  )[0]!;
const setNext = (id: string, date: string | null) => t.database.query(`UPDATE provision_unit SET next_inspection_on = $2 WHERE id = $1`, [id, date]);
const sent = async (orderId: string) =>
  (
    await t.database.query<{ contract_event: Record<string, unknown> }>(
      `SELECT contract_event FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL ORDER BY sequence`,
      [orderId],
    )
  ).map((r) => r.contract_event);

const LIFT = { name: 'Personlyft Besiktning', isoCode: '12 36 03', inspectionIntervalMonths: 12 };

/** A unit of an article with an inspection interval, delivered on `deliveredOn` to a patient of `customerNumber`. */
async function deliveredUnit(o: {
  name: string;
  isoCode?: string;
  interval?: number | null;
  deliveredOn?: string;
  customerNumber?: string;
  protectedIdentity?: boolean;
}) {
  const ctx = at(now);
  const a = await givenUnitArticle(t.database, {
    name: o.name,
    isoCode: o.isoCode ?? LIFT.isoCode,
    inspectionIntervalMonths: o.interval === undefined ? 12 : o.interval,
  });
  const [u] = await givenUnits(ctx, wh.main.id, a.id, [{ purchaseDate: '2024-01-01' }]);
  const patient = o.protectedIdentity
    ? {
        identifier: '191212121212',
        identifierKind: 'personnummer' as const,
        firstName: 'Skyddad',
        lastName: 'Person',
        protectedIdentity: true,
        homeMunicipalityCode: '9901',
        address: null,
      }
    : undefined;
  const order = await givenReceivedOrder(ctx, {
    lines: [{ articleNumber: a.articleNumber }],
    customerNumber: o.customerNumber,
    ...(patient ? { patient } : {}),
  });
  const r = await reserveUnits(as(ctx, 'warehouse'), order.lineIds[0]!, { version: 1, unitIds: [u!.id] });
  await deliverLine(as(ctx, 'warehouse'), order.lineIds[0]!, { version: r.lineVersion, units: [{ unitId: u!.id }], deliveredOn: o.deliveredOn ?? today });
  return { article: a, unit: u!, orderId: order.orderId, lineId: order.lineIds[0]! };
}

const allRows = (q: Awaited<ReturnType<typeof inspectionQueue>>) => [...q.areas.flatMap((a) => a.rows), ...q.outOfUse];
const rowOf = async (unitId: string, weeks = 4): Promise<InspectionQueueRow> => {
  const r = allRows(await inspectionQueue(tech(), { weeks })).find((x) => x.unitId === unitId);
  if (!r) throw new Error(`unit ${unitId} is not in the queue`);
  return r;
};
/** Every item of the unit's checklist OK, except those named. */
async function answers(row: InspectionQueueRow, notOk: Record<string, string> = {}): Promise<RecordInspectionInput['checklist']> {
  const q = await inspectionQueue(tech(), { weeks: 52 });
  const list = q.checklists.find((c) => c.isoPrefix === row.checklistPrefix)!;
  return list.items.map((i) => (notOk[i.code] ? { code: i.code, ok: false, comment: notOk[i.code] } : { code: i.code, ok: true }));
}

describe('the next inspection date', () => {
  it('is set at delivery: the delivery day plus the article’s interval; an article without one gets none', async () => {
    const { unit } = await deliveredUnit({ name: 'Lyft Datum 1', deliveredOn: '2026-01-31', interval: 13 });
    expect((await unitRow(unit.id)).next_inspection_on).toBe('2027-02-28');
    const { unit: plain } = await deliveredUnit({ name: 'Rullstol Utan Intervall', isoCode: '12 22 03', interval: null });
    expect((await unitRow(plain.id)).next_inspection_on).toBeNull();
  });

  it('an approved inspection sets it from the inspection day (by default the interval on, or the date the technician gives)', async () => {
    const { unit } = await deliveredUnit({ name: 'Lyft Datum 2', deliveredOn: '2025-12-20' });
    const row = await rowOf(unit.id);
    expect(row).toMatchObject({ dueOn: '2026-12-20', overdue: false, defaultNextOn: '2027-12-07', checklistPrefix: '12 36' });
    const v = await recordInspection(tech(), unit.id, {
      unitVersion: row.unitVersion,
      holdingId: row.holdingId,
      checklist: await answers(row),
      result: 'approved',
    });
    expect(v).toMatchObject({ result: 'approved', inspectedOn: today, dueOn: '2026-12-20', nextInspectionOn: '2027-12-07', checklistName: 'Personlyft' });
    expect((await unitRow(unit.id)).next_inspection_on).toBe('2027-12-07');
    const card = await getUnit(as(at(now), 'technician'), unit.id);
    expect(card.inspections).toHaveLength(1);
    expect(card.unit.nextInspectionOn).toBe('2027-12-07');
    expect(card.history.at(-1)).toMatchObject({ type: 'inspected', toStatus: 'onPatient' });

    const { unit: other } = await deliveredUnit({ name: 'Lyft Datum 3', deliveredOn: '2025-12-20' });
    const r2 = await rowOf(other.id);
    await recordInspection(tech(), other.id, {
      unitVersion: r2.unitVersion,
      holdingId: r2.holdingId,
      checklist: await answers(r2, { sling: 'Selen något sliten, byts vid nästa besök' }),
      result: 'approvedWithRemarks',
      comment: 'Selen byts',
      nextInspectionOn: '2027-06-01',
    });
    expect((await unitRow(other.id)).next_inspection_on).toBe('2027-06-01');
  });

  it('refuses a protocol with an item unanswered, a not-OK item without a comment, or Godkänd with a not-OK item', async () => {
    const { unit } = await deliveredUnit({ name: 'Lyft Protokoll', deliveredOn: '2025-12-10' });
    const row = await rowOf(unit.id);
    const base = { unitVersion: row.unitVersion, holdingId: row.holdingId };
    const all = await answers(row);
    await expect(recordInspection(tech(), unit.id, { ...base, checklist: all.slice(1), result: 'approved' })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'body.checklist.0', code: 'required' }] },
    });
    await expect(
      recordInspection(tech(), unit.id, {
        ...base,
        checklist: all.map((a, i) => (i === 2 ? { ...a, ok: false } : a)),
        result: 'approvedWithRemarks',
        comment: 'x',
      }),
    ).rejects.toMatchObject({ details: { issues: [{ path: 'body.checklist.2.comment', code: 'required' }] } });
    await expect(
      recordInspection(tech(), unit.id, { ...base, checklist: await answers(row, { marking: 'Skylten saknas' }), result: 'approved' }),
    ).rejects.toMatchObject({ details: { issues: [{ path: 'body.result' }] } });
    await expect(recordInspection(tech(), unit.id, { ...base, checklist: all, result: 'failed' })).rejects.toMatchObject({
      details: { issues: [{ path: 'body.comment', code: 'required' }] },
    });
    await expect(recordInspection(as(at(now), 'customerService'), unit.id, { ...base, checklist: all, result: 'approved' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await unitRow(unit.id)).version).toBe(row.unitVersion);
  });
});

describe("the technician's queue", () => {
  it('lists units due within the weeks asked for by delivery area, with the patient’s address (none for a protected identity), each read audited', async () => {
    const central = await deliveredUnit({ name: 'Lyft Kö Centralorten', deliveredOn: '2025-12-28', customerNumber: '20101' });
    const north = await deliveredUnit({ name: 'Lyft Kö Nord', deliveredOn: '2025-12-15', customerNumber: '30101' });
    const hidden = await deliveredUnit({ name: 'Lyft Kö Skyddad', deliveredOn: '2025-12-16', customerNumber: '30101', protectedIdentity: true });
    const later = await deliveredUnit({ name: 'Lyft Kö Senare', deliveredOn: '2026-03-01', customerNumber: '20101' });
    const a = await givenUnitArticle(t.database, { name: 'Säng I Lager', isoCode: '18 12 10', inspectionIntervalMonths: 12 });
    const [stock] = await givenUnits(at(now), wh.main.id, a.id, [{ purchaseDate: '2023-01-01' }]);
    await setNext(stock!.id, '2026-12-20');

    const q = await inspectionQueue(tech(), { weeks: 4 });
    expect(q).toMatchObject({ today, until: '2027-01-04', weeks: 4 });
    const area = (unitId: string) => q.areas.find((x) => x.rows.some((r) => r.unitId === unitId))?.areaName;
    expect(area(central.unit.id)).toBe('Centralorten');
    expect(area(north.unit.id)).toBe('Område Nord');
    expect(area(stock!.id)).toBe('På hjälpmedelscentralen');
    expect(area(later.unit.id)).toBeUndefined();
    expect(q.areas.at(-1)!.areaName).toBe('På hjälpmedelscentralen');
    const rows = allRows(q);
    expect(rows.find((r) => r.unitId === central.unit.id)).toMatchObject({
      dueOn: '2026-12-28',
      customerNumber: '20101',
      patient: { name: 'Märta Öström', protectedIdentity: false, address: { street: 'Storgatan 12', postalCode: '990 10', city: 'Norrvik' } },
    });
    expect(rows.find((r) => r.unitId === hidden.unit.id)!.patient).toEqual({ name: 'Skyddad Person', protectedIdentity: true, address: null });
    expect(rows.find((r) => r.unitId === stock!.id)).toMatchObject({
      patient: null,
      holdingId: null,
      warehouseName: 'Centrallagret',
      checklistPrefix: '18 12',
    });
    // Twelve weeks shows the later one.
    expect(allRows(await inspectionQueue(tech(), { weeks: 12 })).some((r) => r.unitId === later.unit.id)).toBe(true);
    const audits = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'provision.inspection.queue-read' AND purpose = 'inspection' AND patient_ref IS NOT NULL`,
    );
    expect(audits[0]!.n).toBeGreaterThanOrEqual(3);
    await expect(inspectionQueue(as(at(now), 'warehouse'), { weeks: 4 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await inspectionQueue(as(at(now), 'customerService'), { weeks: 4 })).areas.length).toBeGreaterThan(0);
  });

  it('a unit in a customer’s buffer store is listed under the customer’s delivery area', async () => {
    const a = await givenUnitArticle(t.database, { name: 'Lyft I Buffertförråd', isoCode: '12 36 03', inspectionIntervalMonths: 12 });
    const [u] = await givenUnits(at(now), wh.main.id, a.id, [{ purchaseDate: '2023-01-01' }]);
    const [store] = await t.database.query<{ id: string; customer_id: string }>(
      `SELECT b.id, b.customer_id FROM buffer_store b JOIN customer c ON c.id = b.customer_id WHERE c.customer_number = '30101' LIMIT 1`,
    );
    await t.database.query(`UPDATE provision_unit SET status = 'inBufferStore', warehouse_id = NULL, next_inspection_on = '2026-12-15' WHERE id = $1`, [u!.id]);
    await t.database.query(
      `INSERT INTO provision_buffer_unit (unit_id, buffer_store_id, customer_id, placed_on, placed_at) VALUES ($1, $2, $3, '2026-01-15', now())`,
      [u!.id, store!.id, store!.customer_id],
    );
    const q = await inspectionQueue(tech(), { weeks: 4 });
    const area = q.areas.find((x) => x.rows.some((r) => r.unitId === u!.id));
    expect(area?.areaName).toBe('Område Nord');
    expect(area!.rows.find((r) => r.unitId === u!.id)).toMatchObject({ status: 'inBufferStore', customerNumber: '30101', warehouseName: null, patient: null });
  });

  it('shows overdue units under Försenade, and in their area', async () => {
    const late = await deliveredUnit({ name: 'Lyft Försenad', deliveredOn: '2025-11-01' });
    const q = await inspectionQueue(tech(), { weeks: 4 });
    expect(q.overdue.find((r) => r.unitId === late.unit.id)).toMatchObject({ dueOn: '2026-11-01', overdue: true });
    expect(q.areas.some((a) => a.rows.some((r) => r.unitId === late.unit.id))).toBe(true);
  });
});

describe('an overdue or failed unit in stock', () => {
  it('is never chosen by the replacement chain, and delivering it explicitly is refused with a clear message', async () => {
    const a = await givenUnitArticle(t.database, { name: 'Lyft Lager Försenad', isoCode: '12 36 03', inspectionIntervalMonths: 12 });
    const [overdue, fine] = await givenUnits(at(now), wh.main.id, a.id, [{ purchaseDate: '2020-01-01' }, { purchaseDate: '2025-01-01' }]);
    await setNext(overdue!.id, '2026-11-01');
    const order = await givenReceivedOrder(at(now), { lines: [{ articleNumber: a.articleNumber }] });
    const lineId = order.lineIds[0]!;
    // The older unit would come first in the chain; overdue, it is skipped.
    const s = await suggestUnits(as(at(now), 'warehouse'), lineId);
    expect(s.suggestions.map((u) => u.id)).toEqual([fine!.id]);
    await expect(reserveUnits(as(at(now), 'warehouse'), lineId, { version: 1, unitIds: [overdue!.id] })).rejects.toMatchObject({
      code: 'UNIT_INSPECTION_OVERDUE',
      message: `Individ ${overdue!.unitNumber} skulle ha besiktats 2026-11-01 och får inte lämnas ut förrän den är besiktad`,
    });
    await expect(deliverLine(as(at(now), 'warehouse'), lineId, { version: 1, units: [{ unitId: overdue!.id }] })).rejects.toMatchObject({
      code: 'UNIT_INSPECTION_OVERDUE',
    });
    // Nor counted as in stock when a prescriber's cart asks.
    expect((await availableInStock(t.database.db, [{ id: a.id, unitTracked: true }], today)).get(a.id)).toBe(1);
    const r = await reserveUnits(as(at(now), 'warehouse'), lineId, { version: 1 });
    expect(r.reserved.map((u) => u.id)).toEqual([fine!.id]);

    // Inspected at the centre and approved: it may go out again.
    const row = await rowOf(overdue!.id);
    expect(row).toMatchObject({ holdingId: null, overdue: true });
    await recordInspection(tech(), overdue!.id, { unitVersion: row.unitVersion, holdingId: null, checklist: await answers(row), result: 'approved' });
    expect((await suggestUnits(as(at(now), 'warehouse'), lineId)).suggestions.map((u) => u.id)).toContain(overdue!.id);
  });

  it('a unit failed at the centre is out of use: never reserved or delivered until an inspection approves it', async () => {
    const a = await givenUnitArticle(t.database, { name: 'Säng Underkänd Lager', isoCode: '18 12 10', inspectionIntervalMonths: 12 });
    const [u] = await givenUnits(at(now), wh.main.id, a.id, [{ purchaseDate: '2020-01-01' }]);
    await setNext(u!.id, '2026-12-10');
    const row = await rowOf(u!.id);
    await recordInspection(tech(), u!.id, {
      unitVersion: row.unitVersion,
      holdingId: null,
      checklist: await answers(row, { motors: 'Motorn går inte' }),
      result: 'failed',
      comment: 'Motorn trasig',
    });
    expect(await unitRow(u!.id)).toMatchObject({ status: 'newInStock', out_of_use_since: today, next_inspection_on: null });
    const q = await inspectionQueue(tech(), { weeks: 4 });
    const failedOne = (await getUnit(as(at(now), 'technician'), u!.id)).inspections[0]!;
    expect(q.outOfUse.find((r) => r.unitId === u!.id)).toMatchObject({ failedInspectionNumber: failedOne.inspectionNumber });
    expect(failedOne.inspectionNumber).toMatch(/^BES-\d{6}$/);
    const order = await givenReceivedOrder(at(now), { lines: [{ articleNumber: a.articleNumber }] });
    await expect(reserveUnits(as(at(now), 'warehouse'), order.lineIds[0]!, { version: 1 })).rejects.toMatchObject({ code: 'UNIT_NOT_AVAILABLE' });
    await expect(deliverLine(as(at(now), 'warehouse'), order.lineIds[0]!, { version: 1, units: [{ unitId: u!.id }] })).rejects.toMatchObject({
      code: 'UNIT_OUT_OF_USE',
    });
  });
});

describe('a failed inspection of a unit on a patient', () => {
  it('takes the unit out of use and tells the ordering side (unitFailedInspection with the remark)', async () => {
    const { unit, orderId, lineId } = await deliveredUnit({ name: 'Lyft Underkänd', deliveredOn: '2025-12-12' });
    const row = await rowOf(unit.id);
    await recordInspection(tech(), unit.id, {
      unitVersion: row.unitVersion,
      holdingId: row.holdingId,
      checklist: await answers(row, { 'load-test': 'Lyftmotorn stannar vid 120 kg' }),
      result: 'failed',
      comment: 'Lyftmotorn klarar inte maxlast: får inte användas',
    });
    expect(await unitRow(unit.id)).toMatchObject({ status: 'onPatient', out_of_use_since: today, next_inspection_on: null });
    const events = await sent(orderId);
    expect(events.at(-1)).toMatchObject({
      type: 'unitFailedInspection',
      lineId,
      unitNumber: unit.unitNumber,
      inspectedOn: today,
      remark: 'Lyftmotorn klarar inte maxlast: får inte användas',
    });
    // The unit card says so.
    const card = await getUnit(as(at(now), 'customerService'), unit.id);
    expect(card.unit.outOfUseSince).toBe(today);
    expect(card.inspections[0]).toMatchObject({
      result: 'failed',
      checklist: expect.arrayContaining([expect.objectContaining({ code: 'load-test', ok: false })]),
    });
  });
});

describe('the queue is stale', () => {
  it('an inspection recorded for a unit picked up since the queue was read is refused with a clear message, nothing recorded', async () => {
    const { unit } = await deliveredUnit({ name: 'Lyft Hämtad', deliveredOn: '2025-12-14' });
    const row = await rowOf(unit.id);
    const pickUp = await givenReceivedOrder(at(now), { orderType: 'pickUp', lines: [{ unitNumber: unit.unitNumber }] });
    await confirmPickUp(as(at(now), 'technician'), pickUp.lineIds[0]!, { version: 1, deregister: true, identifiedAs: unit.unitNumber });
    await expect(
      recordInspection(tech(), unit.id, { unitVersion: row.unitVersion, holdingId: row.holdingId, checklist: await answers(row), result: 'approved' }),
    ).rejects.toMatchObject({ code: 'UNIT_HOLDING_ENDED', status: 409, message: expect.stringContaining(`hämtades ${today} sedan listan visades`) });
    expect((await getUnit(as(at(now), 'technician'), unit.id)).inspections).toEqual([]);
  });

  it('a step on the unit since the queue was read (its version) is a conflict', async () => {
    const { unit } = await deliveredUnit({ name: 'Lyft Version', deliveredOn: '2025-12-14' });
    const row = await rowOf(unit.id);
    await recordInspection(tech(), unit.id, { unitVersion: row.unitVersion, holdingId: row.holdingId, checklist: await answers(row), result: 'approved' });
    await expect(
      recordInspection(tech(), unit.id, { unitVersion: row.unitVersion, holdingId: row.holdingId, checklist: await answers(row), result: 'approved' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('the checklists are data in the rules', () => {
  it('seeded for lifts, beds and powered wheelchairs with a general fallback; a new version gives a class its own list', async () => {
    const rules = await getRules(as(at(now), 'technician'));
    expect(rules.inspectionChecklists.map((c) => c.isoPrefix)).toEqual(['12 36', '18 12', '12 23', '']);
    const { unit } = await deliveredUnit({ name: 'Rullstol Egen Lista', isoCode: '12 22 03', deliveredOn: '2025-12-20' });
    expect((await rowOf(unit.id)).checklistPrefix).toBe('');

    await expect(setInspectionChecklists(as(at(now), 'technician'), rules.inspectionChecklists)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const wheelchairs = { isoPrefix: '12 22', sv: 'Manuell rullstol', en: 'Manual wheelchair', items: [{ code: 'brakes', sv: 'Bromsar', en: 'Brakes' }] };
    await expect(setInspectionChecklists(as(at(now), 'systemAdmin'), [...rules.inspectionChecklists, wheelchairs, wheelchairs])).rejects.toMatchObject({
      details: { issues: [{ code: 'duplicate' }] },
    });
    const after = await setInspectionChecklists(as(at(now), 'systemAdmin'), [...rules.inspectionChecklists, wheelchairs]);
    expect(after.version.kind).toBe('inspectionChecklists');
    const row = await rowOf(unit.id);
    expect(row.checklistPrefix).toBe('12 22');
    const v = await recordInspection(tech(), unit.id, {
      unitVersion: row.unitVersion,
      holdingId: row.holdingId,
      checklist: [{ code: 'brakes', ok: true }],
      result: 'approved',
    });
    expect(v).toMatchObject({ checklistName: 'Manuell rullstol', checklist: [{ code: 'brakes', sv: 'Bromsar', ok: true, comment: null }] });
    // Back to the seeded lists for the other tests.
    await setInspectionChecklists(as(at(now), 'systemAdmin'), rules.inspectionChecklists);
  });
});

describe('an inspection is a work order of the centre’s', () => {
  it('has a number of its own series (BES-000123), on the inspection, the unit card and the audit row', async () => {
    const { unit } = await deliveredUnit({ name: 'Lyft Nummer', deliveredOn: '2025-12-18' });
    const row = await rowOf(unit.id);
    const first = await recordInspection(tech(), unit.id, {
      unitVersion: row.unitVersion,
      holdingId: row.holdingId,
      checklist: await answers(row),
      result: 'approved',
    });
    const second = await recordInspection(tech(), unit.id, {
      unitVersion: (await unitRow(unit.id)).version,
      holdingId: row.holdingId,
      checklist: await answers(row),
      result: 'approved',
    });
    expect(first.inspectionNumber).toMatch(/^BES-\d{6}$/);
    expect(Number(second.inspectionNumber.slice(4))).toBeGreaterThan(Number(first.inspectionNumber.slice(4)));
    const card = await getUnit(as(at(now), 'technician'), unit.id);
    expect(card.inspections.map((i) => i.inspectionNumber)).toEqual([second.inspectionNumber, first.inspectionNumber]);
    const audits = await t.database.query<{ entity_id: string; n: string }>(
      `SELECT entity_id, details->>'inspectionNumber' AS n FROM audit_log WHERE action = 'provision.inspection.record' AND entity_id = $1 ORDER BY id`,
      [unit.id],
    );
    expect(audits.map((a) => a.n)).toEqual([first.inspectionNumber, second.inspectionNumber]);
    // Unique: the number is the key a technician quotes.
    const numbers = await t.database.query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT inspection_number)::int AS d FROM provision_inspection`,
    );
    expect(numbers[0]!.d).toBe(numbers[0]!.n);
  });

  it('is listed in the unit card’s work-order history with the ordering side’s work orders, newest first by day, with its result and protocol', async () => {
    const { unit } = await deliveredUnit({ name: 'Lyft Historik', deliveredOn: '2025-12-19' });
    const workOrderOn = (d: Date) =>
      givenReceivedOrder(at(d), {
        orderType: 'workOrder',
        lines: [{ unitNumber: unit.unitNumber }],
        workOrder: { typeCode: 'repairAtCentre', description: 'Lyften låter', preferredDate: null },
      });
    const earlier = await workOrderOn(stockholmInstant('2026-12-01', 9 * 60));
    const row = await rowOf(unit.id);
    const remarked = await recordInspection(tech(), unit.id, {
      unitVersion: row.unitVersion,
      holdingId: row.holdingId,
      checklist: await answers(row, { sling: 'Selen sliten' }),
      result: 'approvedWithRemarks',
      comment: 'Selen byts vid nästa besök',
    });
    // Recorded today but done on 30 November: listed by the day it was done, after the work order of 1 December.
    const backdated = await recordInspection(tech(), unit.id, {
      unitVersion: (await unitRow(unit.id)).version,
      holdingId: row.holdingId,
      inspectedOn: '2026-11-30',
      checklist: await answers(row),
      result: 'approved',
    });
    const later = await workOrderOn(stockholmInstant(today, 11 * 60));

    const card = await getUnit(as(at(now), 'technician'), unit.id);
    expect(card.workOrders.map((w) => (w.kind === 'workOrder' ? w.orderId : w.inspectionNumber))).toEqual([
      later.orderId,
      remarked.inspectionNumber,
      earlier.orderId,
      backdated.inspectionNumber,
    ]);
    expect(card.workOrders[1]).toEqual({
      kind: 'inspection',
      inspectionId: remarked.id,
      inspectionNumber: remarked.inspectionNumber,
      typeSv: 'Besiktning',
      typeEn: 'Inspection',
      state: 'done',
      inspectedOn: today,
      technician: remarked.technicianName,
      result: 'approvedWithRemarks',
      comment: 'Selen byts vid nästa besök',
      nextInspectionOn: remarked.nextInspectionOn,
      checklistName: 'Personlyft',
      checklist: remarked.checklist,
    });
    expect(remarked.checklist).toContainEqual(expect.objectContaining({ code: 'sling', ok: false, comment: 'Selen sliten' }));
    expect(card.workOrders[0]).toMatchObject({ kind: 'workOrder', typeCode: 'repairAtCentre', state: 'received' });
    // Roles that read the card but do not handle orders see the same history (no patient data in it).
    expect((await getUnit(as(at(now), 'finance'), unit.id)).workOrders).toEqual(card.workOrders);
  });
});

// The ordering side's view of a failed inspection (device list, news): test/inspection-loop.test.ts.
