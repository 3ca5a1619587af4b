import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { importBatch } from '../schema.ts';
import { getBatch, importCatalogueFile, type ImportBatchView } from './import-catalogue-file.ts';
import { storedFile } from './upload-import.ts';
import { IMPORTERS } from '../articles/visibility.ts';

/**
 * Publishes a batch that was uploaded and validated earlier. The kept file is read again and validated
 * against the catalogue as it is now (it may have changed since), then published all-or-nothing.
 */
export async function publishImportBatch(ctx: Ctx, id: string): Promise<ImportBatchView> {
  requireRole(ctx, ...IMPORTERS);
  // Claim the batch: of two simultaneous publish requests only one gets it.
  const [claimed] = await ctx.db
    .update(importBatch)
    .set({ status: 'staging' })
    .where(and(eq(importBatch.id, id), eq(importBatch.status, 'validated')))
    .returning();
  if (!claimed) {
    const batch = await getBatch(ctx, id);
    throw new AppError('CONFLICT', `Importen har status ${batch.status}; bara en validerad import kan publiceras`);
  }
  const file = storedFile(ctx, id, claimed.format);
  const sha256 = (claimed.report as { sha256?: string } | null)?.sha256;
  const giveBack = () => ctx.db.update(importBatch).set({ status: 'validated' }).where(eq(importBatch.id, id));
  if (!fs.existsSync(file)) {
    await ctx.db.update(importBatch).set({ status: 'failed' }).where(eq(importBatch.id, id));
    throw new AppError('CONFLICT', 'Den uppladdade filen finns inte längre; ladda upp den igen');
  }
  let batch: ImportBatchView;
  try {
    batch = await importCatalogueFile(ctx, file, { publish: true, batchId: id, fileName: claimed.fileName, ...(sha256 ? { expectSha256: sha256 } : {}) });
  } catch (e) {
    // Refused before anything was read (e.g. the file changed): the batch is as it was.
    if (e instanceof AppError) await giveBack();
    throw e;
  }
  if (batch.status !== 'validated') fs.rmSync(file, { force: true });
  return batch;
}
