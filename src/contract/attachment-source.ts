import type { Readable } from 'node:stream';
import type { Ctx } from '../platform/context.ts';

/**
 * Where the centre reads a file an order was sent with. A message carries only the attachment's reference
 * (messages.ts attachmentRef: id, name, type, size, SHA-256); the ordering side keeps the bytes. It implements
 * this port and the composition root passes it to the provision side's routes, so neither side imports the
 * other. The centre decides who may read (its order handlers) and audits the download; the source gives the
 * bytes of a sent order's attachment whose content still has the SHA-256 the message named, or null.
 */
export interface AttachmentSource {
  read(ctx: Ctx, ref: { attachmentId: string; sha256: string }): Promise<Readable | null>;
}
