import { fileURLToPath } from 'node:url';
import { and, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { agreement } from '../schema.ts';
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
  // The import brings agreements without ordering terms; the demo centre has agreed these with its suppliers.
  for (const t of DEMO_TERMS) {
    await ctx.db
      .update(agreement)
      .set({
        deliveryWorkingDays: t.days,
        minimumOrderAmount: t.minimum.toFixed(2),
        orderEmail: t.email,
        contactName: t.contact,
        contactPhone: t.phone,
        contactEmail: t.email,
        termsUpdatedAt: new Date(),
      })
      .where(and(eq(agreement.agreementNumber, t.number), isNull(agreement.termsUpdatedAt)));
  }
}

/** The demo agreements' ordering terms (made up). */
const DEMO_TERMS = [
  { number: 'AV-DEMO-01', days: 10, minimum: 1500, email: 'order@rullverket.example', contact: 'Maria Rull', phone: '0611-55 01 00' },
  { number: 'AV-DEMO-02', days: 8, minimum: 1000, email: 'order@gangbolaget.example', contact: 'Per Gång', phone: '0611-55 02 00' },
  { number: 'AV-DEMO-03', days: 20, minimum: 5000, email: 'order@sangkompaniet.example', contact: 'Eva Säng', phone: '0611-55 03 00' },
  { number: 'AV-DEMO-04', days: 5, minimum: 500, email: 'order@hygienhjalpen.example', contact: 'Ali Hygien', phone: '0611-55 04 00' },
  { number: 'AV-DEMO-05', days: 15, minimum: 3000, email: 'order@lyftteknik.example', contact: 'Lena Lyft', phone: '0611-55 05 00' },
  { number: 'AV-DEMO-06', days: 12, minimum: 800, email: 'order@kommunikation-nord.example', contact: 'Nils Tal', phone: '0611-55 06 00' },
];
