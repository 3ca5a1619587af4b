import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** A stored file as a use case hands it to the edge for download. */
export interface StoredFileDownload {
  contentType: string;
  size: number;
  fileName: string;
  stream: Readable;
}

/**
 * Sends an uploaded file (an order's or a support ticket's attachment) as a download: never shown inline, never
 * sniffed as another type, never kept in a shared cache, with its name in UTF-8.
 */
export function sendAttachment(reply: FastifyReply, file: StoredFileDownload) {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', file.size)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .send(file.stream);
}
