import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { article, media } from '../schema.ts';
import { mayReadArticle, mediaNotFound } from './access.ts';
import { mediaStoreFor } from './store.ts';

export interface MediaContent {
  contentType: string;
  /** Strong validator: the sha256 of the original (with a suffix for the thumbnail). */
  etag: string;
  /** Media of published articles may be kept by shared caches; the rest only by the browser. */
  shared: boolean;
  /** For Content-Disposition of documents. */
  title: string | null;
  isSvg: boolean;
  isPdf: boolean;
  /** Opens the bytes; called only when they are to be sent (not for a 304). */
  open(): Promise<{ stream: Readable; size: number }>;
}

/**
 * An image, document or thumbnail to serve. Any logged-in user may read media of published articles;
 * the centre's roles may read all. What the caller may not read is 404, like what does not exist.
 */
export async function getMediaContent(ctx: Ctx, id: string, variant: 'original' | 'thumbnail'): Promise<MediaContent> {
  const [row] = await ctx.db
    .select({ m: media, published: article.published, removedAt: article.removedAt })
    .from(media)
    .innerJoin(article, eq(article.id, media.articleId))
    .where(eq(media.id, id));
  if (!row || !mayReadArticle(ctx, row)) throw mediaNotFound();
  const m = row.m;
  const thumbnail = variant === 'thumbnail';
  if (thumbnail && !m.thumbnailKey) throw new AppError('NOT_FOUND', 'Dokument har ingen miniatyrbild');
  const key = thumbnail ? m.thumbnailKey! : m.storageKey;
  const isSvg = m.contentType === 'image/svg+xml';
  const contentType = thumbnail && !isSvg ? 'image/webp' : m.contentType;
  return {
    contentType,
    etag: `"${m.sha256}${thumbnail && !isSvg ? '-thumb' : ''}"`,
    shared: row.published && row.removedAt === null,
    title: m.title,
    isSvg,
    isPdf: contentType === 'application/pdf',
    async open() {
      const found = await mediaStoreFor(ctx.config).get(key);
      if (!found) {
        ctx.log.error({ mediaId: m.id, key }, 'media row without its file in the store');
        throw mediaNotFound();
      }
      return found;
    },
  };
}

/** If-None-Match (weak comparison, RFC 9110 §13.1.2): does the client already have this representation? */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const want = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === want);
}

/** `inline; filename="Bruksanvisning.pdf"; filename*=UTF-8''Bruksanvisning%20...`: ASCII fallback plus the real name. */
export function contentDisposition(title: string | null, extension: string): string {
  const name = `${(title ?? 'dokument').replace(/[\u0000-\u001f\u007f/\\]/g, ' ').trim() || 'dokument'}.${extension}`;
  const fallback = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ._-]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
