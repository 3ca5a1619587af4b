import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { choose, loginAs, mainNav } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36).slice(-5);
const disruption = `Störning i beställningar ${run}`;
const targeted = `Ny leveransdag för Solgården ${run}`;

test('the function coordinator publishes a disruption for everyone and a notice for one customer', async ({ page }) => {
  await loginAs(page, 'samordnare');
  await mainNav(page).getByRole('link', { name: 'Driftinformation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Driftinformation' })).toBeVisible();
  await expectNoAxeViolations(page, 'news admin');

  // Required fields are checked before sending.
  await page.getByRole('button', { name: 'Publicera', exact: true }).click();
  await expect(page.getByText('Fyll i fältet.').first()).toBeVisible();

  await page.getByRole('radio', { name: 'Driftstörning' }).check({ force: true });
  await page.getByRole('textbox', { name: 'Rubrik' }).fill(disruption);
  await page.getByRole('textbox', { name: 'Text' }).fill('Beställningar kan inte skickas mellan 12 och 13.');
  await page.getByRole('button', { name: 'Publicera', exact: true }).click();
  await expect(page.getByText('Driftinformationen är publicerad.')).toBeVisible();
  await expect(page.getByRole('article', { name: disruption })).toContainText('Driftstörning');

  await page.getByRole('textbox', { name: 'Rubrik' }).fill(targeted);
  await page.getByRole('textbox', { name: 'Text' }).fill('Leverans sker på onsdagar från och med nästa vecka.');
  await choose(page, 'Mottagare', '20102 Särskilt boende Solgården');
  await page.getByRole('button', { name: 'Publicera', exact: true }).click();
  await expect(page.getByText('Driftinformationen är publicerad.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Rubrik' })).toHaveValue('');
});

test('users see the news meant for them, with disruptions marked in words', async ({ page }) => {
  // The orderer works for Solgården: sees both.
  await loginAs(page, 'bestallare');
  const news = page.getByRole('region', { name: 'Driftinformation' });
  const item = news.getByRole('article', { name: disruption });
  await expect(item).toBeVisible();
  await expect(item).toContainText('Driftstörning');
  await expect(news.getByRole('article', { name: targeted })).toContainText('Till Särskilt boende Solgården');
  await expectNoAxeViolations(page, 'start with news');

  // The prescriber does not work for Solgården: sees only the one for everyone.
  await page.context().clearCookies();
  await loginAs(page, 'forskrivare');
  await expect(page.getByRole('article', { name: disruption })).toBeVisible();
  await expect(page.getByRole('article', { name: targeted })).toHaveCount(0);
});

test('customer service withdraws the disruption after confirming', async ({ page }) => {
  await loginAs(page, 'kundtjanst', '/driftinformation');
  const item = page.getByRole('article', { name: disruption });
  await item.getByRole('button', { name: `Dra tillbaka ${disruption}` }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Dra tillbaka driftinformationen?' });
  await expect(confirm).toContainText(disruption);
  await expectNoAxeViolations(page, 'withdraw dialog');
  await confirm.getByRole('button', { name: 'Dra tillbaka' }).click();
  await expect(page.getByText('Driftinformationen är tillbakadragen.')).toBeVisible();
  await expect(page.getByRole('article', { name: disruption })).toHaveCount(0);

  await page.context().clearCookies();
  await loginAs(page, 'bestallare');
  await expect(page.getByRole('article', { name: targeted })).toBeVisible();
  await expect(page.getByRole('article', { name: disruption })).toHaveCount(0);
});
