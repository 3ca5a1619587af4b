import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { isoCode, type IsoEdition } from '../schema.ts';

/** The fields the cross-field rules look at, after a change is applied. */
export interface ArticleState {
  articleType: string;
  chargingForm: 'rent' | 'sale' | 'saleWithReturn';
  unitTracked: boolean;
  serialRequired: boolean;
  published: boolean;
  orderable: boolean;
  isoCode: string | null;
  isoEdition: IsoEdition | null;
}

/**
 * Rules of the article register (DOMAIN §3) that a single field cannot express. Swedish messages with the field
 * they concern, all at once, so the form can show every problem together.
 */
export async function checkArticleRules(db: DbOrTx, s: ArticleState, prefix = 'body'): Promise<void> {
  const issues: FieldIssue[] = [];
  if (s.chargingForm === 'rent' && s.articleType === 'H' && !s.unitTracked) {
    issues.push({ path: `${prefix}.unitTracked`, code: 'rent_requires_unit_tracked', message: 'en huvudartikel som hyrs ut måste vara individmärkt' });
  }
  if (s.serialRequired && !s.unitTracked) {
    issues.push({
      path: `${prefix}.serialRequired`,
      code: 'serial_requires_unit_tracked',
      message: 'krav på serienummer förutsätter att artikeln är individmärkt',
    });
  }
  if (s.orderable && !s.published) {
    issues.push({ path: `${prefix}.orderable`, code: 'orderable_requires_published', message: 'en beställningsbar artikel måste vara publicerad' });
  }
  if (s.isoCode) {
    const edition = s.isoEdition ?? '2022';
    const [found] = await db
      .select({ code: isoCode.code })
      .from(isoCode)
      .where(and(eq(isoCode.edition, edition), eq(isoCode.code, s.isoCode)));
    if (!found)
      issues.push({
        path: `${prefix}.isoCode`,
        code: 'invalid_iso_code',
        message: `ISO-koden ${s.isoCode} finns inte i utgåva ${edition}`,
        params: { value: s.isoCode },
      });
  }
  if (issues.length) {
    throw new AppError('VALIDATION', issues.map((i) => i.message).join('; '), { issues });
  }
}
