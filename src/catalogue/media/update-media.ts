import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { media } from '../schema.ts';
import { mediaNotFound, requireMediaEditor, toView } from './access.ts';
import type { MediaUpdate, MediaView } from './media-schemas.ts';

/** Changes the title or the place in the article's order (the bytes of a media row never change). */
export async function updateMedia(ctx: Ctx, id: string, input: MediaUpdate): Promise<MediaView> {
  requireMediaEditor(ctx);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(media).where(eq(media.id, id)).for('update');
    if (!before) throw mediaNotFound();
    const [after] = await tx
      .update(media)
      .set({
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.position !== undefined ? { position: input.position } : {}),
      })
      .where(eq(media.id, id))
      .returning();
    const changed: Record<string, unknown> = {};
    if (before.title !== after!.title) changed.title = { from: before.title, to: after!.title };
    if (before.position !== after!.position) changed.position = { from: before.position, to: after!.position };
    await audit(tx, ctx, { action: 'article.media.update', entityType: 'article', entityId: before.articleId, details: { mediaId: id, ...changed } });
    return toView(after!);
  });
}
