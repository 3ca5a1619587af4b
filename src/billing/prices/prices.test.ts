import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';

let t: TestApp;
let finance: Client;
beforeAll(async () => {
  t = await startTestApp();
  finance = await t.login('ekonomi');
});
afterAll(() => t.close());

const rule = {
  name: 'Barn och unga',
  priority: 10,
  maxPatientAge: 17,
  isoCodePrefix: null,
  homeMunicipalityCode: null,
  payerCustomerNumber: '10104',
  validFrom: '2026-01-01',
  validTo: null,
  active: true,
};

describe('the service price list', () => {
  it('keeps versions by valid-from day: each runs until the next one starts', async () => {
    expect((await finance.post('/api/billing/service-prices', { code: 'urgentFee', amount: 450, validFrom: '2026-01-01' })).statusCode).toBe(201);
    expect(
      (await (await t.login('sortiment')).post('/api/billing/service-prices', { code: 'urgentFee', amount: 500.5, validFrom: '2026-07-01' })).statusCode,
    ).toBe(201);
    const list = (await finance.get('/api/billing/service-prices')).json() as {
      code: string;
      amount: number;
      validFrom: string;
      validUntil: string | null;
      label: string;
    }[];
    expect(list.filter((p) => p.code === 'urgentFee')).toMatchObject([
      { amount: 450, validFrom: '2026-01-01', validUntil: '2026-06-30', label: 'Akutavgift' },
      { amount: 500.5, validFrom: '2026-07-01', validUntil: null },
    ]);
  });

  it('refuses the same code and day twice (409), a negative price and more than two decimals (400)', async () => {
    const dup = await finance.post('/api/billing/service-prices', { code: 'urgentFee', amount: 1, validFrom: '2026-01-01' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CONFLICT');
    expect((await finance.post('/api/billing/service-prices', { code: 'failedDeliveryFee', amount: -1, validFrom: '2026-01-01' })).statusCode).toBe(400);
    expect((await finance.post('/api/billing/service-prices', { code: 'failedDeliveryFee', amount: 1.234, validFrom: '2026-01-01' })).statusCode).toBe(400);
  });
});

describe('cost-responsibility rules', () => {
  it('are created and changed with the version seen; a stale version is 409', async () => {
    const created = await finance.post('/api/billing/cost-rules', rule);
    expect(created.statusCode).toBe(201);
    const r = created.json() as { id: string; version: number };
    const changed = await finance.put(`/api/billing/cost-rules/${r.id}`, { ...rule, maxPatientAge: 20, version: r.version });
    expect(changed.json()).toMatchObject({ maxPatientAge: 20, version: 2 });
    expect((await finance.put(`/api/billing/cost-rules/${r.id}`, { ...rule, version: 1 })).statusCode).toBe(409);
  });

  it('need at least one condition and a payer that exists', async () => {
    const none = await finance.post('/api/billing/cost-rules', { ...rule, maxPatientAge: null });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('VALIDATION');
    const payer = await finance.post('/api/billing/cost-rules', { ...rule, payerCustomerNumber: '99999' });
    expect(payer.statusCode).toBe(400);
    expect(JSON.stringify(payer.json())).toContain('99999');
  });
});
