import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { centreNumberOnceReceived, choose, loginAs, openPatient, pickUpAndDeregister, untilAfterReload } from './helpers.ts';

// The whole loop (issue 5, item 10), through the pages only, on the demo installation's catalogue and stock:
// a prescriber orders a wheelchair → the centre receives it, picks the oldest equivalent unit (a reconditioned
// one from 2018) and delivers it → the patient page shows the unit → the prescriber orders a pick-up → the centre
// picks it up → reconditioning → back in stock. Axe on every page.

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);
test.use({ actionTimeout: 10_000 });

const LEO = { number: '201602299958', name: 'Leo Nyström' };
const CHAIR = 'Rullstol Älva, sitsbredd 44 cm';
/** The oldest unit of the demo stock for this article (src/provision/seed/demo.ts): reconditioned, bought 2018. */
const OLDEST = { purchased: '2018-01-15' };

let orderNumber = '';
let centreOrderNumber = '';
let unitNumber = '';
let serialNumber = '';

const pickRadio = (page: Page, name: RegExp) => page.locator('label.radio').filter({ hasText: name }).click();

test('the prescriber orders a wheelchair for the patient; the centre confirms it received the order', async ({ page }) => {
  await openPatient(page, LEO);
  await page.getByRole('region', { name: 'Hjälpmedel', exact: true }).getByRole('link', { name: 'Ny beställning' }).click();
  await pickRadio(page, /^Kundorder/);
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Sök hjälpmedel' }).fill('älva 44');
  await page.getByRole('button', { name: `Lägg i varukorgen: ${CHAIR}` }).click();
  await expect(page.getByRole('list', { name: 'Varukorg' })).toContainText(CHAIR);
  await page.getByRole('textbox', { name: 'Telefon till kontaktpersonen' }).fill('070-123 45 67');
  await expectNoAxeViolations(page, 'loop: order draft');
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beställningen är skickad' })).toBeVisible();
  orderNumber = (await page.locator('.receipt-number').textContent())!.trim();

  centreOrderNumber = await centreNumberOnceReceived(page, orderNumber);
  await expect(page.getByRole('heading', { level: 1, name: `Kundorder ${orderNumber}` })).toBeVisible();
  await expectNoAxeViolations(page, 'loop: order received');
  // The order confirmation prints as a PDF.
  const [confirmation] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Orderbekräftelse (PDF)' }).click()]);
  expect(confirmation.suggestedFilename()).toBe(`orderbekraftelse-${orderNumber}.pdf`);
});

test('the warehouse picks the oldest equivalent unit and delivers it; the patient page shows the unit', async ({ page }) => {
  await loginAs(page, 'lager', '/hmc');
  await expect(page.getByRole('heading', { level: 1, name: 'Arbetskö – Hjälpmedelscentralen' })).toBeVisible();
  await page
    .getByRole('link', { name: new RegExp(`^${centreOrderNumber}\\b`) })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: `Order ${centreOrderNumber}` })).toBeVisible();
  await page.getByRole('button', { name: 'Plocka och leverera rad 1' }).click();
  const picking = page.getByRole('region', { name: 'Plockning för rad 1' });
  const first = picking.getByRole('list').last().getByRole('listitem').first();
  await expect(first).toContainText(OLDEST.purchased);
  await expectNoAxeViolations(page, 'loop: picking');
  await picking.getByRole('button', { name: 'Reservera enligt kedjan' }).click();
  await expect(picking.getByRole('heading', { name: 'Reserverade individer: 1 av 1' })).toBeVisible();
  await picking.getByRole('button', { name: 'Leverera reserverade' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leveranskvittens rad 1' });
  const serialField = dialog.getByLabel(/^Serienummer på U-/);
  unitNumber = /U-\d{6}/.exec((await dialog.textContent()) ?? '')![0];
  // The technician reads the serial number off the unit: the unit card says what it is.
  const card = await page.request.get(`/api/provision/units?q=${unitNumber}`);
  serialNumber = ((await card.json()) as { items: { unitNumber: string; serialNumber: string }[] }).items.find(
    (u) => u.unitNumber === unitNumber,
  )!.serialNumber;
  await serialField.fill(serialNumber);
  await dialog.getByRole('button', { name: 'Kvittera leverans' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rad 1 är levererad' })).toBeVisible();
  await expectNoAxeViolations(page, 'loop: delivered');
  // The hand-over receipt for the patient to sign.
  const [receipt] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Utlämningskvitto (PDF)' }).click()]);
  expect(receipt.suggestedFilename()).toBe(`utlamningskvitto-${centreOrderNumber}.pdf`);
  expect((await fs.promises.readFile((await receipt.path())!)).subarray(0, 5).toString()).toBe('%PDF-');

  await openPatient(page, LEO);
  const current = page.getByRole('grid', { name: 'Hjälpmedel patienten har nu' });
  await untilAfterReload(page, async () => {
    await expect(current.getByRole('row').filter({ hasText: unitNumber })).toContainText(CHAIR, { timeout: 1000 });
  });
  await expect(current.getByRole('row').filter({ hasText: unitNumber })).toContainText(serialNumber);
  await expectNoAxeViolations(page, 'loop: patient page with the unit');
});

let pickUpNumber = '';
let centrePickUpNumber = '';

test('the prescriber orders a pick-up of the unit from the patient page', async ({ page }) => {
  await openPatient(page, LEO);
  await page.getByRole('region', { name: 'Hjälpmedel', exact: true }).getByRole('link', { name: 'Beställ hämtning', exact: true }).click();
  await expect(page.getByRole('radio', { name: /^Hämtorder/ })).toBeChecked();
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hämtorder – utkast' })).toBeVisible();
  await page.locator('label.checkbox').filter({ hasText: unitNumber }).click();
  await expectNoAxeViolations(page, 'loop: pick-up draft');
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beställningen är skickad' })).toBeVisible();
  pickUpNumber = (await page.locator('.receipt-number').textContent())!.trim();
  centrePickUpNumber = await centreNumberOnceReceived(page, pickUpNumber);
  await expect(page.getByRole('heading', { level: 1, name: `Hämtorder ${pickUpNumber}` })).toBeVisible();
  await expectNoAxeViolations(page, 'loop: pick-up received');
});

test('the centre picks the unit up; the patient page no longer lists it; reconditioning puts it back in stock', async ({ page }) => {
  await loginAs(page, 'lager', '/hmc');
  await page
    .getByRole('link', { name: new RegExp(`^${centrePickUpNumber}\\b`) })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: `Order ${centrePickUpNumber}` })).toBeVisible();
  const section = page.getByRole('region', { name: 'Hämtning' });
  await expect(section).toContainText('Hyran stoppas');
  await pickUpAndDeregister(page, unitNumber);
  await expectNoAxeViolations(page, 'loop: picked up');

  await page.getByRole('link', { name: 'Rekonditionering' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rekonditionering' })).toBeVisible();
  await page
    .getByRole('listitem')
    .filter({ hasText: unitNumber })
    .getByRole('button', { name: `Ta in: ${unitNumber}` })
    .click();
  await expect(page.getByRole('status').filter({ hasText: 'är intagen för rekonditionering' })).toBeVisible();
  await page
    .getByRole('listitem')
    .filter({ hasText: unitNumber })
    .getByRole('button', { name: `Klar: ${unitNumber}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Rekonditionering klar: ${unitNumber}` });
  await choose(page, 'Lager', 'Centrallagret', dialog);
  await dialog.getByLabel('Vad gjordes?').fill('Tvättad och desinficerad, däck och bromsar kontrollerade.');
  await dialog.getByText('Rengjord', { exact: true }).click();
  await dialog.getByText('Funktionskontrollerad', { exact: true }).click();
  await expectNoAxeViolations(page, 'loop: reconditioning done dialog');
  await dialog.getByRole('button', { name: 'Ställ i lager' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'är rekonditionerad' })).toBeVisible();

  // Back in stock: the unit list shows it reconditioned in the central warehouse, and it is first in the chain again.
  await page.getByRole('link', { name: 'Individer' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Individer' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: unitNumber });
  await expect(row).toContainText('I lager (rekonditionerad)');
  await expectNoAxeViolations(page, 'loop: units, back in stock');

  // The prescriber's patient page: the unit is no longer among the current devices.
  await openPatient(page, LEO);
  await untilAfterReload(page, async () => {
    await expect(page.getByRole('grid', { name: 'Tidigare hjälpmedel' }).getByRole('row').filter({ hasText: unitNumber })).toBeVisible({ timeout: 1000 });
  });
  await expect(page.getByRole('grid', { name: 'Hjälpmedel patienten har nu' }).getByRole('row').filter({ hasText: unitNumber })).toHaveCount(0);
  await expectNoAxeViolations(page, 'loop: patient page after the pick-up');
});
