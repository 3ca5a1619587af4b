import yauzl from 'yauzl';
import { AppError } from '../../platform/errors.ts';
import { formatBytes, importLimits } from './limits.ts';

export type ZipLimits = typeof importLimits.zip;

const DATA_DESCRIPTOR_FLAG = 0x08;
/** A data descriptor after an entry's data: 12 or 16 bytes (with signature), 20 or 24 in zip64. */
const DESCRIPTOR_SIZES = new Set([12, 16, 20, 24]);

const refused = (what: string) =>
  new AppError(
    'PAYLOAD_TOO_LARGE',
    `${what} Filen har inte lästs. Dela upp arbetsboken i mindre filer, eller hör av dig till systemförvaltningen om gränsen behöver höjas.`,
  );
const broken = (why: string) =>
  new AppError(
    'BAD_REQUEST',
    `Excel-filen går inte att läsa säkert: zip-arkivet är trasigt eller stämmer inte med sin innehållsförteckning (${why}). Spara arbetsboken på nytt i Excel och ladda upp den igen.`,
  );

class Inconsistent extends Error {}

const int = (n: number) => n.toLocaleString('sv-SE');

/**
 * Checks an Excel workbook (a zip archive) before it is read: the central directory (entries, total
 * unpacked size, pack ratio per entry) against `importLimits.zip`, that the entries tile the file as the
 * directory says (so a reader that walks the local headers, like ExcelJS's streaming reader, finds no
 * other entries), and then unpacks every entry once into nothing, counting: yauzl stops an entry at the
 * first byte past its declared size, so a directory that lies about sizes is caught with bounded memory.
 * Throws an AppError with a Swedish message; returns the entry count and unpacked size when the file is fine.
 */
export async function checkWorkbookZip(filePath: string, limits: ZipLimits = importLimits.zip): Promise<{ entries: number; uncompressedBytes: number }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(filePath, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch {
    throw broken('filen är ingen hel zip-fil');
  }
  try {
    if (zip.entryCount > limits.entries) {
      throw refused(`Arbetsboken består av ${int(zip.entryCount)} delar; gränsen är ${int(limits.entries)} (en ifylld leverantörsmall har ett tiotal).`);
    }
    // yauzl's cursor starts at the central directory (it moves as entries are read).
    const directoryAt = (zip as unknown as { readEntryCursor: number }).readEntryCursor;
    const entries: yauzl.Entry[] = [];
    let total = 0;
    try {
      for await (const e of zip.eachEntry()) {
        entries.push(e);
        total += e.uncompressedSize;
        if (total > limits.uncompressedBytes) {
          throw refused(`Arbetsboken packas upp till mer än ${formatBytes(limits.uncompressedBytes)}, gränsen för en katalogfil i Excel.`);
        }
        if (e.uncompressedSize >= limits.ratioFromBytes && e.uncompressedSize > limits.ratio * Math.max(e.compressedSize, 1)) {
          const ratio = Math.round(e.uncompressedSize / Math.max(e.compressedSize, 1));
          throw refused(
            `Delen ${e.fileName.slice(0, 100)} i arbetsboken packas upp ${int(ratio)} gånger större (${formatBytes(e.compressedSize)} blir ${formatBytes(e.uncompressedSize)}); gränsen är ${int(limits.ratio)} gånger.`,
          );
        }
      }
    } catch (e) {
      throw e instanceof AppError ? e : broken('innehållsförteckningen går inte att läsa');
    }

    try {
      // The entries follow one another from the start of the file to the central directory, with nothing
      // between them but data descriptors, and each local header agrees with the directory.
      const byOffset = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
      let pos = 0;
      let descriptorBefore = false;
      const gapOk = (gap: number) => gap === 0 || (descriptorBefore && DESCRIPTOR_SIZES.has(gap));
      for (const e of byOffset) {
        if (!gapOk(e.relativeOffsetOfLocalHeader - pos)) throw new Inconsistent(`okända byte före ${e.fileName.slice(0, 100)}`);
        const local = await zip.readLocalFileHeaderPromise(e);
        if (local.compressionMethod !== e.compressionMethod) throw new Inconsistent(`${e.fileName.slice(0, 100)}: olika packningsmetod`);
        const sizesInHeader = !(local.generalPurposeBitFlag & DATA_DESCRIPTOR_FLAG) && local.compressedSize !== 0xffffffff;
        if (sizesInHeader && (local.compressedSize !== e.compressedSize || local.uncompressedSize !== e.uncompressedSize)) {
          throw new Inconsistent(`${e.fileName.slice(0, 100)}: olika storlek i filhuvudet och i innehållsförteckningen`);
        }
        if (local.generalPurposeBitFlag & DATA_DESCRIPTOR_FLAG && local.compressedSize !== 0 && local.compressedSize !== e.compressedSize) {
          throw new Inconsistent(`${e.fileName.slice(0, 100)}: olika storlek i filhuvudet och i innehållsförteckningen`);
        }
        pos = local.fileDataStart + e.compressedSize;
        // A data descriptor may follow; the next header's offset (or the directory's) gives its size.
        descriptorBefore = (local.generalPurposeBitFlag & DATA_DESCRIPTOR_FLAG) !== 0;
      }
      if (!gapOk(directoryAt - pos)) throw new Inconsistent('okända byte före innehållsförteckningen');
    } catch (e) {
      throw e instanceof Inconsistent ? broken(e.message) : broken('ett filhuvud går inte att läsa');
    }

    // Unpack everything once into nothing: yauzl counts each entry's bytes against its declared size and
    // fails at the first byte too many, so memory stays at one chunk whatever the archive holds.
    for (const e of entries) {
      if (e.fileName.endsWith('/')) continue;
      try {
        const stream = await zip.openReadStreamPromise(e);
        for await (const _chunk of stream) {
          // counted by yauzl
        }
      } catch {
        throw broken(`delen ${e.fileName.slice(0, 100)} packas inte upp till den storlek innehållsförteckningen anger`);
      }
    }
    return { entries: entries.length, uncompressedBytes: total };
  } finally {
    zip.close();
  }
}
