import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from './app.ts';
import { wireContract } from '../src/app/start.ts';
import type { OrderEvent } from '../src/contract/events.ts';
import { SIGNATURE_HEADER, verifyWebhook } from '../src/contract/signature.ts';
import { deviceRequest, outcomeOf, registerExternalSystem, type ExternalSystem } from '../src/fhir/testing/external-system.ts';
import { DEMO_PATIENTS } from '../src/ordering/patients/demo-population.ts';
import { addWorkingDays, stockholmDateTime } from '../src/platform/calendar/index.ts';
import { Worker } from '../src/platform/jobs/jobs.ts';
import { createLogger } from '../src/platform/logger.ts';
import { cancelCentreOrder } from '../src/provision/orders/cancel-lines.ts';
import { deliverLine } from '../src/provision/orders/deliver-line.ts';
import { setPlannedDate } from '../src/provision/orders/set-planned-date.ts';
import { as, givenUnitArticle, givenUnits, givenWarehouses } from '../src/provision/testing/given.ts';

/**
 * Another ordering system over FHIR, end to end (issue 18 item 4): registered by system administration with a
 * webhook, it orders with DeviceRequests and follows each order through the contract's matrix by reading its Task
 * — received, planned date, delivered with units (Device), cancelled — while the centre works through its own use
 * cases; the same steps reach its webhook as signed contract events, in order. Every resource it reads is checked
 * against the FHIR R4 definitions (src/fhir/testing/validate.ts).
 */

let t: TestApp;
let admin: Client;
let system: ExternalSystem;
let worker: Worker;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let chair = { id: '', articleNumber: '' };
let warehouse = '';

type Json = Record<string, unknown> & { id: string };
type Task = Json & {
  status: string;
  businessStatus: { coding: { code: string }[] };
  output?: { type: { coding: { code: string }[] }; [k: string]: unknown }[];
};
const outputs = (task: Task, code: string) => (task.output ?? []).filter((o) => o.type.coding[0]!.code === code);

/** The other system's webhook receiver: verifies every signature with the contract's example verifier. */
const received: OrderEvent[] = [];
const refused: string[] = [];
let secret = '';
let server: http.Server;

async function runJobs(rounds = 4) {
  for (let i = 0; i < rounds; i++) {
    offset += 500;
    await worker.runDue();
  }
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
  const { handlers } = await wireContract(t.database, t.config, createLogger('silent'), t.centre, clock);
  worker = new Worker({ database: t.database, log: createLogger('silent'), now: clock, handlers });
  warehouse = (await givenWarehouses(t.database)).main.id;
  chair = await givenUnitArticle(t.database, { name: 'Rullstol Fhirflöde 46' });
  const [c] = await t.database.query<{ id: string; care_provider_id: string }>(`SELECT id, care_provider_id FROM customer WHERE customer_number = '20101'`);
  system = await registerExternalSystem(t.app, admin, { name: 'Vårdsystem Norrvik (FHIR)', careProviderId: c!.care_provider_id, customerIds: [c!.id] });

  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (b: Buffer) => chunks.push(b));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const v = verifyWebhook({ secret, body, header: req.headers[SIGNATURE_HEADER], now: clock() });
      if (!v.ok) {
        refused.push(v.reason);
        res.writeHead(401).end();
        return;
      }
      received.push(JSON.parse(body.toString('utf8')) as OrderEvent);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hook = await admin.post(`/api/system-clients/${system.clientId}/webhooks`, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir-handelser`,
  });
  expect(hook.statusCode, hook.body).toBe(201);
  secret = (hook.json() as { secret: string }).secret;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

describe('an external ordering system over FHIR sees the whole matrix for its orders', () => {
  const ids = { delivered: '', cancelled: '', patient: '', orderOfDelivered: '', orderOfCancelled: '' };

  it('orders two devices with DeviceRequests; each Task says received, with the due date', async () => {
    for (const [key, identifier] of [
      ['delivered', 'NV-2026-0001'],
      ['cancelled', 'NV-2026-0002'],
    ] as const) {
      const res = await system.call(
        'POST',
        '/fhir/R4/DeviceRequest',
        deviceRequest({ identifier, articleId: chair.id, patient: DEMO_PATIENTS.ordinary!, customerNumber: '20101', note: 'Ring före leverans' }),
      );
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = (res.json() as Json).id;
    }
    const dr = await system.read<Json>(`/fhir/R4/DeviceRequest/${ids.delivered}`, 'DeviceRequest');
    expect(dr).toMatchObject({ status: 'active', note: [{ text: 'Ring före leverans' }] });
    ids.patient = (dr.subject as { reference: string }).reference.split('/')[1]!;

    for (const id of [ids.delivered, ids.cancelled]) {
      const task = await system.read<Task>(`/fhir/R4/Task/${id}`, 'Task');
      expect(task.status).toBe('accepted');
      expect(task.businessStatus.coding[0]!.code).toBe('received');
      expect(outputs(task, 'due-date')).toEqual([{ type: expect.anything(), valueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }]);
    }
    const orderOf = async (lineId: string) =>
      (await t.database.query<{ id: string }>(`SELECT order_id AS id FROM provision_order_line WHERE id = $1`, [lineId]))[0]!.id;
    ids.orderOfDelivered = await orderOf(ids.delivered);
    ids.orderOfCancelled = await orderOf(ids.cancelled);
  });

  it('the centre plans the first: its Task is in progress with the planned date', async () => {
    const today = stockholmDateTime(clock()).date;
    const planned = addWorkingDays(today, 4);
    await setPlannedDate(as(t.ctx(clock), 'customerService'), ids.delivered, { version: 1, plannedDate: planned, state: 'orderedFromSupplier' });
    const task = await system.read<Task>(`/fhir/R4/Task/${ids.delivered}`, 'Task');
    expect(task).toMatchObject({
      status: 'in-progress',
      businessStatus: { coding: [{ code: 'orderedFromSupplier' }] },
      restriction: { period: { end: planned } },
    });
    expect(outputs(task, 'planned-date')).toEqual([expect.objectContaining({ valueDate: planned })]);
  });

  it('delivers it with a unit: the Task is completed and names the unit, which is a Device on the patient', async () => {
    const [unit] = await givenUnits(t.ctx(), warehouse, chair.id, [{ purchaseDate: '2024-05-01', serialNumber: 'SN-FHIR-1' }]);
    const [{ version }] = (await t.database.query<{ version: number }>(`SELECT version FROM provision_order_line WHERE id = $1`, [ids.delivered])) as [
      { version: number },
    ];
    await deliverLine(as(t.ctx(clock), 'warehouse'), ids.delivered, { version, units: [{ unitId: unit!.id, serialNumber: 'SN-FHIR-1' }] });

    const task = await system.read<Task>(`/fhir/R4/Task/${ids.delivered}`, 'Task');
    expect(task.status).toBe('completed');
    expect(outputs(task, 'delivered-quantity')).toEqual([expect.objectContaining({ valueInteger: 1 })]);
    const [deliveredUnit] = outputs(task, 'delivered-unit');
    expect(deliveredUnit).toMatchObject({ valueReference: { reference: `Device/${unit!.unitNumber}` } });
    expect((await system.read<Json>(`/fhir/R4/DeviceRequest/${ids.delivered}`, 'DeviceRequest')).status).toBe('completed');

    const device = await system.read<Json>(`/fhir/R4/${(deliveredUnit!.valueReference as { reference: string }).reference}`, 'Device');
    expect(device).toMatchObject({
      status: 'active',
      serialNumber: 'SN-FHIR-1',
      patient: { reference: `Patient/${ids.patient}` },
      definition: { reference: `DeviceDefinition/${chair.id}` },
      type: { coding: [{ system: 'urn:iso:std:iso:9999', code: '12 22 03' }] },
    });
    const list = await system.read<{ entry: { resource: Json }[] }>(`/fhir/R4/Device?patient=Patient/${ids.patient}`, 'Bundle');
    expect(list.entry.map((e) => e.resource.id)).toEqual([unit!.unitNumber]);
    await system.read(`/fhir/R4/DeviceDefinition/${chair.id}`, 'DeviceDefinition');
    await system.read(`/fhir/R4/Patient/${ids.patient}`, 'Patient');
  });

  it('cancels the second (nobody home): its Task is cancelled with the reason, its DeviceRequest revoked', async () => {
    await cancelCentreOrder(as(t.ctx(clock), 'customerService'), ids.orderOfCancelled, { reason: 'nobodyHome' });
    const task = await system.read<Task>(`/fhir/R4/Task/${ids.cancelled}`, 'Task');
    expect(task).toMatchObject({ status: 'cancelled', statusReason: { coding: [{ system: 'urn:bista:fhir:codesystem:cancel-reason', code: 'nobodyHome' }] } });
    expect((await system.read<Json>(`/fhir/R4/DeviceRequest/${ids.cancelled}`, 'DeviceRequest')).status).toBe('revoked');
    const byStatus = await system.read<{ entry?: { resource: Json }[] }>(
      `/fhir/R4/DeviceRequest?patient=Patient/${ids.patient}&status=completed,revoked`,
      'Bundle',
    );
    expect((byStatus.entry ?? []).map((e) => e.resource.id).sort()).toEqual([ids.delivered, ids.cancelled].sort());
    const tasks = await system.read<{ entry?: { resource: Task }[] }>(`/fhir/R4/Task?patient=Patient/${ids.patient}&status=cancelled`, 'Bundle');
    expect((tasks.entry ?? []).map((e) => e.resource.id)).toEqual([ids.cancelled]);
  });

  it('the same steps reach its webhook as signed contract events, in order per order', async () => {
    await runJobs();
    expect(refused).toEqual([]);
    const of = (orderId: string) => received.filter((e) => e.orderId === orderId).map((e) => e.type);
    expect(of(ids.orderOfDelivered)).toEqual(['received', 'plannedDate', 'delivered']);
    expect(of(ids.orderOfCancelled)).toEqual(['received', 'cancelled']);
  });

  it('a cancelled order cannot be ordered again under its identifier with other content; the same request is still the same order', async () => {
    const same = deviceRequest({
      identifier: 'NV-2026-0002',
      articleId: chair.id,
      patient: DEMO_PATIENTS.ordinary!,
      customerNumber: '20101',
      note: 'Ring före leverans',
    });
    const again = await system.call('POST', '/fhir/R4/DeviceRequest', same);
    expect(again.statusCode, again.body).toBe(200);
    expect((again.json() as Json).id).toBe(ids.cancelled);
    expect(outcomeOf(await system.call('POST', '/fhir/R4/DeviceRequest', { ...same, note: [{ text: 'Ny' }] }))).toMatchObject({ status: 409 });
  });
});
