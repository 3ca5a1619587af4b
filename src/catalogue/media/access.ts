import { eq } from 'drizzle-orm';
import { ARTICLE_EDITORS, CENTRE_ROLES } from '../articles/visibility.ts';
import { hasRole, requireActor, requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { article, media } from '../schema.ts';
import type { MediaView } from './media-schemas.ts';

/** Who may add, change and remove media: those who edit the article register. */
export const MEDIA_EDITORS = ARTICLE_EDITORS;

/** Editing needs an editor; a system context (import, background jobs) has no actor and may too. */
export function requireMediaEditor(ctx: Ctx): void {
  if (ctx.actor === null && ctx.requestId.startsWith('system-')) return;
  requireRole(ctx, ...MEDIA_EDITORS);
}

export const articleNotFound = () => new AppError('NOT_FOUND', 'Artikeln finns inte');
export const mediaNotFound = () => new AppError('NOT_FOUND', 'Filen finns inte');

/**
 * Whether the caller may see this article: the centre sees all; the ordering side only articles that are
 * published and not removed. Anyone else gets 404, as if the article did not exist.
 */
export function mayReadArticle(ctx: Ctx, a: { published: boolean; removedAt: Date | null }): boolean {
  requireActor(ctx);
  return hasRole(ctx, ...CENTRE_ROLES) || (a.published && a.removedAt === null);
}

/** The article, if it exists and the caller may see it; otherwise 404. */
export async function readableArticle(ctx: Ctx, db: DbOrTx, articleId: string) {
  const [a] = await db.select({ id: article.id, published: article.published, removedAt: article.removedAt }).from(article).where(eq(article.id, articleId));
  if (!a || !mayReadArticle(ctx, a)) throw articleNotFound();
  return a;
}

export type MediaRow = typeof media.$inferSelect;

export const mediaUrl = (id: string) => `/api/catalogue/media/${id}`;

export function toView(row: MediaRow): MediaView {
  return {
    id: row.id,
    articleId: row.articleId,
    kind: row.kind,
    title: row.title,
    contentType: row.contentType,
    bytes: row.bytes,
    sha256: row.sha256,
    url: mediaUrl(row.id),
    thumbnailUrl: row.thumbnailKey ? `${mediaUrl(row.id)}/thumbnail` : null,
    position: row.position,
    sourceUrl: row.sourceUrl,
    createdAt: row.createdAt,
  };
}
