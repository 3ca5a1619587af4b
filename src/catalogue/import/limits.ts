/**
 * Limits of the catalogue import (constants, not environment config: they protect the server, and a
 * region that needs more can change them here). Tests lower `uploadBytes` to exercise the 413 path.
 */
export const importLimits = {
  /** A file given to `bista import-catalogue` (the national file is about 0.5 GB). */
  fileBytes: 2 * 1024 ** 3,
  /** A file uploaded through the API. */
  uploadBytes: 200 * 1024 ** 2,
  /**
   * An Excel workbook up to this size is read whole (a supplier file of some ten thousand rows is a few MB);
   * a larger one is streamed. The streaming reader (ExcelJS over unzipper) now and then ends before the
   * zip's last entries, and ExcelJS writes workbook.xml last: about 1 read in 300 failed.
   */
  xlsxInMemoryBytes: 16 * 1024 ** 2,
  /**
   * An Excel workbook is a zip archive: its directory is inspected before anything is unpacked, and one
   * that would unpack beyond these is refused (a 2 MB file that unpacked to 2 GB once took the server to
   * 2.5 GB). The supplier template has about ten entries of a few MB that pack 5–20 times.
   */
  zip: {
    /** Entries in the archive. */
    entries: 1000,
    /** Total unpacked size of all entries. */
    uncompressedBytes: 1024 ** 3,
    /** How many times larger than packed an entry may unpack (checked for entries over `ratioFromBytes`). */
    ratio: 100,
    /** Small entries (a few kB of XML that is mostly the same tags) may pack far better; they cannot hurt. */
    ratioFromBytes: 1024 ** 2,
  },
  /** Issues kept in the report (all are counted). */
  reportedIssues: 200,
  /** Article numbers listed per kind of change in the report (all are counted). */
  listedChanges: 1000,
};

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1).replace('.', ',')} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1).replace('.', ',')} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} kB`;
  return `${n} byte`;
}
