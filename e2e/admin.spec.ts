import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { choose, loginAs, mainNav } from './helpers.ts';

// One run of the suite uses one fresh database, but names get a suffix so the specs can also be run
// again against a server that keeps its data.
const run = Date.now().toString(36).slice(-5);

test.describe.configure({ mode: 'serial' });

async function openAdmin(page: Page, link: string, heading = link) {
  await mainNav(page).getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('admin creates a user with roles and a customer, finds, edits and inactivates it', async ({ page }) => {
  test.setTimeout(60_000);
  const username = `e2e.${run}`;
  const lastName = `Testsson${run}`;
  await loginAs(page, 'admin');
  await openAdmin(page, 'Användare');
  const users = page.getByRole('grid', { name: 'Användare' });
  await expect(page.getByText('Visar 50 användare. Det finns fler.')).toBeVisible();
  await expectNoAxeViolations(page, 'users');
  // The role filter is a React Aria Select: check it while its list is open too.
  await page.locator('.field', { hasText: 'Roll' }).locator('.select-button').click();
  await expect(page.getByRole('listbox')).toBeVisible();
  await expectNoAxeViolations(page, 'users with the role list open');
  await page.keyboard.press('Escape');
  // The next page continues in Swedish order: Å, Ä and Ö come last.
  await page.getByRole('button', { name: 'Visa fler' }).click();
  await expect(page.getByRole('button', { name: 'Visa fler' })).toHaveCount(0);
  await expect(users.getByRole('row').last()).toContainText('Öhman, Erik');

  await page.getByRole('link', { name: 'Ny användare' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny användare' })).toBeVisible();
  // A taken username is refused with the API's code mapped to a Swedish message.
  await page.getByLabel('Användarnamn').fill('admin');
  await page.getByLabel('Förnamn').fill('Test');
  await page.getByLabel('Efternamn').fill(lastName);
  await page.getByRole('button', { name: 'Lägg upp användare' }).click();
  await expect(page.getByRole('alert')).toContainText('Användarnamnet används redan.');
  await expectNoAxeViolations(page, 'new user with error');

  await page.getByLabel('Användarnamn').fill(username);
  await choose(page, 'Yrke', 'Arbetsterapeut');
  await page.getByRole('checkbox', { name: 'Förskrivare' }).check({ force: true });
  await page.getByRole('checkbox', { name: 'Beställare' }).check({ force: true });
  await page.getByRole('combobox', { name: 'Kund' }).fill('Solgården');
  await page.getByRole('option', { name: '20102 Särskilt boende Solgården' }).click();
  await page.getByRole('button', { name: 'Lägg till kund' }).click();
  await expect(page.getByRole('button', { name: 'Ta bort 20102 Särskilt boende Solgården' })).toBeVisible();
  await page.getByLabel('Lösenord (valfritt)').fill('ett-langt-losenord-2026');
  await page.getByRole('button', { name: 'Lägg upp användare' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Användaren är upplagd.' })).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/anvandare\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: `Test ${lastName}` })).toBeVisible();
  await expectNoAxeViolations(page, 'user page');

  // Find the new user by searching the list.
  await page.getByRole('navigation', { name: 'Du är här' }).getByRole('link', { name: 'Användare' }).click();
  await page.getByRole('searchbox', { name: 'Sök' }).fill(lastName);
  const table = page.getByRole('grid', { name: 'Användare' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('Förskrivare, Beställare');
  await table.getByRole('link', { name: `${lastName}, Test` }).click();

  // Edit the phone number.
  await expect(page.getByRole('heading', { level: 1, name: `Test ${lastName}` })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Förskrivare' })).toBeChecked();
  await page.getByLabel('Telefon').fill('070-123 45 67');
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByText('Användaren är sparad.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Telefon')).toHaveValue('070-123 45 67');

  // Set a new password in a dialog.
  await page.getByRole('button', { name: 'Sätt nytt lösenord' }).click();
  const pwDialog = page.getByRole('dialog', { name: `Nytt lösenord för Test ${lastName}` });
  await expect(pwDialog).toBeVisible();
  await pwDialog.getByLabel('Lösenord').fill('kort');
  await pwDialog.getByRole('button', { name: 'Spara' }).click();
  await expect(pwDialog.getByText('Lösenordet ska ha minst 12 tecken.')).toBeVisible();
  await expectNoAxeViolations(page, 'password dialog');
  await pwDialog.getByLabel('Lösenord').fill('ett-annat-losenord-2026');
  await pwDialog.getByRole('button', { name: 'Spara' }).click();
  await expect(pwDialog).toHaveCount(0);
  await expect(page.getByText('Det nya lösenordet är sparat.')).toBeVisible();

  // Inactivate after confirming.
  await page.getByRole('button', { name: 'Inaktivera' }).click();
  const confirm = page.getByRole('alertdialog', { name: `Inaktivera Test ${lastName}?` });
  await expect(confirm).toBeVisible();
  await expectNoAxeViolations(page, 'inactivate dialog');
  await confirm.getByRole('button', { name: 'Inaktivera' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByText('Användaren är inaktiverad.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Aktivera' })).toBeVisible();
});

test('the audit log shows the creation of the user', async ({ page }) => {
  await loginAs(page, 'admin', '/admin/logg');
  await expect(page.getByRole('heading', { level: 1, name: 'Logg' })).toBeVisible();
  await choose(page, 'Händelse', 'Användare skapad');
  await page.getByRole('button', { name: 'Sök', exact: true }).click();
  const table = page.getByRole('grid', { name: 'Händelser i loggen' });
  // The action by its Swedish name, the code beside it.
  await expect(table.getByRole('rowheader', { name: /^Användare skapad/ }).first()).toBeVisible();
  await expect(table.getByRole('rowheader').first()).toContainText('user.create');
  await expect(table.getByRole('rowheader', { name: /Användare inaktiverad/ })).toHaveCount(0);
  await expectNoAxeViolations(page, 'audit log');
});

test('admin creates a customer with an address and a buffer store', async ({ page }) => {
  test.setTimeout(60_000);
  const number = `9${Date.now().toString().slice(-5)}`;
  const name = `E2E-enheten ${run}`;
  await loginAs(page, 'admin', '/admin/kunder');
  await expect(page.getByRole('heading', { level: 1, name: 'Kunder' })).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Kunder' })).toContainText('Vårdcentralen Norrvik');
  await expectNoAxeViolations(page, 'customers');

  await page.getByRole('link', { name: 'Ny kund' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny kund' })).toBeVisible();
  await choose(page, 'Vårdgivare', 'Åby kommun');
  await page.getByLabel('Kundnummer').fill(number);
  await page.getByRole('textbox', { name: 'Namn', exact: true }).fill(name);
  await page.getByLabel('Betalare').fill('Åby kommun');
  await page.getByLabel('Kostnadsställe').fill('KST-E2E');
  await choose(page, 'Leveransområde', 'Område Nord (måndag)');

  await page.getByRole('button', { name: 'Lägg till adress' }).click();
  const address = page.getByRole('group', { name: 'Adress 1' });
  await address.getByLabel('Benämning').fill('Huvudentré');
  await address.getByLabel('Gatuadress').fill('Älvgatan 11');
  await address.getByLabel('Postnummer').fill('99');
  await address.getByLabel('Ort').fill('Åby');

  await page.getByRole('button', { name: 'Lägg till buffertförråd' }).click();
  const store = page.getByRole('group', { name: 'Buffertförråd 1' });
  await store.getByLabel('Namn').fill('Förrådet i källaren');
  await choose(page, 'Storlek', 'Mellan', store);

  // The postal code is checked before sending, next to the field.
  await page.getByRole('button', { name: 'Lägg upp kund' }).click();
  await expect(address.getByText('Postnummer har fem siffror, t.ex. 123 45.')).toBeVisible();
  await expectNoAxeViolations(page, 'new customer with error');
  await address.getByLabel('Postnummer').fill('991 23');
  await page.getByRole('button', { name: 'Lägg upp kund' }).click();

  await expect(page.getByText('Kunden är upplagd.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: `${number} ${name}` })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Adress 1' }).getByLabel('Gatuadress')).toHaveValue('Älvgatan 11');
  await expect(page.getByRole('group', { name: 'Buffertförråd 1' }).getByLabel('Namn')).toHaveValue('Förrådet i källaren');
  await expectNoAxeViolations(page, 'customer page');

  await page.getByRole('navigation', { name: 'Du är här' }).getByRole('link', { name: 'Kunder' }).click();
  await page.getByRole('searchbox', { name: 'Sök' }).fill(number);
  await expect(page.getByRole('grid', { name: 'Kunder' }).getByRole('link', { name })).toBeVisible();
});

test('admin adds a care provider and a delivery area in dialogs', async ({ page }) => {
  await loginAs(page, 'admin', '/admin/vardgivare');
  await expect(page.getByRole('heading', { level: 1, name: 'Vårdgivare' })).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Vårdgivare' })).toContainText('Region Norrvik');
  await expectNoAxeViolations(page, 'care providers');
  await page.getByRole('button', { name: 'Ny vårdgivare' }).click();
  const cpDialog = page.getByRole('dialog', { name: 'Ny vårdgivare' });
  await cpDialog.getByLabel('Namn').fill(`Vårdbolaget ${run} AB`);
  await choose(page, 'Typ', 'Privat vårdgivare', cpDialog);
  await cpDialog.getByLabel('Organisationsnummer').fill(`55${Date.now().toString().slice(-4)}-1234`);
  await expectNoAxeViolations(page, 'care provider dialog');
  await cpDialog.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByText('Vårdgivaren är upplagd.')).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Vårdgivare' })).toContainText(`Vårdbolaget ${run} AB`);

  await openAdmin(page, 'Leveransområden');
  await expectNoAxeViolations(page, 'delivery areas');
  await page.getByRole('button', { name: 'Nytt leveransområde' }).click();
  const areaDialog = page.getByRole('dialog', { name: 'Nytt leveransområde' });
  await areaDialog.getByLabel('Namn').fill(`Område E2E ${run}`);
  await choose(page, 'Leveransdag', 'Tisdag', areaDialog);
  await expectNoAxeViolations(page, 'delivery area dialog');
  await areaDialog.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByText('Leveransområdet är upplagt.')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(`Område E2E ${run}`) });
  await expect(row).toContainText('tisdag');
});
