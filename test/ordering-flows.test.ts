import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from './app.ts';
import { wireContract } from '../src/app/start.ts';
import { givenArticle, givenPrice } from '../src/catalogue/testing/article-fixtures.ts';
import { Worker } from '../src/platform/jobs/jobs.ts';
import { createLogger } from '../src/platform/logger.ts';
import { as, givenUnits, givenWarehouses } from '../src/provision/testing/given.ts';
import { DEMO_PATIENTS } from '../src/ordering/patients/demo-population.ts';
import { FakeCentre } from '../src/ordering/testing/fake-centre.ts';
import { draft, openPatient, save } from '../src/ordering/testing/order-steps.ts';
import type { CartEstimate } from '../src/ordering/orders/estimate-cart.ts';
import type { FavouriteView } from '../src/ordering/orders/favourites.ts';
import type { OrderView } from '../src/ordering/orders/order-schemas.ts';
import type { ReorderResult } from '../src/ordering/orders/reorder.ts';

// Issue 16 items 5 and 6 on the ordering side, with the centre wired in as in production (the contract between
// them): the cart's prices, stock and dates; an order split in two at submit; the contact phone from the
// profile; "Beställ igen"; favourites.

let t: TestApp;
let worker: Worker;
let anna: Client; // prescriber, customers 10101 and 20101
let lisa: Client; // prescriber at Norrvik (20101)
let customerId = '';
let patientId = '';
const art = {} as Record<'chair' | 'cane' | 'cushion' | 'alva' | 'zeta' | 'hidden', string>;

const estimate = async (c: Client, id: string, body: unknown) => {
  const r = await c.post(`/api/orders/${id}/estimate`, body);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as CartEstimate;
};
const order = async (c: Client, id: string) => (await c.get(`/api/orders/${id}`)).json() as OrderView;

beforeAll(async () => {
  t = await startTestApp();
  const log = createLogger('silent');
  const { handlers } = await wireContract(t.database, t.config, log, t.centre);
  worker = new Worker({ database: t.database, log, handlers });
  const ctx = as(t.ctx(), 'warehouse');
  const { main } = await givenWarehouses(t.database);
  const chair = await givenArticle(t.database, {
    name: 'Rullstol Flöde 45',
    articleType: 'H',
    chargingForm: 'rent',
    unitTracked: true,
    stockForm: 'stock',
    source: 'local',
  });
  const cane = await givenArticle(t.database, { name: 'Armbågskrycka Flöde', articleType: 'H', chargingForm: 'sale', stockForm: 'stock', source: 'local' });
  const cushion = await givenArticle(t.database, { name: 'Sittdyna Flöde', articleType: 'T', chargingForm: 'sale', stockForm: 'orderItem', source: 'local' });
  art.chair = chair.id;
  art.cane = cane.id;
  art.cushion = cushion.id;
  art.alva = (await givenArticle(t.database, { name: 'Älvsäng Flöde', source: 'local' })).id;
  art.zeta = (await givenArticle(t.database, { name: 'Zeta-dyna Flöde', source: 'local' })).id;
  art.hidden = (await givenArticle(t.database, { name: 'Opublicerad Flöde', published: false, source: 'local' })).id;
  await givenPrice(t.database, { articleId: chair.id, kind: 'general', amount: '450.00', validFrom: '2020-01-01' });
  // An older price version and an agreed (purchase) price: neither is the customer's price today.
  await givenPrice(t.database, { articleId: chair.id, kind: 'general', amount: '400.00', validFrom: '2019-01-01', validTo: '2019-12-31' });
  await givenPrice(t.database, { articleId: chair.id, kind: 'agreed', amount: '12000.00', validFrom: '2020-01-01' });
  await givenPrice(t.database, { articleId: cane.id, kind: 'general', amount: '165.50', validFrom: '2020-01-01' });
  // Two chairs in stock; no crutches; the cushion is an order item (and has no price).
  await givenUnits(ctx, main.id, chair.id, [{ purchaseDate: '2024-01-01' }, { purchaseDate: '2024-02-01' }]);
  customerId = (await t.database.query<{ id: string }>(`select id from customer where customer_number = '20101'`))[0]!.id;
  anna = await t.login('forskrivare');
  lisa = await t.login('anvandarstod');
  patientId = await openPatient(anna, DEMO_PATIENTS.ordinary!);
});
afterAll(() => t?.close());

describe('the cart tells price, stock and delivery (issue 16 item 5)', () => {
  it('per line the customer price (rent per month or price) and stock; in total rent and purchase; the order’s date is its latest line’s', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId, patientId });
    const e = await estimate(anna, d.id, {
      lines: [
        { articleId: art.chair, quantity: 2 },
        { articleId: art.cane, quantity: 3 },
        { articleId: art.cushion, quantity: 1 },
      ],
    });
    expect(e.lines.map((l) => [l.chargingForm, l.unitPrice, l.amount, l.stock, l.available])).toEqual([
      ['rent', '450.00', '900.00', 'inStock', 2],
      ['sale', '165.50', '496.50', 'notInStock', 0],
      ['sale', null, null, 'orderItem', null],
    ]);
    expect(e.totals).toEqual({ rentPerMonth: '900.00', oneOff: '496.50', withoutPrice: 1 });
    expect(e.centreAnswered).toBe(true);
    const [chair, cane, cushion] = e.lines.map((l) => l.expectedDate!) as [string, string, string];
    expect(chair).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cane > chair).toBe(true);
    expect(cushion).toBe(cane);
    expect(e.expectedDate).toBe(cane);
    // The two lines bought from the supplier move the order from the chair's date to theirs.
    expect(e.delay).toEqual({ lines: [1, 2], from: chair, to: cane });
    expect(e.separateExpectedDate).toBeNull();
  });

  it('lines chosen to go on their own: the order keeps the early date, the separate one the late; nothing moves the order any more', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId, patientId });
    const e = await estimate(anna, d.id, {
      lines: [
        { articleId: art.chair, quantity: 1 },
        { articleId: art.cane, quantity: 1, separateOrder: true },
      ],
    });
    expect(e.expectedDate).toBe(e.lines[0]!.expectedDate);
    expect(e.separateExpectedDate).toBe(e.lines[1]!.expectedDate);
    expect(e.delay).toBeNull();
    // All lines on their own is just the order.
    const all = await estimate(anna, d.id, { lines: [{ articleId: art.cane, quantity: 1, separateOrder: true }] });
    expect(all.separateExpectedDate).toBeNull();
    expect(all.expectedDate).toBe(all.lines[0]!.expectedDate);
  });

  it('the cart of someone else’s draft or of a sent order is not answered; a bad quantity is a field error', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId, patientId });
    expect((await lisa.post(`/api/orders/${d.id}/estimate`, { lines: [] })).statusCode).toBe(404);
    const bad = await anna.post(`/api/orders/${d.id}/estimate`, { lines: [{ articleId: art.chair, quantity: 0 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0]).toMatchObject({ path: 'body.lines.0.quantity' });
    const s = await save(anna, d, { lines: [{ articleId: art.chair }] });
    expect((await anna.post(`/api/orders/${s.id}/submit`, {})).statusCode).toBe(200);
    expect((await anna.post(`/api/orders/${d.id}/estimate`, { lines: [] })).statusCode).toBe(409);
  });

  it('when the centre cannot answer, the prices are still told and the cart says the rest is unknown', async () => {
    const real = t.centre.get()!;
    const down = new FakeCentre();
    down.down = true;
    t.centre.set(down);
    try {
      const d = await draft(anna, { orderType: 'customerOrder', customerId, patientId });
      const e = await estimate(anna, d.id, { lines: [{ articleId: art.chair, quantity: 1 }] });
      expect(e.centreAnswered).toBe(false);
      expect(e.lines[0]).toMatchObject({ unitPrice: '450.00', stock: 'unknown', expectedDate: null });
    } finally {
      t.centre.set(real);
    }
  });

  it('an unpublished article in the cart tells nothing about itself', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId, patientId });
    const e = await estimate(anna, d.id, { lines: [{ articleId: art.hidden, quantity: 1 }] });
    expect(e.lines[0]).toMatchObject({ articleNumber: null, unitPrice: null, stock: 'unknown' });
    expect(e.totals.withoutPrice).toBe(1);
  });
});

describe('an order split in two at submit (issue 16 item 5)', () => {
  it('the lines chosen to go on their own become a second order, sent with the first: both reach the centre, each names the other', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId, patientId });
    const s = await save(anna, d, {
      messageToCentre: 'Ring före leverans',
      lines: [
        { articleId: art.chair, quantity: 1 },
        { articleId: art.cushion, quantity: 2, accessoryForLine: 1, separateOrder: true },
        { articleId: art.cane, quantity: 1, separateOrder: true },
      ],
    });
    expect(s.lines.map((l) => l.separateOrder)).toEqual([false, true, true]);
    // An attachment goes with both orders (the same stored file).
    await t.database.query(
      `INSERT INTO ordering_attachment (order_id, kind, file_name, content_type, size, sha256, storage_key) VALUES ($1, 'other', 'intyg.pdf', 'application/pdf', 10, $2, $2)`,
      [s.id, 'ab'.repeat(32)],
    );
    const r = await anna.post(`/api/orders/${s.id}/submit`, {});
    expect(r.statusCode, r.body).toBe(200);
    const first = r.json() as OrderView;
    expect(first.lines.map((l) => [l.lineNumber, l.articleId, l.separateOrder])).toEqual([[1, art.chair, false]]);
    expect(first.relatedOrders).toHaveLength(1);
    expect(first.relatedOrders[0]).toMatchObject({ relation: 'splitInto' });
    const second = await order(anna, first.relatedOrders[0]!.id);
    expect(second.status).toBe('submitted');
    expect(second.orderNumber).toBe(first.relatedOrders[0]!.orderNumber);
    expect(Number(second.orderNumber!.slice(-6))).toBe(Number(first.orderNumber!.slice(-6)) + 1);
    expect(second.relatedOrders).toEqual([{ id: first.id, orderNumber: first.orderNumber, relation: 'splitFrom' }]);
    expect(second.lines.map((l) => [l.lineNumber, l.articleId, l.quantity, l.accessoryForLine])).toEqual([
      [1, art.cushion, 2, null],
      [2, art.cane, 1, null],
    ]);
    // The accessory's main device is in the other order: its line says so.
    expect(second.lines[0]!.note).toBe(`Tillbehör till Rullstol Flöde 45 (${first.lines[0]!.articleNumber}) i beställning ${first.orderNumber}`);
    expect(second).toMatchObject({ customer: first.customer, patient: first.patient, delivery: first.delivery, messageToCentre: 'Ring före leverans' });
    expect(second.attachments.map((a) => a.fileName)).toEqual(['intyg.pdf']);
    expect(first.attachments.map((a) => a.fileName)).toEqual(['intyg.pdf']);

    await worker.runDue();
    const atCentre = await t.database.query<{ order_number: string; lines: number }>(
      `SELECT o.order_number, (SELECT count(*)::int FROM provision_order_line l WHERE l.order_id = o.id) AS lines FROM provision_order o WHERE o.id = ANY($1::uuid[]) ORDER BY o.order_number`,
      [[first.id, second.id]],
    );
    expect(atCentre).toEqual([
      { order_number: first.orderNumber, lines: 1 },
      { order_number: second.orderNumber, lines: 2 },
    ]);
    const audit = await t.database.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'order.%' ORDER BY id`, [
      second.id,
    ]);
    expect(audit.map((a) => a.action)).toEqual(['order.split', 'order.submit']);
  });

  it('when every line is chosen to go on its own there is nothing to split: one order', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId, patientId });
    const s = await save(anna, d, { lines: [{ articleId: art.cane, separateOrder: true }] });
    const sent = (await anna.post(`/api/orders/${s.id}/submit`, {})).json() as OrderView;
    expect(sent.relatedOrders).toEqual([]);
    expect(sent.lines.map((l) => l.separateOrder)).toEqual([false]);
  });

  it('a refused split order keeps the draft whole', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId, patientId });
    const s = await save(anna, d, { lines: [{ articleId: art.chair }, { articleId: art.cane, separateOrder: true }] });
    await t.database.query(`UPDATE article SET orderable = false WHERE id = $1`, [art.cane]);
    try {
      const r = await anna.post(`/api/orders/${s.id}/submit`, {});
      expect(r.statusCode).toBe(422);
      const kept = await order(anna, s.id);
      expect(kept.status).toBe('draft');
      expect(kept.lines.map((l) => [l.articleId, l.separateOrder])).toEqual([
        [art.chair, false],
        [art.cane, true],
      ]);
      expect(kept.relatedOrders).toEqual([]);
    } finally {
      await t.database.query(`UPDATE article SET orderable = true WHERE id = $1`, [art.cane]);
    }
  });
});

describe('ordering flows (issue 16 item 6)', () => {
  it('a new order has the profile’s phone as the contact’s; a profile without a valid number leaves it empty', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId, patientId });
    expect(d).toMatchObject({ contactName: 'Anna Åberg', contactPhone: '010-123 45 67' });
    await t.database.query(`UPDATE app_user SET phone = 'ring växeln' WHERE username = 'forskrivare'`);
    try {
      expect((await draft(anna, { orderType: 'customerOrder', customerId, patientId })).contactPhone).toBeNull();
    } finally {
      await t.database.query(`UPDATE app_user SET phone = '010-123 45 67' WHERE username = 'forskrivare'`);
    }
  });

  it('"Beställ igen": a new draft with the same lines, accessories and delivery, the actor as contact; an article no longer orderable is left out and named', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId, patientId });
    const s = await save(anna, d, {
      contactPhone: '070-999 99 99',
      messageToCentre: 'Portkod 1234',
      delivery: { kind: 'otherAddress', address: { street: 'Sjövägen 3', postalCode: '990 12', city: 'Norrvik' } },
      lines: [
        { articleId: art.chair, quantity: 1 },
        { articleId: art.cushion, quantity: 2, accessoryForLine: 1 },
        { articleId: art.cane, quantity: 1 },
      ],
    });
    const sent = (await anna.post(`/api/orders/${s.id}/submit`, {})).json() as OrderView;
    await t.database.query(`UPDATE article SET orderable = false WHERE id = $1`, [art.cane]);
    try {
      const r = await anna.post(`/api/orders/${sent.id}/reorder`, {});
      expect(r.statusCode, r.body).toBe(201);
      const { order: again, skipped } = r.json() as ReorderResult;
      expect(again).toMatchObject({ status: 'draft', orderType: 'customerOrder', orderNumber: null, contactName: 'Anna Åberg', contactPhone: '010-123 45 67' });
      expect(again.messageToCentre).toBeNull();
      expect(again.delivery).toEqual({ kind: 'otherAddress', address: { street: 'Sjövägen 3', postalCode: '990 12', city: 'Norrvik' } });
      expect(again.patient?.id).toBe(patientId);
      expect(again.lines.map((l) => [l.lineNumber, l.articleId, l.quantity, l.accessoryForLine, l.status])).toEqual([
        [1, art.chair, 1, null, 'draft'],
        [2, art.cushion, 2, 1, 'draft'],
      ]);
      expect(skipped).toEqual([{ lineNumber: 3, articleNumber: sent.lines[2]!.articleNumber, articleName: 'Armbågskrycka Flöde' }]);
      const audit = await t.database.query<{ details: Record<string, unknown> }>(
        `SELECT details FROM audit_log WHERE entity_id = $1 AND action = 'order.create-draft'`,
        [again.id],
      );
      expect(audit[0]!.details).toMatchObject({ reorderOf: sent.id, lines: 2, skipped: 1 });
    } finally {
      await t.database.query(`UPDATE article SET orderable = true WHERE id = $1`, [art.cane]);
    }
  });

  it('a colleague reorders after declaring a care relationship today (403 before, audited); other order types and orders with nothing orderable are refused', async () => {
    const d = await draft(anna, { orderType: 'customerOrder', customerId, patientId });
    const sent = (await anna.post(`/api/orders/${(await save(anna, d, { lines: [{ articleId: art.cane }] })).id}/submit`, {})).json() as OrderView;
    const refused = await lisa.post(`/api/orders/${sent.id}/reorder`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    await openPatient(lisa, DEMO_PATIENTS.ordinary!);
    const ok = await lisa.post(`/api/orders/${sent.id}/reorder`, {});
    expect(ok.statusCode, ok.body).toBe(201);
    expect((ok.json() as ReorderResult).order.createdBy.name).not.toBe('Anna Åberg');

    const fault = await draft(anna, { orderType: 'faultReport', customerId, patientId });
    const notCustomerOrder = await anna.post(`/api/orders/${fault.id}/reorder`, {});
    expect(notCustomerOrder.statusCode).toBe(400);
    expect(notCustomerOrder.json().error.message).toMatch(/Bara en kundorder/);
    await t.database.query(`UPDATE article SET orderable = false WHERE id = $1`, [art.cane]);
    try {
      const none = await anna.post(`/api/orders/${sent.id}/reorder`, {});
      expect(none.statusCode).toBe(400);
      expect(none.json().error.issues[0]).toMatchObject({ code: 'none_orderable' });
    } finally {
      await t.database.query(`UPDATE article SET orderable = true WHERE id = $1`, [art.cane]);
    }
  });

  it('favourites: each prescriber’s own, in Swedish order, starring twice is once; an unpublished one is not listed; at most 100', async () => {
    for (const id of [art.alva, art.zeta, art.cane, art.cane]) expect((await anna.put(`/api/ordering/favourites/${id}`, {})).statusCode).toBe(204);
    const list = async (c: Client) => ((await c.get('/api/ordering/favourites')).json() as FavouriteView[]).map((f) => f.name);
    expect(await list(anna)).toEqual(['Armbågskrycka Flöde', 'Zeta-dyna Flöde', 'Älvsäng Flöde']);
    expect(await list(lisa)).toEqual([]);
    expect((await anna.put(`/api/ordering/favourites/${art.hidden}`, {})).statusCode).toBe(404);
    expect((await anna.put(`/api/ordering/favourites/00000000-0000-4000-8000-000000000000`, {})).statusCode).toBe(404);
    await t.database.query(`UPDATE article SET published = false WHERE id = $1`, [art.zeta]);
    expect(await list(anna)).toEqual(['Armbågskrycka Flöde', 'Älvsäng Flöde']);
    await t.database.query(`UPDATE article SET published = true WHERE id = $1`, [art.zeta]);
    expect((await anna.delete(`/api/ordering/favourites/${art.zeta}`)).statusCode).toBe(204);
    expect(await list(anna)).toEqual(['Armbågskrycka Flöde', 'Älvsäng Flöde']);

    const lisaId = (await t.database.query<{ id: string }>(`SELECT id FROM app_user WHERE username = 'anvandarstod'`))[0]!.id;
    await t.database.query(`INSERT INTO ordering_favourite (user_id, article_id) SELECT $1, gen_random_uuid() FROM generate_series(1, 100)`, [lisaId]);
    const full = await lisa.put(`/api/ordering/favourites/${art.cane}`, {});
    expect(full.statusCode).toBe(400);
    expect(full.json().error.issues[0]).toMatchObject({ code: 'too_many_favourites', params: { max: 100 } });
    const centreUser = await t.login('kundtjanst');
    expect((await centreUser.get('/api/ordering/favourites')).statusCode).toBe(403);
  });
});
