import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { audit, type AuditVocabulary } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { buildReport, periodFields, periodInOrder, reviewedCareProvider } from './report.ts';
import { logReviewSignOff } from './schema.ts';
import { LOG_REVIEWERS } from '../roles.ts';

export const signOffInput = periodFields.extend({ comment: z.string().trim().max(2000).optional() }).refine(...periodInOrder);
export const signOffView = z.object({
  id: z.string(),
  careProviderId: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  reads: z.number(),
  outliers: z.number(),
  comment: z.string().nullable(),
  signedByUserId: z.string(),
  signedByName: z.string(),
  signedAt: z.date(),
});

/**
 * The log reviewer signs the review of a period off: what the report held (reads, outliers) is recorded with
 * who signed and when, in one transaction with its audit row. A period is signed once (CONFLICT).
 */
export async function signOffReview(ctx: Ctx, input: z.infer<typeof signOffInput>, vocabulary: AuditVocabulary): Promise<z.infer<typeof signOffView>> {
  const actor = requireRole(ctx, ...LOG_REVIEWERS);
  const careProviderId = reviewedCareProvider(ctx, input.careProviderId);
  const report = await buildReport(ctx, careProviderId, input, vocabulary);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(logReviewSignOff)
      .values({
        careProviderId,
        periodFrom: input.from,
        periodTo: input.to,
        reads: report.reads.length,
        outliers: report.outliers,
        comment: input.comment || null,
        signedByUserId: actor.userId,
        signedByName: actor.name,
        signedAt: ctx.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('CONFLICT', 'Granskningen av perioden är redan signerad.');
    await audit(tx, ctx, {
      action: 'log-review.sign-off',
      entityType: 'log_review_sign_off',
      entityId: row.id,
      careProviderId,
      purpose: 'log-review',
      details: { from: input.from, to: input.to, reads: row.reads, outliers: row.outliers },
    });
    return row;
  });
}

export const signOffQuery = z.strictObject({ careProviderId: z.uuid().optional() });

/** The sign-offs of the reviewer's care provider, newest first. */
export async function listSignOffs(ctx: Ctx, q: z.infer<typeof signOffQuery>) {
  requireRole(ctx, ...LOG_REVIEWERS);
  const careProviderId = reviewedCareProvider(ctx, q.careProviderId);
  return ctx.db
    .select()
    .from(logReviewSignOff)
    .where(and(eq(logReviewSignOff.careProviderId, careProviderId)))
    .orderBy(desc(logReviewSignOff.signedAt));
}
