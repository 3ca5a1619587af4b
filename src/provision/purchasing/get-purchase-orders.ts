import type { z } from 'zod';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { PURCHASE_READERS } from '../roles.ts';
import { purchaseOrderFileName, purchaseOrderPdf } from './purchase-order-pdf.ts';
import { loadPurchaseOrder, purchaseOrderSummaries, type purchaseListQuery } from './purchase-views.ts';

/** GET /api/provision/purchasing/purchase-orders: purchase orders, the newest first (filter by status, open, supplier). */
export async function listPurchaseOrders(ctx: Ctx, q: z.infer<typeof purchaseListQuery>) {
  requireRole(ctx, ...PURCHASE_READERS);
  return purchaseOrderSummaries(ctx.db, q);
}

/** GET /api/provision/purchasing/purchase-orders/:id: the purchase order with its lines, receipts and the agreement's terms. */
export async function getPurchaseOrder(ctx: Ctx, id: string) {
  requireRole(ctx, ...PURCHASE_READERS);
  return loadPurchaseOrder(ctx.db, ctx, id);
}

/** GET /api/provision/purchasing/purchase-orders/:id.pdf: the purchase order as the supplier gets it (a draft says so). */
export async function getPurchaseOrderPdf(ctx: Ctx, id: string): Promise<{ fileName: string; pdf: Buffer }> {
  requireRole(ctx, ...PURCHASE_READERS);
  const po = await loadPurchaseOrder(ctx.db, ctx, id);
  return { fileName: purchaseOrderFileName(po), pdf: await purchaseOrderPdf(po) };
}
