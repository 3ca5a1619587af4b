import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { ContractRefused } from '../../contract/endpoints.ts';
import type { SubmitOrder } from '../../contract/messages.ts';
import { createLogger } from '../../platform/logger.ts';
import { Worker } from '../../platform/jobs/jobs.ts';
import { provisionJobHandlers } from '../jobs.ts';
import { givenUnitArticle, RecordingOrdering, submitMessage } from '../testing/given.ts';
import { declareCareRelationship, directoryPatients } from '../testing/rest-sender.ts';
import { createCentreEndpoint, receiveMessage } from './receive-message.ts';

const FIXTURES = path.join(import.meta.dirname, '../../contract/fixtures');
const fixture = (f: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8')) as Record<string, unknown>;

let t: TestApp;
let chair: string;
let cushion: string;

async function count(table: string, where = 'true', params: unknown[] = []) {
  const [r] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return r!.n;
}

/** Every row the provision side stores for an order, and the outbox jobs. */
async function stored() {
  return {
    orders: await count('provision_order'),
    lines: await count('provision_order_line'),
    patients: await count('provision_patient'),
    events: await count('provision_order_event'),
    messages: await count('provision_inbound_message'),
    jobs: await count('job', `kind = 'provision.send-event'`),
  };
}

beforeAll(async () => {
  t = await startTestApp();
  chair = (await givenUnitArticle(t.database, { name: 'Rullstol Intag 45' })).articleNumber;
  cushion = (await givenUnitArticle(t.database, { name: 'Sittdyna Intag', articleType: 'T', chargingForm: 'sale', unitTracked: false, stockForm: 'orderItem' }))
    .articleNumber;
});
afterAll(() => t.close());

describe('order intake through the contract', () => {
  it('a customer order is stored with its lines, patient, delivery and due dates, and "received" goes to the outbox with it', async () => {
    const m = submitMessage({ lines: [{ articleNumber: chair }, { articleNumber: cushion, quantity: 2 }] });
    const receipt = await receiveMessage(t.ctx(), m);
    expect(receipt).toMatchObject({ accepted: true, duplicate: false, centreOrderNumber: expect.stringMatching(/^K-\d{6}$/) });
    const [o] = await t.database.query<{ customer_number: string; queue: string; due_date: string; delivery: unknown }>(
      `SELECT customer_number, queue, due_date::text, delivery FROM provision_order WHERE id = $1`,
      [m.order.orderId],
    );
    expect(o).toMatchObject({ customer_number: '20101', queue: 'warehouse', delivery: { kind: 'patientAddress' } });
    const lines = await t.database.query<{ line_number: number; state: string; due_date: string; stock_form: string }>(
      `SELECT line_number, state, due_date::text, stock_form FROM provision_order_line WHERE order_id = $1 ORDER BY line_number`,
      [m.order.orderId],
    );
    expect(lines.map((l) => [l.line_number, l.state, l.stock_form])).toEqual([
      [1, 'received', 'stock'],
      [2, 'received', 'orderItem'],
    ]);
    // The order item has the longer lead time and so sets the order's delivery date.
    expect(lines[1]!.due_date > lines[0]!.due_date).toBe(true);
    expect(o!.due_date).toBe(lines[1]!.due_date);
    const [p] = await t.database.query<{ first_name: string; street: string }>(`SELECT first_name, street FROM provision_patient WHERE order_id = $1`, [
      m.order.orderId,
    ]);
    expect(p).toEqual({ first_name: 'Märta', street: 'Storgatan 12' });
    const [ev] = await t.database.query<{ type: string; sequence: number; contract_event: { dueDate: string } }>(
      `SELECT type, sequence, contract_event FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL`,
      [m.order.orderId],
    );
    expect(ev).toMatchObject({ type: 'received', sequence: 1, contract_event: { dueDate: o!.due_date } });
    expect(await count('job', `kind = 'provision.send-event' AND payload->>'orderId' = $1`, [m.order.orderId])).toBe(1);
    expect(await count('audit_log', `action = 'provision.order.receive' AND entity_id = $1`, [m.order.orderId])).toBe(1);
  });

  it('the same message twice makes one order', async () => {
    const m = submitMessage({ lines: [{ articleNumber: chair }] });
    const first = await receiveMessage(t.ctx(), m);
    const before = await stored();
    const again = await receiveMessage(t.ctx(), structuredClone(m));
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await stored()).toEqual(before);
    expect(await count('provision_order', 'id = $1', [m.order.orderId])).toBe(1);
  });

  it('the same message delivered twice at the same moment still makes one order', async () => {
    const m = submitMessage({ lines: [{ articleNumber: chair }] });
    const [a, b] = await Promise.all([receiveMessage(t.ctx(), m), receiveMessage(t.ctx(), structuredClone(m))]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(a.centreOrderNumber).toBe(b.centreOrderNumber);
    expect(await count('provision_order', 'id = $1', [m.order.orderId])).toBe(1);
  });

  it('a message of version 2 is refused and nothing is stored', async () => {
    const before = await stored();
    await expect(receiveMessage(t.ctx(), fixture('refused/unknown-version.json'))).rejects.toMatchObject({
      name: 'ContractRefused',
      code: 'UNSUPPORTED_VERSION',
    });
    // Even a version-2 message that is otherwise a valid order.
    const v2 = { ...submitMessage({ lines: [{ articleNumber: chair }] }), contractVersion: 2 };
    await expect(receiveMessage(t.ctx(), v2)).rejects.toMatchObject({ code: 'UNSUPPORTED_VERSION', message: expect.stringMatching(/version 2 stöds inte/) });
    expect(await stored()).toEqual(before);
  });

  it('a message of an unknown type is refused and nothing is stored', async () => {
    const before = await stored();
    await expect(receiveMessage(t.ctx(), fixture('refused/unknown-type.json'))).rejects.toMatchObject({ code: 'UNKNOWN_TYPE' });
    expect(await stored()).toEqual(before);
  });

  it('a different message with the same orderId is refused', async () => {
    const m = submitMessage({ lines: [{ articleNumber: chair }] });
    await receiveMessage(t.ctx(), m);
    const other = { ...structuredClone(m), messageId: crypto.randomUUID() };
    await expect(receiveMessage(t.ctx(), other)).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringMatching(/redan tagits emot/) });
  });

  it('the same cancel delivered three times at once cancels once; the copies are duplicates', async () => {
    const m = submitMessage({ lines: [{ articleNumber: chair }, { articleNumber: cushion }] });
    await receiveMessage(t.ctx(), m);
    const cancel = {
      contractVersion: 1,
      type: 'order.cancel',
      messageId: crypto.randomUUID(),
      sentAt: new Date().toISOString(),
      orderId: m.order.orderId,
      lineIds: null,
      reason: 'requestedByCustomer',
      comment: null,
    };
    const receipts = await Promise.all([1, 2, 3].map(() => receiveMessage(t.ctx(), structuredClone(cancel))));
    expect(receipts.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await count('provision_inbound_message', 'message_id = $1', [cancel.messageId])).toBe(1);
    expect(await count('provision_order_line', `order_id = $1 AND state = 'cancelled'`, [m.order.orderId])).toBe(2);
  });

  it('a message id used again with another payload is refused as a conflict, not answered as a duplicate', async () => {
    const m = submitMessage({ lines: [{ articleNumber: chair }] });
    const first = await receiveMessage(t.ctx(), m);
    const changed = structuredClone(m);
    changed.order.lines[0]!.quantity = 2;
    await expect(receiveMessage(t.ctx(), changed)).rejects.toMatchObject({ code: 'MESSAGE_ID_CONFLICT', message: expect.stringContaining(m.messageId) });
    // The same payload with its keys in another order is the same message.
    const reordered = { order: m.order, sentAt: m.sentAt, messageId: m.messageId, type: m.type, contractVersion: m.contractVersion };
    expect(await receiveMessage(t.ctx(), reordered)).toEqual({ ...first, duplicate: true });

    // A cancel (received in a transaction of its own, not in a batch) likewise.
    const cancel = {
      contractVersion: 1,
      type: 'order.cancel',
      messageId: crypto.randomUUID(),
      sentAt: new Date().toISOString(),
      orderId: m.order.orderId,
      lineIds: null,
      reason: 'requestedByCustomer',
      comment: null,
    };
    await receiveMessage(t.ctx(), cancel);
    await expect(receiveMessage(t.ctx(), { ...cancel, comment: 'Annan kommentar' })).rejects.toMatchObject({ code: 'MESSAGE_ID_CONFLICT' });
    expect(await receiveMessage(t.ctx(), { ...cancel })).toMatchObject({ duplicate: true });
  });

  it('an unknown customer number or article is refused with a message that names it, and nothing is stored', async () => {
    const before = await stored();
    await expect(receiveMessage(t.ctx(), submitMessage({ customerNumber: '99999', lines: [{ articleNumber: chair }] }))).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('99999'),
    });
    await expect(receiveMessage(t.ctx(), submitMessage({ lines: [{ articleNumber: chair }, { articleNumber: 'X-NOPE' }] }))).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('X-NOPE'),
    });
    expect(await stored()).toEqual(before);
  });

  it('every order type of the matrix is accepted at intake, its own payload kept as data', async () => {
    const pickUp = fixture('submit-pick-up-protected.json') as SubmitOrder;
    pickUp.order.customerNumber = '20101';
    await receiveMessage(t.ctx(), pickUp);
    const [p] = await t.database.query<{ protected_identity: boolean; street: string | null }>(
      `SELECT protected_identity, street FROM provision_patient WHERE order_id = $1`,
      [pickUp.order.orderId],
    );
    expect(p).toEqual({ protected_identity: true, street: null });

    const wo = fixture('submit-work-order.json') as SubmitOrder;
    await receiveMessage(t.ctx(), wo);
    const [w] = await t.database.query<{ queue: string; details: { workOrder: { typeCode: string }; attachments: unknown[] } }>(
      `SELECT queue, details FROM provision_order WHERE id = $1`,
      [wo.order.orderId],
    );
    expect(w!.queue).toBe('technician');
    expect(w!.details.workOrder.typeCode).toBe('specialAdaptation');
    expect(w!.details.attachments).toHaveLength(2);

    // A deviation names the unit (or article) it concerns; intake keeps it with the details.
    const deviation = fixture('submit-deviation.json') as SubmitOrder;
    await receiveMessage(t.ctx(), deviation);
    const [dv] = await t.database.query<{ details: { deviation: { unitNumber: string } } }>(`SELECT details FROM provision_order WHERE id = $1`, [
      deviation.order.orderId,
    ]);
    expect(dv!.details.deviation.unitNumber).toBe('U-000042');

    const fault = submitMessage({
      orderType: 'faultReport',
      lines: [],
      patient: null,
      faultReport: { category: 'damagedGoods', description: 'Ramen var böjd vid leverans', relatedOrderNumber: null },
    });
    await receiveMessage(t.ctx(), fault);
    expect(await count('provision_order', `id = $1 AND queue = 'customerService'`, [fault.order.orderId])).toBe(1);
  });

  it('a work order without the attachments its type requires is refused', async () => {
    const wo = fixture('submit-work-order.json') as SubmitOrder;
    wo.messageId = crypto.randomUUID();
    wo.order.orderId = crypto.randomUUID();
    wo.order.lines[0]!.lineId = crypto.randomUUID();
    wo.order.attachments = wo.order.attachments.filter((a) => a.kind !== 'riskAnalysis');
    await expect(receiveMessage(t.ctx(), wo)).rejects.toMatchObject({ code: 'INVALID', message: expect.stringContaining('riskAnalysis') });
  });

  it('a pick-up without a patient breaks the matrix and is refused', async () => {
    const m = submitMessage({ orderType: 'pickUp', patient: null, lines: [{ unitNumber: 'U-000001' }] });
    await expect(receiveMessage(t.ctx(), m)).rejects.toBeInstanceOf(ContractRefused);
  });

  it('order.cancel cancels the lines not yet delivered and sends "cancelled" for the whole order', async () => {
    const m = submitMessage({ lines: [{ articleNumber: chair }, { articleNumber: cushion }] });
    await receiveMessage(t.ctx(), m);
    const cancel = {
      contractVersion: 1 as const,
      type: 'order.cancel' as const,
      messageId: crypto.randomUUID(),
      sentAt: new Date().toISOString(),
      orderId: m.order.orderId,
      lineIds: null,
      reason: 'requestedByCustomer' as const,
      comment: 'Fick annan lösning',
    };
    const r = await receiveMessage(t.ctx(), cancel);
    expect(r).toMatchObject({ accepted: true, duplicate: false });
    expect(await count('provision_order_line', `order_id = $1 AND state = 'cancelled'`, [m.order.orderId])).toBe(2);
    expect(await count('provision_order', `id = $1 AND status = 'cancelled'`, [m.order.orderId])).toBe(1);
    const events = await t.database.query<{ contract_event: { type: string; lineId: string | null; reason: string } }>(
      `SELECT contract_event FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL ORDER BY sequence`,
      [m.order.orderId],
    );
    expect(events.map((e) => e.contract_event.type)).toEqual(['received', 'cancelled']);
    expect(events[1]!.contract_event).toMatchObject({ lineId: null, reason: 'requestedByCustomer' });
    // The same cancel again is a duplicate; a cancel of an order with nothing open is refused.
    expect(await receiveMessage(t.ctx(), structuredClone(cancel))).toMatchObject({ duplicate: true });
    await expect(receiveMessage(t.ctx(), { ...cancel, messageId: crypto.randomUUID() })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(receiveMessage(t.ctx(), { ...cancel, messageId: crypto.randomUUID(), orderId: crypto.randomUUID() })).rejects.toMatchObject({
      code: 'UNKNOWN_ORDER',
    });
  });

  it('the in-process endpoint receives for the ordering side and lists the work-order types', async () => {
    const centre = createCentreEndpoint({ database: t.database, config: t.config, log: createLogger('silent') });
    const r = await centre.receive(submitMessage({ lines: [{ articleNumber: chair }] }));
    expect(r.duplicate).toBe(false);
    expect((await centre.workOrderTypes()).map((w) => w.code)).toContain('specialAdaptation');
  });

  it('"received" reaches the ordering side through the outbox worker', async () => {
    const ordering = new RecordingOrdering();
    const log = createLogger('silent');
    const m = submitMessage({ lines: [{ articleNumber: chair }] });
    await receiveMessage(t.ctx(), m);
    const worker = new Worker({ database: t.database, log, handlers: provisionJobHandlers({ database: t.database, config: t.config, log, ordering }) });
    await worker.runDue();
    expect(ordering.of(m.order.orderId)).toEqual([expect.objectContaining({ type: 'received', sequence: 1, orderId: m.order.orderId })]);
  });
});

describe('POST /api/contract/v1/messages', () => {
  it('answers 202 with the receipt, and the same message again with duplicate: true', async () => {
    const anna = await t.login('forskrivare');
    // A patient from the directory, with the care relationship the web path also asks for (submit-over-rest.test.ts).
    await declareCareRelationship(anna, directoryPatients.ordinary().identifier);
    const m = submitMessage({ lines: [{ articleNumber: chair }], patient: directoryPatients.ordinary() });
    const res = await anna.post('/api/contract/v1/messages', m);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ accepted: true, duplicate: false, centreOrderNumber: expect.stringMatching(/^K-/) });
    const again = await anna.post('/api/contract/v1/messages', m);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ duplicate: true });
  });

  it('refuses another version with 400 and the refusal code, an invalid message with 422 naming the field', async () => {
    const anna = await t.login('forskrivare');
    const v2 = await anna.post('/api/contract/v1/messages', fixture('refused/unknown-version.json'));
    expect(v2.statusCode).toBe(400);
    expect(v2.json().error).toMatchObject({ code: 'UNSUPPORTED_VERSION', message: expect.stringMatching(/stöds inte/) });
    const m = submitMessage({ lines: [{ articleNumber: chair, quantity: 0 }] });
    const bad = await anna.post('/api/contract/v1/messages', m);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'INVALID', issues: [{ path: 'order.lines.0.quantity' }] });
  });

  it('cancels through the same route, only for the sender’s own customers', async () => {
    const anna = await t.login('forskrivare');
    await declareCareRelationship(anna, directoryPatients.ordinary().identifier);
    const m = submitMessage({ lines: [{ articleNumber: chair }], patient: directoryPatients.ordinary() });
    expect((await anna.post('/api/contract/v1/messages', m)).statusCode).toBe(202);
    const cancel = {
      contractVersion: 1,
      type: 'order.cancel',
      messageId: crypto.randomUUID(),
      sentAt: new Date().toISOString(),
      orderId: m.order.orderId,
      lineIds: null,
      reason: 'requestedByCustomer',
      comment: null,
    };
    const erik = await t.login('sjukgymnast');
    expect((await erik.post('/api/contract/v1/messages', cancel)).statusCode).toBe(403);
    const res = await anna.post('/api/contract/v1/messages', cancel);
    expect(res.statusCode, res.body).toBe(202);
    expect(await count('provision_order_line', `order_id = $1 AND state = 'cancelled'`, [m.order.orderId])).toBe(1);
    const unknown = await anna.post('/api/contract/v1/messages', { ...cancel, messageId: crypto.randomUUID(), orderId: crypto.randomUUID() });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('UNKNOWN_ORDER');
  });

  it('refuses a prescriber ordering for a customer they do not belong to', async () => {
    const erik = await t.login('sjukgymnast'); // member of 10102 only
    const res = await erik.post('/api/contract/v1/messages', submitMessage({ customerNumber: '20101', lines: [{ articleNumber: chair }] }));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/kunder du är kopplad till/);
  });
});
