import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { loginAs } from './helpers.ts';

// Search finds what prescribers type (issue 16 item 4): an ISO code in the catalogue's search box lists the
// class's articles, and the order editor's picker finds an armbågskrycka for "kryckor". On the demo catalogue
// (Rullstol Älva in 12 22 03, Elrullstol Örnen in 12 23 06, Armbågskrycka Björk in 12 03 06).

test.describe.configure({ mode: 'serial' });
test.setTimeout(60_000);

/** A demo patient no other browser test orders for. */
const PATIENT = { number: '194511019822', name: 'Ingrid Hedlund' };

async function typeSearch(page: Page, text: string) {
  const field = page.getByRole('searchbox', { name: 'Sök hjälpmedel' });
  await field.fill('');
  await field.pressSequentially(text, { delay: 30 });
}

test('the catalogue lists a class and its subclasses for an ISO code typed as "12 22" or "1222"', async ({ page }) => {
  await loginAs(page, 'forskrivare', '/artiklar');
  await expect(page.getByRole('heading', { level: 1, name: 'Hjälpmedel' })).toBeVisible();
  const grid = page.getByRole('grid', { name: 'Sökresultat' });
  const isoText = page.getByText('Visar hjälpmedel i ISO-klass 12 22 Manuella rullstolar och dess underklasser.');
  for (const typed of ['12 22', '1222']) {
    await typeSearch(page, typed);
    await expect(isoText).toBeVisible();
    await expect(grid.getByRole('link', { name: 'Rullstol Älva, sitsbredd 40 cm' })).toBeVisible();
    // Every hit is in 12 22 (the fourth column); the powered wheelchairs (12 23) are not.
    const rows = await grid
      .getByRole('row')
      .filter({ has: page.getByRole('link') })
      .all();
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) await expect(row.locator('.cell').nth(3)).toHaveText(/^12 22/);
    await expect(grid.getByRole('link', { name: /^Elrullstol Örnen/ })).toHaveCount(0);
    if (typed === '12 22') await expectNoAxeViolations(page, 'article search with an ISO code');
    // A word search in between, so that the next code's hits are its own.
    await typeSearch(page, 'elrullstol');
    await expect(grid.getByRole('link', { name: 'Elrullstol Örnen' })).toBeVisible();
    await expect(isoText).toHaveCount(0);
  }

  // Words typed without å, ä, ö find the same articles as with them.
  await typeSearch(page, 'rullstol alva');
  await expect(grid.getByRole('link', { name: 'Rullstol Älva, sitsbredd 40 cm' })).toBeVisible();
  await expect(page.getByText(/^Visar hjälpmedel i ISO-klass/)).toHaveCount(0);
});

test('the order editor finds "Armbågskrycka" when the prescriber types "kryckor" and adds it to the cart', async ({ page }) => {
  await loginAs(page, 'forskrivare', '/patienter');
  const field = page.getByRole('textbox', { name: 'Personnummer eller samordningsnummer' });
  await field.fill(PATIENT.number);
  await field.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Bekräfta vårdrelation' });
  const heading = page.getByRole('heading', { level: 1, name: PATIENT.name });
  await expect(dialog.or(heading)).toBeVisible();
  if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Jag har en vårdrelation med patienten' }).click();
  await expect(heading).toBeVisible();

  await page.getByRole('region', { name: 'Hjälpmedel', exact: true }).getByRole('link', { name: 'Ny beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny beställning' })).toBeVisible();
  await page
    .locator('label.radio')
    .filter({ hasText: /^Kundorder/ })
    .click();
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();

  await typeSearch(page, 'kryckor');
  const add = page.getByRole('button', { name: 'Lägg i varukorgen: Armbågskrycka Björk, justerbar' });
  await expect(add).toBeVisible();
  await expect(page.getByRole('list', { name: 'Sökträffar' }).getByRole('listitem').first()).toContainText('Armbågskrycka');
  await expectNoAxeViolations(page, 'order editor picker with a compound hit');
  await add.click();
  await expect(page.getByRole('list', { name: 'Varukorg' })).toContainText('Armbågskrycka Björk, justerbar');

  // An ISO code works in the picker too, and says which class it lists.
  await typeSearch(page, '12 22 03');
  await expect(page.getByText('Visar hjälpmedel i ISO-klass 12 22 03 Manuella tvåhjulsdrivna rullstolar och dess underklasser.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Lägg i varukorgen: Rullstol Älva, sitsbredd 40 cm' })).toBeVisible();
  await expectNoAxeViolations(page, 'order editor picker with an ISO code');
});
