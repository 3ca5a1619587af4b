import { AppError } from '../../platform/errors.ts';
import { THUMBNAIL_WIDTH } from './limits.ts';
import type { Sniffed } from './sniff.ts';

/** Refuses decoding more than this many pixels (a small file can claim to be a gigantic image). */
const MAX_INPUT_PIXELS = 100_000_000;

/**
 * Decodes a raster image (proving it is one, of the format its magic bytes claim) and makes a WebP
 * thumbnail THUMBNAIL_WIDTH pixels wide, turned upright by its EXIF orientation and without metadata.
 */
export async function makeThumbnail(data: Buffer, sniffed: Extract<Sniffed, { family: 'raster' }>): Promise<Buffer> {
  // Loaded on first use: the native image library costs start-up time every process would pay.
  const { default: sharp } = await import('sharp');
  try {
    const image = sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    if (meta.format !== sniffed.format) throw new Error(`format ${meta.format} is not ${sniffed.format}`);
    return await image.rotate().resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
  } catch (err) {
    const message = /pixel limit/i.test(String((err as Error)?.message))
      ? 'Bilden har för många bildpunkter (högst 100 megapixel)'
      : 'Bilden är skadad eller kan inte läsas';
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', message, { issues: [{ path: 'file', code: 'image_unreadable', message }] });
  }
}
