import type { FastifyRequest } from 'fastify';
import { AppError, zodIssues, type IssueCode } from '../../platform/errors.ts';
import { MAX_MEDIA_BYTES, maxBytesFor, tooLarge } from './limits.ts';
import { mediaKind, uploadFields, type UploadFields } from './media-schemas.ts';

export interface ReadUpload extends UploadFields {
  fileName: string | null;
  data: Buffer;
}

/** Form fields are small; the file is the one part that may be large. */
export const MULTIPART_LIMITS = {
  fieldNameSize: 100,
  fieldSize: 2000,
  fields: 10,
  files: 1,
  headerPairs: 50,
  parts: 12,
  // One byte over the largest limit, so that our own count sees "too large" rather than a silent cut.
  fileSize: MAX_MEDIA_BYTES + 1,
};

/**
 * Reads a multipart upload: the fields `kind` and `title` and one file part `file`. The file is read into
 * memory up to the limit of its kind (the largest limit while the kind is not yet known, then checked
 * again); past it, reading stops and nothing is kept. Whatever the client says the file's type is, it
 * is ignored: the bytes are sniffed later.
 */
export async function readUpload(req: FastifyRequest): Promise<ReadUpload> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Skicka filen som multipart/form-data med fälten kind, title och file');
  const declared = Number(req.headers['content-length']);
  // A request whose declared length exceeds every limit is refused before its body is read.
  if (Number.isFinite(declared) && declared > MAX_MEDIA_BYTES + 64 * 1024) throw tooLarge('userManual');

  try {
    return await readParts(req);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = String((err as { code?: unknown }).code ?? '');
    // The multipart parser's own limits and a body that ends mid-part: the client's fault, said in Swedish.
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('VALIDATION', 'Formuläret har för många fält eller filer: skicka kind, title och en fil', {
        issues: [{ path: 'body', code: 'too_many_parts', message: 'för många delar' }],
      });
    }
    if (code.startsWith('FST_') || /multipart|terminated early|premature/i.test(String((err as Error)?.message))) {
      throw new AppError('BAD_REQUEST', 'Uppladdningen är inte giltig multipart/form-data eller avbröts');
    }
    throw err;
  }
}

async function readParts(req: FastifyRequest): Promise<ReadUpload> {
  const fields: Record<string, string> = {};
  let file: { fileName: string | null; data: Buffer } | null = null;
  for await (const part of req.parts({ limits: MULTIPART_LIMITS })) {
    if (part.type === 'field') {
      if (typeof part.value !== 'string' || part.valueTruncated) throw fieldError(part.fieldname, 'too_big', 'värdet är för långt');
      if (part.fieldname in fields) throw fieldError(part.fieldname, 'duplicate', 'fältet förekommer flera gånger');
      fields[part.fieldname] = part.value;
      continue;
    }
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw fieldError(part.fieldname, 'unrecognized_keys', 'filen ska skickas i fältet "file"');
    }
    const kind = mediaKind.safeParse(fields.kind);
    const limit = kind.success ? maxBytesFor(kind.data) : MAX_MEDIA_BYTES;
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limit) {
        part.file.destroy();
        throw tooLarge(kind.success ? kind.data : 'userManual');
      }
      chunks.push(chunk);
    }
    file = { fileName: part.filename || null, data: Buffer.concat(chunks) };
  }

  const parsed = uploadFields.safeParse(fields);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error, 'body');
    throw new AppError('VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
  if (!file || file.data.length === 0) throw fieldError('file', 'file_required', 'ingen fil skickades');
  if (file.data.length > maxBytesFor(parsed.data.kind)) throw tooLarge(parsed.data.kind);
  return { ...parsed.data, ...file };
}

function fieldError(field: string, code: IssueCode, message: string) {
  return new AppError('VALIDATION', `body.${field}: ${message}`, { issues: [{ path: `body.${field}`, code, message }] });
}
