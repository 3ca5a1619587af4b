import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenArticle } from '../src/catalogue/testing/article-fixtures.ts';
import type { OrderView } from '../src/ordering/orders/order-schemas.ts';
import { DEMO_PATIENTS } from '../src/ordering/patients/demo-population.ts';
import { Worker } from '../src/platform/jobs/jobs.ts';
import { createLogger } from '../src/platform/logger.ts';
import { wireContract } from '../src/app/start.ts';
import { acknowledgeUrgent } from '../src/provision/orders/acknowledge-urgent.ts';
import { as } from '../src/provision/testing/given.ts';
import { startTestApp, type Client, type TestApp } from './app.ts';

/**
 * The two sides wired as in production (one process, the contract between them, both outboxes run by one
 * worker): what a prescriber submits reaches the centre's intake, and the centre's confirmations come back
 * to the prescriber's order.
 */
let t: TestApp;
let worker: Worker;
let anna: Client;
let patientId = '';
let customerId = '';
let articleId = '';

beforeAll(async () => {
  t = await startTestApp();
  const log = createLogger('silent');
  const { handlers } = await wireContract(t.database, t.config, log, t.centre);
  worker = new Worker({ database: t.database, log, handlers });
  articleId = (await givenArticle(t.database, { name: 'Rollator Loop', source: 'local' })).id;
  customerId = (await t.database.query<{ id: string }>(`select id from customer where customer_number = '20101'`))[0]!.id;
  anna = await t.login('forskrivare');
  patientId = ((await anna.post('/api/patients/lookup', { identifier: DEMO_PATIENTS.ordinary! })).json() as { patientId: string }).patientId;
  await anna.post(`/api/patients/${patientId}/care-relationship`, {});
});
afterAll(() => t?.close());

async function submit(lines: Record<string, unknown>[], urgent = false, more: Record<string, unknown> = {}): Promise<OrderView> {
  const d = (await anna.post('/api/orders', { orderType: 'customerOrder', customerId, patientId })).json() as OrderView;
  const s = await anna.put(`/api/orders/${d.id}`, {
    version: d.version,
    customerId,
    patientId,
    delivery: { kind: 'patientAddress' },
    contactName: 'Anna Åberg',
    contactPhone: '070-123 45 67',
    lines,
    urgent,
    ...more,
  });
  expect(s.statusCode, s.body).toBe(200);
  const r = await anna.post(`/api/orders/${d.id}/submit`, {});
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as OrderView;
}

describe('ordering side and centre in one process', () => {
  it('the prescription details (aim, follow-up, measurements) reach the centre and are on its order page (issue 16 item 7)', async () => {
    const chair = (await givenArticle(t.database, { name: 'Rullstol Loop', isoCode: '12 22 03', source: 'local' })).id;
    const o = await submit([{ articleId: chair, measurements: { userWeight: 64, seatWidth: 42 } }], false, {
      prescription: { aim: 'Kunna ta sig ut på egen hand', followUpDate: '2099-01-15', followUpBy: 'Kalle Berg, rehab' },
    });
    await worker.runDue();
    const karin = await t.login('kundtjanst');
    const r = await karin.get(`/api/provision/orders/${o.id}`);
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as { details: Record<string, unknown> }).details.prescription).toEqual({
      aim: 'Kunna ta sig ut på egen hand',
      followUp: { date: '2099-01-15', by: 'Kalle Berg, rehab' },
      measurements: [
        { lineId: o.lines[0]!.id, code: 'userWeight', label: 'Brukarens vikt', unit: 'kg', value: 64 },
        { lineId: o.lines[0]!.id, code: 'seatWidth', label: 'Sittbredd', unit: 'cm', value: 42 },
      ],
    });
  });

  it('a submitted order reaches the centre, and "received" with the due date comes back', async () => {
    const o = await submit([{ articleId, quantity: 2 }]);
    await worker.runDue(); // ordering outbox → centre intake (which puts 'received' in its outbox)
    await worker.runDue(); // centre outbox → ordering side
    const v = (await anna.get(`/api/orders/${o.id}`)).json() as OrderView;
    expect(v.status).toBe('received');
    expect(v.centreOrderNumber).toBeTruthy();
    expect(v.expectedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(v.timeline.map((e) => e.type)).toEqual(['submitted', 'received']);
  });

  it('a cancellation asked for by the prescriber is confirmed by the centre', async () => {
    const o = await submit([{ articleId }]);
    await worker.runDue();
    await worker.runDue();
    expect((await anna.post(`/api/orders/${o.id}/cancel`, { comment: 'Fel storlek' })).statusCode).toBe(200);
    await worker.runDue();
    await worker.runDue();
    const v = (await anna.get(`/api/orders/${o.id}`)).json() as OrderView;
    expect(v.status).toBe('cancelled');
    expect(v.timeline.map((e) => e.type)).toEqual(['submitted', 'received', 'cancelRequested', 'cancelled']);
  });

  it("an urgent order's acknowledgement comes back as a confirmation on the prescriber's timeline and in their news (issue 15 item 5)", async () => {
    const o = await submit([{ articleId }], true);
    await worker.runDue();
    await worker.runDue();
    const r = await acknowledgeUrgent(as(t.ctx(), 'customerService'), o.id);
    await worker.runDue();
    const v = (await anna.get(`/api/orders/${o.id}`)).json() as OrderView;
    expect(v.timeline.map((e) => e.type)).toEqual(['submitted', 'received', 'acknowledged']);
    expect(v.timeline[2]!.data).toMatchObject({ acknowledgedAt: r.acknowledgedAt, inTime: true });
    const news = await t.database.query<{ kind: string }>(`SELECT kind FROM ordering_message WHERE order_id = $1`, [o.id]);
    expect(news.map((n) => n.kind)).toEqual(['acknowledged']);
  });
});
