import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from './app.ts';
import type { OrderView } from '../src/ordering/orders/order-schemas.ts';
import { DEMO_PATIENTS } from '../src/ordering/patients/demo-population.ts';
import { Worker } from '../src/platform/jobs/jobs.ts';
import { createLogger } from '../src/platform/logger.ts';
import { wireContract } from '../src/app/start.ts';
import { as } from '../src/provision/testing/given.ts';
import { getWorkOrder } from '../src/provision/work-orders/get-work-order.ts';
import { recordRiskAnalysis, sendQuote } from '../src/provision/work-orders/special-adaptation.ts';
import { bookWorkOrder } from '../src/provision/work-orders/book-work-order.ts';

/**
 * Special adaptation across both sides, wired as in production: the prescriber orders it with its
 * instruction and risk analysis, the centre sends a quote, the prescriber (for the cost-responsible)
 * answers it on the order, and the centre's work order moves on.
 */
let t: TestApp;
let worker: Worker;
let anna: Client;
let bo: Client;
let patientId = '';
let customerId = '';
const UNIT = 'U-LOOP-01';

beforeAll(async () => {
  t = await startTestApp();
  const log = createLogger('silent');
  const { handlers } = await wireContract(t.database, t.config, log, t.centre);
  worker = new Worker({ database: t.database, log, handlers });
  customerId = (await t.database.query<{ id: string }>(`select id from customer where customer_number = '20101'`))[0]!.id;
  anna = await t.login('forskrivare');
  bo = await t.login('bestallare'); // an orderer of another customer (20102)
  patientId = ((await anna.post('/api/patients/lookup', { identifier: DEMO_PATIENTS.ordinary! })).json() as { patientId: string }).patientId;
  await anna.post(`/api/patients/${patientId}/care-relationship`, {});
  // The patient has a wheelchair on the device list (as the centre confirmed it at an earlier delivery).
  const [cp] = await t.database.query<{ care_provider_id: string }>(`select care_provider_id from customer where id = $1`, [customerId]);
  await t.database.query(
    `insert into ordering_patient_device (patient_id, customer_id, care_provider_id, unit_number, article_number, article_name, since) values ($1, $2, $3, $4, 'L-1', 'Rullstol Loop', '2025-01-10')`,
    [patientId, customerId, cp!.care_provider_id, UNIT],
  );
});
afterAll(() => t?.close());

async function upload(c: Client, orderId: string, kind: string) {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new Blob([new Uint8Array(Buffer.from(`%PDF-1.4\n%${kind}\n`))], { type: 'application/pdf' }), `${kind}.pdf`);
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/orders/${orderId}/attachments`,
    headers: { cookie: c.cookie!, 'x-csrf-token': c.csrf!, 'content-type': req.headers.get('content-type')! },
    payload: Buffer.from(await req.arrayBuffer()),
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function specialAdaptationOrder(): Promise<OrderView> {
  const d = (await anna.post('/api/orders', { orderType: 'workOrder', customerId, patientId })).json() as OrderView;
  const s = await anna.put(`/api/orders/${d.id}`, {
    version: d.version,
    customerId,
    patientId,
    delivery: { kind: 'none' },
    contactName: 'Anna Åberg',
    contactPhone: '070-123 45 67',
    lines: [{ unitNumber: UNIT }],
    details: { workOrder: { typeCode: 'specialAdaptation', description: 'Förlängd ryggbåge för bättre stöd', preferredDate: null } },
  });
  expect(s.statusCode, s.body).toBe(200);
  await upload(anna, d.id, 'instruction');
  await upload(anna, d.id, 'riskAnalysis');
  const r = await anna.post(`/api/orders/${d.id}/submit`, {});
  expect(r.statusCode, r.body).toBe(200);
  await worker.runDue();
  await worker.runDue();
  return r.json() as OrderView;
}

const view = async (id: string) => (await anna.get(`/api/orders/${id}`)).json() as OrderView;

describe('special adaptation across both sides', () => {
  it('the prescriber sees the quote, approves it, and the centre may start manufacture', async () => {
    const o = await specialAdaptationOrder();
    const tech = as(t.ctx(), 'technician');
    // Before any quote there is nothing to answer.
    expect((await anna.post(`/api/orders/${o.id}/quote-answer`, { approved: true })).statusCode).toBe(409);

    const b = await bookWorkOrder(tech, o.id, { version: 1, bookedFor: new Date(Date.now() + 86400_000).toISOString(), technician: 'Tomas Berg' });
    const r = await recordRiskAnalysis(tech, o.id, { version: b.version, riskAnalysis: 'Låg risk efter skydd.' });
    await sendQuote(tech, o.id, { version: r.version, amount: 12500, text: 'Ryggbåge och 4 timmars arbete.' });
    await worker.runDue();
    const v = await view(o.id);
    expect(v.status).toBe('inProgress');
    expect(v.timeline.map((e) => e.type)).toEqual(['submitted', 'received', 'workOrderBooked', 'quoteSent']);
    expect(v.timeline.at(-1)!.data).toMatchObject({ amount: 12500, text: 'Ryggbåge och 4 timmars arbete.' });

    // An orderer of the same care provider sees the order, but is not of its customer: cannot answer for its cost-responsible.
    const other = await bo.post(`/api/orders/${o.id}/quote-answer`, { approved: true });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('FORBIDDEN');
    const a = await anna.post(`/api/orders/${o.id}/quote-answer`, { approved: true, comment: 'Godkänd av enhetschefen.' });
    expect(a.statusCode, a.body).toBe(200);
    expect((a.json() as OrderView).timeline.at(-1)).toMatchObject({ type: 'quoteAnswered', data: { approved: true, by: 'Anna Åberg' } });
    // Answered once: a second answer is refused.
    expect((await anna.post(`/api/orders/${o.id}/quote-answer`, { approved: false })).statusCode).toBe(409);

    await worker.runDue(); // the answer reaches the centre
    const w = await getWorkOrder(tech, o.id);
    expect(w).toMatchObject({
      state: 'approved',
      quoteAnswer: { approved: true, by: 'Anna Åberg', comment: 'Godkänd av enhetschefen.' },
      allowed: { start: true },
    });
  });

  it('a declined quote stops the adaptation, and the prescriber’s order ends cancelled', async () => {
    const o = await specialAdaptationOrder();
    const tech = as(t.ctx(), 'technician');
    const r = await recordRiskAnalysis(tech, o.id, { version: 1, riskAnalysis: 'Låg risk.' });
    await sendQuote(tech, o.id, { version: r.version, amount: 40000, text: 'Helt ny sits.' });
    await worker.runDue();
    expect((await anna.post(`/api/orders/${o.id}/quote-answer`, { approved: false, comment: 'För dyrt.' })).statusCode).toBe(200);
    await worker.runDue(); // answer → centre (which cancels and sends 'cancelled')
    await worker.runDue(); // 'cancelled' → ordering side
    expect((await getWorkOrder(tech, o.id)).state).toBe('stopped');
    const v = await view(o.id);
    expect(v.status).toBe('cancelled');
    expect(v.timeline.map((e) => e.type)).toEqual(['submitted', 'received', 'quoteSent', 'quoteAnswered', 'cancelled']);
  });

  it('the files the order was sent with reach the centre: listed on its order page, downloaded by the technician and audited; the ordering side’s users cannot use the centre’s route', async () => {
    const o = await specialAdaptationOrder();
    const tomas = await t.login('tekniker');
    const page = await tomas.get(`/api/provision/orders/${o.id}`);
    expect(page.statusCode, page.body).toBe(200);
    const listed = (page.json() as { attachments: { attachmentId: string; kind: string; fileName: string; contentType: string; size: number }[] }).attachments;
    expect(listed.map((a) => [a.kind, a.fileName, a.contentType])).toEqual([
      ['instruction', 'instruction.pdf', 'application/pdf'],
      ['riskAnalysis', 'riskAnalysis.pdf', 'application/pdf'],
    ]);
    const file = await tomas.get(`/api/provision/orders/${o.id}/attachments/${listed[1]!.attachmentId}`);
    expect(file.statusCode, file.body).toBe(200);
    expect(file.body).toBe('%PDF-1.4\n%riskAnalysis\n');
    expect(file.headers['content-disposition']).toContain('riskAnalysis.pdf');
    const audited = await t.database.query<{ patient_ref: string | null; purpose: string | null; details: { attachmentId: string } }>(
      `select patient_ref, purpose, details from audit_log where actor_label = 'tekniker' and action = 'provision.order.attachment.download' and entity_id = $1`,
      [o.id],
    );
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ purpose: 'order-handling', details: { attachmentId: listed[1]!.attachmentId } });
    expect(audited[0]!.patient_ref).not.toBeNull();
    // Another order's attachment is not this order's; the prescriber has her own route to her own order's files.
    const other = await specialAdaptationOrder();
    expect((await tomas.get(`/api/provision/orders/${other.id}/attachments/${listed[0]!.attachmentId}`)).statusCode).toBe(404);
    expect((await anna.get(`/api/provision/orders/${o.id}/attachments/${listed[0]!.attachmentId}`)).statusCode).toBe(403);
  });
});
