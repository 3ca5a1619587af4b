import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { foreignKeyViolation } from '../../platform/db/errors.ts';
import { article, media } from '../schema.ts';
import { articleNotFound, toView } from './access.ts';
import { maxBytesFor, tooLarge } from './limits.ts';
import type { MediaKind, MediaView } from './media-schemas.ts';
import { sniffMedia } from './sniff.ts';
import { contentKey, mediaStoreFor, sha256Of, type MediaStore } from './store.ts';
import { makeThumbnail } from './thumbnail.ts';

export interface StoreMediaInput {
  articleId: string;
  kind: MediaKind;
  title: string | null;
  data: Buffer;
  sourceUrl?: string | null;
}

/**
 * The common path of an upload and of a media link fetched from the national import: size limit,
 * content sniffing and (for raster images) a thumbnail, all before anything is written; then the bytes
 * go to the store under their sha256 and one `media` row plus an audit row are written in one transaction.
 * The same bytes twice on one article give the existing row (`created: false`). The caller checks permission.
 */
export async function storeMedia(ctx: Ctx, input: StoreMediaInput): Promise<{ media: MediaView; created: boolean }> {
  const { articleId, kind, data } = input;
  if (data.length > maxBytesFor(kind)) throw tooLarge(kind);
  const sniffed = sniffMedia(data, kind);
  const sha256 = sha256Of(data);

  const existing = await findByContent(ctx.db, articleId, sha256);
  if (existing) return { media: toView(existing), created: false };
  const [a] = await ctx.db.select({ id: article.id }).from(article).where(eq(article.id, articleId));
  if (!a) throw articleNotFound();

  const thumbnail = sniffed.family === 'raster' ? await makeThumbnail(data, sniffed) : null;
  const key = contentKey(sha256);
  // An SVG is its own thumbnail (it scales); a PDF has none.
  const thumbnailKey = sniffed.family === 'raster' ? contentKey(sha256, 'thumb.webp') : sniffed.family === 'svg' ? key : null;

  const store = mediaStoreFor(ctx.config);
  const files = async () => {
    if (!(await store.exists(key))) {
      const written = await store.put(key, data);
      if (written.sha256 !== sha256) throw new Error('media store wrote other bytes than it was given');
    }
    if (thumbnail && thumbnailKey && !(await store.exists(thumbnailKey))) await store.put(thumbnailKey, thumbnail);
  };
  // Written before the transaction, so that no transaction waits on the disk; the key is the content,
  // so writing it again (or concurrently) is harmless.
  await files();

  try {
    return await ctx.db.transaction(async (tx) => {
      await lockContent(tx, key);
      // A concurrent delete of the last row using this content may have removed the files in between.
      await files();
      const [row] = await tx
        .insert(media)
        .values({
          articleId,
          kind,
          title: input.title,
          storageKey: key,
          thumbnailKey,
          contentType: sniffed.contentType,
          bytes: data.length,
          sha256,
          sourceUrl: input.sourceUrl ?? null,
          position: sql`(select coalesce(max(${media.position}) + 1, 0) from ${media} where ${media.articleId} = ${articleId})`,
          createdAt: ctx.now(),
        })
        .onConflictDoNothing({ target: [media.articleId, media.sha256] })
        .returning();
      if (!row) {
        // The same file was added to this article concurrently: that row is the answer.
        const other = await findByContent(tx, articleId, sha256);
        return { media: toView(other!), created: false };
      }
      await audit(tx, ctx, {
        action: 'article.media.add',
        entityType: 'article',
        entityId: articleId,
        details: { mediaId: row.id, kind, title: row.title, contentType: row.contentType, bytes: row.bytes, sha256, sourceUrl: row.sourceUrl },
      });
      return { media: toView(row), created: true };
    });
  } catch (err) {
    // The row was not written: do not leave files nobody refers to.
    await removeUnusedContent(ctx, store, key, thumbnailKey).catch(() => undefined);
    if (foreignKeyViolation(err)) throw articleNotFound();
    throw err;
  }
}

async function findByContent(db: DbOrTx, articleId: string, sha256: string) {
  const [row] = await db
    .select()
    .from(media)
    .where(and(eq(media.articleId, articleId), eq(media.sha256, sha256)));
  return row ?? null;
}

/**
 * Serialises, per content key, adding a row that uses the files and removing the last row that does,
 * so a delete never removes files a concurrent upload of the same bytes has just relied on.
 */
export async function lockContent(tx: DbOrTx, key: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`media:${key}`}, 0))`);
}

/** Whether any media row (on any article) refers to the content under `key`. */
export async function contentInUse(tx: DbOrTx, key: string): Promise<boolean> {
  const [used] = await tx.select({ id: media.id }).from(media).where(eq(media.storageKey, key)).limit(1);
  return !!used;
}

export async function removeFiles(store: MediaStore, key: string, thumbnailKey: string | null) {
  for (const k of new Set([key, thumbnailKey].filter((k): k is string => !!k))) await store.delete(k);
}

async function removeUnusedContent(ctx: Ctx, store: MediaStore, key: string, thumbnailKey: string | null) {
  await ctx.db.transaction(async (tx) => {
    await lockContent(tx, key);
    if (!(await contentInUse(tx, key))) await removeFiles(store, key, thumbnailKey);
  });
}
