import crypto from 'node:crypto';
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { pdfText } from '../src/platform/documents/pdf-text.ts';
import { apiAs, declareCareRelationship, givenRentArticle } from './api.ts';
import { PATIENT, orderSubmit as message } from './contract-message.ts';
import { expectNoAxeViolations } from './axe.ts';
import { choose, loginAs, mainNav } from './helpers.ts';

// Quality follow-up (issue 14 items 2, 3, 6): the function coordinator's dashboard with its charts and tables,
// the centre's quarterly follow-up with a download read back, news by product area (ISO class), one page in
// English. Axe runs on every page, charts included. Everything this spec counts is its own (articles, order).

test.describe.configure({ mode: 'serial' });

const run = crypto.randomUUID().slice(0, 6);
const CHAIR = `Kvalitetsrullstol ${run}`;
const NEWS = `Nya bromsar på rullstolar ${run}`;
const now = new Date();
const QUARTER = Math.floor(now.getMonth() / 3) + 1;
const YEAR = now.getFullYear();

let chairId = '';
let chairNumber = '';

test.beforeAll(async ({ baseURL }) => {
  // A wheelchair (ISO 12 22 03) delivered this quarter, and a deviation about it.
  const assortment = await apiAs(baseURL!, 'sortiment');
  const chair = await givenRentArticle(assortment, CHAIR, '12 22 03');
  chairId = chair.id;
  chairNumber = chair.articleNumber;
  await assortment.ctx.dispose();

  const warehouse = await apiAs(baseURL!, 'lager');
  const warehouses = await warehouse.call<{ id: string; code: string }[]>('get', '/api/provision/warehouses');
  const main = warehouses.find((w) => w.code === 'HMC')!;
  const received = await warehouse.call<{ units: { id: string; unitNumber: string }[] }>(
    'post',
    '/api/provision/units/receipts',
    { warehouseId: main.id, articleId: chair.id, units: [{ serialNumber: null, purchaseDate: '2024-02-02', purchaseCost: 14500 }] },
    201,
  );
  const prescriber = await apiAs(baseURL!, 'forskrivare');
  await declareCareRelationship(prescriber, PATIENT.identifier);
  const lineId = crypto.randomUUID();
  await prescriber.call(
    'post',
    '/api/contract/v1/messages',
    message({ lines: [{ lineId, lineNumber: 1, articleNumber: chair.articleNumber, quantity: 1, unitNumber: null, accessoryForLineId: null, note: null }] }),
    202,
  );
  await warehouse.call('post', `/api/provision/lines/${lineId}/deliver`, { version: 1, units: [{ unitId: received.units[0]!.id }] });
  await warehouse.ctx.dispose();

  await prescriber.call(
    'post',
    '/api/contract/v1/messages',
    message({
      orderType: 'deviation',
      patient: null,
      delivery: { kind: 'none' },
      contact: null,
      deviation: { kind: 'nearMiss', description: 'Bromsen släppte nästan i en backe.', unitNumber: received.units[0]!.unitNumber },
    }),
    202,
  );
  await prescriber.ctx.dispose();
});

/** A chart: a picture with a text alternative that names it, drawn as an SVG. */
async function expectChart(page: Page, name: RegExp) {
  const chart = page.getByRole('img', { name });
  await expect(chart).toBeVisible();
  await expect(chart.locator('svg').first()).toBeVisible();
}

test('the function coordinator follows the quality measures per month and quarter, as charts with tables beside them', async ({ page }) => {
  await loginAs(page, 'samordnare');
  await mainNav(page).getByRole('link', { name: 'Kvalitet', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kvalitetsmått' })).toBeVisible();
  const support = page.getByRole('region', { name: 'Supportärenden besvarade inom 24 timmar' });
  await expect(support).toContainText('Mål: 90 %');
  await expectChart(page, /^Supportärenden besvarade inom 24 timmar, per månad: /);
  await expectChart(page, /^Supportärenden besvarade inom 24 timmar, per kvartal: /);
  // The accessible version: a table per chart, a row per period.
  const months = support.getByRole('table', { name: 'Supportärenden besvarade inom 24 timmar, per månad' });
  await expect(months.getByRole('row')).toHaveCount(13);
  await expect(months.getByRole('columnheader')).toHaveText(['Period', 'Räknade', 'Inom målet', 'Andel', 'Mot målet']);
  const quarters = support.getByRole('table', { name: 'Supportärenden besvarade inom 24 timmar, per kvartal' });
  await expect(quarters.getByRole('row')).toHaveCount(5);
  // No access applications in the demo: "no data", never 0 %.
  const applications = page.getByRole('region', { name: 'Behörighetsansökningar registrerade inom en vecka' });
  await expect(applications).toContainText('Mål: 100 %');
  await expect(applications.getByRole('table', { name: /per kvartal$/ }).getByRole('row', { name: `K1 ${YEAR}` })).toContainText('Inga uppgifter');
  await expectNoAxeViolations(page, 'quality dashboard');

  // Others do not see it.
  await page.context().clearCookies();
  await loginAs(page, 'kundtjanst');
  await expect(mainNav(page).getByRole('link', { name: 'Kvalitet', exact: true })).toHaveCount(0);
});

test('the quarterly follow-up shows this quarter’s deliveries, incidents and top products, and its Excel and PDF read back', async ({ page }) => {
  await loginAs(page, 'samordnare');
  await mainNav(page).getByRole('link', { name: 'Kvartalsuppföljning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kvartalsuppföljning' })).toBeVisible();
  // The page opens on the last complete quarter; this spec's deliveries are in the current one.
  if (QUARTER === 1) await choose(page, 'År', String(YEAR));
  await choose(page, 'Kvartal', `K${QUARTER}`);
  const label = `K${QUARTER} ${YEAR}`;

  const precision = page.getByRole('region', { name: 'Leveransprecision' });
  await expect(precision.getByRole('table', { name: 'Leveransprecision' }).getByRole('row', { name: new RegExp(`^${label}`) })).toBeVisible();
  await expectChart(page, /^Leveransprecision: /);
  await expectChart(page, /^Felrapporter per kategori: /);
  await expectChart(page, /^Medicintekniska avvikelser: /);
  await expectChart(page, /^Topp 20 produkter per ISO-kod: /);

  const incidents = page.getByRole('table', { name: 'Avvikelser under kvartalet' });
  await expect(incidents.getByRole('row').filter({ hasText: CHAIR })).toContainText('Tillbud');
  const top = page.getByRole('table', { name: 'Topp 20 produkter per ISO-kod' });
  await expect(top.getByRole('row', { name: /12 22 03/ })).toContainText('Manuella tvåhjulsdrivna rullstolar');
  await expect(page.getByRole('table', { name: 'Felrapporter per kategori' }).getByRole('row', { name: /^Skadat gods/ })).toBeVisible();
  await expectNoAxeViolations(page, 'quarterly follow-up');

  const [excel] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Ladda ner Excel, kvartalsuppföljning ${label}` }).click()]);
  expect(excel.suggestedFilename()).toBe(`kvartalsuppfoljning-${YEAR}-K${QUARTER}.xlsx`);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync((await excel.path())!) as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['Om rapporten', 'Leveransprecision', 'Felrapporter', 'Avvikelser', 'Topp 20 produkter']);
  const deviations = wb.getWorksheet('Avvikelser')!.getSheetValues().filter(Boolean) as unknown[][];
  expect(deviations.some((r) => r.includes(CHAIR) && r.includes('Tillbud'))).toBe(true);

  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Ladda ner PDF, kvartalsuppföljning ${label}` }).click()]);
  const bytes = fs.readFileSync((await pdf.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const text = pdfText(bytes).pages.flat().join('\n');
  expect(text).toContain(`Kvartalsuppföljning ${YEAR}-K${QUARTER}`);
  // The incident names the unit and its article (the name may wrap in its narrow column).
  expect(text).toMatch(/Tillbud\nU-\d+ Kvalitetsrullstol/);
  expect(text).toContain('12 22 03');
  expect(text).toContain('Sida 1 av');
});

test('in English: the quarterly follow-up', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('bista.locale', 'en'));
  await loginAs(page, 'admin', '/kvalitet/kvartal');
  await expect(page.getByRole('heading', { level: 1, name: 'Quarterly follow-up' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Delivery precision' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Fault reports per category' }).getByRole('columnheader').first()).toHaveText('Category');
  await expect(page.getByRole('link', { name: /^Download PDF, quarterly follow-up Q\d \d{4}$/ })).toBeVisible();
  await expectNoAxeViolations(page, 'quarterly follow-up in English');
});

test('news for a product area: the editor picks the ISO class; the prescriber sees it on the start page and on the article page of that class', async ({
  page,
}) => {
  await loginAs(page, 'samordnare', '/driftinformation');
  await page.getByRole('textbox', { name: 'Rubrik' }).fill(NEWS);
  await page.getByRole('textbox', { name: 'Text' }).fill('Rullstolar i klass 12 får nya bromsar vid nästa service.');
  const areas = page.getByRole('group', { name: 'Produktområden (ISO-klasser)' });
  await areas
    .getByRole('checkbox', { name: '12 Hjälpmedel för aktiviteter och delaktighet relaterade till personlig förflyttning och transport' })
    .check({ force: true });
  await expectNoAxeViolations(page, 'news admin with product areas');
  await page.getByRole('button', { name: 'Publicera', exact: true }).click();
  await expect(page.getByText('Driftinformationen är publicerad.')).toBeVisible();
  await expect(page.getByRole('article', { name: NEWS })).toContainText('Produktområde: 12');

  await page.context().clearCookies();
  await loginAs(page, 'forskrivare');
  await expect(page.getByRole('region', { name: 'Driftinformation' }).getByRole('article', { name: NEWS })).toBeVisible();
  await page.goto(`/artiklar/${chairId}`);
  await expect(page.getByRole('heading', { level: 1, name: CHAIR })).toBeVisible();
  const areaNews = page.getByRole('region', { name: 'Driftinformation för produktområdet' });
  await expect(areaNews.getByRole('article', { name: NEWS })).toBeVisible();
  await expectNoAxeViolations(page, 'article page with area news');
  expect(chairNumber).not.toBe('');
});

test('a deviation must name the unit or article it concerns: refused with a clear message, nothing lost, then sent', async ({ page }) => {
  const pickRadio = (name: RegExp) => page.locator('label.radio').filter({ hasText: name }).click();
  await loginAs(page, 'forskrivare');
  await mainNav(page).getByRole('link', { name: 'Beställningar' }).click();
  await page.getByRole('link', { name: 'Ny beställning' }).click();
  await pickRadio(/^Avvikelse/);
  await choose(page, 'Kund', '20101 Hemtjänst Norrvik centrum');
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /utkast$/ })).toBeVisible();
  await choose(page, 'Typ', 'Tillbud');
  await page.getByRole('textbox', { name: 'Beskriv händelsen' }).fill(`Bromsen släppte nästan ${run}.`);
  await expect(page.getByRole('status').filter({ hasText: /^✓? ?Sparat \d\d:\d\d/ })).toBeVisible();
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByText('Ange vilken individ (individnummer) eller vilken artikel (artikelnummer) avvikelsen gäller').first()).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Beskriv händelsen' })).toHaveValue(`Bromsen släppte nästan ${run}.`);
  await expectNoAxeViolations(page, 'deviation without unit or article');

  await page.getByRole('textbox', { name: 'Artikelnummer' }).fill(chairNumber);
  await expect(page.getByRole('status').filter({ hasText: /^✓? ?Sparat \d\d:\d\d/ })).toBeVisible();
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beställningen är skickad' })).toBeVisible();
  await page.getByRole('link', { name: 'Visa beställningen' }).click();
  const details = page.getByRole('region', { name: 'Uppgifter' });
  await expect(details).toContainText('Tillbud');
  await expect(details).toContainText(chairNumber);
});
