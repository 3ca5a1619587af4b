import { and, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireActor, requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoDateTime, text } from '../../platform/http/schemas.ts';
import { getCustomer } from '../../administration/organisation/customers.ts';
import { news } from '../schema.ts';

export const newsInput = z.strictObject({
  title: text(200),
  body: text(5000),
  severity: z.enum(['info', 'disruption']).default('info'),
  targetCustomerId: z.uuid().nullish(),
  publishedAt: isoDateTime.optional(),
  expiresAt: isoDateTime.nullish(),
});

export const newsView = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  severity: z.enum(['info', 'disruption']),
  targetCustomerId: z.uuid().nullable(),
  publishedAt: z.date(),
  expiresAt: z.date().nullable(),
});

const NEWS_EDITORS = ['systemAdmin', 'functionCoordinator', 'customerService'] as const;

/**
 * Operational news for the start page: published, not expired, and either for everyone or for one of
 * the user's customers. Newest first, disruptions before other news.
 */
export async function listCurrentNews(ctx: Ctx) {
  const actor = requireActor(ctx);
  const now = ctx.now();
  const rows = await ctx.db
    .select()
    .from(news)
    .where(
      and(
        lte(news.publishedAt, now),
        or(isNull(news.expiresAt), gt(news.expiresAt, now)),
        actor.customerIds.length
          ? or(isNull(news.targetCustomerId), inArray(news.targetCustomerId, [...actor.customerIds]))
          : isNull(news.targetCustomerId),
      ),
    )
    // Disruptions first, so that a flood of ordinary news can never push one off the start page.
    .orderBy(sql`${news.severity} = 'disruption' desc`, desc(news.publishedAt))
    .limit(50);
  return rows.map(({ createdBy: _c, ...n }) => n);
}

export async function publishNews(ctx: Ctx, input: z.infer<typeof newsInput>) {
  const actor = requireRole(ctx, ...NEWS_EDITORS);
  if (input.targetCustomerId) {
    await getCustomer(ctx, input.targetCustomerId).catch(() => {
      throw new AppError('VALIDATION', 'Kunden som nyheten riktas till finns inte', {
        issues: [{ path: 'body.targetCustomerId', code: 'unknown', message: 'okänd kund' }],
      });
    });
  }
  if (input.expiresAt && input.expiresAt <= (input.publishedAt ?? ctx.now())) {
    throw new AppError('VALIDATION', 'Slutdatum måste vara efter publiceringen', { issues: [{ path: 'body.expiresAt', code: 'before_start', message: 'före publiceringen' }] });
  }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(news)
      .values({
        title: input.title,
        body: input.body,
        severity: input.severity,
        targetCustomerId: input.targetCustomerId ?? null,
        publishedAt: input.publishedAt ?? ctx.now(),
        expiresAt: input.expiresAt ?? null,
        createdBy: actor.userId,
      })
      .returning();
    await audit(tx, ctx, { action: 'news.publish', entityType: 'news', entityId: row!.id, details: { title: input.title } });
    const { createdBy: _c, ...view } = row!;
    return view;
  });
}

export async function withdrawNews(ctx: Ctx, id: string) {
  requireRole(ctx, ...NEWS_EDITORS);
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.update(news).set({ expiresAt: ctx.now() }).where(eq(news.id, id)).returning({ id: news.id });
    if (!rows.length) throw new AppError('NOT_FOUND', 'Nyheten finns inte');
    await audit(tx, ctx, { action: 'news.withdraw', entityType: 'news', entityId: id });
  });
}

/** For the editors: every news item that is published or scheduled and not expired, whoever it targets. */
export async function listNewsForEditors(ctx: Ctx) {
  requireRole(ctx, ...NEWS_EDITORS);
  const now = ctx.now();
  const rows = await ctx.db
    .select()
    .from(news)
    .where(or(isNull(news.expiresAt), gt(news.expiresAt, now)))
    .orderBy(desc(news.publishedAt))
    .limit(500);
  return rows.map(({ createdBy: _c, ...n }) => n);
}
