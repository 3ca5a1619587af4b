import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { givenArticle } from '../../catalogue/testing/article-fixtures.ts';
import { Worker } from '../../platform/jobs/jobs.ts';
import { createLogger } from '../../platform/logger.ts';
import { DEMO_PATIENTS } from '../patients/demo-population.ts';
import { applyOrderEvent } from './apply-event.ts';
import type { OrderView } from './order-schemas.ts';
import { openPatient, draft, save as saveOrder } from '../testing/order-steps.ts';
import { orderingJobHandlers } from './send-message.ts';
import { FakeCentre } from '../testing/fake-centre.ts';

/**
 * Issue 10 item 2: a patient may have units that several care providers have lent them. A prescriber with a
 * care relationship orders (a pick-up, a work order, a lost-device report) only on the units the ordering
 * customer's care provider holds, whatever the unit number the draft names.
 */

let t: TestApp;
let centre: FakeCentre;
let worker: Worker;
let erik: Client; // prescriber at the region (customer 10102)
let lisa: Client; // local support and prescriber at Norrvik (customers 20101, 20102)
let customers: Record<string, string>;
let chair = '';

/** Drafts are saved with Erik as the contact. */
const save = (c: Client, o: OrderView, body: Record<string, unknown>) => saveOrder(c, o, { contactName: 'Erik Öhman', ...body });

beforeAll(async () => {
  t = await startTestApp();
  centre = new FakeCentre();
  t.centre.set(centre);
  worker = new Worker({ database: t.database, log: createLogger('silent'), handlers: orderingJobHandlers({ database: t.database, centre }) });
  const a = await givenArticle(t.database, { name: 'Rullstol Vårdgivare 45', articleType: 'H', chargingForm: 'rent', unitTracked: true });
  chair = a.id;
  customers = Object.fromEntries(
    (await t.database.query<{ id: string; customer_number: string }>('select id, customer_number from customer')).map((r) => [r.customer_number, r.id]),
  );
  erik = await t.login('sjukgymnast');
  lisa = await t.login('anvandarstod');
});
afterAll(() => t?.close());

describe('a unit another care provider holds', () => {
  it('a prescriber with a care relationship cannot order its pick-up: 403 UNIT_OTHER_CARE_PROVIDER with a Swedish message; the holder’s prescriber can', async () => {
    // The region (customer 10102) lends the patient a wheelchair.
    const patientId = await openPatient(erik, DEMO_PATIENTS.ordinary);
    const d = await draft(erik, { orderType: 'customerOrder', customerId: customers['10102'], patientId });
    const submitted = await erik.post(`/api/orders/${(await save(erik, d, { lines: [{ articleId: chair, quantity: 1 }] })).id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    await worker.runDue();
    const [articleNumber] = await t.database.query<{ article_number: string }>('select article_number from article where id = $1', [chair]);
    await applyOrderEvent(
      t.database,
      centre.event(d.id, {
        type: 'delivered',
        lineId: d.lines[0]?.id ?? (submitted.json() as OrderView).lines[0]!.id,
        deliveredOn: '2026-11-02',
        quantity: 1,
        units: [centre.unit(7001, { articleNumber: articleNumber!.article_number })],
        partial: false,
      }),
    );

    const devices = async (c: Client) => JSON.stringify((await c.get(`/api/patients/${patientId}/overview`)).json());
    expect(await devices(erik)).toContain('U-007001');

    // Norrvik's local support, a prescriber too, has a care relationship with the patient. The unit is not on
    // the list Norrvik is shown, but a pick-up that names it must be refused too.
    await openPatient(lisa, DEMO_PATIENTS.ordinary);
    expect(await devices(lisa)).not.toContain('U-007001');
    const p = await draft(lisa, { orderType: 'pickUp', customerId: customers['20101'], patientId });
    const refused = await lisa.post(`/api/orders/${(await save(lisa, p, { delivery: { kind: 'none' }, lines: [{ unitNumber: 'U-007001' }] })).id}/submit`, {});
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'UNIT_OTHER_CARE_PROVIDER',
      message: 'Rad 1: individ U-007001 innehas av en annan vårdgivare och kan inte beställas av er',
    });
    expect((await lisa.get(`/api/orders/${p.id}`)).json()).toMatchObject({ status: 'draft' });
    await worker.runDue();
    expect(centre.received.some((m) => m.type === 'order.submit' && m.order.orderId === p.id)).toBe(false);

    // The region's prescriber orders it.
    const own = await draft(erik, { orderType: 'pickUp', customerId: customers['10102'], patientId });
    const ok = await erik.post(`/api/orders/${(await save(erik, own, { delivery: { kind: 'none' }, lines: [{ unitNumber: 'U-007001' }] })).id}/submit`, {});
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
