import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { givenArticle } from '../../catalogue/testing/article-fixtures.ts';
import { DEMO_PATIENTS } from '../patients/demo-population.ts';
import type { OrderView } from './order-schemas.ts';
import { openPatient } from '../testing/order-steps.ts';
import { FakeCentre } from '../testing/fake-centre.ts';

/**
 * Issue 10 item 3: an order for a patient is read as the patient is (DOMAIN §7). Anna places orders for a
 * patient; Lisa, a prescriber at the same care provider, has declared no care relationship with the patient.
 */
let t: TestApp;
let anna: Client; // prescriber, the author of the orders
let lisa: Client; // prescriber at the same care provider (Norrvik), no care relationship with the patient
let bo: Client; // orderer at Norrvik
let customerId = '';
let patientId = '';
let article = '';

async function upload(c: Client, orderId: string, data: Buffer) {
  const boundary = '----bista' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ninstruction\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="instruktion.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/orders/${orderId}/attachments`,
    headers: { cookie: c.cookie!, 'x-csrf-token': c.csrf!, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { id: string }).id;
}

/** A submitted customer order for the patient (or none) with one attachment, placed by `c`. */
async function placeOrder(c: Client, pid: string | null = patientId): Promise<{ order: OrderView; attachmentId: string }> {
  const d = (await c.post('/api/orders', { orderType: 'customerOrder', customerId, patientId: pid })).json() as OrderView;
  const attachmentId = await upload(c, d.id, Buffer.from('%PDF-1.4\n%order-access\n'));
  const s = await c.put(`/api/orders/${d.id}`, {
    version: d.version,
    customerId,
    patientId: pid,
    delivery: pid ? { kind: 'patientAddress' } : { kind: 'otherAddress', address: { street: 'Verkstadsgatan 1', postalCode: '12345', city: 'Norrvik' } },
    contactName: 'Anna Åberg',
    contactPhone: '070-123 45 67',
    lines: [{ articleId: article }],
  });
  expect(s.statusCode, s.body).toBe(200);
  const r = await c.post(`/api/orders/${d.id}/submit`, {});
  expect(r.statusCode, r.body).toBe(200);
  return { order: r.json() as OrderView, attachmentId };
}

async function auditRows(username: string, action: string, entityId: string) {
  return t.database.query<{ patient_ref: string | null; purpose: string | null; care_provider_id: string | null; details: Record<string, unknown> | null }>(
    `select patient_ref, purpose, care_provider_id, details from audit_log where actor_label = $1 and action = $2 and entity_id = $3 order by id`,
    [username, action, entityId],
  );
}

beforeAll(async () => {
  t = await startTestApp();
  t.centre.set(new FakeCentre());
  article = (await givenArticle(t.database, { name: 'Sittdyna Behörighet', articleType: 'T' })).id;
  customerId = (await t.database.query<{ id: string }>(`select id from customer where customer_number = '20101'`))[0]!.id;
  anna = await t.login('forskrivare');
  lisa = await t.login('anvandarstod');
  bo = await t.login('bestallare');
  patientId = await openPatient(anna, DEMO_PATIENTS.ordinary!);
});
afterAll(() => t?.close());

describe('reading an order for a patient takes what reading the patient takes (DOMAIN §7)', () => {
  it('a colleague at the same care provider without a care relationship is refused the order and its attachment, and each attempt is in the audit log', async () => {
    const { order, attachmentId } = await placeOrder(anna);

    const read = await lisa.get(`/api/orders/${order.id}`);
    expect(read.statusCode).toBe(403);
    expect(read.json().error.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    expect(read.body).not.toContain(DEMO_PATIENTS.ordinary!);
    const file = await lisa.get(`/api/orders/${order.id}/attachments/${attachmentId}`);
    expect(file.statusCode).toBe(403);
    expect(file.json().error.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    const cancel = await lisa.post(`/api/orders/${order.id}/cancel`, {});
    expect(cancel.statusCode).toBe(403);
    expect(cancel.body).not.toContain(DEMO_PATIENTS.ordinary!);

    const refused = await auditRows('anvandarstod', 'patient.read-refused', order.id);
    expect(refused.map((r) => r.purpose)).toEqual(['order', 'attachment', 'order-cancellation']);
    expect(refused.every((r) => r.patient_ref === patientId && r.care_provider_id !== null && r.details?.reason === 'noCareRelationship')).toBe(true);
    expect(await auditRows('anvandarstod', 'patient.read', order.id)).toHaveLength(0);
    // Nothing was done on the refused cancellation.
    expect(((await anna.get(`/api/orders/${order.id}`)).json() as OrderView).timeline.map((e) => e.type)).not.toContain('cancelRequested');
  });

  it('a colleague without a care relationship cannot answer the centre’s quote on a work order for the patient (the answer shows the patient)', async () => {
    const [row] = await t.database.query<{ id: string }>(
      `insert into ordering_order (order_type, status, customer_id, customer_number, customer_name, care_provider_id, created_by, created_by_name, patient_id, submitted_at)
       select 'workOrder', 'inProgress', c.id, c.customer_number, c.name, c.care_provider_id, u.id, 'Anna Åberg', $2, now() from customer c, app_user u where c.id = $1 and u.username = 'forskrivare'
       returning id`,
      [customerId, patientId],
    );
    await t.database.query(
      `insert into ordering_order_event (event_id, order_id, sequence, type, occurred_at, payload) values (gen_random_uuid(), $1, 2, 'quoteSent', now(), '{"amount": 100, "text": "Offert"}')`,
      [row!.id],
    );
    const r = await lisa.post(`/api/orders/${row!.id}/quote-answer`, { approved: true });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    expect((await auditRows('anvandarstod', 'patient.read-refused', row!.id)).map((x) => x.purpose)).toEqual(['quote-answer']);
    expect(await t.database.query(`select 1 from ordering_order_event where order_id = $1 and type = 'quoteAnswered'`, [row!.id])).toHaveLength(0);
  });

  it('the author reads the order and downloads its attachment; each read and download is audited', async () => {
    const { order, attachmentId } = await placeOrder(anna);
    const r = await anna.get(`/api/orders/${order.id}`);
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as OrderView).patient?.identifier).toBe(DEMO_PATIENTS.ordinary);
    const file = await anna.get(`/api/orders/${order.id}/attachments/${attachmentId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(await auditRows('forskrivare', 'patient.read', order.id)).toHaveLength(1);
    const downloads = await auditRows('forskrivare', 'order.attachment.download', order.id);
    expect(downloads).toHaveLength(1);
    expect(downloads[0]).toMatchObject({ patient_ref: patientId, details: { attachmentId, kind: 'instruction' } });
  });

  it('once the colleague declares a care relationship today, the order and its attachment open (and are audited)', async () => {
    // Another patient, so that Lisa stays without a care relationship with the first one in the other tests.
    const { order, attachmentId } = await placeOrder(anna, await openPatient(anna, DEMO_PATIENTS.over100!));
    expect((await lisa.get(`/api/orders/${order.id}`)).statusCode).toBe(403);
    await openPatient(lisa, DEMO_PATIENTS.over100!);
    const r = await lisa.get(`/api/orders/${order.id}`);
    expect(r.statusCode, r.body).toBe(200);
    expect((await lisa.get(`/api/orders/${order.id}/attachments/${attachmentId}`)).statusCode).toBe(200);
    expect(await auditRows('anvandarstod', 'patient.read', order.id)).toHaveLength(1);
    expect(await auditRows('anvandarstod', 'order.attachment.download', order.id)).toHaveLength(1);
  });

  it('an order without a patient carries no patient data: the care provider’s users read it, and a download is still audited', async () => {
    const { order, attachmentId } = await placeOrder(anna, null);
    expect((await bo.get(`/api/orders/${order.id}`)).statusCode).toBe(200);
    expect((await bo.get(`/api/orders/${order.id}/attachments/${attachmentId}`)).statusCode).toBe(200);
    expect(await auditRows('bestallare', 'order.attachment.download', order.id)).toHaveLength(1);
  });

  it('the customer’s order list names the patient only on the user’s own orders and where they have a care relationship today', async () => {
    const { order } = await placeOrder(anna);
    const items = (await lisa.get('/api/orders?scope=customer&limit=200')).json() as { items: { id: string; patientName: string | null }[] };
    expect(items.items.find((x) => x.id === order.id)).toMatchObject({ patientName: null });
    const mine = (await anna.get('/api/orders?scope=mine&limit=200')).json() as { items: { id: string; patientName: string | null }[] };
    expect(mine.items.find((x) => x.id === order.id)?.patientName).toMatch(/\S+ \S+/);
    const [listed] = await t.database.query<{ details: { patientIds: string[] } }>(
      `select details from audit_log where actor_label = 'anvandarstod' and action = 'patient.list' order by id desc limit 1`,
    );
    expect(listed?.details.patientIds ?? []).not.toContain(patientId);
  });
});

describe('refused reads of patient data are audited', () => {
  it('the patient page and the device list without a care relationship: 403, and a row each', async () => {
    const r = await lisa.get(`/api/patients/${patientId}`);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    expect((await lisa.get(`/api/patients/${patientId}/overview`)).statusCode).toBe(403);
    const rows = await auditRows('anvandarstod', 'patient.read-refused', patientId);
    expect(rows.map((x) => x.purpose)).toEqual(['prescription', 'device-overview']);
    expect(rows.every((x) => x.patient_ref === patientId)).toBe(true);
  });

  it('a draft for a patient without a care relationship is refused and recorded', async () => {
    const r = await lisa.post('/api/orders', { orderType: 'customerOrder', customerId, patientId });
    expect(r.statusCode).toBe(403);
    expect((await auditRows('anvandarstod', 'patient.read-refused', patientId)).map((x) => x.purpose)).toContain('order');
  });
});
