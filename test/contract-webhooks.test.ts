import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from './app.ts';
import { wireContract } from '../src/app/start.ts';
import { DEMO_PATIENTS } from '../src/ordering/patients/demo-population.ts';
import { Worker } from '../src/platform/jobs/jobs.ts';
import { createLogger } from '../src/platform/logger.ts';
import { addWorkingDays, stockholmDateTime } from '../src/platform/calendar/index.ts';
import { deliverLine } from '../src/provision/orders/deliver-line.ts';
import { setPlannedDate } from '../src/provision/orders/set-planned-date.ts';
import { as, givenUnitArticle, givenUnits, givenWarehouses, submitMessage } from '../src/provision/testing/given.ts';
import type { OrderEvent } from '../src/contract/events.ts';
import { CONTRACT_VERSION } from '../src/contract/version.ts';
import { SIGNATURE_HEADER, verifyWebhook } from '../src/contract/signature.ts';
import { DELIVER_WEBHOOKS_JOB, scheduleWebhookSweep, SWEEP_WEBHOOKS_JOB } from '../src/contract/webhooks/record-events.ts';

/**
 * Another ordering system end to end (issue 18): registered by system administration with a webhook, it orders
 * over the contract with its bearer token, and hears the centre's confirmations at a real HTTP receiver in this
 * process, which checks every signature with the example verifier (src/contract/signature.ts), and in the feed.
 * The worker and the deliveries run on a clock the tests move, so backoff is waited for without sleeping.
 */

let t: TestApp;
let admin: Client;
let worker: Worker;
/** The same worker without the webhook deliveries: the centre's outbox alone. */
let centreOnly: Worker;
/** Milliseconds added to the real clock: the worker's, the deliveries' and the receiver's "now". */
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let chair = { id: '', articleNumber: '' };
let mainWarehouse = '';

/** A receiver as another system would run it: verifies, records each event id, answers 200 (or is down). */
class Receiver {
  server: http.Server | null = null;
  port = 0;
  secret = '';
  events: OrderEvent[] = [];
  refused: string[] = [];
  async start() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const v = verifyWebhook({ secret: this.secret, body, header: req.headers[SIGNATURE_HEADER], now: clock() });
        if (!v.ok) {
          this.refused.push(v.reason);
          res.writeHead(401).end();
          return;
        }
        this.events.push(JSON.parse(body.toString('utf8')) as OrderEvent);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async stop() {
    const s = this.server;
    this.server = null;
    s?.closeAllConnections();
    if (s) await new Promise((resolve) => s.close(resolve));
  }
  get url() {
    return `http://127.0.0.1:${this.port}/bista/handelser`;
  }
  of(orderId: string) {
    return this.events.filter((e) => e.orderId === orderId);
  }
}

interface Registered {
  client: { id: string };
  clientSecret: string;
}

async function register(name: string, careProviderId: string, customerIds: string[]): Promise<Registered & { token: string }> {
  const res = await admin.post('/api/system-clients', { name, careProviderId, customerIds, roles: ['prescriber', 'orderer'] });
  expect(res.statusCode, res.body).toBe(201);
  const r = res.json() as Registered;
  const tok = await t.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: r.client.id, client_secret: r.clientSecret }).toString(),
  });
  expect(tok.statusCode, tok.body).toBe(200);
  return { ...r, token: (tok.json() as { access_token: string }).access_token };
}

function bearer(token: string, method: 'GET' | 'POST', url: string, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

function order(customerNumber: string, lines = 1) {
  const m = submitMessage({ customerNumber, lines: Array.from({ length: lines }, () => ({ articleNumber: chair.articleNumber })) });
  m.order.patient = { ...m.order.patient!, identifier: DEMO_PATIENTS.ordinary! };
  return m;
}

/** Runs every due job, moving the clock half a second at a time (past each wake-up's 100 ms slice). */
async function runJobs(rounds = 4) {
  for (let i = 0; i < rounds; i++) {
    offset += 500;
    await worker.runDue();
  }
}

const customers = { own: '', otherProvider: '', ownCareProvider: '', otherCareProvider: '' };

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
  const log = createLogger('silent');
  // Every job on the test's clock: the recordings' wake-ups too, so that a wake-up is never due "early" for the
  // worker (on real time it was: a job could run before its own 100 ms slice ended, and a recording later in that
  // slice found its wake-up already done and waited for the sweep; it failed 1 run in CI on PostgreSQL).
  const { handlers } = await wireContract(t.database, t.config, log, t.centre, clock);
  worker = new Worker({ database: t.database, log, now: clock, handlers });
  const { [DELIVER_WEBHOOKS_JOB]: _deliver, [SWEEP_WEBHOOKS_JOB]: _sweep, ...centre } = handlers;
  centreOnly = new Worker({ database: t.database, log, now: clock, handlers: centre });
  mainWarehouse = (await givenWarehouses(t.database)).main.id;
  chair = await givenUnitArticle(t.database, { name: 'Rullstol Webhook 45' });
  const rows = await t.database.query<{ id: string; customer_number: string; care_provider_id: string }>(
    `SELECT id, customer_number, care_provider_id FROM customer WHERE customer_number IN ('20101', '10101')`,
  );
  const by = (n: string) => rows.find((r) => r.customer_number === n)!;
  Object.assign(customers, {
    own: by('20101').id,
    otherProvider: by('10101').id,
    ownCareProvider: by('20101').care_provider_id,
    otherCareProvider: by('10101').care_provider_id,
  });
});
afterAll(() => t?.close());

describe('events out to another ordering system', () => {
  const receiver = new Receiver();
  let system: Registered & { token: string };
  afterAll(() => receiver.stop());

  it('registers, orders over the contract, and sees received → planned date → delivered with units → cancelled at its webhook and in the feed', async () => {
    await receiver.start();
    system = await register('Omsorgsjournal Norrvik', customers.ownCareProvider, [customers.own]);
    const hook = await admin.post(`/api/system-clients/${system.client.id}/webhooks`, { url: receiver.url });
    expect(hook.statusCode, hook.body).toBe(201);
    const registered = hook.json() as { webhook: { id: string; url: string; pending: number }; secret: string };
    expect(registered.secret).toMatch(/^bwh_[A-Za-z0-9_-]{43}$/);
    receiver.secret = registered.secret;
    // The client sees its webhook, never the secret.
    const own = await bearer(system.token, 'GET', '/api/contract/v1/webhooks');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toEqual([expect.objectContaining({ id: registered.webhook.id, url: receiver.url, pending: 0 })]);
    expect(own.body).not.toContain(registered.secret);

    const m = order('20101', 2);
    const sent = await bearer(system.token, 'POST', '/api/contract/v1/messages', m);
    expect(sent.statusCode, sent.body).toBe(202);
    await runJobs();
    const [line1, line2] = m.order.lines.map((l) => l.lineId) as [string, string];

    // The centre plans line 1, delivers it with a unit; the system cancels line 2 with a message.
    const today = stockholmDateTime(clock()).date;
    const planned = await setPlannedDate(as(t.ctx(clock), 'customerService'), line1, { version: 1, plannedDate: addWorkingDays(today, 3) });
    const [unit] = await givenUnits(t.ctx(), mainWarehouse, chair.id, [{ purchaseDate: '2024-03-01', serialNumber: 'SN-WH-1' }]);
    await deliverLine(as(t.ctx(clock), 'warehouse'), line1, { version: planned.lineVersion, units: [{ unitId: unit!.id, serialNumber: 'SN-WH-1' }] });
    const cancel = {
      contractVersion: CONTRACT_VERSION,
      type: 'order.cancel',
      messageId: crypto.randomUUID(),
      sentAt: clock().toISOString(),
      orderId: m.order.orderId,
      lineIds: [line2],
      reason: 'requestedByCustomer',
    };
    expect((await bearer(system.token, 'POST', '/api/contract/v1/messages', cancel)).statusCode).toBe(202);
    await runJobs();

    const events = receiver.of(m.order.orderId);
    expect(events.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'received'],
      [2, 'plannedDate'],
      [3, 'delivered'],
      [4, 'cancelled'],
    ]);
    expect(events[0]).toMatchObject({ contractVersion: 1, centreOrderNumber: expect.stringMatching(/^K-\d+$/) });
    expect(events[1]).toMatchObject({ lineId: line1, plannedDate: addWorkingDays(today, 3) });
    expect(events[2]).toMatchObject({
      lineId: line1,
      quantity: 1,
      partial: false,
      units: [{ unitNumber: expect.any(String), serialNumber: 'SN-WH-1', articleNumber: chair.articleNumber }],
    });
    expect(events[3]).toMatchObject({ lineId: line2, reason: 'requestedByCustomer' });
    expect(receiver.refused).toEqual([]);
    // Bistå's own ordering side was not asked about an order it does not have.
    expect(await t.database.query(`SELECT refusal FROM provision_order_event WHERE order_id = $1 AND refusal IS NOT NULL`, [m.order.orderId])).toEqual([]);

    // The pull feed has the same events, and a cursor that gives nothing new until there is something.
    const feed = await bearer(system.token, 'GET', '/api/contract/v1/events?limit=3');
    expect(feed.statusCode, feed.body).toBe(200);
    const first = feed.json() as { events: OrderEvent[]; next: string };
    const rest = (await bearer(system.token, 'GET', `/api/contract/v1/events?after=${first.next}`)).json() as { events: OrderEvent[]; next: string };
    expect([...first.events, ...rest.events].map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    const after = (await bearer(system.token, 'GET', `/api/contract/v1/events?after=${rest.next}`)).json() as { events: OrderEvent[]; next: string };
    expect(after).toEqual({ events: [], next: rest.next });
    const bad = await bearer(system.token, 'GET', '/api/contract/v1/events?after=abc');
    expect(bad.statusCode).toBe(400);
  });

  it('a receiver down for a while gets every event later, in order per order, each id acknowledged once', async () => {
    await receiver.stop();
    const before = receiver.events.length;
    const orders = [order('20101', 2), order('20101'), order('20101')];
    for (const o of orders) expect((await bearer(system.token, 'POST', '/api/contract/v1/messages', o)).statusCode).toBe(202);
    await runJobs();
    const cancel = {
      contractVersion: CONTRACT_VERSION,
      type: 'order.cancel',
      messageId: crypto.randomUUID(),
      sentAt: clock().toISOString(),
      orderId: orders[0]!.order.orderId,
      reason: 'requestedByCustomer',
    };
    expect((await bearer(system.token, 'POST', '/api/contract/v1/messages', cancel)).statusCode).toBe(202);
    await runJobs(8);

    // Nothing arrived; system administration sees what waits and why.
    expect(receiver.events.length).toBe(before);
    const [hook] = (await admin.get(`/api/system-clients/${system.client.id}/webhooks`)).json() as {
      pending: number;
      lastFailure: { status: number | null; error: string } | null;
    }[];
    expect(hook).toMatchObject({ pending: 4, lastFailure: { status: null, error: 'ECONNREFUSED' } });
    const attempts = await t.database.query<{ attempts: number }>(`SELECT attempts FROM webhook_delivery WHERE delivered_at IS NULL AND sequence = 1`);
    expect(attempts.every((a) => a.attempts >= 2)).toBe(true);

    // Up again: the backoff runs out and everything comes, each order's events in sequence.
    await receiver.start();
    offset += 120_000;
    await runJobs();
    const got = receiver.events.slice(before);
    expect(got.map((e) => e.orderId).sort()).toEqual([orders[0]!, orders[0]!, orders[1]!, orders[2]!].map((o) => o.order.orderId).sort());
    expect(receiver.of(orders[0]!.order.orderId).map((e) => e.type)).toEqual(['received', 'cancelled']);
    const ids = receiver.events.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    // Acknowledged events are not sent again.
    offset += 3_600_000;
    await runJobs();
    expect(receiver.events.length).toBe(before + 4);
    expect(((await admin.get(`/api/system-clients/${system.client.id}/webhooks`)).json() as { pending: number }[])[0]!.pending).toBe(0);
  });

  it('an order a prescriber places in Bistå for a customer the system serves is confirmed in Bistå and reaches the system too', async () => {
    const anna = await t.login('forskrivare');
    const patientId = ((await anna.post('/api/patients/lookup', { identifier: DEMO_PATIENTS.ordinary! })).json() as { patientId: string }).patientId;
    await anna.post(`/api/patients/${patientId}/care-relationship`, {});
    const d = (await anna.post('/api/orders', { orderType: 'customerOrder', customerId: customers.own, patientId })).json() as { id: string; version: number };
    const saved = await anna.put(`/api/orders/${d.id}`, {
      version: d.version,
      customerId: customers.own,
      patientId,
      delivery: { kind: 'patientAddress' },
      contactName: 'Anna Åberg',
      contactPhone: '070-123 45 67',
      lines: [{ articleId: chair.id, quantity: 1 }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await anna.post(`/api/orders/${d.id}/submit`, {})).statusCode).toBe(200);
    await runJobs();
    expect(((await anna.get(`/api/orders/${d.id}`)).json() as { status: string }).status).toBe('received');
    expect(receiver.of(d.id).map((e) => e.type)).toEqual(['received']);
  });

  it('an event whose wake-up was lost is delivered by the sweep within a minute', async () => {
    const before = receiver.events.length;
    const m = order('20101');
    expect((await bearer(system.token, 'POST', '/api/contract/v1/messages', m)).statusCode).toBe(202);
    // The centre's outbox records the event; its wake-up is lost (as when it met a slice whose job had looked).
    offset += 500;
    await centreOnly.runDue();
    await t.database.query(`DELETE FROM job WHERE kind = $1 AND state IN ('pending', 'failed')`, [DELIVER_WEBHOOKS_JOB]);
    await runJobs();
    expect(receiver.events.length).toBe(before);
    await scheduleWebhookSweep(t.database.db, clock());
    offset += 60_000;
    await runJobs();
    expect(receiver.of(m.order.orderId).map((e) => e.type)).toEqual(['received']);
  });

  it('another care provider’s system sees none of it, and is refused its customers’ orders with 403 and nothing stored', async () => {
    const foreign = await register('Journal Annan Vårdgivare', customers.otherCareProvider, [customers.otherProvider]);
    const feed = (await bearer(foreign.token, 'GET', '/api/contract/v1/events')).json() as { events: OrderEvent[] };
    expect(feed.events).toEqual([]);
    expect((await bearer(foreign.token, 'GET', '/api/contract/v1/webhooks')).json()).toEqual([]);

    const count = async () => (await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM provision_inbound_message`))[0]!.n;
    const stored = await count();
    // An order for the other care provider's customer, and a cancellation of the first system's order.
    const theirs = order('20101');
    const res = await bearer(foreign.token, 'POST', '/api/contract/v1/messages', theirs);
    expect(res.statusCode, res.body).toBe(403);
    const [victim] = await t.database.query<{ order_id: string }>(`SELECT order_id FROM contract_event LIMIT 1`);
    const cancel = {
      contractVersion: CONTRACT_VERSION,
      type: 'order.cancel',
      messageId: crypto.randomUUID(),
      sentAt: clock().toISOString(),
      orderId: victim!.order_id,
      reason: 'requestedByCustomer',
    };
    const refused = await bearer(foreign.token, 'POST', '/api/contract/v1/messages', cancel);
    expect(refused.statusCode, refused.body).toBe(403);
    // Unknown version, type or customer: 400, 400, 422 with the contract's code.
    for (const [body, status, code] of [
      [{ ...order('10101'), contractVersion: 2 }, 400, 'UNSUPPORTED_VERSION'],
      [{ ...order('10101'), type: 'order.teleport' }, 400, 'UNKNOWN_TYPE'],
      [order('99999'), 422, 'INVALID'],
    ] as const) {
      const r = await bearer(foreign.token, 'POST', '/api/contract/v1/messages', body);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json()).toMatchObject({ error: { code } });
    }
    expect(await count()).toBe(stored);
    // A client's token opens none of system administration's routes; a forged one none at all.
    expect((await bearer(foreign.token, 'GET', `/api/system-clients/${foreign.client.id}/webhooks`)).statusCode).toBe(403);
    expect((await bearer(`${foreign.token.slice(0, -2)}xx`, 'GET', '/api/contract/v1/events')).statusCode).toBe(401);
  });

  it('refuses a webhook address that is not https (http only to this machine)', async () => {
    const r = await admin.post(`/api/system-clients/${system.client.id}/webhooks`, { url: 'http://mottagare.example.se/bista' });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json()).toMatchObject({ error: { code: 'VALIDATION', issues: [{ path: 'body.url', code: 'invalid' }] } });
  });
});
