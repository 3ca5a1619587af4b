import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { generateCatalogue } from '../bench/gen-catalogue.ts';
import { expectNoAxeViolations } from './axe.ts';
import { loginAs } from './helpers.ts';

// Issue 19 item 3: a long catalogue import shows its progress, and a reloaded page still shows it (the
// progress is in the database, not in the page). The file is only checked, never published.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-e2e-progress-'));
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the import page shows a running import as a progress bar, also after a reload', async ({ page }) => {
  test.setTimeout(180_000);
  // Large enough to take several seconds to read and check (about 45 MB; PGlite reads some 20 000 rows a second).
  const file = path.join(dir, 'nationell-forlopp.xml');
  await generateCatalogue(file, 120_000, 19);

  await loginAs(page, 'sortiment', '/artiklar/import');
  await expect(page.getByRole('heading', { level: 1, name: 'Artikelimport' })).toBeVisible();
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: 'Ladda upp och kontrollera' }).click();

  const bar = page.getByRole('progressbar', { name: 'Import av nationell-forlopp.xml' });
  await expect(bar).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Pågående importer' })).toBeVisible();
  await expectNoAxeViolations(page, 'import page with an import running');

  // A reload (or a second tab) reads the progress from the database.
  await page.reload();
  await expect(bar).toBeVisible({ timeout: 10_000 });
  await expect(bar).toHaveAttribute('aria-valuemin', '0');
  await expect(bar).toHaveAttribute('aria-valuemax', /^\d+$/);
  await expect(bar).toHaveAttribute('aria-valuenow', /^\d+$/);
  const text = (await bar.getAttribute('aria-valuetext'))!.replace(/[\u00a0\u202f]/g, ' ');
  expect(text).toMatch(/^(\d[\d ]* av \d[\d ]* rader( · \d[\d ]* rader\/s)?( · cirka \d+ (s|min) kvar)?|Kontrollerar filen: \d[\d ]* rader lästa)$/);
  await expect(page.locator('.import-progress-text').first()).toHaveText(/rader/);
  await expectNoAxeViolations(page, 'import page with an import running, reloaded');

  const valueNow = Number(await bar.getAttribute('aria-valuenow'));
  expect(valueNow).toBeGreaterThan(0);

  // When it ends, the bar goes and the import is listed with its result.
  await expect(bar).toHaveCount(0, { timeout: 150_000 });
  const row = page.getByRole('grid', { name: 'Tidigare importer' }).getByRole('row').filter({ hasText: 'nationell-forlopp.xml' }).first();
  await expect(row).toBeVisible();
  await expect(row).not.toContainText('Pågår');
});
