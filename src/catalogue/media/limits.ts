import { AppError } from '../../platform/errors.ts';
import type { MediaKind } from './media-schemas.ts';

export const MB = 1024 * 1024;
export const MAX_IMAGE_BYTES = 10 * MB;
export const MAX_DOCUMENT_BYTES = 50 * MB;
/** The largest file of any kind: what a request may carry before its kind is known. */
export const MAX_MEDIA_BYTES = Math.max(MAX_IMAGE_BYTES, MAX_DOCUMENT_BYTES);
/** Width of the WebP thumbnail made of raster images. */
export const THUMBNAIL_WIDTH = 320;

export const isImageKind = (kind: MediaKind) => kind === 'image';
export const maxBytesFor = (kind: MediaKind) => (isImageKind(kind) ? MAX_IMAGE_BYTES : MAX_DOCUMENT_BYTES);

export function tooLarge(kind: MediaKind): AppError {
  const maxMb = (isImageKind(kind) ? MAX_IMAGE_BYTES : MAX_DOCUMENT_BYTES) / MB;
  const message = isImageKind(kind) ? `Filen är för stor: en bild får vara högst ${maxMb} MB` : `Filen är för stor: ett dokument får vara högst ${maxMb} MB`;
  return new AppError('PAYLOAD_TOO_LARGE', message, { issues: [{ path: 'file', code: 'file_too_large', message, params: { maxMb } }] });
}
