import fs from 'node:fs';

/**
 * Reads a file in chunks into ONE reused buffer: each chunk is a view that is valid only until the next one
 * is asked for (decode or hash it at once). A read stream allocates a new buffer per chunk instead, and on
 * the national file (400 MB) those wait for a garbage collection as external memory (tens of MB of peak RSS).
 */
export async function* readChunks(filePath: string, chunkBytes = 1 << 20): AsyncGenerator<Buffer> {
  const fh = await fs.promises.open(filePath, 'r');
  try {
    const buf = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
