import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from './app.ts';
import type { OrderView } from '../src/ordering/orders/order-schemas.ts';
import { DEMO_PATIENTS } from '../src/ordering/patients/demo-population.ts';
import type { Ctx } from '../src/platform/context.ts';
import { Worker } from '../src/platform/jobs/jobs.ts';
import { createLogger } from '../src/platform/logger.ts';
import { wireContract } from '../src/app/start.ts';
import { deliverLine } from '../src/provision/orders/deliver-line.ts';
import { reserveUnits } from '../src/provision/orders/fill-line.ts';
import { as, givenUnitArticle, givenUnits, givenWarehouses } from '../src/provision/testing/given.ts';
import { writeOffAfterInvestigation } from '../src/provision/pickups/investigations.ts';
import { confirmPickUp, reportUnitMissing, undoPickUp } from '../src/provision/pickups/pick-up-actions.ts';
import { listRentFacts } from '../src/provision/billing-facts/facts.ts';
import { addWorkingDays, stockholmDateTime } from '../src/platform/calendar/index.ts';
import { cancelWorkOrder } from '../src/provision/work-orders/cancel-work-order.ts';
import { finishWorkOrder } from '../src/provision/work-orders/finish-work-order.ts';
import { startWorkOrder } from '../src/provision/work-orders/start-work-order.ts';

/**
 * The prescriber's side of a pick-up, with both sides wired as in production: the unit on the patient's
 * device list gets a pick-up, and leaves 'current devices' only when the centre deregisters it (or writes
 * it off after an investigation); a missing unit stays on the list with no pick-up pending.
 */
let t: TestApp;
let worker: Worker;
let anna: Client;
let ctx: Ctx;
let patientId = '';
let customerId = '';
let articleId = '';
let warehouseId = '';

interface Device {
  unitNumber: string;
  pickUpOrderId: string | null;
  until?: string | null;
  endReason?: string | null;
}
interface Overview {
  currentDevices: Device[];
  pastDevices: Device[];
}

beforeAll(async () => {
  t = await startTestApp();
  ctx = t.ctx();
  const log = createLogger('silent');
  const { handlers } = await wireContract(t.database, t.config, log, t.centre);
  worker = new Worker({ database: t.database, log, handlers });
  warehouseId = (await givenWarehouses(t.database)).main.id;
  articleId = (await givenUnitArticle(t.database, { name: 'Rollator Hämtloop' })).id;
  customerId = (await t.database.query<{ id: string }>(`select id from customer where customer_number = '20101'`))[0]!.id;
  anna = await t.login('forskrivare');
  patientId = ((await anna.post('/api/patients/lookup', { identifier: DEMO_PATIENTS.ordinary! })).json() as { patientId: string }).patientId;
  await anna.post(`/api/patients/${patientId}/care-relationship`, {});
});
afterAll(() => t?.close());

const sync = async () => {
  for (let i = 0; i < 3; i++) await worker.runDue();
};

async function submit(orderType: string, body: Record<string, unknown>): Promise<OrderView> {
  const d = (await anna.post('/api/orders', { orderType, customerId, patientId })).json() as OrderView;
  const s = await anna.put(`/api/orders/${d.id}`, {
    version: d.version,
    customerId,
    patientId,
    contactName: 'Anna Åberg',
    contactPhone: '070-123 45 67',
    ...body,
  });
  expect(s.statusCode, s.body).toBe(200);
  const r = await anna.post(`/api/orders/${d.id}/submit`, {});
  expect(r.statusCode, r.body).toBe(200);
  await sync();
  return r.json() as OrderView;
}

/** A rollator ordered by the prescriber and delivered by the centre: on the patient's device list. */
async function deviceOnPatient(): Promise<string> {
  const [u] = await givenUnits(ctx, warehouseId, articleId, [{ purchaseDate: '2024-01-01' }]);
  const o = await submit('customerOrder', { delivery: { kind: 'patientAddress' }, lines: [{ articleId, quantity: 1 }] });
  const lineId = o.lines[0]!.id;
  const r = await reserveUnits(as(ctx, 'warehouse'), lineId, { version: 1, unitIds: [u!.id] });
  await deliverLine(as(ctx, 'warehouse'), lineId, { version: r.lineVersion, units: [{ unitId: u!.id }] });
  await sync();
  return u!.unitNumber;
}

const overview = async () => (await anna.get(`/api/patients/${patientId}/overview`)).json() as Overview;
const pickUp = (unitNumber: string) => submit('pickUp', { delivery: { kind: 'none' }, lines: [{ unitNumber }] });

describe("the prescriber's patient page through a pick-up", () => {
  it('the unit leaves current devices when the centre picks it up and deregisters it', async () => {
    const unitNumber = await deviceOnPatient();
    const p = await pickUp(unitNumber);
    expect((await overview()).currentDevices.find((d) => d.unitNumber === unitNumber)?.pickUpOrderId).toBe(p.id);
    await confirmPickUp(as(ctx, 'technician'), p.lines[0]!.id, { version: 1, deregister: true, identifiedAs: unitNumber });
    await sync();
    const after = await overview();
    expect(after.currentDevices.some((d) => d.unitNumber === unitNumber)).toBe(false);
    expect(after.pastDevices.find((d) => d.unitNumber === unitNumber)).toMatchObject({ endReason: 'pickedUp' });
    const order = (await anna.get(`/api/orders/${p.id}`)).json() as OrderView;
    expect(order.status).toBe('done');
  });

  it('a pick-up undone the same day puts the unit back on current devices with its pick-up pending, and tells the prescriber', async () => {
    const unitNumber = await deviceOnPatient();
    const p = await pickUp(unitNumber);
    const tech = as(ctx, 'technician');
    const r = await confirmPickUp(tech, p.lines[0]!.id, { version: 1, deregister: true, identifiedAs: unitNumber });
    await sync();
    expect((await overview()).currentDevices.some((d) => d.unitNumber === unitNumber)).toBe(false);
    await undoPickUp(tech, p.lines[0]!.id, { version: r.lineVersion });
    await sync();
    expect((await overview()).currentDevices.find((d) => d.unitNumber === unitNumber)).toMatchObject({ pickUpOrderId: p.id, until: null, endReason: null });
    const order = (await anna.get(`/api/orders/${p.id}`)).json() as OrderView;
    expect(order.status).toBe('received');
    expect(order.lines[0]).toMatchObject({ status: 'received' });
    expect(order.timeline.map((e) => e.type)).toContain('pickUpUndone');
    const news = (await anna.get('/api/messages')).json() as { kind: string; order: { id: string } }[];
    expect(news.some((m) => m.order.id === p.id && m.kind === 'pickUpUndone')).toBe(true);
  });

  it('a missing unit stays on the list with no pick-up pending; written off after the investigation, it leaves it', async () => {
    const unitNumber = await deviceOnPatient();
    const p = await pickUp(unitNumber);
    const r = await reportUnitMissing(as(ctx, 'technician'), p.lines[0]!.id, { version: 1 });
    await sync();
    expect((await overview()).currentDevices.find((d) => d.unitNumber === unitNumber)).toMatchObject({ pickUpOrderId: null });
    await writeOffAfterInvestigation(as(ctx, 'customerService'), r.investigationId!, { version: 1 });
    await sync();
    const after = await overview();
    expect(after.currentDevices.some((d) => d.unitNumber === unitNumber)).toBe(false);
    expect(after.pastDevices.find((d) => d.unitNumber === unitNumber)).toMatchObject({ endReason: 'lossAfterInvestigation' });
  });
});

describe('a de-installation replaces a pick-up (issue 15 item 3)', () => {
  const deinstallation = (unitNumber: string) =>
    submit('workOrder', {
      delivery: { kind: 'none' },
      lines: [{ unitNumber }],
      details: { workOrder: { typeCode: 'deinstallation', description: 'Taklyften monteras ned, brukaren flyttar.' } },
    });
  const holding = async (unitNumber: string) =>
    (
      await t.database.query<{ to_date: string | null; rent_stops_on: string | null; end_reason: string | null; status: string }>(
        `SELECT h.to_date::text, h.rent_stops_on::text, h.end_reason, u.status FROM provision_holding h JOIN provision_unit u ON u.id = h.unit_id
          WHERE u.unit_number = $1 ORDER BY h.created_at DESC LIMIT 1`,
        [unitNumber],
      )
    )[0]!;

  it('stops the rent 3 working days after the order, ends the holding when done, and the unit leaves the device list as for a pick-up', async () => {
    const unitNumber = await deviceOnPatient();
    const w = await deinstallation(unitNumber);
    const today = stockholmDateTime(new Date()).date;
    const rentStopsOn = addWorkingDays(today, 3);
    expect(await holding(unitNumber)).toMatchObject({ rent_stops_on: rentStopsOn, to_date: null, status: 'pickUpOrdered' });
    expect((await overview()).currentDevices.find((d) => d.unitNumber === unitNumber)?.pickUpOrderId).toBe(w.id);
    // No second pick-up (or de-installation) of a unit already on its way back.
    const again = (await anna.post('/api/orders', { orderType: 'pickUp', customerId, patientId })).json() as OrderView;
    await anna.put(`/api/orders/${again.id}`, { version: again.version, customerId, patientId, delivery: { kind: 'none' }, lines: [{ unitNumber }] });
    expect((await anna.post(`/api/orders/${again.id}/submit`, {})).statusCode).toBe(409);

    const s = await startWorkOrder(as(ctx, 'technician'), w.id, { version: 1 });
    await finishWorkOrder(as(ctx, 'technician'), w.id, { version: s.version, notes: 'Nedmonterad och hämtad.', minutesSpent: 90, material: [] });
    await sync();
    expect(await holding(unitNumber)).toMatchObject({ rent_stops_on: rentStopsOn, to_date: today, end_reason: 'deinstalled', status: 'returned' });
    // Billing reads the holding: the rent stops on the pick-up's day, not the day the work was done.
    const facts = await listRentFacts(t.database.db, today, today);
    expect(facts.find((f) => f.unit_number === unitNumber)?.rent_stop).toBe(rentStopsOn);
    const after = await overview();
    expect(after.currentDevices.some((d) => d.unitNumber === unitNumber)).toBe(false);
    expect(after.pastDevices.find((d) => d.unitNumber === unitNumber)).toMatchObject({ endReason: 'deinstalled', until: today });
    expect(((await anna.get(`/api/orders/${w.id}`)).json() as OrderView).status).toBe('done');
  });

  it('a cancelled de-installation gives the unit back to the patient, and its rent runs on', async () => {
    const unitNumber = await deviceOnPatient();
    const w = await deinstallation(unitNumber);
    await cancelWorkOrder(as(ctx, 'customerService'), w.id, { version: 1, reason: 'patientUnreachable' });
    await sync();
    expect(await holding(unitNumber)).toMatchObject({ rent_stops_on: null, to_date: null, status: 'onPatient' });
    expect((await overview()).currentDevices.find((d) => d.unitNumber === unitNumber)).toMatchObject({ pickUpOrderId: null });
  });
});
