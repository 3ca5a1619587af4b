import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { createBatch, importCatalogueFile, sniffFormat, type ImportBatchView } from './import-catalogue-file.ts';
import { formatBytes, importLimits } from './limits.ts';
import { checkWorkbookZip } from './zip-guard.ts';
import { IMPORTERS } from '../articles/visibility.ts';

export interface UploadedFile {
  filename: string;
  file: NodeJS.ReadableStream & { truncated?: boolean };
}

/** Uploaded files wait here (named by batch id) until they are published or found invalid. */
export const importsDir = (ctx: Ctx) => path.join(ctx.config.dataDir, 'imports');
export const storedFile = (ctx: Ctx, batchId: string, format: string) => path.join(importsDir(ctx), `${batchId}.${format}`);

const tooLarge = () =>
  new AppError(
    'PAYLOAD_TOO_LARGE',
    `Filen är större än ${formatBytes(importLimits.uploadBytes)}, gränsen för uppladdning. Större filer (som hela den nationella filen) importeras med kommandot bista import-catalogue.`,
  );

/**
 * Upload of a catalogue file by the assortment role: streamed to a file under the data directory (never
 * held in memory), then imported: validated, and published if asked and valid. A validated file is kept
 * so that it can be published later; otherwise it is deleted.
 */
export async function uploadCatalogueImport(ctx: Ctx, input: { publish: boolean; receive: () => Promise<UploadedFile | undefined> }): Promise<ImportBatchView> {
  requireRole(ctx, ...IMPORTERS);
  let part: UploadedFile | undefined;
  try {
    part = await input.receive();
  } catch (e) {
    throw multipartError(e);
  }
  if (!part)
    throw new AppError('VALIDATION', 'Ingen fil bifogades: skicka filen som multipart/form-data', {
      issues: [{ path: 'file', code: 'file_required', message: 'fil saknas' }],
    });

  const dir = importsDir(ctx);
  fs.mkdirSync(dir, { recursive: true });
  const id = crypto.randomUUID();
  const tmp = path.join(dir, `${id}.upload`);
  try {
    await pipeline(part.file, fs.createWriteStream(tmp));
    if (part.file.truncated) throw tooLarge();
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw multipartError(e);
  }
  const format = sniffFormat(tmp);
  if (!format) {
    fs.rmSync(tmp, { force: true });
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Filen är varken en Bistå-katalogfil i XML eller en Excel-arbetsbok (.xlsx)');
  }
  const file = storedFile(ctx, id, format);
  fs.renameSync(tmp, file);
  const fileName = path.basename(part.filename || `uppladdad.${format}`).slice(0, 200);
  try {
    // A workbook that would unpack beyond the limits is refused before there is a batch for it.
    if (format === 'xlsx') await checkWorkbookZip(file);
    await createBatch(ctx, fileName, format, id);
    const batch = await importCatalogueFile(ctx, file, { publish: input.publish, fileName, batchId: id, maxBytes: importLimits.uploadBytes, zipChecked: true });
    if (batch.status !== 'validated') fs.rmSync(file, { force: true });
    return batch;
  } catch (e) {
    fs.rmSync(file, { force: true });
    throw e;
  }
}

function multipartError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT')
    return code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge() : new AppError('BAD_REQUEST', 'Skicka en enda fil');
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Skicka filen som multipart/form-data');
  return e;
}
