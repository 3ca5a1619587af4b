import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { loginAs, mainNav } from './helpers.ts';

test('a user changes their phone number and sees it saved', async ({ page }) => {
  await loginAs(page, 'sjukgymnast', '/profil');
  await expect(page.getByRole('heading', { level: 1, name: 'Min profil' })).toBeVisible();
  await expect(page.getByText('Rehabkliniken Norrviks sjukhus')).toBeVisible();
  await expectNoAxeViolations(page, 'profile');

  const phone = page.getByRole('textbox', { name: 'Telefon' });
  await phone.fill('abc');
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByText('Ange ett giltigt telefonnummer, t.ex. 010-123 45 67.')).toBeVisible();
  await expectNoAxeViolations(page, 'profile with field error');

  await phone.fill('08-765 43 21');
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByText('Kontaktuppgifterna är sparade.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Telefon' })).toHaveValue('08-765 43 21');

  // A wrong current password is explained at the field; it does not log the user out.
  await page.getByLabel('Nuvarande lösenord').fill('inte-mitt-losenord');
  await page.getByLabel('Nytt lösenord').fill('ett-nytt-losenord-2026');
  await page.getByLabel('Upprepa det nya lösenordet').fill('ett-nytt-losenord-2026');
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Det nuvarande lösenordet stämmer inte.' })).toBeVisible();
  await expect(page).toHaveURL(/\/profil$/);
  await expect(page.getByRole('button', { name: 'Logga ut' })).toBeVisible();
});

test('a user switches to English and back; the choice is remembered', async ({ page }) => {
  await loginAs(page, 'konsulent', '/profil');
  await page.getByRole('button', { name: 'Change language to English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(mainNav(page)).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Start' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expectNoAxeViolations(page, 'profile in English');

  // Remembered in this browser and saved in the profile.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  await expect(page.getByText('Language')).toBeVisible();
  const me = await page.evaluate(() => fetch('/api/me').then((r) => r.json() as Promise<{ locale: string }>));
  expect(me.locale).toBe('en');

  await page.getByRole('button', { name: 'Byt språk till svenska' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Min profil' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect
    .poll(() =>
      page.evaluate(() =>
        fetch('/api/me')
          .then((r) => r.json() as Promise<{ locale: string }>)
          .then((m) => m.locale),
      ),
    )
    .toBe('sv');
});
