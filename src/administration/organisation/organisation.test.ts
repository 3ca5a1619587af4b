import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import type { CustomerView } from './org-schemas.ts';

/**
 * The organisation the centre serves: care providers, their customers (with delivery addresses and
 * buffer stores) and the delivery areas that decide the weekly delivery day.
 */

let t: TestApp;
let admin: Client;
let careProviderId: string;
let deliveryAreaId: string;
let seq = 0;

const address = (label: string, isDefault: boolean, street = `${label}vägen 1`) => ({ label, street, postalCode: '990 20', city: 'Norrvik', isDefault });

/** A valid customer body, with defaults for whatever the story does not care about. */
function customerBody(overrides: Record<string, unknown> = {}) {
  const n = ++seq;
  return {
    careProviderId,
    customerNumber: `ORG-${n}`,
    name: `Testkund ${n}`,
    payer: 'Norrviks kommun',
    costCentre: `KST-${n}`,
    deliveryAreaId,
    addresses: [address('Huvudadress', true)],
    bufferStores: [],
    ...overrides,
  };
}

async function givenCustomer(overrides: Record<string, unknown> = {}): Promise<CustomerView> {
  const res = await admin.post('/api/customers', customerBody(overrides));
  if (res.statusCode !== 201) throw new Error(`givenCustomer: ${res.statusCode} ${res.body}`);
  return res.json() as CustomerView;
}

/** The body to PUT back a customer as it was read, with some fields changed. */
const asInput = (c: CustomerView, overrides: Record<string, unknown> = {}) => ({
  careProviderId: c.careProviderId,
  customerNumber: c.customerNumber,
  name: c.name,
  payer: c.payer,
  costCentre: c.costCentre,
  deliveryAreaId: c.deliveryAreaId,
  urgentFeeExempt: c.urgentFeeExempt,
  active: c.active,
  addresses: c.addresses,
  bufferStores: c.bufferStores,
  ...overrides,
});

async function counts() {
  const [row] = await t.database.query<Record<string, number>>(
    `select (select count(*)::int from customer) as customers, (select count(*)::int from delivery_address) as addresses,
            (select count(*)::int from buffer_store) as stores, (select count(*)::int from care_provider) as providers,
            (select count(*)::int from delivery_area) as areas, (select count(*)::int from audit_log) as audit`,
  );
  return row!;
}

const error = (res: LightMyRequestResponse) => (res.json() as { error: { code: string; message: string; issues?: { path: string; message: string }[] } }).error;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
  [{ id: careProviderId }] = (await t.database.query<{ id: string }>(`select id from care_provider where name = 'Norrviks kommun'`)) as [{ id: string }];
  [{ id: deliveryAreaId }] = (await t.database.query<{ id: string }>(`select id from delivery_area where name = 'Centralorten'`)) as [{ id: string }];
});
afterAll(() => t.close());

describe('customers', () => {
  it('a customer is created with its addresses (exactly one the default) and buffer stores, and can be read back', async () => {
    const res = await admin.post(
      '/api/customers',
      customerBody({
        customerNumber: '20199',
        name: 'Hemtjänst Norrvik väster',
        urgentFeeExempt: true,
        addresses: [address('Godsmottagning', false), address('Huvudadress', true)],
        bufferStores: [
          { name: 'Förrådet i källaren', size: 'small' },
          { name: 'Akutförrådet', size: 'mini' },
        ],
      }),
    );
    expect(res.statusCode).toBe(201);
    const c = res.json() as CustomerView;
    expect(c).toMatchObject({
      customerNumber: '20199',
      careProviderName: 'Norrviks kommun',
      deliveryAreaName: 'Centralorten',
      deliveryWeekday: 5,
      urgentFeeExempt: true,
      active: true,
    });
    // The default address first, buffer stores in Swedish order.
    expect(c.addresses.map((a) => [a.label, a.isDefault])).toEqual([
      ['Huvudadress', true],
      ['Godsmottagning', false],
    ]);
    expect(c.bufferStores.map((s) => [s.name, s.size, s.active])).toEqual([
      ['Akutförrådet', 'mini', true],
      ['Förrådet i källaren', 'small', true],
    ]);
    expect((await admin.get(`/api/customers/${c.id}`)).json()).toEqual(c);
    const [audit] = await t.database.query<{ care_provider_id: string }>(
      `select care_provider_id from audit_log where action = 'customer.create' and entity_id = $1`,
      [c.id],
    );
    expect(audit!.care_provider_id).toBe(careProviderId);
  });

  it.each([
    ['two default addresses', [address('A', true), address('B', true)]],
    ['no default address', [address('A', false), address('B', false)]],
  ])('%s are refused with 400, and nothing is written', async (_what, addresses) => {
    const before = await counts();
    const res = await admin.post('/api/customers', customerBody({ addresses }));
    expect(res.statusCode).toBe(400);
    expect(error(res).issues).toEqual([{ path: 'body.addresses', code: 'exactly_one_default', message: 'exakt en adress ska vara förvald' }]);
    expect(await counts()).toEqual(before);
  });

  it('a customer number that is taken is 409 CUSTOMER_NUMBER_TAKEN, and nothing is written', async () => {
    const before = await counts();
    const res = await admin.post('/api/customers', customerBody({ customerNumber: '10101', bufferStores: [{ name: 'Förråd', size: 'large' }] }));
    expect(res.statusCode).toBe(409);
    expect(error(res)).toMatchObject({ code: 'CUSTOMER_NUMBER_TAKEN', message: 'Kundnumret används redan' });
    expect(await counts()).toEqual(before);
  });

  it('a delivery area that does not exist is 400, and nothing is written', async () => {
    const before = await counts();
    const res = await admin.post('/api/customers', customerBody({ deliveryAreaId: '00000000-0000-4000-8000-000000000000' }));
    expect(res.statusCode).toBe(400);
    expect(error(res).code).toBe('VALIDATION');
    expect(await counts()).toEqual(before);
  });

  it('a care provider that does not exist is 400 too', async () => {
    const res = await admin.post('/api/customers', customerBody({ careProviderId: '00000000-0000-4000-8000-000000000000' }));
    expect(res.statusCode).toBe(400);
  });

  it('updating the addresses replaces the list: kept ones are changed, new ones added, missing ones removed', async () => {
    const c = await givenCustomer({ addresses: [address('Huvudadress', true), address('Baksidan', false), address('Gamla lagret', false)] });
    const main = c.addresses.find((a) => a.label === 'Huvudadress')!;
    const back = c.addresses.find((a) => a.label === 'Baksidan')!;

    const res = await admin.put(
      `/api/customers/${c.id}`,
      asInput(c, {
        addresses: [{ ...main, isDefault: false }, { ...back, street: 'Lastkajen 3', isDefault: true }, address('Nya entrén', false)],
      }),
    );
    expect(res.statusCode).toBe(200);
    const after = res.json() as CustomerView;
    expect(after.addresses.map((a) => [a.label, a.street, a.isDefault])).toEqual([
      ['Baksidan', 'Lastkajen 3', true],
      ['Huvudadress', 'Huvudadressvägen 1', false],
      ['Nya entrén', 'Nya entrénvägen 1', false],
    ]);
    // Kept addresses keep their ids.
    expect(after.addresses.find((a) => a.label === 'Huvudadress')!.id).toBe(main.id);
    const [{ n }] = (await t.database.query<{ n: number }>(`select count(*)::int as n from delivery_address where customer_id = $1`, [c.id])) as [
      { n: number },
    ];
    expect(n).toBe(3);
  });

  it("another customer's address id is refused, and that address is left alone", async () => {
    const mine = await givenCustomer();
    const theirs = await givenCustomer();
    const res = await admin.put(`/api/customers/${mine.id}`, asInput(mine, { addresses: [{ ...theirs.addresses[0]!, street: 'Kapad gata 1' }] }));
    expect(res.statusCode).toBe(400);
    expect((await admin.get(`/api/customers/${theirs.id}`)).json()).toEqual(theirs);
    expect((await admin.get(`/api/customers/${mine.id}`)).json()).toEqual(mine);
  });

  it('removing a buffer store from the list deactivates it; it is never deleted', async () => {
    const c = await givenCustomer({
      bufferStores: [
        { name: 'Förråd A', size: 'small' },
        { name: 'Förråd B', size: 'medium' },
      ],
    });
    const keep = c.bufferStores.find((s) => s.name === 'Förråd A')!;
    const removed = c.bufferStores.find((s) => s.name === 'Förråd B')!;

    const after = (await admin.put(`/api/customers/${c.id}`, asInput(c, { bufferStores: [keep] }))).json() as CustomerView;
    expect(after.bufferStores).toEqual([keep, { ...removed, active: false }]);

    // Sending it back active restores it.
    const restored = (await admin.put(`/api/customers/${c.id}`, asInput(after, { bufferStores: [keep, { ...removed, active: true }] }))).json() as CustomerView;
    expect(restored.bufferStores.every((s) => s.active)).toBe(true);

    // An empty list deactivates them all, and still deletes none.
    const none = (await admin.put(`/api/customers/${c.id}`, asInput(c, { bufferStores: [] }))).json() as CustomerView;
    expect(none.bufferStores.map((s) => s.active)).toEqual([false, false]);
  });

  it('a customer that does not exist cannot be updated: 404, nothing written', async () => {
    const before = await counts();
    const res = await admin.put('/api/customers/00000000-0000-4000-8000-000000000000', customerBody());
    expect(res.statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('changing the customer number to one that is taken is 409, and the customer is unchanged', async () => {
    const c = await givenCustomer();
    const res = await admin.put(`/api/customers/${c.id}`, asInput(c, { customerNumber: '10102' }));
    expect(res.statusCode).toBe(409);
    expect(error(res).code).toBe('CUSTOMER_NUMBER_TAKEN');
    expect((await admin.get(`/api/customers/${c.id}`)).json()).toEqual(c);
  });

  it('every logged-in user can read customers, in Swedish order, and search them by name or number', async () => {
    const orderer = await t.login('bestallare');
    const all = (await orderer.get('/api/customers')).json() as CustomerView[];
    expect(all.length).toBeGreaterThanOrEqual(14);
    const names = all.map((c) => c.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('sv', { numeric: true }).compare));
    expect(names.indexOf('Åby äldreboende Björken')).toBeGreaterThan(names.indexOf('Vårdcentralen Åby'));

    const byNumber = (await orderer.get('/api/customers?q=50102')).json() as CustomerView[];
    expect(byNumber.map((c) => c.name)).toEqual(['Korttidsboendet Östervik']);
    const byName = (await orderer.get(`/api/customers?q=${encodeURIComponent('östervik')}`)).json() as CustomerView[];
    expect(byName.map((c) => c.customerNumber).sort()).toEqual(['50101', '50102']);
    // A % in the search is a character, not a wildcard.
    expect((await orderer.get('/api/customers?q=%25')).json()).toEqual([]);
  });
});

describe('delivery areas', () => {
  it('a delivery day of 6 (Saturday) is refused with a Swedish message', async () => {
    const before = await counts();
    const res = await admin.post('/api/delivery-areas', { name: 'Lördagsområdet', weekday: 6 });
    expect(res.statusCode).toBe(400);
    expect(error(res).issues).toEqual([
      { path: 'body.weekday', code: 'too_big', message: 'leveransdag är måndag (1) till fredag (5)', params: { maximum: 5 } },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('a delivery day of 0 is refused too', async () => {
    expect((await admin.post('/api/delivery-areas', { name: 'Söndagsområdet', weekday: 0 })).statusCode).toBe(400);
  });

  it('an area is created and its delivery day changed; customers in it get the new day', async () => {
    const area = (await admin.post('/api/delivery-areas', { name: 'Område Fjällen', weekday: 1 })).json() as { id: string };
    const c = await givenCustomer({ deliveryAreaId: area.id });
    expect(c.deliveryWeekday).toBe(1);
    const res = await admin.put(`/api/delivery-areas/${area.id}`, { name: 'Område Fjällen', weekday: 4 });
    expect(res.json()).toEqual({ id: area.id, name: 'Område Fjällen', weekday: 4 });
    expect((await admin.get(`/api/customers/${c.id}`)).json().deliveryWeekday).toBe(4);
  });

  it('two areas cannot have the same name: 409 CONFLICT', async () => {
    const res = await admin.post('/api/delivery-areas', { name: 'Område Nord', weekday: 2 });
    expect(res.statusCode).toBe(409);
    expect(error(res).code).toBe('CONFLICT');
  });

  it('are listed in Swedish order', async () => {
    const names = ((await admin.get('/api/delivery-areas')).json() as { name: string }[]).map((a) => a.name);
    expect(names.indexOf('Område Öst')).toBeGreaterThan(names.indexOf('Område Väst'));
  });
});

describe('care providers', () => {
  it("an organisation number without a hyphen is stored with one: '2120009091' becomes '212000-9091'", async () => {
    const res = await admin.post('/api/care-providers', {
      name: 'Bergby kommun',
      kind: 'municipality',
      organisationNumber: '2120009091',
      municipalityCode: '9905',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ organisationNumber: '212000-9091', customerCount: 0, active: true });
  });

  it("'2120009001' is the same number as Norrviks kommun's '212000-9001': 409 ORGANISATION_NUMBER_TAKEN, nothing written", async () => {
    const before = await counts();
    const res = await admin.post('/api/care-providers', { name: 'Norrvik igen', kind: 'municipality', organisationNumber: '2120009001' });
    expect(res.statusCode).toBe(409);
    expect(error(res).code).toBe('ORGANISATION_NUMBER_TAKEN');
    expect(await counts()).toEqual(before);
  });

  it("changing a care provider's organisation number to another's is 409 too", async () => {
    const cp = (await admin.post('/api/care-providers', { name: 'Privata Hjälpen AB', kind: 'private', organisationNumber: '559000-0001' })).json() as {
      id: string;
    };
    const res = await admin.put(`/api/care-providers/${cp.id}`, { name: 'Privata Hjälpen AB', kind: 'private', organisationNumber: '556677-8899' });
    expect(res.statusCode).toBe(409);
    expect(error(res).code).toBe('ORGANISATION_NUMBER_TAKEN');
  });

  it('an organisation number of the wrong form is refused with a Swedish message', async () => {
    const res = await admin.post('/api/care-providers', { name: 'Fel AB', kind: 'private', organisationNumber: '12345' });
    expect(res.statusCode).toBe(400);
    expect(error(res).issues).toEqual([
      { path: 'body.organisationNumber', code: 'invalid_format', message: 'organisationsnummer har formen NNNNNN-NNNN', params: { format: 'regex' } },
    ]);
  });

  it('are listed in Swedish order, with how many customers each has', async () => {
    const list = (await (await t.login('forskrivare')).get('/api/care-providers')).json() as { name: string; customerCount: number }[];
    const demo = list.filter((p) =>
      ['Region Norrvik', 'Norrviks kommun', 'Åby kommun', 'Ängsby kommun', 'Östervik kommun', 'Omsorgshuset i Norrvik AB'].includes(p.name),
    );
    expect(demo.map((p) => p.name)).toEqual([
      'Norrviks kommun',
      'Omsorgshuset i Norrvik AB',
      'Region Norrvik',
      'Åby kommun',
      'Ängsby kommun',
      'Östervik kommun',
    ]);
    expect(demo.find((p) => p.name === 'Region Norrvik')!.customerCount).toBe(4);
    expect(list.find((p) => p.name === 'Bergby kommun')!.customerCount).toBe(0);
  });

  it('a care provider that does not exist is 404', async () => {
    const res = await admin.put('/api/care-providers/00000000-0000-4000-8000-000000000000', {
      name: 'Ingen',
      kind: 'private',
      organisationNumber: '559000-0009',
    });
    expect(res.statusCode).toBe(404);
  });

  it('a change writes care-provider.update with the administrator as actor', async () => {
    const cp = (await admin.post('/api/care-providers', { name: 'Gamla namnet AB', kind: 'private', organisationNumber: '559000-0002' })).json() as {
      id: string;
    };
    await admin.put(`/api/care-providers/${cp.id}`, { name: 'Nya namnet AB', kind: 'private', organisationNumber: '559000-0002', active: false });
    const [row] = await t.database.query<{ actor_label: string; details: { name: string } }>(
      `select actor_label, details from audit_log where action = 'care-provider.update' and entity_id = $1`,
      [cp.id],
    );
    expect(row).toMatchObject({ actor_label: 'admin', details: { name: 'Nya namnet AB' } });
  });
});
