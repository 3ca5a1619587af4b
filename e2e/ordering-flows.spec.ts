import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { loginAs, openPatient } from './helpers.ts';
import { apiAs, declareCareRelationship } from './api.ts';

// Issue 16 items 5, 6 and 12, in the browser: the cart tells price, stock and delivery per line and in total,
// says when a line moves the order's date and lets the prescriber send it as an order of its own (two orders
// are sent); focus goes to the accessory just added; the order type is chosen from a unit on the patient's
// device list; the contact phone comes from the profile; an article page orders to a patient; "Beställ igen";
// favourites. The articles and the stock are this spec's own (names no other spec or demo article has).

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);
test.use({ actionTimeout: 10_000 });

const CHAIR = 'Rullstol Lodjur 46';
const CRUTCH = 'Armbågskrycka Lodjur';
const STOOL = 'Duschpall Lodjur';
const AGNIESZKA = { number: '198609879864', name: 'Agnieszka Kowalska' };
const DATE = '\\d{4}-\\d{2}-\\d{2}';

interface Created {
  id: string;
  articleNumber: string;
}

let chair: Created;
let stool: Created;
let deliveredUnit = '';
let deliveryOrderNumber = '';
let firstOrderNumber = '';

/** Waits for the background worker: `check` passes within 30 s. */
const eventually = (check: () => Promise<void>) => expect(check).toPass({ timeout: 30_000, intervals: [300, 600, 1000, 2000] });

test.beforeAll(async ({ baseURL }) => {
  const assortment = await apiAs(baseURL!, 'sortiment');
  const article = (body: Record<string, unknown>) =>
    assortment.call<Created>('post', '/api/catalogue/articles', { published: true, orderable: true, inAssortment: true, ...body }, 201);
  const price = (a: Created, amount: number) =>
    assortment.call('post', `/api/catalogue/articles/${a.id}/prices`, { kind: 'general', amount, validFrom: '2020-01-01' }, 201);
  chair = await article({
    name: CHAIR,
    articleType: 'H',
    isoCode: '12 22 03',
    chargingForm: 'rent',
    unitTracked: true,
    serialRequired: false,
    stockForm: 'stock',
  });
  const crutch = await article({ name: CRUTCH, articleType: 'T', isoCode: '12 03 06', chargingForm: 'sale', stockForm: 'stock', inAssortment: false });
  stool = await article({ name: STOOL, articleType: 'H', isoCode: '09 33 03', chargingForm: 'sale', stockForm: 'stock' });
  await assortment.call('put', `/api/catalogue/articles/${crutch.id}/fits`, { mainIds: [chair.id] });
  await price(chair, 450);
  await price(crutch, 165);
  await price(stool, 295);
  await assortment.ctx.dispose();

  // The centre: three chairs and five stools in stock, no crutches.
  const warehouse = await apiAs(baseURL!, 'lager');
  const main = (await warehouse.call<{ id: string; code: string }[]>('get', '/api/provision/warehouses')).find((w) => w.code === 'HMC')!;
  const received = await warehouse.call<{ units: { id: string; unitNumber: string }[] }>(
    'post',
    '/api/provision/units/receipts',
    { warehouseId: main.id, articleId: chair.id, units: [1, 2, 3].map(() => ({ serialNumber: null, purchaseDate: '2024-05-05', purchaseCost: 9000 })) },
    201,
  );
  await warehouse.call('post', '/api/provision/stock/transactions', { warehouseId: main.id, articleId: stool.id, quantity: 5, kind: 'receipt' }, 201);

  // Agnieszka already has one chair: ordered on the web (through the API) and delivered by the centre.
  const anna = await apiAs(baseURL!, 'forskrivare');
  const patientId = await declareCareRelationship(anna, AGNIESZKA.number);
  const customerId = (await anna.call<{ memberships: { customerId: string; customerNumber: string }[] }>('get', '/api/me')).memberships.find(
    (m) => m.customerNumber === '20101',
  )!.customerId;
  const d = await anna.call<{ id: string; version: number }>('post', '/api/orders', { orderType: 'customerOrder', customerId, patientId }, 201);
  await anna.call('put', `/api/orders/${d.id}`, {
    version: d.version,
    customerId,
    patientId,
    delivery: { kind: 'patientAddress' },
    contactName: 'Anna Åberg',
    contactPhone: '070-123 45 67',
    lines: [{ articleId: chair.id, quantity: 1 }],
  });
  const sent = await anna.call<{ orderNumber: string; lines: { id: string }[] }>('post', `/api/orders/${d.id}/submit`, {});
  deliveryOrderNumber = sent.orderNumber;
  const unit = received.units[0]!;
  await eventually(async () => {
    const r = await warehouse.ctx.post(`/api/provision/lines/${sent.lines[0]!.id}/deliver`, {
      data: { version: 1, units: [{ unitId: unit.id }] },
      headers: warehouse.headers,
    });
    expect(r.status(), await r.text()).toBe(200);
  });
  deliveredUnit = unit.unitNumber;
  await eventually(async () => {
    const o = await anna.call<{ currentDevices: { unitNumber: string }[] }>('get', `/api/patients/${patientId}/overview`);
    expect(o.currentDevices.map((x) => x.unitNumber)).toContain(deliveredUnit);
  });
  await warehouse.ctx.dispose();
  await anna.ctx.dispose();
});

const pickRadio = (page: Page, name: RegExp) => page.locator('label.radio').filter({ hasText: name }).click();
const saved = (page: Page) => expect(page.getByRole('status').filter({ hasText: /^✓? ?Sparat \d\d:\d\d/ })).toBeVisible();

async function newCustomerOrder(page: Page) {
  await page.getByRole('region', { name: 'Hjälpmedel', exact: true }).getByRole('link', { name: 'Ny beställning' }).click();
  await pickRadio(page, /^Kundorder/);
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
}

test('the cart tells price, stock and delivery; a crutch not in stock moves the delivery, and is sent as an order of its own', async ({ page }) => {
  await openPatient(page, AGNIESZKA);
  await newCustomerOrder(page);
  // The contact is the prescriber, with the phone number of her profile.
  await expect(page.getByRole('textbox', { name: 'Kontaktperson', exact: true })).toHaveValue('Anna Åberg');
  await expect(page.getByRole('textbox', { name: 'Telefon till kontaktpersonen' })).toHaveValue('010-123 45 67');

  await page.getByRole('searchbox', { name: 'Sök hjälpmedel' }).fill('lodjur 46');
  await page.getByRole('button', { name: `Lägg i varukorgen: ${CHAIR}` }).click();
  const cart = page.getByRole('list', { name: 'Varukorg' });
  const chairLine = cart.getByRole('listitem').filter({ hasText: CHAIR });
  await expect(chairLine).toContainText('450,00 kr/mån · hyra');
  await expect(chairLine).toContainText('Finns i lager');
  await expect(chairLine).toContainText(new RegExp(`Levereras omkring ${DATE}`));
  const summary = page.getByRole('region', { name: 'Kostnad och leverans' });
  await expect(summary).toContainText('Hyra per månad450,00 kr/mån');
  await expect(summary).toContainText(new RegExp(`Beräknad leverans${DATE}`));
  const chairDate = /Levereras omkring (\d{4}-\d{2}-\d{2})/.exec((await chairLine.textContent())!)![1]!;

  // Item 12: the accessory added from the suggestions has the focus, not the page.
  await page.getByRole('button', { name: `Lägg till som tillbehör: ${CRUTCH}, till ${CHAIR}` }).click();
  const crutchLine = cart.getByRole('listitem').filter({ hasText: CRUTCH });
  await expect(crutchLine).toBeFocused();
  await expect(crutchLine).toContainText(`Tillbehör till ${CHAIR}`);
  await expect(crutchLine).toContainText('Finns inte i lager – köps in från leverantören');
  await expect(crutchLine).toContainText('165,00 kr · köp');
  await expect(summary).toContainText('Köp, en gång165,00 kr');

  // The crutch is bought from the supplier: the page says in words that it moves the delivery.
  const moves = summary.getByText(new RegExp(`^Leveransen flyttas från ${chairDate} till (${DATE}) av ${CRUTCH}\\.$`));
  await expect(moves).toBeVisible();
  const crutchDate = new RegExp(`till (${DATE})`).exec((await moves.textContent())!)![1]!;
  expect(crutchDate > chairDate).toBe(true);
  await expect(crutchLine).toContainText(`Levereras omkring ${crutchDate}`);
  await saved(page);
  await expectNoAxeViolations(page, 'cart with prices, stock and a delay');
  // In English too.
  await page.getByRole('button', { name: 'Change language to English' }).click();
  const costs = page.getByRole('region', { name: 'Cost and delivery' });
  await expect(costs).toContainText(`The delivery moves from ${chairDate} to ${crutchDate} because of ${CRUTCH}.`);
  await expect(costs).toContainText('Rent per monthSEK 450.00/month');
  await expect(page.getByRole('list', { name: 'Cart' }).getByRole('listitem').filter({ hasText: CRUTCH })).toContainText(
    'Not in stock – bought from the supplier',
  );
  await expectNoAxeViolations(page, 'cart in English');
  await page.getByRole('button', { name: 'Byt språk till svenska' }).click();
  await expect(summary).toBeVisible();

  // Two crutches: the line's price follows.
  await crutchLine.getByRole('button', { name: 'Öka antal' }).click();
  await expect(crutchLine).toContainText('2 × 165,00 kr = 330,00 kr');

  // Send the crutch on its own: the rest keeps the chair's date.
  await summary.getByRole('button', { name: `Skicka ${CRUTCH} som egen beställning` }).click();
  await expect(summary).toContainText(`${CRUTCH} skickas som en egen beställning och levereras omkring ${crutchDate}. Resten levereras omkring ${chairDate}.`);
  await expect(summary.locator('[data-cart-delivery]')).toBeFocused();
  await expect(crutchLine).toContainText('Skickas som egen beställning');
  await expect(summary).toContainText(`Beräknad leverans, beställningen${chairDate}`);
  await expect(summary).toContainText(`Beräknad leverans, den egna beställningen${crutchDate}`);
  await saved(page);
  await expectNoAxeViolations(page, 'cart with a line sent on its own');
  // Nothing is lost: after a reload the choice is still there.
  await page.reload();
  await expect(page.getByRole('list', { name: 'Varukorg' }).getByRole('listitem').filter({ hasText: CRUTCH })).toContainText('Skickas som egen beställning');

  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beställningen är skickad' })).toBeVisible();
  firstOrderNumber = (await page.locator('.receipt-number').textContent())!.trim();
  const split = page.getByRole('status').filter({ hasText: 'Kundorder är skickad till hjälpmedelscentralen.' });
  await expect(split).toContainText(/Raderna du valde att skicka för sig skickades som beställning B\d{4}-\d{6}\./);
  const secondNumber = /beställning (B\d{4}-\d{6})/.exec((await split.textContent())!)![1]!;
  await expectNoAxeViolations(page, 'receipt of an order sent as two');

  // Each order names the other.
  await page.getByRole('link', { name: secondNumber }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Kundorder ${secondNumber}` })).toBeVisible();
  const details = page.getByRole('region', { name: 'Uppgifter' });
  await expect(details).toContainText(`${firstOrderNumber} beställningen raderna kom från`);
  const lines = page.getByRole('grid', { name: 'Rader' });
  await expect(lines.getByRole('row')).toHaveCount(2);
  await expect(lines.getByRole('row').nth(1)).toContainText(CRUTCH);
  await expect(lines.getByRole('row').nth(1)).toContainText(`Tillbehör till ${CHAIR} (${chair.articleNumber}) i beställning ${firstOrderNumber}`);
  await expectNoAxeViolations(page, 'the order split off');
});

test('"Beställ igen" opens a new draft with the same lines', async ({ page }) => {
  await openPatient(page, AGNIESZKA);
  await page.goto('/bestallningar');
  await page.getByRole('link', { name: firstOrderNumber }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Kundorder ${firstOrderNumber}` })).toBeVisible();
  await page.getByRole('button', { name: 'Beställ igen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `Ett nytt utkast med raderna från ${firstOrderNumber} är skapat.` })).toBeVisible();
  const cart = page.getByRole('list', { name: 'Varukorg' });
  await expect(cart.getByRole('listitem')).toHaveCount(1);
  await expect(cart.getByRole('listitem')).toContainText(CHAIR);
  await expect(page.getByRole('textbox', { name: 'Telefon till kontaktpersonen' })).toHaveValue('010-123 45 67');
  await expect(page.getByRole('radio', { name: 'Patientens adress' })).toBeChecked();
  await expectNoAxeViolations(page, 'draft made by Beställ igen');
  await page.getByRole('button', { name: 'Ta bort utkastet' }).click();
  await page.getByRole('alertdialog', { name: 'Ta bort utkastet?' }).getByRole('button', { name: 'Ta bort utkastet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: AGNIESZKA.name })).toBeVisible();
});

test('from a unit on the device list the order type is chosen: a fault report names the delivery order, a pick-up the unit', async ({ page }) => {
  await openPatient(page, AGNIESZKA);
  const devices = page.getByRole('region', { name: 'Hjälpmedel', exact: true });
  await devices.getByRole('link', { name: `Anmäl fel på ${deliveredUnit}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny beställning' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Felrapport/ })).toBeChecked();
  await expect(page.getByText(`Felrapporten gäller beställning ${deliveryOrderNumber}.`)).toBeVisible();
  await expectNoAxeViolations(page, 'new fault report from a unit');
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Felrapport – utkast' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: /^Beställningsnummer som felet gäller/ })).toHaveValue(deliveryOrderNumber);
  await expectNoAxeViolations(page, 'fault report draft naming the order');
  await page.getByRole('button', { name: 'Ta bort utkastet' }).click();
  await page.getByRole('alertdialog', { name: 'Ta bort utkastet?' }).getByRole('button', { name: 'Ta bort utkastet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: AGNIESZKA.name })).toBeVisible();

  await devices.getByRole('link', { name: `Rapportera avvikelse för ${deliveredUnit}` }).click();
  await expect(page.getByRole('radio', { name: /^Avvikelse\/reklamation/ })).toBeChecked();
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Avvikelse/reklamation – utkast' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: /^Individnummer/ })).toHaveValue(deliveredUnit);
  await page.getByRole('button', { name: 'Ta bort utkastet' }).click();
  await page.getByRole('alertdialog', { name: 'Ta bort utkastet?' }).getByRole('button', { name: 'Ta bort utkastet' }).click();

  await devices.getByRole('link', { name: `Beställ hämtning av ${deliveredUnit}` }).click();
  await expect(page.getByRole('radio', { name: /^Hämtorder/ })).toBeChecked();
  await expect(page.getByText(`Valda individer: ${deliveredUnit}`)).toBeVisible();
});

test('favourites: a star in the search keeps the article in the list to order from', async ({ page }) => {
  await openPatient(page, AGNIESZKA);
  await newCustomerOrder(page);
  const favourites = page.getByRole('region', { name: 'Mina favoriter' });
  await expect(favourites).toContainText('Du har inga favoriter än.');
  const search = page.getByRole('searchbox', { name: 'Sök hjälpmedel' });
  await search.fill('duschpall lodjur');
  const star = page.getByRole('button', { name: `Favorit: ${STOOL}` });
  await expect(star).toHaveAttribute('aria-pressed', 'false');
  await star.click();
  await expect(star).toHaveAttribute('aria-pressed', 'true');
  await expect(star).toBeFocused();
  await expectNoAxeViolations(page, 'search with a starred hit');
  await search.clear();
  await expect(favourites.getByRole('listitem')).toHaveCount(1);
  await expect(favourites).toContainText(STOOL);
  await favourites.getByRole('button', { name: `Lägg i varukorgen: ${STOOL}` }).click();
  const cart = page.getByRole('list', { name: 'Varukorg' });
  await expect(cart.getByRole('listitem').filter({ hasText: STOOL })).toContainText('295,00 kr · köp');
  await expectNoAxeViolations(page, 'favourites list');
  // Taken away, the list says so and the focus stays in it.
  await favourites.getByRole('button', { name: `Ta bort ${STOOL} ur favoriter` }).click();
  await expect(favourites).toContainText('Du har inga favoriter än.');
  await expect(favourites.getByRole('heading', { name: 'Mina favoriter' })).toBeFocused();
  await page.getByRole('button', { name: 'Ta bort utkastet' }).click();
  await page.getByRole('alertdialog', { name: 'Ta bort utkastet?' }).getByRole('button', { name: 'Ta bort utkastet' }).click();
});

test('an article page orders to a patient: the patient is looked up, the care relationship confirmed, the order opens with the article', async ({ page }) => {
  // Lisa has not confirmed a care relationship with Agnieszka today.
  await loginAs(page, 'anvandarstod', `/artiklar/${stool.id}`);
  await expect(page.getByRole('heading', { level: 1, name: STOOL })).toBeVisible();
  const star = page.getByRole('button', { name: 'Favorit' });
  await expect(star).toHaveAttribute('aria-pressed', 'false');
  await expectNoAxeViolations(page, 'article page with Beställ till patient');
  await page.getByRole('button', { name: 'Beställ till patient' }).click();
  const dialog = page.getByRole('dialog', { name: `Beställ ${STOOL} till patient` });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page, 'Beställ till patient dialog');
  const field = dialog.getByRole('textbox', { name: 'Personnummer eller samordningsnummer' });
  await field.fill('19860987');
  await dialog.getByRole('button', { name: 'Sök patient och fortsätt' }).click();
  // A number that cannot be one is explained at the field, and nothing is looked up.
  await expect(dialog).toContainText('Numret ska ha 10 eller 12 siffror (ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN), men har 8.');
  await expect(dialog).toBeVisible();
  await field.fill(AGNIESZKA.number);
  await dialog.getByRole('button', { name: 'Sök patient och fortsätt' }).click();
  const care = page.getByRole('dialog', { name: 'Bekräfta vårdrelation' });
  await expect(care).toContainText(AGNIESZKA.name);
  await care.getByRole('button', { name: 'Jag har en vårdrelation med patienten' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny beställning' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Kundorder/ })).toBeChecked();
  await expect(page.getByText(`Hjälpmedlet läggs i varukorgen: ${STOOL} (${stool.articleNumber}).`)).toBeVisible();
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  const cart = page.getByRole('list', { name: 'Varukorg' });
  await expect(cart.getByRole('listitem')).toHaveCount(1);
  await expect(cart.getByRole('listitem')).toContainText(STOOL);
  await expect(cart.getByRole('listitem')).toContainText('Finns i lager');
  await expect(page.getByRole('radio', { name: 'Patientens adress' })).toBeChecked();
  await expectNoAxeViolations(page, 'draft from an article page');
});
