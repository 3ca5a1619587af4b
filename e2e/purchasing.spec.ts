import { expect, test, type Page } from '@playwright/test';
import { apiAs } from './api.ts';
import { expectNoAxeViolations } from './axe.ts';
import { centreNumberOnceReceived, loginAs, openPatient, untilAfterReload } from './helpers.ts';

// Purchasing (issue 17 item 7), through the pages: a prescriber orders a wheelchair with an accessory the centre
// does not keep in stock (an order item: a rented, unit-tracked power add-on) → the warehouse buys the accessory
// from the supplier with one click, sends the purchase order, records the supplier's date and receives the goods
// (the new unit is reserved for the waiting line) → delivers both lines → the patient's device list shows both
// units. Then the purchasing pages (proposals, suppliers and an agreement, reorder points, stock value). Axe on
// every page.

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);
test.use({ actionTimeout: 10_000 });

const ASTRID = { number: '193804129827', name: 'Astrid Lindqvist' };
// Not the 44 cm chair: e2e/whole-loop.spec.ts picks that article's oldest unit, and the two may run at the same time.
const CHAIR = 'Rullstol Älva, sitsbredd 48 cm';
/** Made by the assortment role below: the demo catalogue keeps no accessory that is both an order item and unit-tracked. */
const ADDON = 'Drivaggregat Inköpstest E-fix';
const SERIAL = `EFIX-${Date.now().toString(36).toUpperCase()}`;

let orderNumber = '';
let centreOrderNumber = '';
let purchaseOrderNumber = '';
let chairUnit = '';
let addonUnit = '';

/** The warehouse opens the centre's order from the start page's list. */
async function openCentreOrder(page: Page) {
  await loginAs(page, 'lager', '/hmc');
  await page
    .getByRole('link', { name: new RegExp(`^${centreOrderNumber}\\b`) })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: `Order ${centreOrderNumber}` })).toBeVisible();
}

test.beforeAll(async ({ baseURL }) => {
  // The accessory: in the article register with the demo wheelchair supplier and an agreed price under its agreement.
  const assortment = await apiAs(baseURL!, 'sortiment');
  const warehouse = await apiAs(baseURL!, 'lager');
  const suppliers = await warehouse.call<{ id: string; name: string; agreements: { id: string; agreementNumber: string }[] }[]>(
    'get',
    '/api/provision/purchasing/suppliers',
  );
  // By the agreement, not the name: e2e/catalogue.spec.ts imports another supplier called Rullverket AB (another GLN).
  const rullverket = suppliers.find((s) => s.agreements.some((a) => a.agreementNumber === 'AV-DEMO-01'))!;
  const agreement = rullverket.agreements.find((a) => a.agreementNumber === 'AV-DEMO-01')!;
  const found = await assortment.call<{ items: { id: string; name: string }[] }>(
    'get',
    `/api/catalogue/articles/search?q=${encodeURIComponent(ADDON)}&limit=5`,
  );
  if (!found.items.some((a) => a.name === ADDON)) {
    const addon = await assortment.call<{ id: string }>(
      'post',
      '/api/catalogue/articles',
      {
        name: ADDON,
        articleType: 'T',
        chargingForm: 'rent',
        stockForm: 'orderItem',
        unitTracked: true,
        serialRequired: true,
        published: true,
        orderable: true,
        supplierId: rullverket.id,
        supplierArticleNumber: 'S-EFIX-1',
      },
      201,
    );
    await assortment.call(
      'post',
      `/api/catalogue/articles/${addon.id}/prices`,
      { kind: 'agreed', amount: 17400, validFrom: '2025-01-01', agreementId: agreement.id },
      201,
    );
    await assortment.call('post', `/api/catalogue/articles/${addon.id}/prices`, { kind: 'general', amount: 590, validFrom: '2025-01-01' }, 201);
  }
  await assortment.ctx.dispose();
  await warehouse.ctx.dispose();
});

test('the prescriber orders a wheelchair and the stock-less accessory', async ({ page }) => {
  await openPatient(page, ASTRID);
  await page.getByRole('region', { name: 'Hjälpmedel', exact: true }).getByRole('link', { name: 'Ny beställning' }).click();
  await page
    .locator('label.radio')
    .filter({ hasText: /^Kundorder/ })
    .click();
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Sök hjälpmedel' });
  await search.fill('älva 48');
  await page.getByRole('button', { name: `Lägg i varukorgen: ${CHAIR}` }).click();
  await search.fill('Drivaggregat Inköpstest');
  await page.getByRole('button', { name: `Lägg i varukorgen: ${ADDON}` }).click();
  const cart = page.getByRole('list', { name: 'Varukorg' });
  await expect(cart).toContainText(CHAIR);
  await expect(cart).toContainText(ADDON);
  await page.getByRole('textbox', { name: 'Telefon till kontaktpersonen' }).fill('070-123 45 67');
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beställningen är skickad' })).toBeVisible();
  orderNumber = (await page.locator('.receipt-number').textContent())!.trim();
  centreOrderNumber = await centreNumberOnceReceived(page, orderNumber);
});

test('the warehouse buys the accessory with one click, sends the purchase order and records the supplier’s date', async ({ page }) => {
  await openCentreOrder(page);
  const line2 = page.getByRole('article', { name: new RegExp(`^Rad 2: ${ADDON}`) });
  await expect(line2).toContainText('1 st behöver köpas in från Rullverket AB (avtal AV-DEMO-01');
  await expectNoAxeViolations(page, 'purchasing: order page with the buy button');
  await line2.getByRole('button', { name: 'Köp in rad 2' }).click();

  await expect(page.getByRole('heading', { level: 1, name: /^Inköpsorder IO-\d+$/ })).toBeVisible();
  purchaseOrderNumber = /IO-\d+/.exec((await page.getByRole('heading', { level: 1 }).textContent())!)![0];
  await expect(page.getByRole('status').filter({ hasText: `Inköpsorder ${purchaseOrderNumber} är skapad som utkast` })).toBeVisible();
  const lines = page.getByRole('grid', { name: 'Rader' });
  await expect(lines).toContainText(`${centreOrderNumber} rad 2`);
  await expect(lines).toContainText('17 400,00 kr');
  await expect(page.getByRole('region', { name: 'Inköpsordern' })).toContainText('Lagervägen 4');
  await expectNoAxeViolations(page, 'purchasing: the draft');
  // The PDF the supplier gets, as a download.
  const pdf = await page.request.get(
    await page
      .getByRole('link', { name: `Ladda ner inköpsorder ${purchaseOrderNumber} som PDF` })
      .getAttribute('href')
      .then(String),
  );
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');

  await page.getByRole('button', { name: 'Skicka till leverantören' }).click();
  const send = page.getByRole('dialog', { name: `Skicka inköpsorder ${purchaseOrderNumber}` });
  await expect(send.getByRole('radio', { name: /Med e-post till order@rullverket\.example/ })).toBeChecked();
  await expectNoAxeViolations(page, 'purchasing: send dialog');
  await send.getByRole('button', { name: 'Skicka till leverantören' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Inköpsorder ${purchaseOrderNumber} är skickad med e-post till order@rullverket.example.` }),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Inköpsordern' })).toContainText('Skickad');

  // The supplier confirms the expected date (the form starts from it): it becomes the line's planned date.
  const confirmation = page.getByRole('region', { name: 'Leverantörens bekräftelse' });
  const date = await confirmation.getByLabel('Bekräftat leveransdatum').inputValue();
  await confirmation.getByLabel('Leverantörens ordernummer').fill('RV-88120');
  await confirmation.getByRole('button', { name: 'Spara bekräftat datum' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Leveransdatum ${date} är sparat för ${purchaseOrderNumber}` })).toBeVisible();
  await expectNoAxeViolations(page, 'purchasing: sent and confirmed');
});

test('the goods are received against the purchase order: the new unit is reserved for the waiting line', async ({ page }) => {
  await loginAs(page, 'lager', '/hmc/inkop');
  await expect(page.getByRole('heading', { level: 1, name: 'Inköp' })).toBeVisible();
  await page.getByRole('link', { name: purchaseOrderNumber }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Inköpsorder ${purchaseOrderNumber}` })).toBeVisible();
  const receive = page.getByRole('region', { name: 'Inleverans' });
  await receive.getByLabel('Mottaget antal').fill('1');
  await receive.getByLabel(`Serienummer, individ 1 (${ADDON})`).fill(SERIAL);
  await expectNoAxeViolations(page, 'purchasing: goods receipt');
  await receive.getByRole('button', { name: 'Ta emot' }).click();
  const done = page.getByRole('status').filter({ hasText: `1 st är mottagna mot ${purchaseOrderNumber}.` });
  await expect(done).toContainText(`är reserverad för ${centreOrderNumber} rad 2`);
  addonUnit = /U-\d{6}/.exec((await done.textContent())!)![0];
  await expect(page.getByRole('region', { name: 'Inköpsordern' })).toContainText('Avslutad');
  await expect(page.getByRole('region', { name: 'Inleveranser' })).toContainText(addonUnit);
  await expectNoAxeViolations(page, 'purchasing: received');
});

test('the warehouse delivers both lines; the patient page shows both units', async ({ page }) => {
  await openCentreOrder(page);
  await expect(page.getByRole('article', { name: new RegExp(`^Rad 2: ${ADDON}`) })).toContainText(`Inköp: ${purchaseOrderNumber}`);

  // Line 1, the wheelchair, from stock by the replacement chain.
  await page.getByRole('button', { name: 'Plocka och leverera rad 1' }).click();
  const picking1 = page.getByRole('region', { name: 'Plockning för rad 1' });
  await picking1.getByRole('button', { name: 'Reservera enligt kedjan' }).click();
  await expect(picking1.getByRole('heading', { name: 'Reserverade individer: 1 av 1' })).toBeVisible();
  await picking1.getByRole('button', { name: 'Leverera reserverade' }).click();
  const dialog1 = page.getByRole('dialog', { name: 'Leveranskvittens rad 1' });
  chairUnit = /U-\d{6}/.exec((await dialog1.textContent()) ?? '')![0];
  const units = (await (await page.request.get(`/api/provision/units?q=${chairUnit}`)).json()) as { items: { unitNumber: string; serialNumber: string }[] };
  await dialog1.getByLabel(/^Serienummer på U-/).fill(units.items.find((u) => u.unitNumber === chairUnit)!.serialNumber);
  await dialog1.getByRole('button', { name: 'Kvittera leverans' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rad 1 är levererad' })).toBeVisible();

  // Line 2, the accessory: the unit received against the purchase order is already reserved for it.
  await page.getByRole('button', { name: 'Plocka och leverera rad 2' }).click();
  const picking2 = page.getByRole('region', { name: 'Plockning för rad 2' });
  await expect(picking2.getByRole('heading', { name: 'Reserverade individer: 1 av 1' })).toBeVisible();
  await expect(picking2).toContainText(addonUnit);
  await picking2.getByRole('button', { name: 'Leverera reserverade' }).click();
  const dialog2 = page.getByRole('dialog', { name: 'Leveranskvittens rad 2' });
  await dialog2.getByLabel(`Serienummer på ${addonUnit}`).fill(SERIAL);
  await expectNoAxeViolations(page, 'purchasing: delivering the bought accessory');
  await dialog2.getByRole('button', { name: 'Kvittera leverans' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rad 2 är levererad' })).toBeVisible();
  await expectNoAxeViolations(page, 'purchasing: both lines delivered');

  await openPatient(page, ASTRID);
  const current = page.getByRole('grid', { name: 'Hjälpmedel patienten har nu' });
  await untilAfterReload(page, async () => {
    await expect(current.getByRole('row').filter({ hasText: addonUnit })).toContainText(ADDON, { timeout: 1000 });
  });
  await expect(current.getByRole('row').filter({ hasText: addonUnit })).toContainText(SERIAL);
  await expect(current.getByRole('row').filter({ hasText: chairUnit })).toContainText(CHAIR);
  await expectNoAxeViolations(page, 'purchasing: the patient page with both units');
});

test('the purchasing pages: proposals and orders, suppliers and an agreement’s terms, reorder points, stock value', async ({ page }) => {
  await loginAs(page, 'lager', '/hmc/inkop');
  await expect(page.getByRole('heading', { level: 1, name: 'Inköp' })).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Inköpsordrar' })).toBeVisible();
  await expectNoAxeViolations(page, 'purchasing: Inköp');

  await page.getByRole('link', { name: 'Leverantörer och avtal' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Leverantörer och avtal' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'AV-DEMO-02' });
  await expect(row).toContainText('8 arbetsdagar');
  await expectNoAxeViolations(page, 'purchasing: suppliers');
  await row.getByRole('link', { name: /AV-DEMO-02/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Avtal AV-DEMO-02/ })).toBeVisible();
  await page.getByRole('button', { name: 'Ändra villkor' }).click();
  const terms = page.getByRole('dialog', { name: 'Villkor för avtal AV-DEMO-02' });
  await terms.getByLabel('Leveranstid i arbetsdagar').fill('0');
  await terms.getByRole('button', { name: 'Spara villkoren' }).click();
  await expect(terms.getByText('leveranstiden är minst 1 arbetsdag', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'purchasing: terms with errors');
  await terms.getByLabel('Leveranstid i arbetsdagar').fill('9');
  await terms.getByLabel('Beställningsadress (e-post)').fill('order@gangbolaget.example');
  await terms.getByRole('button', { name: 'Spara villkoren' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Villkoren för avtal AV-DEMO-02 är sparade.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Villkor' })).toContainText('9 arbetsdagar');
  await expectNoAxeViolations(page, 'purchasing: agreement');

  await page.goto('/hmc/inkop/bestallningspunkter');
  await expect(page.getByRole('heading', { level: 1, name: 'Beställningspunkter' })).toBeVisible();
  await page.getByLabel('Artikelnummer').fill('900113');
  await page.getByRole('button', { name: 'Hämta artikel' }).click();
  const dialog = page.getByRole('dialog', { name: 'Beställningspunkt för Bäckenbälte Älva' });
  await dialog.getByRole('textbox', { name: 'Beställningspunkt', exact: true }).fill('50');
  await dialog.getByRole('textbox', { name: 'Beställningskvantitet', exact: true }).fill('10');
  await expectNoAxeViolations(page, 'purchasing: reorder point dialog');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Beställningspunkten för Bäckenbälte Älva är 50' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Bäckenbälte Älva' })).toContainText('30');
  await expectNoAxeViolations(page, 'purchasing: reorder points');
  await page.goto('/hmc/inkop');
  await expect(page.getByRole('grid', { name: /Rullverket AB, avtal AV-DEMO-01, till Centrallagret/ })).toContainText('Bäckenbälte Älva');

  // A purchase order by hand from the agreement's articles; more arrives than was ordered: the warehouse confirms it.
  await page.goto('/hmc/leverantorer');
  await page
    .getByRole('row')
    .filter({ hasText: 'AV-DEMO-01' })
    .getByRole('link', { name: /AV-DEMO-01/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /^Avtal AV-DEMO-01/ })).toBeVisible();
  await page.getByRole('textbox', { name: 'Antal av Bäckenbälte Älva' }).fill('10');
  await page.getByRole('button', { name: 'Skapa inköpsorder (1 rad)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Inköpsorder IO-\d+$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Skicka till leverantören' }).click();
  const send = page.getByRole('dialog', { name: /^Skicka inköpsorder/ });
  await send.getByText('Jag har skickat PDF:en på annat sätt (portal, post)').click();
  await send.getByRole('button', { name: 'Skicka till leverantören' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'är markerad som skickad' })).toBeVisible();
  const receive = page.getByRole('region', { name: 'Inleverans' });
  await receive.getByLabel('Mottaget antal').fill('12');
  await receive.getByRole('button', { name: 'Ta emot' }).click();
  const over = page.getByRole('alertdialog', { name: 'Överleverans' });
  await expect(over).toContainText('12 tas emot men 10 återstår, 2 för mycket');
  await expectNoAxeViolations(page, 'purchasing: over-delivery');
  await over.getByRole('button', { name: 'Ta emot överleveransen' }).click();
  await expect(page.getByRole('status').filter({ hasText: '12 st är mottagna mot' })).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Rader' })).toContainText('2 för mycket');

  await loginAs(page, 'ekonomi', '/hmc/lagervarde');
  await expect(page.getByRole('heading', { level: 1, name: 'Lagervärde' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Centrallagret: / })).toBeVisible();
  const download = await page.request.get((await page.getByRole('link', { name: 'Ladda ner som Excel' }).getAttribute('href'))!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  await expectNoAxeViolations(page, 'purchasing: stock value');
});
