import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { media } from '../schema.ts';
import { readableArticle, toView } from './access.ts';
import type { MediaView } from './media-schemas.ts';

/** An article's images and documents in their order. The ordering side sees them only for published articles. */
export async function listMedia(ctx: Ctx, articleId: string): Promise<MediaView[]> {
  await readableArticle(ctx, ctx.db, articleId);
  const rows = await ctx.db.select().from(media).where(eq(media.articleId, articleId)).orderBy(asc(media.position), asc(media.createdAt), asc(media.id));
  return rows.map(toView);
}
