import { and, asc, eq, gte, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { agreement, article, price, supplier } from '../schema.ts';

/**
 * What the centre's purchasing (src/provision/purchasing) needs of suppliers, agreements and agreed prices, as
 * read-only functions without a permission check (the caller has checked its own): the catalogue owns these
 * tables and no other module reads them directly.
 */

export interface AgreementTerms {
  deliveryWorkingDays: number | null;
  /** Kronor, two decimals. */
  minimumOrderAmount: string | null;
  orderEmail: string | null;
  orderAddress: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
}

export interface AgreementFacts extends AgreementTerms {
  id: string;
  agreementNumber: string;
  name: string;
  validFrom: string;
  validTo: string | null;
  supplierId: string;
  supplierName: string;
  supplierGln: string;
  supplierOrganisationNumber: string | null;
  supplierActive: boolean;
  termsVersion: number;
}

/** An agreement is valid on a day within its validity, with the supplier still active. */
export function agreementValidOn(a: Pick<AgreementFacts, 'validFrom' | 'validTo' | 'supplierActive'>, day: string): boolean {
  return a.supplierActive && a.validFrom <= day && (a.validTo === null || a.validTo >= day);
}

const agreementColumns = {
  id: agreement.id,
  agreementNumber: agreement.agreementNumber,
  name: agreement.name,
  validFrom: agreement.validFrom,
  validTo: agreement.validTo,
  supplierId: agreement.supplierId,
  supplierName: supplier.name,
  supplierGln: supplier.gln,
  supplierOrganisationNumber: supplier.organisationNumber,
  supplierActive: supplier.active,
  deliveryWorkingDays: agreement.deliveryWorkingDays,
  minimumOrderAmount: agreement.minimumOrderAmount,
  orderEmail: agreement.orderEmail,
  orderAddress: agreement.orderAddress,
  contactName: agreement.contactName,
  contactPhone: agreement.contactPhone,
  contactEmail: agreement.contactEmail,
  termsVersion: agreement.termsVersion,
};

/** Agreements with their supplier and terms: by id, by supplier, or all; suppliers in Swedish order, then by number. */
export async function agreementFacts(db: DbOrTx, filter: { ids?: readonly string[]; supplierIds?: readonly string[] } = {}): Promise<AgreementFacts[]> {
  const conds: SQL[] = [];
  if (filter.ids) conds.push(inArray(agreement.id, filter.ids.length ? [...filter.ids] : ['00000000-0000-0000-0000-000000000000']));
  if (filter.supplierIds)
    conds.push(inArray(agreement.supplierId, filter.supplierIds.length ? [...filter.supplierIds] : ['00000000-0000-0000-0000-000000000000']));
  return db
    .select(agreementColumns)
    .from(agreement)
    .innerJoin(supplier, eq(supplier.id, agreement.supplierId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(supplier.sortKey), asc(agreement.agreementNumber));
}

export interface SupplierFacts {
  id: string;
  name: string;
  gln: string;
  organisationNumber: string | null;
  active: boolean;
}

/** Every supplier, in Swedish order. */
export async function supplierFacts(db: DbOrTx): Promise<SupplierFacts[]> {
  return db
    .select({ id: supplier.id, name: supplier.name, gln: supplier.gln, organisationNumber: supplier.organisationNumber, active: supplier.active })
    .from(supplier)
    .orderBy(asc(supplier.sortKey), asc(supplier.id));
}

/** An article as purchasing buys it under an agreement: the agreed price in force on the day asked about. */
export interface AgreedPrice {
  articleId: string;
  articleNumber: string;
  articleName: string;
  supplierArticleNumber: string | null;
  unit: string;
  unitTracked: boolean;
  serialRequired: boolean;
  stockForm: 'stock' | 'orderItem';
  /** The article register names this supplier for the article. */
  articleSupplierId: string | null;
  removed: boolean;
  agreementId: string;
  /** Kronor, two decimals. */
  amount: string;
  priceValidFrom: string;
  priceValidTo: string | null;
}

const agreedColumns = {
  articleId: article.id,
  articleNumber: article.articleNumber,
  articleName: article.name,
  supplierArticleNumber: article.supplierArticleNumber,
  unit: article.unit,
  unitTracked: article.unitTracked,
  serialRequired: article.serialRequired,
  stockForm: article.stockForm,
  articleSupplierId: article.supplierId,
  removedAt: article.removedAt,
  agreementId: price.agreementId,
  amount: price.amount,
  priceValidFrom: price.validFrom,
  priceValidTo: price.validTo,
};

const inForceOn = (day: string) => and(lte(price.validFrom, day), or(isNull(price.validTo), gte(price.validTo, day)));

function toAgreed({ removedAt, agreementId, ...r }: { removedAt: Date | null; agreementId: string | null } & Omit<AgreedPrice, 'removed' | 'agreementId'>) {
  return { ...r, agreementId: agreementId!, removed: removedAt !== null };
}

/**
 * The agreed prices in force on `day` for the articles, under any agreement (an article may be on more than one):
 * the purchasing side picks the agreement. Whether the agreement itself is valid that day is `agreementFacts`'s.
 */
export async function agreedPricesOf(db: DbOrTx, articleIds: readonly string[], day: string): Promise<AgreedPrice[]> {
  if (!articleIds.length) return [];
  const rows = await db
    .select(agreedColumns)
    .from(price)
    .innerJoin(article, eq(article.id, price.articleId))
    .where(and(inArray(price.articleId, [...new Set(articleIds)]), eq(price.kind, 'agreed'), inForceOn(day)))
    .orderBy(asc(price.articleId), asc(price.validFrom));
  return rows.filter((r) => r.agreementId !== null).map(toAgreed);
}

/** The articles with an agreed price under the agreement in force on `day`, in Swedish order. */
export async function articlesUnderAgreement(db: DbOrTx, agreementId: string, day: string): Promise<AgreedPrice[]> {
  const rows = await db
    .select(agreedColumns)
    .from(price)
    .innerJoin(article, eq(article.id, price.articleId))
    .where(and(eq(price.agreementId, agreementId), eq(price.kind, 'agreed'), inForceOn(day), isNull(article.removedAt)))
    .orderBy(asc(article.sortKey), asc(article.articleNumber))
    .limit(5000);
  return rows.map(toAgreed);
}
