import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { apiAs, declareCareRelationship, givenRentArticle, type Api } from './api.ts';
import { loginAs, mainNav } from './helpers.ts';

// Billing (issue 12 item 9): finance previews this month's invoice basis, is refused the close while an
// article has no price (the refusal lists it), recomputes after the price is in, closes the month and
// downloads the summary workbook, which the test reads back with ExcelJS and compares with the preview.
// The spec makes its own charges: two rent articles, one unit each delivered to a demo patient on customer
// orders through the contract route; one article gets a monthly rent, the other none until later.
// Axe on every billing page; the price page once in English.

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

const PATIENT = {
  identifier: '193804069908',
  identifierKind: 'personnummer',
  firstName: 'Signe',
  lastName: 'Dahlén',
  protectedIdentity: false,
  homeMunicipalityCode: '9901',
  address: { careOf: null, street: 'Storgatan 15', postalCode: '990 17', city: 'Norrvik' },
};
const CUSTOMER = '20101';
const now = new Date();
const PERIOD = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
const priced = { name: 'Duschstol Fakturaprov', id: '', articleNumber: '' };
const unpriced = { name: 'Toalettstol Fakturaprov', id: '', articleNumber: '' };

async function sendOrder(p: Api, articleNumber: string) {
  await declareCareRelationship(p, PATIENT.identifier);
  const orderId = crypto.randomUUID();
  const lineId = crypto.randomUUID();
  const message = {
    contractVersion: 1,
    type: 'order.submit',
    messageId: crypto.randomUUID(),
    sentAt: new Date().toISOString(),
    order: {
      orderId,
      orderNumber: `EXT-FAKT-${orderId.slice(0, 6)}`,
      orderType: 'customerOrder',
      urgent: false,
      customerNumber: CUSTOMER,
      orderedBy: { userId: crypto.randomUUID(), name: 'Anna Åberg', hsaId: null, profession: 'Arbetsterapeut', phone: null, email: null },
      patient: PATIENT,
      delivery: { kind: 'patientAddress' },
      contact: { name: 'Anna Åberg', phone: '0611-12 34 56' },
      messageToCentre: null,
      lines: [{ lineId, lineNumber: 1, articleNumber, quantity: 1, unitNumber: null, accessoryForLineId: null, note: null }],
      attachments: [],
    },
  };
  const res = await p.ctx.post('/api/contract/v1/messages', { headers: p.headers, data: message });
  expect(res.status(), await res.text()).toBe(202);
  return lineId;
}

async function addGeneralPrice(a: Api, articleId: string, amount: number) {
  const res = await a.ctx.post(`/api/catalogue/articles/${articleId}/prices`, {
    headers: a.headers,
    data: { kind: 'general', amount, validFrom: '2026-01-01' },
  });
  expect([201, 200, 409], await res.text()).toContain(res.status());
}

test.beforeAll(async ({ baseURL }) => {
  const a = await apiAs(baseURL!, 'sortiment');
  for (const art of [priced, unpriced]) {
    const created = await givenRentArticle(a, art.name, '09 12 03');
    art.id = created.id;
    art.articleNumber = created.articleNumber;
  }
  await addGeneralPrice(a, priced.id, 310);
  await a.ctx.dispose();

  const w = await apiAs(baseURL!, 'lager');
  const warehouseId = (await w.call<{ id: string; code: string }[]>('get', '/api/provision/warehouses')).find((x) => x.code === 'HMC')!.id;
  const p = await apiAs(baseURL!, 'forskrivare');
  for (const art of [priced, unpriced]) {
    const { units } = await w.call<{ units: { id: string }[] }>(
      'post',
      '/api/provision/units/receipts',
      { warehouseId, articleId: art.id, units: [{ purchaseDate: '2024-02-01', purchaseCost: 2500 }] },
      201,
    );
    const lineId = await sendOrder(p, art.articleNumber);
    const { lineVersion } = await w.call<{ lineVersion: number }>('post', `/api/provision/lines/${lineId}/reserve`, { version: 1, unitIds: [units[0]!.id] });
    await w.call('post', `/api/provision/lines/${lineId}/deliver`, { version: lineVersion, units: [{ unitId: units[0]!.id }] });
  }
  await p.ctx.dispose();
  await w.ctx.dispose();
});

test('finance previews the month; the close is refused while an article has no price, and the refusal lists it', async ({ page, baseURL }) => {
  await loginAs(page, 'ekonomi', '/');
  await expect(mainNav(page).getByRole('link', { name: 'Fakturering' })).toBeVisible();
  await mainNav(page).getByRole('link', { name: 'Fakturering' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fakturering' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Månad' }).fill(PERIOD);
  await page.getByRole('button', { name: 'Visa månaden' }).click();
  const month = page.getByRole('region', { name: `Månad ${PERIOD}` });
  const run = month.getByRole('button', { name: /^(Förhandsgranska|Räkna om)$/ });
  await run.click();
  await expect(month.getByRole('status').filter({ hasText: `Månaden ${PERIOD} är beräknad` })).toBeVisible();
  await expect(month.getByRole('rowheader', { name: CUSTOMER })).toBeVisible();
  await expect(month.getByRole('note')).toContainText(unpriced.articleNumber);
  await expectNoAxeViolations(page, 'billing month, draft with a missing price');

  await month.getByRole('button', { name: 'Stäng månaden' }).click();
  const dialog = page.getByRole('alertdialog', { name: `Stäng ${PERIOD}?` });
  await expectNoAxeViolations(page, 'close dialog');
  await dialog.getByRole('button', { name: 'Stäng månaden' }).click();
  const refusal = month.getByRole('alert');
  await expect(refusal).toContainText('Månaden kan inte stängas');
  await expect(refusal).toContainText(`${unpriced.articleNumber} ${unpriced.name}`);
  await expectNoAxeViolations(page, 'close refused');

  // The assortment role enters the missing rent (and any other article of other specs that lacks one).
  const a = await apiAs(baseURL!, 'sortiment');
  await addGeneralPrice(a, unpriced.id, 195.5);
  const f = await apiAs(baseURL!, 'ekonomi');
  const m = await f.call<{ missingPrices: { articleNumber: string | null; kind: string }[] }>('post', `/api/billing/months/${PERIOD}/run`, {});
  for (const x of m.missingPrices) {
    expect(x.articleNumber, `a service price is missing: ${x.kind}`).not.toBeNull();
    const found = await a.call<{ items: { id: string; articleNumber: string }[] }>(
      'get',
      `/api/catalogue/articles/search?q=${encodeURIComponent(x.articleNumber!)}&includeRemoved=true`,
    );
    const hit = found.items.find((i) => i.articleNumber === x.articleNumber);
    expect(hit, `article ${x.articleNumber}`).toBeTruthy();
    await addGeneralPrice(a, hit!.id, 100);
  }
  await a.ctx.dispose();
  await f.ctx.dispose();
});

test('finance recomputes, checks the lines, closes the month and reads the summary workbook back', async ({ page }) => {
  await loginAs(page, 'ekonomi', `/ekonomi/fakturering?period=${PERIOD}`);
  const month = page.getByRole('region', { name: `Månad ${PERIOD}` });
  await month.getByRole('button', { name: 'Räkna om' }).click();
  await expect(month.getByRole('status').filter({ hasText: `Månaden ${PERIOD} är beräknad` })).toBeVisible();
  await expect(month.getByRole('note')).toHaveCount(0);

  await month.getByRole('button', { name: `Visa raderna för kundnummer ${CUSTOMER}` }).click();
  const lines = page.getByRole('region', { name: `Rader för kundnummer ${CUSTOMER}, ${PERIOD}` });
  await expect(lines.getByRole('row').filter({ hasText: priced.articleNumber })).toContainText('Hyra');
  await expect(lines.getByRole('row').filter({ hasText: unpriced.articleNumber })).toBeVisible();
  await expectNoAxeViolations(page, 'billing lines');

  // The preview's totals per customer number, to compare with the workbook.
  const table = month.getByRole('grid', { name: `Underlag per kundnummer, ${PERIOD}` });
  const preview = new Map<string, string>();
  for (const row of await table.getByRole('row').all()) {
    const cells = await row.getByRole('gridcell').allTextContents();
    const head = await row.getByRole('rowheader').allTextContents();
    if (head.length && cells.length >= 2) preview.set(head[0]!.trim(), cells[1]!.trim());
  }
  expect(preview.has(CUSTOMER)).toBe(true);

  await month.getByRole('button', { name: 'Stäng månaden' }).click();
  await page
    .getByRole('alertdialog', { name: `Stäng ${PERIOD}?` })
    .getByRole('button', { name: 'Stäng månaden' })
    .click();
  await expect(month.getByRole('status').filter({ hasText: `Månaden ${PERIOD} är stängd` })).toBeVisible();
  await expect(month.getByText('Stängd').first()).toBeVisible();
  await expect(month.getByRole('button', { name: 'Räkna om' })).toHaveCount(0);
  await expectNoAxeViolations(page, 'billing month closed');

  const download = page.waitForEvent('download');
  await month.getByRole('link', { name: 'Sammanställning (Excel)' }).click();
  const file = await (await download).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const summary = wb.getWorksheet('Sammanställning')!;
  expect(String(summary.getCell('A1').value)).toContain(`Fakturaunderlag ${PERIOD}`);
  const rows = new Map<string, number>();
  summary.eachRow((row, n) => {
    if (n > 3 && row.getCell(2).value) rows.set(String(row.getCell(2).value), Number(row.getCell(7).value));
  });
  const kr = (s: string) => Number(s.replace(/[\s\u00a0]|kr/g, '').replace(',', '.'));
  expect([...rows.keys()].sort()).toEqual([...preview.keys()].sort());
  for (const [c, total] of preview) expect(rows.get(c), `total of ${c}`).toBeCloseTo(kr(total), 2);
  // The customer's own sheet holds the spec's two rent lines.
  const sheet = wb.getWorksheet(CUSTOMER)!;
  const articleNumbers: string[] = [];
  sheet.eachRow((row) => row.values && articleNumbers.push(...(row.values as unknown[]).map(String)));
  expect(articleNumbers).toEqual(expect.arrayContaining([priced.articleNumber, unpriced.articleNumber]));
});

test("a customer's user sees the closed basis; finance's other pages pass axe, the price page also in English", async ({ page }) => {
  await loginAs(page, 'forskrivare', '/fakturaunderlag');
  await expect(page.getByRole('heading', { level: 1, name: 'Fakturaunderlag' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: `FU-${PERIOD.replace('-', '')}-${CUSTOMER}` })).toBeVisible();
  await expectNoAxeViolations(page, 'bases, customer user');
  await page.goto(`/kostnadsstatistik`);
  await expect(page.getByRole('heading', { level: 1, name: 'Kostnadsstatistik' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Till och med månad' }).fill(PERIOD);
  await page.getByRole('button', { name: 'Visa' }).click();
  await expect(page.getByRole('row').filter({ hasText: PERIOD }).first()).toBeVisible();
  await expectNoAxeViolations(page, 'cost statistics, customer user');

  await loginAs(page, 'ekonomi', '/ekonomi/it-kostnad');
  await expect(page.getByRole('heading', { level: 1, name: 'IT-kostnad per vårdgivare' })).toBeVisible();
  await page.getByRole('button', { name: 'Ange IT-kostnad' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Ange IT-kostnad' });
  await dialog.getByRole('textbox', { name: 'Från månad' }).fill(PERIOD);
  await dialog.getByRole('textbox', { name: 'Till och med månad' }).fill(PERIOD);
  await dialog.getByRole('textbox', { name: 'IT-kostnad (kr)' }).fill('10 000,01');
  await expectNoAxeViolations(page, 'IT cost dialog');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  const split = page.getByRole('region', { name: `Fördelning ${PERIOD} – ${PERIOD}` });
  await expect(split).toContainText('Delarna summerar till 10 000,01 kr');
  await expectNoAxeViolations(page, 'IT cost split');

  await page.goto('/ekonomi/priser');
  await expect(page.getByRole('heading', { level: 1, name: 'Priser och kostnadsansvar' })).toBeVisible();
  await expectNoAxeViolations(page, 'prices');
  await page.getByRole('button', { name: 'Change language to English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Prices and cost responsibility' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Service price list' })).toBeVisible();
  await expectNoAxeViolations(page, 'prices in English');
  await page.getByRole('button', { name: 'Byt språk till svenska' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Priser och kostnadsansvar' })).toBeVisible();
});

test('finance credits a line of the closed month; the credit lands in the next month, which a colleague closes first: the page says who closed it', async ({
  page,
  baseURL,
}) => {
  const [y, m] = PERIOD.split('-').map(Number) as [number, number];
  const NEXT = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  await loginAs(page, 'ekonomi', `/ekonomi/fakturering?period=${PERIOD}`);
  const month = page.getByRole('region', { name: `Månad ${PERIOD}` });
  await month.getByRole('button', { name: `Visa raderna för kundnummer ${CUSTOMER}` }).click();
  const lines = page.getByRole('region', { name: `Rader för kundnummer ${CUSTOMER}, ${PERIOD}` });
  await lines
    .getByRole('row')
    .filter({ hasText: priced.articleNumber })
    .getByRole('button', { name: /^Rätta rad \d+$/ })
    .click();
  const dialog = page.getByRole('dialog', { name: /^Rätta rad \d+$/ });
  await dialog.getByText('Bara kreditera (ingen ny rad)').click();
  // Without a reason nothing is sent, and the field says so.
  await dialog.getByRole('button', { name: 'Kreditera och rätta' }).click();
  await expect(dialog.getByText('Fyll i fältet.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Varför rättas raden?' }).fill('Hjälpmedlet levererades aldrig');
  await expectNoAxeViolations(page, 'correction dialog');
  await dialog.getByRole('button', { name: 'Kreditera och rätta' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Rättelsen är lagd i ${NEXT}` })).toBeVisible();

  await page.getByRole('list', { name: 'Körda månader' }).getByRole('link', { name: NEXT }).click();
  const next = page.getByRole('region', { name: `Månad ${NEXT}` });
  await next.getByRole('button', { name: 'Räkna om' }).click();
  await expect(next.getByRole('status').filter({ hasText: `Månaden ${NEXT} är beräknad` })).toBeVisible();
  await expect(next.getByRole('rowheader', { name: CUSTOMER })).toBeVisible();

  // A colleague closes the month first.
  const f = await apiAs(baseURL!, 'ekonomi');
  const { version } = await f.call<{ version: number }>('get', `/api/billing/months/${NEXT}`);
  await f.call('post', `/api/billing/months/${NEXT}/close`, { version });
  await f.ctx.dispose();

  await next.getByRole('button', { name: 'Stäng månaden' }).click();
  await page
    .getByRole('alertdialog', { name: `Stäng ${NEXT}?` })
    .getByRole('button', { name: 'Stäng månaden' })
    .click();
  await expect(next.getByRole('alert')).toContainText('Månaden stängdes redan av ekonomi');
  await expect(next.getByRole('button', { name: 'Stäng månaden' })).toHaveCount(0);
  await expectNoAxeViolations(page, 'closed by someone else');
});
