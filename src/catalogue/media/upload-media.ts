import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { article } from '../schema.ts';
import { articleNotFound, requireMediaEditor } from './access.ts';
import type { MediaKind, MediaView } from './media-schemas.ts';
import { storeMedia } from './store-media.ts';

export interface UploadMediaInput {
  articleId: string;
  kind: MediaKind;
  title?: string | null | undefined;
  /** The name the client gave the file: only a default title, never a hint of what the file is. */
  fileName: string | null;
  data: Buffer;
}

/**
 * Checks, before a single byte of the upload is read, that the caller may upload and that the article
 * exists, so that a refused upload costs nothing.
 */
export async function checkUploadAllowed(ctx: Ctx, articleId: string): Promise<void> {
  requireMediaEditor(ctx);
  const [a] = await ctx.db.select({ id: article.id }).from(article).where(eq(article.id, articleId));
  if (!a) throw articleNotFound();
}

/** An image or document uploaded by the assortment role. `created: false` when the article already had these bytes. */
export async function uploadMedia(ctx: Ctx, input: UploadMediaInput): Promise<{ media: MediaView; created: boolean }> {
  requireMediaEditor(ctx);
  return storeMedia(ctx, { articleId: input.articleId, kind: input.kind, title: input.title ?? titleFromFileName(input.fileName), data: input.data });
}

/** 'Bruksanvisning Rollator X.pdf' → 'Bruksanvisning Rollator X'; paths and control characters dropped. */
export function titleFromFileName(fileName: string | null): string | null {
  if (!fileName) return null;
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const title = base
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return title || null;
}
