import { desc, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { importBatch } from '../schema.ts';
import { getBatch, type ImportBatchView } from './import-catalogue-file.ts';
import type { ImportProgress } from './import-progress.ts';
import type { importBatchListItem, importListQuery } from './import-schemas.ts';
import { IMPORTERS } from '../articles/visibility.ts';

type ListItem = z.infer<typeof importBatchListItem>;

/** The latest imports, newest first, with their change counts (the full report is per batch). */
export async function listImportBatches(ctx: Ctx, query: z.infer<typeof importListQuery>): Promise<ListItem[]> {
  requireRole(ctx, ...IMPORTERS);
  const rows = await ctx.db
    .select({
      id: importBatch.id,
      fileName: importBatch.fileName,
      format: importBatch.format,
      status: importBatch.status,
      rows: importBatch.rows,
      errorCount: importBatch.errorCount,
      progress: importBatch.progress,
      createdBy: importBatch.createdBy,
      createdAt: importBatch.createdAt,
      finishedAt: importBatch.finishedAt,
      changes: sql<{
        new: number;
        changed: number;
        removed: number;
      } | null>`CASE WHEN ${importBatch.report}->'changes' IS NULL OR jsonb_typeof(${importBatch.report}->'changes') = 'null' THEN NULL
        ELSE jsonb_build_object('new', (${importBatch.report}->'changes'->>'new')::int, 'changed', (${importBatch.report}->'changes'->>'changed')::int, 'removed', (${importBatch.report}->'changes'->>'removed')::int) END`,
    })
    .from(importBatch)
    .orderBy(desc(importBatch.createdAt), desc(importBatch.id))
    .limit(query.limit);
  return rows.map((r) => ({
    ...r,
    progress: r.progress as ImportProgress | null,
    createdAt: new Date(r.createdAt),
    finishedAt: r.finishedAt ? new Date(r.finishedAt) : null,
  }));
}

/** One import with its validation report and change summary. */
export async function getImportBatch(ctx: Ctx, id: string): Promise<ImportBatchView> {
  requireRole(ctx, ...IMPORTERS);
  return getBatch(ctx, id);
}
