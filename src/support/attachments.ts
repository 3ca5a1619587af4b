import { and, eq } from 'drizzle-orm';
import { contentKey, mediaStoreFor, sha256Of } from '../catalogue/media/store.ts';
import { isPdf, looksLikeHtml, sniffRaster } from '../catalogue/media/sniff.ts';
import { audit } from '../platform/audit/audit.ts';
import { requireActor, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { supportAttachment } from './schema.ts';
import { addEvent, loadTicket } from './tickets.ts';

/** The same limit and the same rule as an order's attachments (src/ordering/orders/attachments.ts). */
export const MAX_SUPPORT_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * Adds a file (a screenshot, a PDF) to a ticket the actor may see. The type is decided by the bytes, not by the
 * name or what the browser claims: PDF, JPEG, PNG, WebP or GIF; an .exe named .png, or an "image" that is HTML,
 * is refused before anything is stored. Files are stored content-addressed in the app's file store (the
 * catalogue's media store, as order attachments are), and the row only after the file is safely there.
 */
export async function addTicketAttachment(ctx: Ctx, ticketId: string, input: { fileName: string | null; data: Buffer }) {
  const actor = requireActor(ctx);
  if (input.data.length === 0) throw new AppError('VALIDATION', 'Filen är tom');
  if (input.data.length > MAX_SUPPORT_ATTACHMENT_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `Bilagan är större än ${MAX_SUPPORT_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  const raster = sniffRaster(input.data);
  const contentType = isPdf(input.data) ? 'application/pdf' : raster && !looksLikeHtml(input.data) ? raster.contentType : null;
  if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Bilagor kan vara PDF eller bilder (JPEG, PNG, WebP, GIF); filens innehåll är inget av dem');
  // Visible to the actor (404 otherwise) before any byte is stored.
  const ticket = await loadTicket(ctx, ctx.db, ticketId);
  if (ticket.status === 'closed') throw new AppError('INVALID_TRANSITION', 'Ärendet är stängt');
  const sha256 = sha256Of(input.data);
  const key = `support/${contentKey(sha256)}`;
  await mediaStoreFor(ctx.config).put(key, input.data);
  const fileName = (input.fileName ?? 'bilaga').replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
  return ctx.db.transaction(async (tx) => {
    await loadTicket(ctx, tx, ticketId, true);
    const [a] = await tx
      .insert(supportAttachment)
      .values({ ticketId, fileName, contentType, size: input.data.length, sha256, storageKey: key, uploadedBy: actor.userId, at: ctx.now() })
      .returning();
    await addEvent(tx, ctx, ticketId, { kind: 'attachment', body: fileName, visibleToRequester: true });
    await audit(tx, ctx, {
      action: 'support-ticket.add-attachment',
      entityType: 'supportTicket',
      entityId: ticketId,
      details: { size: input.data.length, contentType },
    });
    return { id: a!.id, fileName: a!.fileName, contentType: a!.contentType, size: a!.size, at: a!.at };
  });
}

export async function getTicketAttachment(ctx: Ctx, ticketId: string, attachmentId: string) {
  await loadTicket(ctx, ctx.db, ticketId);
  const [a] = await ctx.db
    .select()
    .from(supportAttachment)
    .where(and(eq(supportAttachment.id, attachmentId), eq(supportAttachment.ticketId, ticketId)));
  if (!a) throw new AppError('NOT_FOUND', 'Bilagan finns inte');
  const content = await mediaStoreFor(ctx.config).get(a.storageKey);
  if (!content) throw new AppError('NOT_FOUND', 'Bilagans fil saknas');
  return { ...a, stream: content.stream };
}
