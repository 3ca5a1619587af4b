import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { choose, loginAs, mainNav } from './helpers.ts';

const run = Date.now().toString(36).slice(-5);

test('admin registers a system client, the system gets a token with the secret shown once, the secret is rotated and the client revoked', async ({ page }) => {
  test.setTimeout(60_000);
  const name = `Journalsystem ${run}`;
  await loginAs(page, 'admin');
  await mainNav(page).getByRole('link', { name: 'Systemklienter', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Systemklienter' })).toBeVisible();
  await expectNoAxeViolations(page, 'system clients');

  await page.getByRole('button', { name: 'Registrera systemklient' }).click();
  const dialog = page.getByRole('dialog', { name: 'Registrera systemklient' });
  await dialog.getByLabel('Namn').fill(name);
  await choose(page, 'Vårdgivare', 'Norrviks kommun', dialog);
  await dialog.getByRole('checkbox', { name: '20101 Hemtjänst Norrvik centrum' }).check({ force: true });
  await expect(dialog.getByRole('checkbox', { name: 'Förskrivare' })).toBeChecked();
  await expectNoAxeViolations(page, 'new system client');
  await dialog.getByRole('button', { name: 'Registrera' }).click();

  const shown = page.getByRole('alertdialog', { name: `Hemlighet för ${name}` });
  await expect(shown).toContainText('visas inte igen');
  await expectNoAxeViolations(page, 'secret shown once');
  const clientId = (await shown.locator('dd').nth(0).textContent())!.trim();
  const secret = (await shown.locator('dd').nth(1).textContent())!.trim();
  expect(secret).toMatch(/^bcs_/);
  await shown.getByRole('button', { name: 'Jag har sparat hemligheten' }).click();

  // The system gets a token with what the page showed.
  const token = await page.request.post('/oauth/token', {
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    form: { grant_type: 'client_credentials' },
  });
  expect(token.status()).toBe(200);
  expect(await token.json()).toMatchObject({ token_type: 'Bearer', expires_in: 600 });

  const row = page.getByRole('row').filter({ hasText: name });
  await page.reload();
  await expect(row).toContainText('senast använd');
  await row.getByRole('button', { name: `Ny hemlighet för ${name}` }).click();
  await page
    .getByRole('alertdialog', { name: `Hemlighet för ${name}` })
    .getByRole('button', { name: 'Jag har sparat hemligheten' })
    .click();
  await expect(row.getByRole('button', { name: /^Återkalla hemligheten/ })).toHaveCount(2);

  await row.getByRole('button', { name: `Återkalla hemligheten ${secret.slice(0, 8)} för ${name}` }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Återkalla hemligheten?' });
  await expectNoAxeViolations(page, 'revoke secret');
  await confirm.getByRole('button', { name: 'Återkalla hemligheten' }).click();
  await expect(page.getByText(`Hemligheten för ${name} är återkallad.`)).toBeVisible();
  const refused = await page.request.post('/oauth/token', { form: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret } });
  expect(refused.status()).toBe(401);

  await row.getByRole('button', { name: `Återkalla klienten ${name}` }).click();
  await page.getByRole('alertdialog', { name: 'Återkalla klienten?' }).getByRole('button', { name: 'Återkalla klienten' }).click();
  await expect(page.getByText(`${name} är återkallad.`)).toBeVisible();
  await expect(row).toContainText('Återkallad');
  await expectNoAxeViolations(page, 'revoked client');
});
