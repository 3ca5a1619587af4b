import type { ArticleView } from '../catalogue/articles/article-schemas.ts';
import { getArticle } from '../catalogue/articles/get-article.ts';
import { searchArticles, type SearchItem } from '../catalogue/articles/search-articles.ts';
import { requireRole, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { FHIR_USERS } from './roles.ts';
import {
  ARTICLE_NUMBER_SYSTEM,
  ARTICLE_PROPERTY_SYSTEM,
  ARTICLE_TYPE_SYSTEM,
  CHARGING_FORM_SYSTEM,
  GLN_SYSTEM,
  GTIN_SYSTEM,
  ISO_9999_SYSTEM,
  YES_NO_SYSTEM,
} from './systems.ts';
import type { FhirResource } from './types.ts';

/**
 * DeviceDefinition: an article of the article register (artikel), as the ordering side sees it (published and
 * not removed), from the catalogue's own use cases: the article number and GTIN as identifiers, the name, the
 * ISO 9999 code as type (Coding.version = the ISO edition), the supplier, and the facts an orderer chooses by as
 * properties (article type H/T/R, charging form, orderable, in the assortment).
 */

type ArticleFacts = Pick<
  SearchItem,
  'id' | 'articleNumber' | 'name' | 'articleType' | 'isoCode' | 'isoEdition' | 'chargingForm' | 'orderable' | 'inAssortment'
> &
  Partial<Pick<ArticleView, 'gtin' | 'supplierArticleNumber' | 'description' | 'iso'>> & {
    supplierName?: string | null;
    supplier?: ArticleView['supplier'];
    product?: ArticleView['product'];
  };

const property = (code: string, display: string, value: { system: string; code: string; display?: string }) => ({
  type: { coding: [{ system: ARTICLE_PROPERTY_SYSTEM, code, display }] },
  valueCode: [{ coding: [value] }],
});

const yesNo = (v: boolean) => ({ system: YES_NO_SYSTEM, code: v ? 'Y' : 'N', display: v ? 'Yes' : 'No' });

export function toDeviceDefinition(a: ArticleFacts): FhirResource {
  const supplierName = a.supplier?.name ?? a.supplierName ?? null;
  return {
    resourceType: 'DeviceDefinition',
    id: a.id,
    identifier: [{ use: 'official', system: ARTICLE_NUMBER_SYSTEM, value: a.articleNumber }, ...(a.gtin ? [{ system: GTIN_SYSTEM, value: a.gtin }] : [])],
    ...(a.supplier ? { manufacturerReference: { identifier: { system: GLN_SYSTEM, value: a.supplier.gln }, display: a.supplier.name } } : {}),
    ...(!a.supplier && supplierName ? { manufacturerString: supplierName } : {}),
    deviceName: [{ name: a.name, type: 'user-friendly-name' }],
    ...(a.supplierArticleNumber ? { modelNumber: a.supplierArticleNumber } : {}),
    ...(a.isoCode
      ? {
          type: {
            coding: [
              { system: ISO_9999_SYSTEM, ...(a.isoEdition ? { version: a.isoEdition } : {}), code: a.isoCode, ...(a.iso ? { display: a.iso.titleSv } : {}) },
            ],
            ...(a.iso ? { text: a.iso.titleSv } : {}),
          },
        }
      : {}),
    property: [
      property('article-type', 'Artikeltyp', { system: ARTICLE_TYPE_SYSTEM, code: a.articleType }),
      property('charging-form', 'Debiteringsform', { system: CHARGING_FORM_SYSTEM, code: a.chargingForm }),
      property('orderable', 'Beställningsbar', yesNo(a.orderable)),
      property('in-assortment', 'I sortimentet', yesNo(a.inAssortment)),
    ],
    ...(a.description ? { note: [{ text: a.description }] } : {}),
  };
}

/** GET /fhir/R4/DeviceDefinition/{id}: 404 for an article the ordering side does not see. */
export async function readDeviceDefinition(ctx: Ctx, id: string): Promise<FhirResource> {
  requireRole(ctx, ...FHIR_USERS);
  return toDeviceDefinition(await getArticle(ctx, id));
}

export interface DeviceDefinitionSearch {
  /** Words of the name (the catalogue's Swedish full-text search, with stemming and prefix). */
  name?: string | undefined;
  /** An ISO 9999 code: the class, subclass or division and everything under it. */
  isoCode?: string | undefined;
  count: number;
  offset: number;
}

/** GET /fhir/R4/DeviceDefinition?name=…&type=…: the catalogue's article search (the web's own). */
export async function searchDeviceDefinitions(ctx: Ctx, q: DeviceDefinitionSearch): Promise<{ resources: FhirResource[]; total: number; next: number | null }> {
  requireRole(ctx, ...FHIR_USERS);
  if (!q.name && !q.isoCode)
    throw new AppError('VALIDATION', 'Sök på namn (name) eller ISO 9999-kod (type)', {
      issues: [{ path: 'querystring', code: 'required', message: 'name eller type krävs' }],
    });
  const r = await searchArticles(ctx, { ...(q.name ? { q: q.name } : {}), ...(q.isoCode ? { iso: q.isoCode } : {}), limit: q.count, offset: q.offset });
  return { resources: r.items.map(toDeviceDefinition), total: r.total, next: r.nextOffset };
}
