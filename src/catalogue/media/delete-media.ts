import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { media } from '../schema.ts';
import { mediaNotFound, requireMediaEditor } from './access.ts';
import { contentInUse, lockContent, removeFiles } from './store-media.ts';
import { mediaStoreFor } from './store.ts';

/**
 * Removes an image or document from its article. The files go too unless another row (on another
 * article) has the same bytes. They are removed inside the transaction, under the content lock, as
 * its last step: a commit that then failed would leave a row without files (logged at serving),
 * never files without an owner that nothing cleans up.
 */
export async function deleteMedia(ctx: Ctx, id: string): Promise<void> {
  requireMediaEditor(ctx);
  const store = mediaStoreFor(ctx.config);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(media).where(eq(media.id, id));
    if (!row) throw mediaNotFound();
    await lockContent(tx, row.storageKey);
    const [gone] = await tx.delete(media).where(eq(media.id, id)).returning({ id: media.id });
    if (!gone) throw mediaNotFound();
    const filesRemoved = !(await contentInUse(tx, row.storageKey));
    await audit(tx, ctx, {
      action: 'article.media.remove',
      entityType: 'article',
      entityId: row.articleId,
      details: { mediaId: id, kind: row.kind, title: row.title, sha256: row.sha256, filesRemoved },
    });
    if (filesRemoved) await removeFiles(store, row.storageKey, row.thumbnailKey);
  });
}
