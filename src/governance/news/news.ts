import { and, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireActor, requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoDateTime, text } from '../../platform/http/schemas.ts';
import { getCustomer } from '../../administration/organisation/customers.ts';
import { centreRoles, type Role } from '../../administration/schema.ts';
import { isoAncestry, normalizeIsoCode } from '../../catalogue/iso/iso-code.ts';
import { getIsoNode } from '../../catalogue/iso/iso-tree.ts';
import { NEWS_EDITORS } from '../roles.ts';
import { news } from '../schema.ts';

export const newsInput = z.strictObject({
  title: text(200),
  body: text(5000),
  severity: z.enum(['info', 'disruption']).default('info'),
  targetCustomerId: z.uuid().nullish(),
  /** Product areas (ISO 9999 codes of any level, e.g. '12' or '12 22 03'); empty = not about a product area. */
  targetIsoCodes: z.array(z.string().trim().min(1).max(20)).max(20).default([]),
  publishedAt: isoDateTime.optional(),
  expiresAt: isoDateTime.nullish(),
});

export const newsView = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  severity: z.enum(['info', 'disruption']),
  targetCustomerId: z.uuid().nullable(),
  targetIsoCodes: z.array(z.string()),
  publishedAt: z.date(),
  expiresAt: z.date().nullable(),
});

/**
 * Who sees news about a product area on the start page: those who prescribe, order and support devices, and the
 * centre. Everyone who may see an article sees its product area's news on the article and ISO pages.
 */
export const PRODUCT_AREA_READERS: readonly Role[] = ['prescriber', 'orderer', 'localSupport', ...centreRoles];

export const newsQuery = z.strictObject({
  /** Only news about this product area or a broader one (the article and ISO pages): '12 22 03' matches news for '12', '12 22' and '12 22 03'. */
  isoCode: z.string().trim().max(20).optional(),
});

const textArray = (codes: readonly string[]) =>
  sql`ARRAY[${sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  )}]::text[]`;

/**
 * Operational news for the user: published, not expired, for everyone or for one of the user's customers.
 * On the start page, news about a product area is shown to those who work with devices (PRODUCT_AREA_READERS);
 * asked for one ISO code (the article page), only the news about that area or a broader one. Newest first,
 * disruptions before other news.
 */
export async function listCurrentNews(ctx: Ctx, q: z.infer<typeof newsQuery> = {}) {
  const actor = requireActor(ctx);
  const now = ctx.now();
  let area;
  if (q.isoCode !== undefined) {
    const code = normalizeIsoCode(q.isoCode);
    if (!code)
      throw new AppError('VALIDATION', 'Ange en ISO-kod med två, fyra eller sex siffror', {
        issues: [{ path: 'querystring.isoCode', code: 'invalid_iso_code', message: 'ogiltig ISO-kod' }],
      });
    area = sql`${news.targetIsoCodes} && ${textArray(isoAncestry(code))}`;
  } else if (!PRODUCT_AREA_READERS.some((r) => actor.roles.has(r))) {
    area = sql`cardinality(${news.targetIsoCodes}) = 0`;
  }
  const rows = await ctx.db
    .select()
    .from(news)
    .where(
      and(
        lte(news.publishedAt, now),
        or(isNull(news.expiresAt), gt(news.expiresAt, now)),
        actor.customerIds.length ? or(isNull(news.targetCustomerId), inArray(news.targetCustomerId, [...actor.customerIds])) : isNull(news.targetCustomerId),
        area,
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
  const isoCodes: string[] = [];
  for (const [i, raw] of input.targetIsoCodes.entries()) {
    const code = normalizeIsoCode(raw);
    const known = code && (await knownIsoCode(ctx, code));
    if (!code || !known)
      throw new AppError('VALIDATION', `Produktområdet ${raw} är ingen känd ISO 9999-kod`, {
        issues: [{ path: `body.targetIsoCodes.${i}`, code: 'invalid_iso_code', message: 'okänd ISO-kod', params: { value: raw } }],
      });
    if (!isoCodes.includes(code)) isoCodes.push(code);
  }
  if (input.expiresAt && input.expiresAt <= (input.publishedAt ?? ctx.now())) {
    throw new AppError('VALIDATION', 'Slutdatum måste vara efter publiceringen', {
      issues: [{ path: 'body.expiresAt', code: 'before_start', message: 'före publiceringen' }],
    });
  }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(news)
      .values({
        title: input.title,
        body: input.body,
        severity: input.severity,
        targetCustomerId: input.targetCustomerId ?? null,
        targetIsoCodes: isoCodes,
        publishedAt: input.publishedAt ?? ctx.now(),
        expiresAt: input.expiresAt ?? null,
        createdBy: actor.userId,
      })
      .returning();
    await audit(tx, ctx, { action: 'news.publish', entityType: 'news', entityId: row!.id, details: { title: input.title, targetIsoCodes: isoCodes } });
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

/** A code of either ISO edition in use (articles carry 2011 and 2022 codes). */
async function knownIsoCode(ctx: Ctx, code: string) {
  for (const edition of ['2022', '2016', '2011'] as const) {
    const found = await getIsoNode(ctx, { edition, code }).then(
      () => true,
      (e: unknown) => {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return false;
        throw e;
      },
    );
    if (found) return true;
  }
  return false;
}
