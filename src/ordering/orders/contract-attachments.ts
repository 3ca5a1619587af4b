import { and, eq, ne } from 'drizzle-orm';
import type { AttachmentSource } from '../../contract/index.ts';
import { mediaStoreFor } from '../../catalogue/media/store.ts';
import { orderingAttachment, orderingOrder } from './schema.ts';

/**
 * The ordering side's attachments as the centre reads them (src/contract/attachment-source.ts): only files of
 * orders that were sent (a draft's are its author's alone), and only while the bytes are the ones the message
 * named. The centre has checked the caller and audits the download.
 */
export const contractAttachmentSource: AttachmentSource = {
  async read(ctx, ref) {
    const [row] = await ctx.db
      .select({ storageKey: orderingAttachment.storageKey, sha256: orderingAttachment.sha256 })
      .from(orderingAttachment)
      .innerJoin(orderingOrder, eq(orderingOrder.id, orderingAttachment.orderId))
      .where(and(eq(orderingAttachment.id, ref.attachmentId), ne(orderingOrder.status, 'draft')));
    if (!row || row.sha256 !== ref.sha256) return null;
    return (await mediaStoreFor(ctx.config).get(row.storageKey))?.stream ?? null;
  },
};
