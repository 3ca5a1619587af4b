import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { choose, loginAs, mainNav } from './helpers.ts';
import { apiAs, type Api } from './api.ts';

// The article register (issue 3): search as you type, the ISO tree, the article page, editing for the
// assortment role and the import page. The demo database holds the demo catalogue; the articles this spec
// follows are made through the API as the assortment role first, with names no demo article has.

test.describe.configure({ mode: 'serial' });

const MAIN = 'Rullstol Ängla 42';
const ACCESSORY = 'Tippskydd Ängla';
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** Prices are written the Swedish way, with no-break spaces: "4 250,00 kr". */
const kr = (whole: string, dec = '00') => new RegExp(`${whole.replace(' ', '\\s')},${dec}\\s*kr`);

interface Created {
  id: string;
  articleNumber: string;
  version: number;
}

let main: Created;
let accessory: Created;
let api: Api;

test.beforeAll(async ({ baseURL }) => {
  api = await apiAs(baseURL!, 'sortiment');
  main = await api.call<Created>(
    'post',
    '/api/catalogue/articles',
    {
      name: MAIN,
      description: 'Manuell rullstol, sitsbredd 42 cm.',
      articleType: 'H',
      isoCode: '12 22 03',
      chargingForm: 'rent',
      unitTracked: true,
      serialRequired: true,
      inspectionIntervalMonths: 12,
      depreciationYears: 5,
      gtin: '7350000001013',
      supplierArticleNumber: 'ANGLA-42',
      published: true,
      orderable: true,
      inAssortment: true,
    },
    201,
  );
  accessory = await api.call<Created>(
    'post',
    '/api/catalogue/articles',
    { name: ACCESSORY, articleType: 'T', isoCode: '12 24', chargingForm: 'sale', stockForm: 'orderItem', published: true, orderable: true },
    201,
  );
  await api.call('post', `/api/catalogue/articles/${main.id}/prices`, { kind: 'general', amount: 4250, validFrom: '2025-01-01' }, 201);
  await api.call('post', `/api/catalogue/articles/${main.id}/prices`, { kind: 'agreed', amount: 11900.5, validFrom: '2025-01-01' }, 201);
  await api.call('post', `/api/catalogue/articles/${accessory.id}/prices`, { kind: 'general', amount: 350, validFrom: '2025-01-01' }, 201);
  await api.call('put', `/api/catalogue/articles/${accessory.id}/fits`, { mainIds: [main.id] });
  const upload = await api.ctx.post(`/api/catalogue/articles/${main.id}/media`, {
    headers: api.headers,
    multipart: { kind: 'image', title: 'Ängla 42 framifrån', file: { name: 'angla.png', mimeType: 'image/png', buffer: PNG } },
  });
  expect(upload.status(), await upload.text()).toBe(201);
});

test.afterAll(async () => {
  await api?.ctx.dispose();
});

async function typeSearch(page: Page, text: string) {
  const field = page.getByRole('searchbox', { name: 'Sök hjälpmedel' });
  await field.click();
  await field.pressSequentially(text, { delay: 40 });
}

test('the prescriber finds a wheelchair while typing and sees its price, image and accessory', async ({ page }) => {
  await loginAs(page, 'forskrivare');
  await mainNav(page).getByRole('link', { name: 'Hjälpmedel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hjälpmedel' })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Hjälpmedel' })).toHaveAttribute('aria-current', 'page');
  // Without a search the assortment is listed; the prescriber has no editing controls.
  await expect(page.getByRole('heading', { name: 'Hjälpmedel i sortimentet' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ny lokal artikel' })).toHaveCount(0);
  const results = page.getByRole('grid', { name: 'Hjälpmedel i sortimentet' });
  await expect(results.getByRole('link', { name: MAIN })).toBeVisible();
  await expectNoAxeViolations(page, 'article search, assortment');

  await typeSearch(page, 'rullstol ängl');
  const grid = page.getByRole('grid', { name: 'Sökresultat' });
  const row = grid.getByRole('row').filter({ hasText: MAIN });
  await expect(row).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '1 träff.' })).toBeVisible();
  await expect(row).toContainText(kr('4 250'));
  await expect(row).toContainText('12 22 03');
  await expect(row).toContainText('Hyra');
  await expect(row).toContainText('I sortiment');
  await expect(row).toContainText('Beställningsbar');
  await expect(row.getByRole('img', { name: `Bild på ${MAIN}` })).toBeVisible();
  await expect(grid.getByRole('link', { name: ACCESSORY })).toHaveCount(0);
  await expectNoAxeViolations(page, 'article search with results');

  // The type filter narrows the search: no accessory is a "rullstol ängl…".
  await choose(page, 'Artikeltyp', 'Tillbehör');
  await expect(page.getByRole('status').filter({ hasText: 'Inga träffar.' })).toBeVisible();
  await choose(page, 'Artikeltyp', 'Alla typer');

  await row.getByRole('link', { name: MAIN }).click();
  await expect(page.getByRole('heading', { level: 1, name: MAIN })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/artiklar/${main.id}$`));
  const price = page.getByRole('region', { name: 'Pris' });
  await expect(price).toContainText('Kundens pris');
  await expect(price).toContainText(kr('4 250'));
  // The ordering side never sees the agreed (purchase) price.
  await expect(price).not.toContainText('Avtalat pris');
  await expect(page.getByRole('region', { name: 'Bilder' }).getByRole('img', { name: 'Ängla 42 framifrån' })).toBeVisible();
  const data = page.getByRole('region', { name: 'Produktdata' });
  await expect(data).toContainText('Manuella tvåhjulsdrivna rullstolar');
  await expect(data).toContainText('7350000001013');
  await expect(data).toContainText('ANGLA-42');
  await expect(data).toContainText('Ja, med serienummer');
  await expect(data).toContainText('12 månader');
  await expect(data).toContainText('5 år');
  await expect(page.getByRole('link', { name: 'Redigera' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Ändringshistorik' })).toHaveCount(0);
  await expectNoAxeViolations(page, 'article page (prescriber)');

  await page.getByRole('region', { name: 'Tillbehör och reservdelar' }).getByRole('link', { name: ACCESSORY }).click();
  await expect(page.getByRole('heading', { level: 1, name: ACCESSORY })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Passar till' }).getByRole('link', { name: MAIN })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Pris' })).toContainText(kr('350'));

  await page.goto('/artiklar/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('heading', { level: 1, name: 'Sidan finns inte' })).toBeVisible();
});

test('the prescriber browses the ISO tree from class 12 down to 12 22 03', async ({ page }) => {
  await loginAs(page, 'forskrivare', '/artiklar');
  await page.getByRole('link', { name: 'Bläddra i ISO-klasser' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ISO-klasser' })).toBeVisible();
  await expectNoAxeViolations(page, 'ISO classes');
  await page.getByRole('link', { name: /^12 Hjälpmedel för / }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^12 Hjälpmedel för / })).toBeVisible();
  await expect(page.getByText(/^\d+ hjälpmedel i den här delen av ISO-trädet\.$/)).toBeVisible();
  const subclass = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: '12 22 Manuella rullstolar' }) });
  await expect(subclass).toContainText(/\d+ hjälpmedel/);
  await expectNoAxeViolations(page, 'ISO class 12');
  await subclass.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: '12 22 Manuella rullstolar' })).toBeVisible();
  await page.getByRole('link', { name: '12 22 03 Manuella tvåhjulsdrivna rullstolar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '12 22 03 Manuella tvåhjulsdrivna rullstolar' })).toBeVisible();
  const crumbs = page.getByRole('navigation', { name: 'Du är här' });
  await expect(crumbs.getByRole('link', { name: '12 22 Manuella rullstolar' })).toBeVisible();
  await expect(crumbs.getByRole('link', { name: /^12 Hjälpmedel/ })).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Hjälpmedel under 12 22 03' }).getByRole('link', { name: MAIN })).toBeVisible();
  await expectNoAxeViolations(page, 'ISO division 12 22 03');
  await crumbs.getByRole('link', { name: '12 22 Manuella rullstolar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '12 22 Manuella rullstolar' })).toBeVisible();
});

test('the assortment role edits an article, is told of a conflicting save, and sees the change in the history', async ({ page }) => {
  test.setTimeout(60_000);
  await loginAs(page, 'sortiment', `/artiklar/${main.id}`);
  await expect(page.getByRole('heading', { level: 1, name: MAIN })).toBeVisible();
  // The centre sees the agreed price and the price history.
  await expect(page.getByRole('region', { name: 'Pris' })).toContainText(kr('11 900', '50'));
  await expect(page.getByRole('grid', { name: 'Prishistorik' })).toBeVisible();
  await expectNoAxeViolations(page, 'article page (assortment)');

  // A price version, in a dialog.
  await page.getByRole('button', { name: 'Ny prisversion' }).click();
  const dialog = page.getByRole('dialog', { name: `Ny prisversion för ${MAIN}` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Belopp (kr)' }).fill('-5');
  await dialog.getByRole('button', { name: 'Lägg till pris' }).click();
  await expect(dialog.getByText('Ange beloppet i kronor med högst två decimaler')).toBeVisible();
  await expectNoAxeViolations(page, 'price dialog with an error');
  await dialog.getByRole('textbox', { name: 'Belopp (kr)' }).fill('4 390,50');
  await dialog.getByRole('button', { name: 'Lägg till pris' }).click();
  await expect(page.getByText('Prisversionen är tillagd.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Pris' }).locator('.price')).toHaveText(kr('4 390', '50'));

  await page.getByRole('link', { name: 'Redigera' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Redigera ${MAIN}` })).toBeVisible();
  await expect(page.getByRole('switch', { name: 'I sortiment' })).toBeChecked();
  await expectNoAxeViolations(page, 'edit article');
  await page.getByRole('textbox', { name: 'Underhållsintervall (månader)' }).fill('24');
  await page.getByRole('switch', { name: 'I sortiment' }).click({ force: true });
  await expect(page.getByRole('switch', { name: 'I sortiment' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByText('Artikeln är sparad.')).toBeVisible();

  // Someone else saves in between: the next save is refused and the page offers to reload.
  const current = (await (await api.ctx.get(`/api/catalogue/articles/${main.id}`)).json()) as Created;
  await api.call('patch', `/api/catalogue/articles/${main.id}`, { version: current.version, inAssortment: true });
  await page.getByRole('textbox', { name: 'Underhållsintervall (månader)' }).fill('36');
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByRole('alert')).toContainText('Artikeln har ändrats av någon annan – ladda om');
  await expectNoAxeViolations(page, 'edit article with a conflict');
  await page.getByRole('button', { name: 'Ladda om artikeln' }).click();
  await expect(page.getByRole('switch', { name: 'I sortiment' })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Underhållsintervall (månader)' })).toHaveValue('24');

  // An upload that is not what it claims is refused in words; a real image is taken.
  const media = page.getByRole('region', { name: 'Bilder och dokument' });
  await media
    .locator('input[type=file]')
    .setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
  await expect(media.getByText('Vald fil: fake.png')).toBeVisible();
  await media.getByRole('button', { name: 'Ladda upp', exact: true }).click();
  await expect(media.getByRole('alert')).toContainText('Filtypen stöds inte.');
  await expectNoAxeViolations(page, 'edit article with an upload error');
  await media.getByRole('textbox', { name: 'Titel (valfri)' }).fill('Ängla från sidan');
  await media.locator('input[type=file]').setInputFiles({ name: 'sida.png', mimeType: 'image/png', buffer: PNG });
  await media.getByRole('button', { name: 'Ladda upp', exact: true }).click();
  await expect(media.getByText('sida.png är uppladdad.')).toBeVisible();
  // The same bytes as the first image: the API gives back the existing file, so still one image… or two.
  await media
    .getByRole('button', { name: /^Ta bort Ängla/ })
    .first()
    .click();
  const confirm = page.getByRole('alertdialog', { name: 'Ta bort filen?' });
  await expectNoAxeViolations(page, 'remove media dialog');
  await confirm.getByRole('button', { name: 'Ta bort' }).click();
  await expect(media.getByText(/är borttagen\./)).toBeVisible();

  await page.getByRole('link', { name: MAIN }).click();
  await page.getByRole('link', { name: 'Ändringshistorik' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Ändringshistorik för ${MAIN}` })).toBeVisible();
  const history = page.getByRole('grid', { name: 'Ändringar' });
  const edit = history.getByRole('row').filter({ hasText: 'Underhållsintervall (månader)' }).first();
  await expect(edit).toContainText('sortiment');
  await expect(edit).toContainText('Underhållsintervall (månader): (tomt) → ändrat till 24');
  await expect(edit).toContainText('I sortiment: Ja → ändrat till Nej');
  await expect(history).toContainText('Artikeln lades upp');
  await expectNoAxeViolations(page, 'article history');
});

test('the assortment role links an accessory and creates a local article', async ({ page }) => {
  await loginAs(page, 'sortiment', `/artiklar/${accessory.id}/redigera`);
  const fits = page.getByRole('region', { name: 'Passar till' });
  await expect(fits.getByRole('link', { name: MAIN })).toBeVisible();
  await fits.getByRole('button', { name: `Ta bort ${MAIN}` }).click();
  await expect(fits.getByText('Inga huvudartiklar är valda.')).toBeVisible();
  await fits.getByRole('searchbox', { name: 'Sök huvudhjälpmedel' }).fill('ängla');
  await fits.getByRole('button', { name: `Lägg till ${MAIN}` }).click();
  await expect(fits.getByRole('link', { name: MAIN })).toBeVisible();
  await expectNoAxeViolations(page, 'edit accessory with fits search');

  await page.goto('/artiklar');
  await page.getByRole('link', { name: 'Ny lokal artikel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny lokal artikel' })).toBeVisible();
  await page.getByRole('button', { name: 'Lägg upp artikel' }).click();
  await expect(page.getByText('Fyll i fältet.').first()).toBeVisible();
  await expectNoAxeViolations(page, 'new article with errors');
  await page.getByRole('textbox', { name: 'Namn' }).fill('Sittdyna Ängla');
  await choose(page, 'Artikeltyp', 'Tillbehör');
  await choose(page, 'Debiteringsform', 'Försäljning');
  await page.getByRole('textbox', { name: 'ISO-kod' }).fill('99 99');
  await page.getByRole('button', { name: 'Lägg upp artikel' }).click();
  await expect(page.getByText('ISO-koden 99 99 finns inte i utgåva 2022')).toBeVisible();
  await page.getByRole('textbox', { name: 'ISO-kod' }).fill('122409');
  await page.getByRole('button', { name: 'Lägg upp artikel' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Artikeln L\d{6} är upplagd\./ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Sittdyna Ängla' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Produktdata' })).toContainText('Drivaggregat till rullstolar');
});

const importXml = (amount: string) => `<?xml version="1.0" encoding="UTF-8"?>
<catalogue xmlns="urn:bista:catalogue:1" edition="2022" source="national" scope="delta">
  <supplier gln="7350000000016" name="Rullverket AB"/>
  <product number="P-E2E-1" iso="12 06 06" supplierGln="7350000000016">
    <name>Rollator Östra</name>
    <article number="990101" type="H" charging="saleWithReturn" stock="stock" published="true" orderable="true" inAssortment="true">
      <name>Rollator Östra, låg</name>
      <price kind="general" validFrom="2025-01-01" amount="${amount}"/>
    </article>
    <article number="990102" type="H" charging="saleWithReturn" stock="stock" published="true" orderable="true">
      <name>Rollator Östra, hög</name>
    </article>
  </product>
</catalogue>
`;

test('the assortment role imports a catalogue file, reads the report and publishes it', async ({ page }) => {
  test.setTimeout(60_000);
  await loginAs(page, 'sortiment');
  await mainNav(page).getByRole('link', { name: 'Artikelimport' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Artikelimport' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ladda ner Excelmallen' })).toHaveAttribute('href', '/api/catalogue/imports/template.xlsx');
  await expectNoAxeViolations(page, 'import page');

  // A negative price: the report names the row and the field, and nothing can be published.
  await page.locator('input[type=file]').setInputFiles({ name: 'fel.xml', mimeType: 'application/xml', buffer: Buffer.from(importXml('-10')) });
  await page.getByRole('button', { name: 'Ladda upp och kontrollera' }).click();
  const report = page.getByRole('region', { name: 'Rapport för fel.xml' });
  await expect(report).toContainText('Fel i filen');
  await expect(report.getByRole('grid', { name: 'Fel i filen' })).toContainText('negativ');
  await expect(report.getByRole('button', { name: 'Publicera' })).toHaveCount(0);
  await expectNoAxeViolations(page, 'import report with errors');

  await page.locator('input[type=file]').setInputFiles({ name: 'rollatorer.xml', mimeType: 'application/xml', buffer: Buffer.from(importXml('1895.00')) });
  await page.getByRole('button', { name: 'Ladda upp och kontrollera' }).click();
  const ok = page.getByRole('region', { name: 'Rapport för rollatorer.xml' });
  await expect(ok).toContainText('Kontrollerad');
  await expect(ok).toContainText('Nya artiklar: 2');
  await expect(ok).toContainText('990101');
  await expectNoAxeViolations(page, 'import report, validated');
  await ok.getByRole('button', { name: 'Publicera' }).click();
  await expect(page.getByText('Importen är publicerad i katalogen.')).toBeVisible();
  await expect(ok.getByText('Publicerad', { exact: true })).toBeVisible();
  const earlier = page.getByRole('grid', { name: 'Tidigare importer' });
  await expect(earlier.getByRole('row').filter({ hasText: 'rollatorer.xml' })).toContainText('Publicerad');
  await expect(earlier.getByRole('row').filter({ hasText: 'fel.xml' })).toContainText('Fel i filen');

  // The published articles are searchable at once.
  await page.goto('/artiklar');
  await typeSearch(page, 'rollator östra');
  await expect(page.getByRole('grid', { name: 'Sökresultat' }).getByRole('link', { name: 'Rollator Östra, låg' })).toBeVisible();
});
