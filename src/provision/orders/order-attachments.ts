import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AttachmentSource } from '../../contract/index.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { StoredFileDownload } from '../../platform/http/send-attachment.ts';
import { ORDER_HANDLERS } from '../roles.ts';
import { provisionOrder, provisionPatient } from '../schema.ts';
import { orderNotFound } from './order-store.ts';

/** A file the order was sent with, as the centre's order and case pages list it (issue 16 item 1). */
export const orderAttachmentView = z.object({
  attachmentId: z.uuid(),
  kind: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
});
export type OrderAttachmentView = z.infer<typeof orderAttachmentView>;

interface StoredRef extends OrderAttachmentView {
  sha256: string;
}

/** The attachment references a received order keeps in its details (intake/order-rows.ts). */
function refsOf(details: unknown): StoredRef[] {
  const list = (details as { attachments?: unknown } | null)?.attachments;
  return Array.isArray(list) ? (list as StoredRef[]) : [];
}

export function orderAttachments(details: unknown): OrderAttachmentView[] {
  return refsOf(details).map(({ attachmentId, kind, fileName, contentType, size }) => ({ attachmentId, kind, fileName, contentType, size }));
}

/**
 * GET /api/provision/orders/:id/attachments/:attachmentId: a photo or document the order (a fault report, a work
 * order, any order) was sent with, for the centre's order handlers. The bytes come from the ordering side through
 * the contract's AttachmentSource; the download is audited like a read of the order's patient data.
 */
export async function getOrderAttachment(ctx: Ctx, source: AttachmentSource, orderId: string, attachmentId: string): Promise<StoredFileDownload> {
  requireRole(ctx, ...ORDER_HANDLERS);
  const [o] = await ctx.db
    .select({ careProviderId: provisionOrder.careProviderId, details: provisionOrder.details, patientId: provisionPatient.id })
    .from(provisionOrder)
    .leftJoin(provisionPatient, eq(provisionPatient.orderId, provisionOrder.id))
    .where(eq(provisionOrder.id, orderId));
  if (!o) throw orderNotFound();
  const ref = refsOf(o.details).find((a) => a.attachmentId === attachmentId);
  if (!ref) throw new AppError('NOT_FOUND', 'Bilagan finns inte på ordern');
  const stream = await source.read(ctx, ref);
  if (!stream) throw new AppError('NOT_FOUND', 'Bilagans fil finns inte längre hos beställaren');
  await audit(ctx.db, ctx, {
    action: 'provision.order.attachment.download',
    entityType: 'provision_order',
    entityId: orderId,
    careProviderId: o.careProviderId,
    ...(o.patientId ? { patientRef: o.patientId, purpose: 'order-handling' } : {}),
    details: { attachmentId, kind: ref.kind, fileName: ref.fileName },
  });
  return { contentType: ref.contentType, size: ref.size, fileName: ref.fileName, stream };
}
