import { and, eq } from 'drizzle-orm';
import { attachmentKinds } from '../../contract/index.ts';
import { contentKey, mediaStoreFor, sha256Of } from '../../catalogue/media/store.ts';
import { isPdf, looksLikeHtml, sniffRaster } from '../../catalogue/media/sniff.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { auditingRefusals } from '../patients/access.ts';
import { requireOrderAccess } from './order-access.ts';
import { lockDraft } from './save-draft.ts';
import { visibleOrders } from './scope.ts';
import { orderingAttachment, orderingOrder } from './schema.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** The contract's attachment kinds (a work-order type's required attachments are among them). */
export const ATTACHMENT_KINDS = attachmentKinds;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/**
 * Adds a file to a draft (instruction, risk analysis, photo...). The type is decided by the bytes, not by
 * what the browser claims: PDF, JPEG, PNG, WebP or GIF; anything else, or an "image" that is HTML, is refused.
 * Files are stored content-addressed in the app's file store.
 */
export async function addAttachment(ctx: Ctx, orderId: string, input: { kind: string; fileName: string | null; data: Buffer }) {
  if (!(ATTACHMENT_KINDS as readonly string[]).includes(input.kind))
    throw new AppError('VALIDATION', `Okänd typ av bilaga; välj en av ${ATTACHMENT_KINDS.join(', ')}`, {
      issues: [{ path: 'kind', code: 'unknown', message: 'okänd typ' }],
    });
  if (input.data.length === 0) throw new AppError('VALIDATION', 'Filen är tom');
  if (input.data.length > MAX_ATTACHMENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `Bilagan är större än ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  const raster = sniffRaster(input.data);
  const contentType = isPdf(input.data) ? 'application/pdf' : raster && !looksLikeHtml(input.data) ? raster.contentType : null;
  if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Bilagor kan vara PDF eller bilder (JPEG, PNG, WebP, GIF); filens innehåll är inget av dem');
  const sha256 = sha256Of(input.data);
  const key = `attachments/${contentKey(sha256)}`;
  await mediaStoreFor(ctx.config).put(key, input.data);
  const fileName = (input.fileName ?? 'bilaga').replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
  return ctx.db.transaction(async (tx) => {
    const o = await lockDraft(ctx, tx, orderId);
    const [a] = await tx
      .insert(orderingAttachment)
      .values({ orderId, kind: input.kind, fileName, contentType, size: input.data.length, sha256, storageKey: key })
      .returning();
    await audit(tx, ctx, {
      action: 'order.attachment.add',
      entityType: 'order',
      entityId: orderId,
      careProviderId: o.careProviderId,
      details: { kind: input.kind, size: input.data.length },
    });
    return { id: a!.id, kind: a!.kind, fileName: a!.fileName, contentType: a!.contentType, size: a!.size };
  });
}

export async function removeAttachment(ctx: Ctx, orderId: string, attachmentId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await lockDraft(ctx, tx, orderId);
    const gone = await tx
      .delete(orderingAttachment)
      .where(and(eq(orderingAttachment.id, attachmentId), eq(orderingAttachment.orderId, orderId)))
      .returning({ id: orderingAttachment.id });
    if (!gone.length) throw new AppError('NOT_FOUND', 'Bilagan finns inte');
  });
}

/**
 * The bytes of an attachment, for users who may read the order (order-access.ts: for an order for a patient,
 * its author or a care relationship today). Every download is audit-logged; a refused one too.
 */
export async function getAttachment(ctx: Ctx, orderId: string, attachmentId: string) {
  const visible = visibleOrders(ctx);
  const a = await auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .select({
          a: orderingAttachment,
          o: {
            id: orderingOrder.id,
            createdBy: orderingOrder.createdBy,
            careProviderId: orderingOrder.careProviderId,
            patientId: orderingOrder.patientId,
            status: orderingOrder.status,
          },
        })
        .from(orderingAttachment)
        .innerJoin(orderingOrder, eq(orderingOrder.id, orderingAttachment.orderId))
        .where(and(eq(orderingAttachment.id, attachmentId), eq(orderingAttachment.orderId, orderId), visible));
      // Another user's draft is theirs until sent.
      if (!row || (row.o.status === 'draft' && row.o.createdBy !== ctx.actor!.userId)) throw new AppError('NOT_FOUND', 'Bilagan finns inte');
      await requireOrderAccess(ctx, tx, row.o, {
        action: 'order.attachment.download',
        purpose: 'attachment',
        details: { attachmentId, kind: row.a.kind },
        always: true,
      });
      return row.a;
    }),
  );
  const content = await mediaStoreFor(ctx.config).get(a.storageKey);
  if (!content) throw new AppError('NOT_FOUND', 'Bilagans fil saknas');
  return { ...a, stream: content.stream };
}
