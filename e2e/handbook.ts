import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';

/** Where the handbook's screenshots live: docs/handbok/bilder/<name>.png, referenced from docs/handbok/*.md. */
export const HANDBOOK_IMAGES = path.resolve('docs/handbok/bilder');

/**
 * Takes a handbook screenshot of the page as the test left it (issue 19 item 4): every image in docs/handbok is
 * written by a browser test, so none shows a page that no longer looks like that. The caller has already
 * asserted what the page shows; this only records it. Pass `size` for a phone-sized shot (the driver's page).
 */
export async function handbookShot(page: Page, name: string, opts: { fullPage?: boolean } = {}) {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`handbookShot: '${name}' is not a plain file name (a–z, 0–9, -)`);
  fs.mkdirSync(HANDBOOK_IMAGES, { recursive: true });
  // No caret, no animations: the same page gives the same picture.
  const shot = await page.screenshot({ fullPage: opts.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  // A page of the app has few colours: a palette PNG is about a third of the size and looks the same.
  await sharp(shot)
    .png({ palette: true, quality: 90, compressionLevel: 9, effort: 10 })
    .toFile(path.join(HANDBOOK_IMAGES, `${name}.png`));
}
