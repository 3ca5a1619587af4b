import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { auditLog } from '../../platform/db/platform-schema.ts';
import { article } from '../schema.ts';
import type { historyEntry } from './article-schemas.ts';
import { articleNotFound } from './get-article.ts';
import { CENTRE_ROLES } from './visibility.ts';

type HistoryEntry = z.infer<typeof historyEntry>;

/** GET /api/catalogue/articles/:id/history: who changed what and when, newest first, from the audit log. */
export async function articleHistory(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
  requireRole(ctx, ...CENTRE_ROLES);
  const [a] = await ctx.db.select({ id: article.id }).from(article).where(eq(article.id, id));
  if (!a) throw articleNotFound();
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'article'), eq(auditLog.entityId, id)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(500);
  return rows.map((r) => {
    const details = r.details ?? null;
    const raw = (details?.changes ?? {}) as Record<string, { from?: unknown; to?: unknown }>;
    return {
      id: r.id,
      at: r.at,
      actor: r.actorLabel,
      action: r.action,
      changes: Object.entries(raw).map(([field, c]) => ({ field, from: c?.from ?? null, to: c?.to ?? null })),
      details,
    };
  });
}
