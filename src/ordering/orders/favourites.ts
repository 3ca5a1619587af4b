import { and, asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { articlesForOrdering } from '../../catalogue/articles/articles-for-ordering.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { requireOrderingActor } from './scope.ts';
import { orderingFavourite } from './schema.ts';

/** How many favourites a prescriber may keep: a short list to pick from, not a second catalogue. */
export const MAX_FAVOURITES = 100;

export const favouriteView = z.object({
  articleId: z.uuid(),
  articleNumber: z.string(),
  name: z.string(),
  articleType: z.string(),
  isoCode: z.string().nullable(),
  /** Whether it can be ordered now (a favourite stays listed while the register has it not orderable). */
  orderable: z.boolean(),
});
export type FavouriteView = z.infer<typeof favouriteView>;

/**
 * The actor's favourite articles (issue 16 item 6), in Swedish order by name: the ones the article register
 * still publishes (an article that is removed or unpublished drops out of the list but stays starred, so it
 * comes back if it is published again). Each user's own; nobody else reads them.
 */
export async function listFavourites(ctx: Ctx): Promise<FavouriteView[]> {
  const actor = requireOrderingActor(ctx);
  const rows = await ctx.db
    .select({ articleId: orderingFavourite.articleId })
    .from(orderingFavourite)
    .where(eq(orderingFavourite.userId, actor.userId))
    .orderBy(asc(orderingFavourite.createdAt));
  const articles = await articlesForOrdering(
    ctx.db,
    rows.map((r) => r.articleId),
  );
  return rows
    .flatMap((r) => {
      const a = articles.get(r.articleId);
      if (!a?.published) return [];
      return [{ articleId: a.id, articleNumber: a.articleNumber, name: a.name, articleType: a.articleType, isoCode: a.isoCode, orderable: a.orderable }];
    })
    .sort((x, y) => swedishCollator.compare(x.name, y.name) || (x.articleNumber < y.articleNumber ? -1 : 1));
}

/** Stars an article the register publishes. Starring one already starred changes nothing. */
export async function addFavourite(ctx: Ctx, articleId: string): Promise<void> {
  const actor = requireOrderingActor(ctx);
  await ctx.db.transaction(async (tx) => {
    const a = (await articlesForOrdering(tx, [articleId])).get(articleId);
    if (!a?.published) throw new AppError('NOT_FOUND', 'Artikeln finns inte');
    const inserted = await tx
      .insert(orderingFavourite)
      .values({ userId: actor.userId, articleId })
      .onConflictDoNothing()
      .returning({ articleId: orderingFavourite.articleId });
    if (!inserted.length) return;
    const [n] = await tx.select({ n: count() }).from(orderingFavourite).where(eq(orderingFavourite.userId, actor.userId));
    if ((n?.n ?? 0) > MAX_FAVOURITES)
      throw new AppError('VALIDATION', `Du kan ha högst ${MAX_FAVOURITES} favoriter; ta bort någon först`, {
        issues: [{ path: 'articleId', code: 'too_many_favourites', message: `högst ${MAX_FAVOURITES}`, params: { max: MAX_FAVOURITES } }],
      });
  });
}

/** Unstars an article (whether or not it was starred). */
export async function removeFavourite(ctx: Ctx, articleId: string): Promise<void> {
  const actor = requireOrderingActor(ctx);
  await ctx.db.delete(orderingFavourite).where(and(eq(orderingFavourite.userId, actor.userId), eq(orderingFavourite.articleId, articleId)));
}
