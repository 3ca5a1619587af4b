import { and, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { agreementFacts, agreementValidOn, articlesUnderAgreement, supplierFacts } from '../../catalogue/agreements/agreement-facts.ts';
import { agreementView } from '../../catalogue/agreements/agreement-view.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { PURCHASE_READERS } from '../roles.ts';
import { purchaseOrderSummaries, purchaseOrderSummary } from './purchase-views.ts';
import { provisionPurchaseOrder } from './schema.ts';

const agreementWithState = agreementView.extend({ validToday: z.boolean() });

export const supplierListView = z.array(
  z.object({
    id: z.uuid(),
    name: z.string(),
    gln: z.string(),
    organisationNumber: z.string().nullable(),
    active: z.boolean(),
    /** Not finished purchase orders (drafts, sent, partly received). */
    openPurchaseOrders: z.number(),
    agreements: z.array(agreementWithState),
  }),
);

export const agreementPageView = z.object({
  agreement: agreementWithState,
  articles: z.array(
    z.object({
      articleId: z.uuid(),
      articleNumber: z.string(),
      articleName: z.string(),
      supplierArticleNumber: z.string().nullable(),
      unit: z.string(),
      unitTracked: z.boolean(),
      stockForm: z.enum(['stock', 'orderItem']),
      agreedPrice: z.string().describe('Avtalspris i kraft i dag, kronor'),
      priceValidFrom: z.string(),
      priceValidTo: z.string().nullable(),
    }),
  ),
  purchaseOrders: z.array(purchaseOrderSummary),
});

/**
 * GET /api/provision/purchasing/suppliers: the suppliers with their agreements (avtal) — number, validity and the
 * ordering terms (delivery time in working days, minimum order, ordering address, contact) — and whether each is
 * valid today (issue 17 item 1). The catalogue owns them; this reads them through its exported functions.
 */
export async function listSuppliersWithAgreements(ctx: Ctx) {
  requireRole(ctx, ...PURCHASE_READERS);
  const today = stockholmDateTime(ctx.now()).date;
  const [suppliers, agreements, open] = await Promise.all([
    supplierFacts(ctx.db),
    agreementFacts(ctx.db),
    ctx.db
      .select({ supplierId: provisionPurchaseOrder.supplierId, n: sql<number>`count(*)::int` })
      .from(provisionPurchaseOrder)
      .where(and(inArray(provisionPurchaseOrder.status, ['draft', 'sent', 'partlyReceived'])))
      .groupBy(provisionPurchaseOrder.supplierId),
  ]);
  return suppliers.map((s) => ({
    ...s,
    openPurchaseOrders: open.find((o) => o.supplierId === s.id)?.n ?? 0,
    agreements: agreements.filter((a) => a.supplierId === s.id).map((a) => ({ ...a, validToday: agreementValidOn(a, today) })),
  }));
}

/** GET /api/provision/purchasing/agreements/:id: one agreement's terms, the articles with an agreed price in force today, and its purchase orders. */
export async function getAgreement(ctx: Ctx, id: string) {
  requireRole(ctx, ...PURCHASE_READERS);
  const today = stockholmDateTime(ctx.now()).date;
  const [a] = await agreementFacts(ctx.db, { ids: [id] });
  if (!a) throw new AppError('NOT_FOUND', 'Avtalet finns inte');
  const [articles, orders] = await Promise.all([
    articlesUnderAgreement(ctx.db, id, today),
    purchaseOrderSummaries(ctx.db, { supplierId: a.supplierId, limit: 50 }),
  ]);
  return {
    agreement: { ...a, validToday: agreementValidOn(a, today) },
    articles: articles.map((p) => ({
      articleId: p.articleId,
      articleNumber: p.articleNumber,
      articleName: p.articleName,
      supplierArticleNumber: p.supplierArticleNumber,
      unit: p.unit,
      unitTracked: p.unitTracked,
      stockForm: p.stockForm,
      agreedPrice: Number(p.amount).toFixed(2),
      priceValidFrom: p.priceValidFrom,
      priceValidTo: p.priceValidTo,
    })),
    purchaseOrders: orders.filter((o) => o.agreementNumber === a.agreementNumber),
  };
}
