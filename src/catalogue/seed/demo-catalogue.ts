import { fileURLToPath } from 'node:url';
import type { Ctx } from '../../platform/context.ts';
import { importCatalogueFile } from '../import/import-catalogue-file.ts';

export const DEMO_CATALOGUE_FILE = fileURLToPath(new URL('./demo-catalogue.xml', import.meta.url));

/**
 * The demo installation's article register: 32 articles in 12 products (wheelchairs, rollators, beds, lifts,
 * hygiene and cognition aids, with accessories and spare parts that fit them), imported through the real
 * importer from a file in Bistå's own format. Only for `serve --demo` and `seed --demo`; tests make their own.
 */
export async function seedDemoCatalogue(ctx: Ctx): Promise<void> {
  const batch = await importCatalogueFile(ctx, DEMO_CATALOGUE_FILE, { publish: true, fileName: 'demokatalog.xml' });
  if (batch.status !== 'published') throw new Error(`demo catalogue did not publish: ${batch.status}`);
}
