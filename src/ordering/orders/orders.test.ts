import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { givenArticle } from '../../catalogue/testing/article-fixtures.ts';
import { ContractRefused } from '../../contract/index.ts';
import { Worker } from '../../platform/jobs/jobs.ts';
import { createLogger } from '../../platform/logger.ts';
import { DEMO_PATIENTS } from '../patients/demo-population.ts';
import { fixturePatient, startFhirTestServer, type FhirTestServer } from '../testing/fhir-test-server.ts';
import { pdfText } from '../../platform/documents/pdf-text.ts';
import { applyOrderEvent } from './apply-event.ts';
import type { OrderView } from './order-schemas.ts';
import { openPatient, draft, save } from '../testing/order-steps.ts';
import type { PatientOverview } from './patient-overview.ts';
import { orderingJobHandlers } from './send-message.ts';
import { FakeCentre } from '../testing/fake-centre.ts';

let t: TestApp;
let centre: FakeCentre;
let worker: Worker;
let anna: Client; // prescriber, customers 10101 (region) and 20101 (Norrvik)
let erik: Client; // prescriber at the region only
let lisa: Client; // prescriber at Norrvik
let bo: Client; // orderer at Norrvik
let customers: Record<string, string>;
let patientId = '';
let protectedId = '';
const art: Record<string, string> = {};
const artNo: Record<string, string> = {};

async function submitted(c: Client, o: OrderView): Promise<OrderView> {
  const r = await c.post(`/api/orders/${o.id}/submit`, {});
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as OrderView;
}

/** A customer order for the patient with the given lines, submitted and delivered to the fake centre. */
async function placeOrder(c: Client, lines: Record<string, unknown>[], over: Record<string, unknown> = {}, pid = patientId): Promise<OrderView> {
  const d = await draft(c, { orderType: 'customerOrder', customerId: customers['20101'], patientId: pid });
  const o = await submitted(c, await save(c, d, { lines, ...over }));
  await worker.runDue();
  return o;
}

const order = async (c: Client, id: string) => (await c.get(`/api/orders/${id}`)).json() as OrderView;
const overview = async (c: Client, id = patientId) => {
  const r = await c.get(`/api/patients/${id}/overview`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as PatientOverview;
};

beforeAll(async () => {
  t = await startTestApp();
  centre = new FakeCentre();
  t.centre.set(centre);
  worker = new Worker({ database: t.database, log: createLogger('silent'), handlers: orderingJobHandlers({ database: t.database, centre }) });
  art.chair = (await givenArticle(t.database, { name: 'Rullstol Aktiv 45', articleType: 'H', chargingForm: 'rent', unitTracked: true })).id;
  art.cushion = (await givenArticle(t.database, { name: 'Sittdyna Åtta', articleType: 'T' })).id;
  art.hidden = (await givenArticle(t.database, { name: 'Opublicerad rollator', published: false, orderable: false })).id;
  art.notOrderable = (await givenArticle(t.database, { name: 'Utgående duschstol', orderable: false })).id;
  const rows = await t.database.query<{ id: string; article_number: string }>('select id, article_number from article');
  for (const [k, id] of Object.entries(art)) artNo[k] = rows.find((r) => r.id === id)!.article_number;
  customers = Object.fromEntries(
    (await t.database.query<{ id: string; customer_number: string }>('select id, customer_number from customer')).map((r) => [r.customer_number, r.id]),
  );
  anna = await t.login('forskrivare');
  erik = await t.login('sjukgymnast');
  lisa = await t.login('anvandarstod');
  bo = await t.login('bestallare');
  patientId = await openPatient(anna, DEMO_PATIENTS.ordinary!);
  protectedId = await openPatient(anna, DEMO_PATIENTS.protectedIdentity!);
});
afterAll(() => t?.close());

describe('placing a customer order', () => {
  it('a prescriber orders a wheelchair with a cushion for it: the order gets a number and the centre gets one message with the lines and the address', async () => {
    const o = await placeOrder(
      anna,
      [
        { articleId: art.chair, quantity: 1 },
        { articleId: art.cushion, quantity: 2, accessoryForLine: 1 },
      ],
      { messageToCentre: 'Ring före leverans' },
    );
    expect(o.orderNumber).toMatch(/^B\d{4}-\d{6}$/);
    expect(o.status).toBe('submitted');
    const m = centre.submitted(o.id);
    expect(m.order.orderNumber).toBe(o.orderNumber);
    expect(m.order.customerNumber).toBe('20101');
    expect(m.order.patient?.identifier).toBe(DEMO_PATIENTS.ordinary);
    expect(m.order.patient?.address?.street).toBe('Storgatan 5 lgh 1201');
    expect(m.order.lines.map((l) => [l.lineNumber, l.articleNumber, l.quantity])).toEqual([
      [1, artNo.chair, 1],
      [2, artNo.cushion, 2],
    ]);
    expect(m.order.lines[1]!.accessoryForLineId).toBe(m.order.lines[0]!.lineId);
    expect(m.order.messageToCentre).toBe('Ring före leverans');
    expect(m.order.orderedBy.name).toBe('Anna Åberg');
  });

  it('the same order submitted twice is one order and one message', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId: customers['20101'], patientId });
    const s = await save(anna, d, { lines: [{ articleId: art.cushion }] });
    const [a, b] = await Promise.all([anna.post(`/api/orders/${s.id}/submit`, {}), anna.post(`/api/orders/${s.id}/submit`, {})]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect((a.json() as OrderView).orderNumber).toBe((b.json() as OrderView).orderNumber);
    await worker.runDue();
    expect(centre.received.filter((m) => m.type === 'order.submit' && m.order.orderId === s.id)).toHaveLength(1);
  });

  it('an unpublished or non-orderable article is refused naming the line, and the draft is kept', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId: customers['20101'], patientId });
    const hidden = await anna.put(`/api/orders/${d.id}`, {
      version: d.version,
      customerId: d.customer.id,
      delivery: { kind: 'patientAddress' },
      lines: [{ articleId: art.hidden }],
    });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().error.message).toMatch(/Rad 1: artikeln finns inte/);
    const s = await save(anna, d, { lines: [{ articleId: art.cushion }, { articleId: art.notOrderable }] });
    const r = await anna.post(`/api/orders/${s.id}/submit`, {});
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'ARTICLE_NOT_ORDERABLE' });
    expect(r.json().error.message).toMatch(/Rad 2: .*inte beställningsbar/);
    const kept = await order(anna, s.id);
    expect(kept.status).toBe('draft');
    expect(kept.lines).toHaveLength(2);
  });

  it('a customer order needs lines and a contact phone for the delivery', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId: customers['20101'], patientId });
    const empty = await anna.post(`/api/orders/${(await save(anna, d, { lines: [] })).id}/submit`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/inga rader/);
    const d2 = await draft(anna, { orderType: 'customerOrder', customerId: customers['20101'], patientId });
    const noPhone = await anna.post(`/api/orders/${(await save(anna, d2, { lines: [{ articleId: art.cushion }], contactPhone: null })).id}/submit`, {});
    expect(noPhone.statusCode).toBe(400);
    expect(noPhone.json().error.message).toMatch(/telefonnummer/);
  });

  it('a patient with protected identity: the message carries no address', async () => {
    const o = await placeOrder(anna, [{ articleId: art.cushion }], {}, protectedId);
    const m = centre.submitted(o.id);
    expect(m.order.patient?.protectedIdentity).toBe(true);
    expect(m.order.patient?.address).toBeNull();
    expect(JSON.stringify(m)).not.toMatch(/gatan|vägen/);
  });

  it('an order for a customer the prescriber does not belong to is refused', async () => {
    const r = await anna.post('/api/orders', { orderType: 'customerOrder', customerId: customers['30101'], patientId });
    expect(r.statusCode).toBe(403);
  });

  it('without a care relationship today the patient cannot be put on an order', async () => {
    const other = await lisa.post('/api/patients/lookup', { identifier: DEMO_PATIENTS.over100! });
    const id = (other.json() as { patientId: string }).patientId;
    const r = await lisa.post('/api/orders', { orderType: 'customerOrder', customerId: customers['20101'], patientId: id });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('CARE_RELATIONSHIP_REQUIRED');
  });
});

describe('the printable order confirmation (issue 16 item 14)', () => {
  const pdfOf = async (c: Client, id: string) => {
    const r = await c.get(`/api/orders/${id}/confirmation.pdf`);
    return {
      status: r.statusCode,
      type: r.headers['content-type'],
      text:
        r.statusCode === 200
          ? pdfText(r.rawPayload)
              .pages.map((p) => p.join('\n'))
              .join('\n')
          : r.body,
    };
  };

  it('a sent order prints with its lines, the patient, and what the centre has confirmed', async () => {
    const o = await placeOrder(anna, [{ articleId: art.chair }, { articleId: art.cushion, quantity: 2, accessoryForLine: 1 }]);
    await applyOrderEvent(t.database, centre.event(o.id, { type: 'received', dueDate: '2026-12-04' }));
    await applyOrderEvent(t.database, centre.event(o.id, { type: 'plannedDate', lineId: o.lines[0]!.id, plannedDate: '2026-12-09' }));
    const pdf = await pdfOf(anna, o.id);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const id = DEMO_PATIENTS.ordinary!;
    for (const text of [
      `Orderbekräftelse ${o.orderNumber}`,
      'Kundorder',
      `${id.slice(0, 8)}-${id.slice(8)}`,
      'Rullstol Aktiv 45',
      'Sittdyna Åtta (tillbehör till rad 1)',
      'Mottagen av hjälpmedelscentralen',
      'Planerat leveransdatum',
      '2026-12-09',
      'Sida 1 av 1',
    ])
      expect(pdf.text).toContain(text);
  });

  it('a protected identity is marked and its address never printed; a draft has none; another prescriber without a care relationship is refused', async () => {
    const o = await placeOrder(anna, [{ articleId: art.cushion }], {}, protectedId);
    const pdf = await pdfOf(anna, o.id);
    expect(pdf.text).toContain('Skyddad identitet');
    expect(pdf.text).not.toMatch(/Adress/);
    const d = await draft(anna, { orderType: 'customerOrder', customerId: customers['20101'], patientId });
    expect((await pdfOf(anna, d.id)).status).toBe(409);
    expect([403, 404]).toContain((await pdfOf(erik, o.id)).status);
  });
});

describe('confirmations from the centre', () => {
  it('received, planned, delayed and delivered: the order, its timeline, the messages and the patient’s device list follow', async () => {
    const o = await placeOrder(anna, [{ articleId: art.chair }, { articleId: art.cushion, accessoryForLine: 1 }]);
    const [chair, cushion] = o.lines;
    await applyOrderEvent(t.database, centre.event(o.id, { type: 'received', dueDate: '2026-12-04' }));
    expect((await order(anna, o.id)).status).toBe('received');
    await applyOrderEvent(t.database, centre.event(o.id, { type: 'delayed', lineId: chair!.id, newDate: '2026-12-11', reason: 'Restnoterad' }));
    await applyOrderEvent(
      t.database,
      centre.event(o.id, { type: 'delivered', lineId: cushion!.id, deliveredOn: '2026-12-04', quantity: 1, units: [], partial: false }),
    );
    let v = await order(anna, o.id);
    expect(v.status).toBe('inProgress');
    expect(v.lines[0]!.plannedDate).toBe('2026-12-11');
    await applyOrderEvent(
      t.database,
      centre.event(o.id, {
        type: 'delivered',
        lineId: chair!.id,
        deliveredOn: '2026-12-11',
        quantity: 1,
        units: [centre.unit(4711, { articleNumber: artNo.chair!, articleName: 'Rullstol Aktiv 45' })],
        partial: false,
      }),
    );
    v = await order(anna, o.id);
    expect(v.status).toBe('delivered');
    expect(v.centreOrderNumber).toBe('K-100001');
    expect(v.timeline.map((e) => e.type)).toEqual(['submitted', 'received', 'delayed', 'delivered', 'delivered']);
    expect(v.timeline[2]).toMatchObject({ lineNumber: 1, data: { newDate: '2026-12-11', reason: 'Restnoterad' } });
    const p = await overview(anna);
    const unit = p.currentDevices.find((d) => d.unitNumber === 'U-004711');
    expect(unit).toMatchObject({ serialNumber: 'SN-4711', since: '2026-12-11', articleName: 'Rullstol Aktiv 45', customerName: 'Hemtjänst Norrvik centrum' });
    const news = (await anna.get('/api/messages')).json() as { kind: string; order: { id: string } }[];
    expect(
      news
        .filter((m) => m.order.id === o.id)
        .map((m) => m.kind)
        .sort(),
    ).toEqual(['delayed', 'delivered', 'delivered']);
  });

  it('the start page’s messages name the patient, a protected identity by the initials only; naming them is audited', async () => {
    const ordinary = await placeOrder(anna, [{ articleId: art.cushion }]);
    const hidden = await placeOrder(anna, [{ articleId: art.cushion }], {}, protectedId);
    for (const o of [ordinary, hidden])
      await applyOrderEvent(t.database, centre.event(o.id, { type: 'delayed', lineId: o.lines[0]!.id, newDate: '2026-12-18' }));
    const r = await anna.get('/api/messages?unread=true');
    expect(r.statusCode, r.body).toBe(200);
    const news = r.json() as { order: { id: string }; patient: unknown }[];
    expect(news.find((m) => m.order.id === ordinary.id)?.patient).toEqual({ name: 'Astrid Lindqvist', initials: 'A. L.', protectedIdentity: false });
    expect(news.find((m) => m.order.id === hidden.id)?.patient).toEqual({ name: null, initials: 'S. Ö.', protectedIdentity: true });
    expect(r.body).not.toContain('Öberg');
    const [row] = await t.database.query<{ details: { patientIds: string[] } }>(
      `select details from audit_log where action = 'patient.list' and purpose = 'order-messages' order by id desc limit 1`,
    );
    expect(row!.details.patientIds).toEqual(expect.arrayContaining([patientId, protectedId]));
  });

  it('a buffer withdrawal of an article that is not unit-tracked, registered in two parts: the line stays open until the whole quantity is in', async () => {
    const [store] = await t.database.query<{ id: string }>(
      `select b.id from buffer_store b join customer c on c.id = b.customer_id where c.customer_number = '20101' limit 1`,
    );
    const d = await draft(anna, { orderType: 'bufferWithdrawal', customerId: customers['20101'], patientId });
    const o = await submitted(
      anna,
      await save(anna, d, { delivery: { kind: 'bufferStore', bufferStoreId: store!.id }, lines: [{ articleId: art.cushion, quantity: 5 }] }),
    );
    await worker.runDue();
    const lineId = o.lines[0]!.id;
    await applyOrderEvent(t.database, centre.event(o.id, { type: 'received' }));
    await applyOrderEvent(t.database, centre.event(o.id, { type: 'registeredOnPatient', lineId, since: '2026-12-01', units: [], quantity: 2 }));
    let v = await order(anna, o.id);
    expect(v.status).toBe('inProgress');
    expect(v.lines[0]).toMatchObject({ status: 'received', deliveredQuantity: 2 });
    await applyOrderEvent(t.database, centre.event(o.id, { type: 'registeredOnPatient', lineId, since: '2026-12-02', units: [], quantity: 3 }));
    v = await order(anna, o.id);
    expect(v.status).toBe('done');
    expect(v.lines[0]).toMatchObject({ status: 'done', deliveredQuantity: 5 });
    // Nothing unit-tracked: the device list is unchanged.
    expect((await overview(anna)).currentDevices.some((x) => x.articleName === 'Sittdyna Åtta')).toBe(false);
    // An event with neither units nor a quantity is refused.
    await expect(
      applyOrderEvent(t.database, centre.event(o.id, { type: 'registeredOnPatient', lineId, since: '2026-12-02', units: [] })),
    ).rejects.toMatchObject({ code: 'INVALID' });
  });

  it('the same event twice is applied once; an event the matrix does not allow for the type is refused', async () => {
    const o = await placeOrder(anna, [{ articleId: art.cushion }]);
    const ev = centre.event(o.id, { type: 'received' });
    await applyOrderEvent(t.database, ev);
    await applyOrderEvent(t.database, ev);
    expect((await order(anna, o.id)).timeline.filter((e) => e.type === 'received')).toHaveLength(1);
    await expect(
      applyOrderEvent(t.database, centre.event(o.id, { type: 'pickedUp', lineId: o.lines[0]!.id, unitNumber: 'U-1', pickedUpOn: '2026-12-01' })),
    ).rejects.toBeInstanceOf(ContractRefused);
    await expect(applyOrderEvent(t.database, { ...ev, eventId: crypto.randomUUID(), orderId: crypto.randomUUID() })).rejects.toMatchObject({
      code: 'UNKNOWN_ORDER',
    });
    await expect(applyOrderEvent(t.database, { ...ev, contractVersion: 2 })).rejects.toMatchObject({ code: 'UNSUPPORTED_VERSION' });
  });

  it('a cancellation by the centre (nobody home) cancels the order and tells the prescriber why', async () => {
    const o = await placeOrder(anna, [{ articleId: art.cushion }]);
    await applyOrderEvent(t.database, centre.event(o.id, { type: 'cancelled', lineId: null, reason: 'nobodyHome', comment: 'Ingen öppnade' }));
    const v = await order(anna, o.id);
    expect(v.status).toBe('cancelled');
    expect(v.lines[0]).toMatchObject({ status: 'cancelled', cancelReason: 'nobodyHome' });
    const news = (await anna.get('/api/messages?unread=true')).json() as { id: string; kind: string; order: { id: string }; data: { reason?: string } }[];
    const m = news.find((x) => x.order.id === o.id)!;
    expect(m).toMatchObject({ kind: 'cancelled', data: { reason: 'nobodyHome' } });
    expect((await anna.post(`/api/messages/${m.id}/read`, {})).statusCode).toBe(204);
    expect(((await anna.get('/api/messages?unread=true')).json() as { id: string }[]).some((x) => x.id === m.id)).toBe(false);
  });

  it('a message the centre refuses for good marks the order refused and tells the prescriber', async () => {
    centre.refuse = new ContractRefused('INVALID', 'Kundnumret är spärrat');
    try {
      const o = await placeOrder(anna, [{ articleId: art.cushion }]);
      const v = await order(anna, o.id);
      expect(v.status).toBe('cancelled');
      expect(v.timeline.at(-1)).toMatchObject({ type: 'refused', data: { message: 'Kundnumret är spärrat' } });
    } finally {
      centre.refuse = null;
    }
  });

  it('a centre that is down is retried: the order stays submitted and nothing is lost', async () => {
    centre.down = true;
    const o = await placeOrder(anna, [{ articleId: art.cushion }]);
    expect(centre.received.some((m) => m.type === 'order.submit' && m.order.orderId === o.id)).toBe(false);
    const [job] = await t.database.query<{ state: string; attempts: number; last_error: string }>(
      `select state, attempts, last_error from job where kind = 'ordering.send-message' and payload->'order'->>'orderId' = $1`,
      [o.id],
    );
    expect(job).toMatchObject({ state: 'pending', attempts: 1 });
    expect(job!.last_error).toMatch(/ECONNREFUSED/);
    centre.down = false;
    await t.database.query(`update job set run_at = now() where kind = 'ordering.send-message'`);
    await worker.runDue();
    expect(centre.submitted(o.id).order.orderNumber).toBe(o.orderNumber);
  });
});

describe('cancelling', () => {
  it('a received order can be cancelled (one message, however often asked); a delivered one cannot', async () => {
    const o = await placeOrder(anna, [{ articleId: art.cushion }]);
    await applyOrderEvent(t.database, centre.event(o.id, { type: 'received' }));
    expect((await anna.post(`/api/orders/${o.id}/cancel`, { comment: 'Behövs inte' })).statusCode).toBe(200);
    expect((await anna.post(`/api/orders/${o.id}/cancel`, {})).statusCode).toBe(200);
    await worker.runDue();
    expect(centre.received.filter((m) => m.type === 'order.cancel' && m.orderId === o.id)).toHaveLength(1);

    const d = await placeOrder(anna, [{ articleId: art.cushion }]);
    await applyOrderEvent(
      t.database,
      centre.event(d.id, { type: 'delivered', lineId: d.lines[0]!.id, deliveredOn: '2026-12-01', quantity: 1, units: [], partial: false }),
    );
    const r = await anna.post(`/api/orders/${d.id}/cancel`, {});
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toMatch(/kan inte makuleras/);
  });
});

describe('pick-up orders', () => {
  let unitOrder: OrderView;
  beforeAll(async () => {
    unitOrder = await placeOrder(anna, [{ articleId: art.chair }]);
    await applyOrderEvent(
      t.database,
      centre.event(unitOrder.id, {
        type: 'delivered',
        lineId: unitOrder.lines[0]!.id,
        deliveredOn: '2026-11-02',
        quantity: 1,
        units: [centre.unit(5001, { articleNumber: artNo.chair! })],
        partial: false,
      }),
    );
  });

  it('names only units on the patient’s device list, and one pick-up per unit', async () => {
    const d = await draft(anna, { orderType: 'pickUp', customerId: customers['20101'], patientId });
    const wrong = await anna.post(`/api/orders/${(await save(anna, d, { delivery: { kind: 'none' }, lines: [{ unitNumber: 'U-999999' }] })).id}/submit`, {});
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error).toMatchObject({ code: 'UNIT_NOT_PATIENTS' });
    const d2 = await draft(anna, { orderType: 'pickUp', customerId: customers['20101'], patientId });
    const ok = await submitted(anna, await save(anna, d2, { delivery: { kind: 'none' }, lines: [{ unitNumber: 'U-005001' }] }));
    await worker.runDue();
    expect(centre.submitted(ok.id).order.lines[0]!.unitNumber).toBe('U-005001');
    expect((await overview(anna)).currentDevices.find((x) => x.unitNumber === 'U-005001')?.pickUpOrderId).toBe(ok.id);
    const d3 = await draft(anna, { orderType: 'pickUp', customerId: customers['20101'], patientId });
    const again = await anna.post(`/api/orders/${(await save(anna, d3, { delivery: { kind: 'none' }, lines: [{ unitNumber: 'U-005001' }] })).id}/submit`, {});
    expect(again.statusCode).toBe(409);

    // picked up and deregistered: the unit leaves the device list for the past devices
    await applyOrderEvent(t.database, centre.event(ok.id, { type: 'pickedUp', lineId: ok.lines[0]!.id, unitNumber: 'U-005001', pickedUpOn: '2026-12-03' }));
    await applyOrderEvent(t.database, centre.event(ok.id, { type: 'deregistered', lineId: ok.lines[0]!.id, unitNumber: 'U-005001', until: '2026-12-03' }));
    const p = await overview(anna);
    expect(p.currentDevices.some((x) => x.unitNumber === 'U-005001')).toBe(false);
    expect(p.pastDevices.find((x) => x.unitNumber === 'U-005001')).toMatchObject({ until: '2026-12-03', endReason: 'pickedUp' });
    expect((await order(anna, ok.id)).status).toBe('done');
  });

  it('an orderer cannot register a pick-up (the matrix says prescriber)', async () => {
    const r = await bo.post('/api/orders', { orderType: 'pickUp', customerId: customers['20102'], patientId });
    expect(r.statusCode).toBe(403);
  });
});

describe('the device list says what is going on with each unit (issue 16 item 10)', () => {
  const unit = 'U-006001';
  let deviceOrder: OrderView;
  beforeAll(async () => {
    deviceOrder = await placeOrder(anna, [{ articleId: art.chair }]);
    await applyOrderEvent(
      t.database,
      centre.event(deviceOrder.id, {
        type: 'delivered',
        lineId: deviceOrder.lines[0]!.id,
        deliveredOn: '2026-11-02',
        quantity: 1,
        units: [centre.unit(6001, { articleNumber: artNo.chair! })],
        partial: false,
      }),
    );
  });
  const statusOf = async () => {
    const d = (await overview(anna)).currentDevices.find((x) => x.unitNumber === unit)!;
    return [d.status, d.statusOrderId];
  };
  const workOrder = async (typeCode: string) => {
    const d = await draft(anna, { orderType: 'workOrder', customerId: customers['20101'], patientId });
    return save(anna, d, { delivery: { kind: 'none' }, lines: [{ unitNumber: unit }], details: { workOrder: { typeCode, description: 'Bromsen tar inte' } } });
  };

  it('on loan; a repair reported is "felanmäld" until the centre starts it, then "på lagning", and on loan again when done', async () => {
    expect(await statusOf()).toEqual(['onLoan', null]);
    const saved = await workOrder('repairAtCentre');
    expect(await statusOf()).toEqual(['onLoan', null]); // a draft says nothing yet
    const wo = await submitted(anna, saved);
    expect(await statusOf()).toEqual(['faultReported', wo.id]);
    await applyOrderEvent(t.database, centre.event(wo.id, { type: 'received' }));
    await applyOrderEvent(t.database, centre.event(wo.id, { type: 'workOrderBooked', bookedFor: '2026-12-02T09:00:00+01:00' }));
    expect(await statusOf()).toEqual(['faultReported', wo.id]);
    await applyOrderEvent(t.database, centre.event(wo.id, { type: 'workOrderStarted' }));
    expect(await statusOf()).toEqual(['inRepair', wo.id]);
    await applyOrderEvent(t.database, centre.event(wo.id, { type: 'workOrderDone' }));
    expect(await statusOf()).toEqual(['onLoan', null]);
  });

  it('another kind of work order is "arbetsorder beställd", until the centre cancels it', async () => {
    const wo = await submitted(anna, await workOrder('adjustment'));
    expect(await statusOf()).toEqual(['workOrderOrdered', wo.id]);
    await applyOrderEvent(t.database, centre.event(wo.id, { type: 'cancelled', reason: 'patientUnreachable' }));
    expect(await statusOf()).toEqual(['onLoan', null]);
  });

  it('a pick-up ordered, then picked up: "hämtning beställd", "hämtad", then the unit leaves the list', async () => {
    const d = await draft(anna, { orderType: 'pickUp', customerId: customers['20101'], patientId });
    const p = await submitted(anna, await save(anna, d, { delivery: { kind: 'none' }, lines: [{ unitNumber: unit }] }));
    expect(await statusOf()).toEqual(['pickUpOrdered', p.id]);
    await applyOrderEvent(t.database, centre.event(p.id, { type: 'pickedUp', lineId: p.lines[0]!.id, unitNumber: unit, pickedUpOn: '2026-12-03' }));
    expect(await statusOf()).toEqual(['pickedUp', p.id]);
    await applyOrderEvent(t.database, centre.event(p.id, { type: 'deregistered', lineId: p.lines[0]!.id, unitNumber: unit, until: '2026-12-03' }));
    const o = await overview(anna);
    expect(o.currentDevices.some((x) => x.unitNumber === unit)).toBe(false);
    expect(o.pastDevices.find((x) => x.unitNumber === unit)).toMatchObject({ status: null, statusOrderId: null });
  });
});

describe('work orders, reports', () => {
  it('special adaptation needs an instruction and a risk analysis attached', async () => {
    const d = await draft(anna, { orderType: 'workOrder', customerId: customers['20101'], patientId: null });
    const s = await save(anna, d, {
      patientId: null,
      delivery: { kind: 'none' },
      lines: [{ unitNumber: 'U-000777' }],
      details: { workOrder: { typeCode: 'specialAdaptation', description: 'Förhöjd sits' } },
    });
    const r = await anna.post(`/api/orders/${s.id}/submit`, {});
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/instruktion, riskanalys/);
    for (const kind of ['instruction', 'riskAnalysis']) {
      const up = await upload(anna, `/api/orders/${s.id}/attachments`, kind, Buffer.from('%PDF-1.4\n%test\n'));
      expect(up.statusCode, up.body).toBe(201);
    }
    const html = await upload(anna, `/api/orders/${s.id}/attachments`, 'photo', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.statusCode).toBe(415);
    const ok = await submitted(anna, await order(anna, s.id));
    await worker.runDue();
    const m = centre.submitted(ok.id);
    expect(m.order.workOrder?.typeCode).toBe('specialAdaptation');
    expect(m.order.attachments.map((a) => a.kind).sort()).toEqual(['instruction', 'riskAnalysis']);
    const file = await anna.get(`/api/orders/${s.id}/attachments/${ok.attachments[0]!.id}`);
    expect(file.headers['content-type']).toBe('application/pdf');
  });

  it('a fault report goes with its category; an unknown work-order type is refused', async () => {
    const d = await draft(bo, { orderType: 'faultReport', customerId: customers['20102'] });
    const s = await save(bo, d, {
      customerId: customers['20102'],
      delivery: { kind: 'none' },
      details: { faultReport: { category: 'damagedGoods', description: 'Ramen var böjd vid leverans' } },
    });
    const o = await submitted(bo, s);
    await worker.runDue();
    expect(centre.submitted(o.id).order.faultReport).toMatchObject({ category: 'damagedGoods' });
    const w = await draft(bo, { orderType: 'workOrder', customerId: customers['20102'] });
    const ws = await save(bo, w, {
      customerId: customers['20102'],
      delivery: { kind: 'none' },
      lines: [{ unitNumber: 'U-1' }],
      details: { workOrder: { typeCode: 'teleport', description: 'x' } },
    });
    expect((await bo.post(`/api/orders/${ws.id}/submit`, {})).json().error.message).toMatch(/Okänd arbetsordertyp/);
  });
});

describe('a deviation names the unit or article it concerns (issue 14)', () => {
  it('without a unit or an article number it is refused with both fields named and stays a draft; an unknown article is refused; with one it goes to the centre', async () => {
    const d = await draft(anna, { orderType: 'deviation', customerId: customers['10101'] });
    const deviation = { kind: 'negativeEvent', description: 'Bromsen släppte i en backe' };
    const s = await save(anna, d, { customerId: customers['10101'], delivery: { kind: 'none' }, details: { deviation } });
    const none = await anna.post(`/api/orders/${s.id}/submit`, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toBe('Ange vilken individ (individnummer) eller vilken artikel (artikelnummer) avvikelsen gäller');
    expect(none.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['details.deviation.unitNumber', 'details.deviation.articleNumber']);
    expect((await order(anna, s.id)).status).toBe('draft');

    const unknown = await save(anna, await order(anna, s.id), {
      customerId: customers['10101'],
      delivery: { kind: 'none' },
      details: { deviation: { ...deviation, articleNumber: 'FINNS-INTE-1' } },
    });
    const r = await anna.post(`/api/orders/${unknown.id}/submit`, {});
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toBe('Artikelnummer FINNS-INTE-1 finns inte i artikelregistret');
    expect((await order(anna, s.id)).details).toMatchObject({ deviation: { articleNumber: 'FINNS-INTE-1', description: 'Bromsen släppte i en backe' } });

    const ok = await submitted(
      anna,
      await save(anna, await order(anna, s.id), {
        customerId: customers['10101'],
        delivery: { kind: 'none' },
        details: { deviation: { ...deviation, articleNumber: artNo.chair, unitNumber: 'U-000777' } },
      }),
    );
    await worker.runDue();
    expect(centre.submitted(ok.id).order.deviation).toMatchObject({ kind: 'negativeEvent', articleNumber: artNo.chair, unitNumber: 'U-000777' });
  });
});

describe('who sees what (DOMAIN §7)', () => {
  it('another care provider’s prescriber sees neither the order nor the device list; a colleague at the same care provider does once she has a care relationship', async () => {
    const o = await placeOrder(anna, [{ articleId: art.cushion }]);
    expect((await erik.get(`/api/orders/${o.id}`)).statusCode).toBe(404);
    expect((await lisa.get(`/api/orders/${o.id}`)).statusCode).toBe(403);
    await openPatient(lisa, DEMO_PATIENTS.ordinary!);
    expect((await lisa.get(`/api/orders/${o.id}`)).statusCode).toBe(200);
    await openPatient(erik, DEMO_PATIENTS.ordinary!);
    const seen = await overview(erik);
    expect(seen.openOrders.concat(seen.pastOrders).some((x) => x.id === o.id)).toBe(false);
    expect(seen.currentDevices).toHaveLength(0);
    const mine = (await lisa.get('/api/orders?scope=customer')).json() as { items: { id: string }[] };
    expect(mine.items.some((x) => x.id === o.id)).toBe(true);
    const annas = (await anna.get('/api/orders?scope=mine&status=open')).json() as { items: { id: string }[] };
    expect(annas.items.some((x) => x.id === o.id)).toBe(true);
  });

  it('every read of the patient page is in the audit log', async () => {
    const before = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'patient.read' and patient_ref = $1`, [
      patientId,
    ]);
    await overview(anna);
    const after = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'patient.read' and patient_ref = $1`, [
      patientId,
    ]);
    expect(after[0]!.n).toBe(before[0]!.n + 1);
  });
});

describe('the patient directory is down at submit', () => {
  let fhir: FhirTestServer;
  let t2: TestApp;
  afterAll(async () => {
    await t2?.close();
    await fhir?.close();
  });

  it('gives a clear message and keeps the draft', async () => {
    const resource = fixturePatient('patient-ordinary');
    fhir = await startFhirTestServer({ patients: [resource] });
    t2 = await startTestApp({ config: { patientDirectory: { kind: 'fhir', baseUrl: fhir.baseUrl, timeoutMs: 1000 } } });
    t2.centre.set(new FakeCentre());
    const c = await t2.login('forskrivare');
    const identifier = (resource.identifier as { value: string }[])[0]!.value;
    const id = await openPatient(c, identifier);
    const chair = await givenArticle(t2.database, { name: 'Rollator Ö' });
    const cust = (await t2.database.query<{ id: string }>(`select id from customer where customer_number = '20101'`))[0]!.id;
    const d = (await c.post('/api/orders', { orderType: 'customerOrder', customerId: cust, patientId: id })).json() as OrderView;
    const s = (
      await c.put(`/api/orders/${d.id}`, {
        version: d.version,
        customerId: cust,
        delivery: { kind: 'patientAddress' },
        contactName: 'A',
        contactPhone: '070-1234567',
        lines: [{ articleId: chair.id }],
      })
    ).json() as OrderView;
    fhir.failWith = 503;
    const r = await c.post(`/api/orders/${s.id}/submit`, {});
    expect(r.statusCode).toBe(503);
    expect(r.json().error.message).toMatch(/går inte att nå/);
    const kept = (await c.get(`/api/orders/${s.id}`)).json() as OrderView;
    expect(kept).toMatchObject({ status: 'draft', version: s.version });
    expect(kept.lines).toHaveLength(1);
    fhir.failWith = null;
    expect((await c.post(`/api/orders/${s.id}/submit`, {})).statusCode).toBe(200);
  });
});

async function upload(c: Client, url: string, kind: string, data: Buffer) {
  const boundary = '----bista' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${kind}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: c.cookie!, 'x-csrf-token': c.csrf!, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

describe('only a prescriber marks an order urgent (issue 15 item 5)', () => {
  it('an orderer saving an urgent draft gets a field message and nothing is changed; a prescriber may', async () => {
    const body = { delivery: { kind: 'none' }, urgent: true, messageToCentre: 'Behövs i dag', lines: [] };
    const d = await draft(bo, { orderType: 'customerOrder', customerId: customers['20102'] });
    const refused = await bo.put(`/api/orders/${d.id}`, { version: d.version, customerId: customers['20102'], ...body });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toEqual([expect.objectContaining({ path: 'body.urgent', code: 'urgent_prescriber_only' })]);
    expect(refused.json().error.message).toMatch(/Bara en förskrivare kan markera en beställning som akut/);
    expect(await order(bo, d.id)).toMatchObject({ urgent: false, version: d.version });

    const mine = await draft(anna, { orderType: 'customerOrder', customerId: customers['10101'] });
    const ok = await anna.put(`/api/orders/${mine.id}`, { version: mine.version, customerId: customers['10101'], ...body });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ urgent: true });
  });
});

describe('prescribing right: a warning, never a block (issue 15 item 10)', () => {
  it('an article names the professions that usually prescribe it; a prescriber of another profession is warned and may still send it', async () => {
    const sara = await t.login('sortiment');
    const frame = await givenArticle(t.database, { name: 'Ståstöd Förskrivning' });
    const setBy = async (id: string, prescribedBy: string[]) => {
      const v = (await sara.get(`/api/catalogue/articles/${id}`)).json() as { version: number };
      const r = await sara.patch(`/api/catalogue/articles/${id}`, { version: v.version, prescribedBy });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { prescribedBy: string[] };
    };
    expect(await setBy(frame.id, ['physiotherapist', 'physiotherapist'])).toMatchObject({ prescribedBy: ['physiotherapist'] });
    expect((await sara.patch(`/api/catalogue/articles/${frame.id}`, { version: 99, prescribedBy: ['wizard'] })).statusCode).toBe(400);
    await setBy(art.cushion!, ['occupationalTherapist', 'physiotherapist']);

    // Anna is an occupational therapist: the standing frame warns, the cushion does not.
    const d = await draft(anna, { orderType: 'customerOrder', customerId: customers['20101'], patientId });
    const saved = await save(anna, d, {
      lines: [
        { articleId: frame.id, quantity: 1 },
        { articleId: art.cushion, quantity: 1 },
      ],
    });
    const warning = { code: 'prescribingRight', lineNumber: 1, articleNumber: frame.articleNumber, professions: ['physiotherapist'] };
    expect(saved.warnings).toEqual([warning]);
    const sent = await submitted(anna, saved);
    expect(sent.status).toBe('submitted');
    expect(sent.warnings).toEqual([warning]);
  });
});

describe('a buffer withdrawal records when the device was taken from the store (issue 15 item 6)', () => {
  it('the time given is sent to the centre; one in the future is refused on its field; none given = when sent', async () => {
    const [store] = await t.database.query<{ id: string }>(
      `select b.id from buffer_store b join customer c on c.id = b.customer_id where c.customer_number = '20101' limit 1`,
    );
    const withdrawal = async (takenAt: string | null) => {
      const d = await draft(anna, { orderType: 'bufferWithdrawal', customerId: customers['20101'], patientId });
      return save(anna, d, {
        delivery: { kind: 'bufferStore', bufferStoreId: store!.id },
        lines: [{ articleId: art.cushion, quantity: 1 }],
        details: takenAt ? { bufferWithdrawal: { takenAt } } : null,
      });
    };
    const future = await withdrawal(new Date(Date.now() + 3600_000).toISOString());
    const refused = await anna.post(`/api/orders/${future.id}/submit`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toEqual([expect.objectContaining({ path: 'details.bufferWithdrawal.takenAt', code: 'date_in_future' })]);

    const takenAt = new Date(Date.now() - 30 * 3600_000).toISOString();
    const given = await submitted(anna, await withdrawal(takenAt));
    const none = await submitted(anna, await withdrawal(null));
    await worker.runDue();
    expect(centre.submitted(given.id).order.bufferWithdrawal).toEqual({ takenAt });
    expect(centre.submitted(none.id).order.bufferWithdrawal?.takenAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
