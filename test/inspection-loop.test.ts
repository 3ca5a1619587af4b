import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from './app.ts';
import { wireContract } from '../src/app/start.ts';
import { DEMO_PATIENTS } from '../src/ordering/patients/demo-population.ts';
import { stockholmDateTime } from '../src/platform/calendar/index.ts';
import { Worker } from '../src/platform/jobs/jobs.ts';
import { createLogger } from '../src/platform/logger.ts';
import { inspectionQueue } from '../src/provision/maintenance/inspection-queue.ts';
import { recordInspection } from '../src/provision/maintenance/record-inspection.ts';
import { deliverLine } from '../src/provision/orders/deliver-line.ts';
import { reserveUnits } from '../src/provision/orders/fill-line.ts';
import { as, givenUnitArticle, givenUnits, givenWarehouses } from '../src/provision/testing/given.ts';

/**
 * A failed inspection as the prescriber sees it (issue 19 item 1), with both sides wired as in production: the
 * centre's unitFailedInspection marks the unit out of use on the patient's device list, with the remark, and the
 * prescriber who ordered it has it in their news.
 */
let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;
beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
});
afterAll(() => t?.close());

const setNext = (id: string, date: string | null) => t.database.query(`UPDATE provision_unit SET next_inspection_on = $2 WHERE id = $1`, [id, date]);
const allRows = (q: Awaited<ReturnType<typeof inspectionQueue>>) => [...q.areas.flatMap((a) => a.rows), ...q.outOfUse];

describe('the ordering side (both sides wired as in production)', () => {
  let worker: Worker;
  let anna: Client;
  beforeAll(async () => {
    const log = createLogger('silent');
    const { handlers } = await wireContract(t.database, t.config, log, t.centre);
    worker = new Worker({ database: t.database, log, handlers });
    anna = await t.login('forskrivare');
  });

  it("shows the failed unit on the patient's device list, out of use with the remark, and in the prescriber's news", async () => {
    const patientId = ((await anna.post('/api/patients/lookup', { identifier: DEMO_PATIENTS.ordinary! })).json() as { patientId: string }).patientId;
    await anna.post(`/api/patients/${patientId}/care-relationship`, {});
    const customerId = (await t.database.query<{ id: string }>(`select id from customer where customer_number = '20101'`))[0]!.id;
    const a = await givenUnitArticle(t.database, { name: 'Lyft Förskrivare', isoCode: '12 36 03', inspectionIntervalMonths: 12 });
    const real = t.ctx();
    const [u] = await givenUnits(real, wh.main.id, a.id, [{ purchaseDate: '2024-01-01' }]);
    const d = (await anna.post('/api/orders', { orderType: 'customerOrder', customerId, patientId })).json() as { id: string; version: number };
    const put = await anna.put(`/api/orders/${d.id}`, {
      version: d.version,
      customerId,
      patientId,
      contactName: 'Anna Åberg',
      contactPhone: '070-123 45 67',
      delivery: { kind: 'patientAddress' },
      lines: [{ articleId: a.id, quantity: 1 }],
    });
    expect(put.statusCode, put.body).toBe(200);
    const submitted = await anna.post(`/api/orders/${d.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    const lineId = (submitted.json() as { lines: { id: string }[] }).lines[0]!.id;
    const sync = async () => {
      for (let i = 0; i < 3; i++) await worker.runDue();
    };
    await sync();
    const r = await reserveUnits(as(real, 'warehouse'), lineId, { version: 1, unitIds: [u!.id] });
    await deliverLine(as(real, 'warehouse'), lineId, { version: r.lineVersion, units: [{ unitId: u!.id }] });
    await sync();
    // Due now (as if delivered a year ago), then failed.
    await setNext(u!.id, stockholmDateTime(new Date()).date);
    const technician = as(real, 'technician');
    const row = allRows(await inspectionQueue(technician, { weeks: 1 })).find((x) => x.unitId === u!.id)!;
    const q = await inspectionQueue(technician, { weeks: 52 });
    const items = q.checklists.find((c) => c.isoPrefix === row.checklistPrefix)!.items;
    await recordInspection(technician, u!.id, {
      unitVersion: row.unitVersion,
      holdingId: row.holdingId,
      checklist: items.map((i) => ({ code: i.code, ok: i.code !== 'battery', comment: i.code === 'battery' ? 'Batteriet laddar inte' : null })),
      result: 'failed',
      comment: 'Batteriet laddar inte: lyften får inte användas',
    });
    await sync();
    const overview = (await anna.get(`/api/patients/${patientId}/overview`)).json() as {
      currentDevices: { unitNumber: string; status: string; failedInspectionOn: string | null; failedInspectionRemark: string | null }[];
    };
    expect(overview.currentDevices.find((x) => x.unitNumber === u!.unitNumber)).toMatchObject({
      status: 'failedInspection',
      failedInspectionOn: stockholmDateTime(new Date()).date,
      failedInspectionRemark: 'Batteriet laddar inte: lyften får inte användas',
    });
    const news = (await anna.get('/api/messages')).json() as { kind: string; order: { id: string } }[];
    expect(news.some((m) => m.order.id === d.id && m.kind === 'unitFailedInspection')).toBe(true);

    // Repaired at the patient's and approved again: back in use, the mark goes.
    const again = allRows(await inspectionQueue(technician, { weeks: 1 })).find((x) => x.unitId === u!.id)!;
    expect(again.outOfUseSince).not.toBeNull();
    await recordInspection(technician, u!.id, {
      unitVersion: again.unitVersion,
      holdingId: again.holdingId,
      checklist: items.map((i) => ({ code: i.code, ok: true })),
      result: 'approved',
    });
    await sync();
    const after = (await anna.get(`/api/patients/${patientId}/overview`)).json() as typeof overview;
    expect(after.currentDevices.find((x) => x.unitNumber === u!.unitNumber)).toMatchObject({
      status: 'onLoan',
      failedInspectionOn: null,
      failedInspectionRemark: null,
    });
    const news2 = (await anna.get('/api/messages')).json() as { kind: string; order: { id: string } }[];
    expect(news2.some((m) => m.order.id === d.id && m.kind === 'unitBackInUse')).toBe(true);
  });
});
