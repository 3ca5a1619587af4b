import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { loginAs } from './helpers.ts';
import { apiAs } from './api.ts';

// The unit card shows who holds the unit only to the roles that handle orders (issue 10 item 4): finance
// sees the holding without the person, customer service sees the patient. The spec orders its own unit for a
// demo patient through the ordering side and delivers it at the centre.

test.describe.configure({ mode: 'serial' });

const IDENTIFIER = '193509229963';
/** As every page writes a personnummer (issue 16 item 11). */
const IDENTIFIER_SHOWN = '19350922-9963';
let unitId = '';
let customerNumber = '';

test.beforeAll(async ({ baseURL }) => {
  const ok = async (res: { status(): number; text(): Promise<string>; json(): Promise<unknown> }, status = 200) => {
    expect(res.status(), await res.text()).toBe(status);
    return res.json();
  };
  const a = await apiAs(baseURL!, 'sortiment');
  const article = (await ok(
    await a.ctx.post('/api/catalogue/articles', {
      headers: a.headers,
      data: {
        name: 'Rullstol Innehavsprov 3',
        articleType: 'H',
        isoCode: '12 22 03',
        chargingForm: 'rent',
        unitTracked: true,
        serialRequired: false,
        published: true,
        orderable: true,
        inAssortment: true,
      },
    }),
    201,
  )) as { id: string };
  await a.ctx.dispose();

  const w = await apiAs(baseURL!, 'lager');
  const warehouseId = ((await (await w.ctx.get('/api/provision/warehouses')).json()) as { id: string; code: string }[]).find((x) => x.code === 'HMC')!.id;
  const received = (await ok(
    await w.ctx.post('/api/provision/units/receipts', {
      headers: w.headers,
      data: { warehouseId, articleId: article.id, units: [{ purchaseDate: '2024-02-01', purchaseCost: 9900 }] },
    }),
    201,
  )) as {
    units: { id: string }[];
  };
  unitId = received.units[0]!.id;

  const p = await apiAs(baseURL!, 'forskrivare');
  const { patientId } = (await ok(await p.ctx.post('/api/patients/lookup', { headers: p.headers, data: { identifier: IDENTIFIER } }))) as { patientId: string };
  await ok(await p.ctx.post(`/api/patients/${patientId}/care-relationship`, { headers: p.headers, data: {} }));
  const d = (await ok(await p.ctx.post('/api/orders', { headers: p.headers, data: { orderType: 'customerOrder', patientId } }), 201)) as {
    id: string;
    version: number;
    customer: { id: string; customerNumber: string };
  };
  customerNumber = d.customer.customerNumber;
  await ok(
    await p.ctx.put(`/api/orders/${d.id}`, {
      headers: p.headers,
      data: {
        version: d.version,
        customerId: d.customer.id,
        patientId,
        contactName: 'Anna Åberg',
        contactPhone: '070-123 45 67',
        delivery: { kind: 'patientAddress' },
        lines: [{ articleId: article.id, quantity: 1 }],
      },
    }),
  );
  await ok(await p.ctx.post(`/api/orders/${d.id}/submit`, { headers: p.headers, data: {} }));
  await p.ctx.dispose();

  let line = { id: '', version: 0 };
  await expect
    .poll(
      async () => {
        const r = await w.ctx.get(`/api/provision/orders/${d.id}`);
        if (r.status() !== 200) return 0;
        line = ((await r.json()) as { lines: { id: string; version: number }[] }).lines[0]!;
        return 1;
      },
      { timeout: 60_000 },
    )
    .toBe(1);
  const reserved = (await ok(
    await w.ctx.post(`/api/provision/lines/${line.id}/reserve`, { headers: w.headers, data: { version: line.version, unitIds: [unitId] } }),
  )) as { lineVersion: number };
  await ok(await w.ctx.post(`/api/provision/lines/${line.id}/deliver`, { headers: w.headers, data: { version: reserved.lineVersion, units: [{ unitId }] } }));
  await w.ctx.dispose();
});

test('finance sees the holding on the unit card without the person', async ({ page }) => {
  await loginAs(page, 'ekonomi', `/hmc/individer/${unitId}`);
  const holdings = page.getByRole('region', { name: 'Innehav' });
  await expect(holdings).toContainText('Patient – visas bara för orderhandläggare');
  await expect(holdings).toContainText(`(${customerNumber})`);
  await expect(page.locator('main')).not.toContainText(IDENTIFIER_SHOWN);
  await expectNoAxeViolations(page, 'unit card, finance');
});

test('customer service sees who holds the unit', async ({ page }) => {
  await loginAs(page, 'kundtjanst', `/hmc/individer/${unitId}`);
  const holdings = page.getByRole('region', { name: 'Innehav' });
  await expect(holdings).toContainText(IDENTIFIER_SHOWN);
  await expect(holdings).not.toContainText('visas bara för orderhandläggare');
  await expectNoAxeViolations(page, 'unit card, customer service');
});
