import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Config } from '../../platform/config.ts';

/**
 * Where the bytes of images and documents live. The media module addresses content by its sha256
 * (see `contentKey`), so a key is written once and never changes; the database only holds keys.
 * The file store is the default; an S3-like store can be added behind the same interface and chosen in
 * `mediaStoreFor`.
 */
export interface MediaStore {
  /** Writes `data` under `key` (replacing what was there) and returns what was written. */
  put(key: string, data: Readable | Buffer, opts?: { maxBytes?: number }): Promise<{ bytes: number; sha256: string }>;
  /** The content under `key`, or null if there is none. The caller must consume or destroy the stream. */
  get(key: string): Promise<{ stream: Readable; size: number } | null>;
  /** Removes `key`; removing a key that is not there is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** A key that could leave the store's directory, or is not one the media module makes. */
export class InvalidMediaKeyError extends Error {
  override name = 'InvalidMediaKeyError';
  constructor(key: string) {
    super(`invalid media key: ${JSON.stringify(key.slice(0, 100))}`);
  }
}

/** `put` was given more than `maxBytes`; nothing was stored. */
export class MediaTooLargeError extends Error {
  override name = 'MediaTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`media over ${maxBytes} bytes`);
  }
}

// Segments of letters, digits, '.', '_' and '-' that never start with a dot: no '..', no hidden files,
// no absolute paths, no backslashes, no empty segments.
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(?:\/[A-Za-z0-9][A-Za-z0-9._-]{0,127}){0,7}$/;

export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key.length > 400 || !KEY.test(key)) throw new InvalidMediaKeyError(String(key));
}

/** The key of content with this sha256: sharded two levels deep so no directory grows too large. */
export function contentKey(sha256: string, variant?: 'thumb.webp'): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new InvalidMediaKeyError(sha256);
  const base = `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  return variant ? `${base}.${variant}` : base;
}

export const sha256Of = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

function chunksOf(data: Readable | Buffer): AsyncIterable<Buffer> | Buffer[] {
  return Buffer.isBuffer(data) ? [data] : (data as AsyncIterable<Buffer>);
}

/**
 * Files under `<root>/<key>`. A write goes to a temporary file in `<root>/.tmp` (the same file system),
 * is flushed to disk and then renamed into place, so a reader sees either nothing or the whole file,
 * never a half-written one, even if the process dies mid-write.
 */
export class FileMediaStore implements MediaStore {
  private readonly tmpDir: string;
  private swept = false;

  constructor(readonly root: string) {
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, '.tmp');
  }

  /** The file of `key`, checked twice: by the key's shape and by where the path resolves to. */
  pathOf(key: string): string {
    assertValidKey(key);
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(this.root + path.sep)) throw new InvalidMediaKeyError(key);
    return file;
  }

  async put(key: string, data: Readable | Buffer, opts: { maxBytes?: number } = {}) {
    const file = this.pathOf(key);
    await fs.promises.mkdir(this.tmpDir, { recursive: true });
    if (!this.swept) await this.sweepTemporaryFiles();
    const tmp = path.join(this.tmpDir, `${crypto.randomUUID()}.part`);
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    const fh = await fs.promises.open(tmp, 'wx', 0o640);
    try {
      for await (const chunk of chunksOf(data)) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        bytes += buf.length;
        if (opts.maxBytes !== undefined && bytes > opts.maxBytes) throw new MediaTooLargeError(opts.maxBytes);
        hash.update(buf);
        await fh.write(buf);
      }
      await fh.sync();
      await fh.close();
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await fs.promises.rename(tmp, file);
    } catch (err) {
      await fh.close().catch(() => undefined);
      await fs.promises.rm(tmp, { force: true });
      if (!Buffer.isBuffer(data)) data.destroy();
      throw err;
    }
    await syncDir(path.dirname(file));
    return { bytes, sha256: hash.digest('hex') };
  }

  async get(key: string) {
    const file = this.pathOf(key);
    let fh: fs.promises.FileHandle;
    try {
      fh = await fs.promises.open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const { size } = await fh.stat();
    return { stream: fh.createReadStream({ autoClose: true }), size };
  }

  async delete(key: string) {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  async exists(key: string) {
    try {
      return (await fs.promises.stat(this.pathOf(key))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** Temporary files left by a process that died mid-write; a day old is surely not being written. */
  private async sweepTemporaryFiles() {
    this.swept = true;
    const dayAgo = Date.now() - 86_400_000;
    for (const name of await fs.promises.readdir(this.tmpDir).catch(() => [] as string[])) {
      const p = path.join(this.tmpDir, name);
      const st = await fs.promises.stat(p).catch(() => null);
      if (st && st.mtimeMs < dayAgo) await fs.promises.rm(p, { force: true });
    }
  }
}

async function syncDir(dir: string) {
  // The rename is durable only once the directory entry is; not every platform can fsync a directory.
  const d = await fs.promises.open(dir, 'r').catch(() => null);
  if (!d) return;
  await d.sync().catch(() => undefined);
  await d.close();
}

/** For tests: the same contract, in a Map. */
export class MemoryMediaStore implements MediaStore {
  readonly files = new Map<string, Buffer>();

  async put(key: string, data: Readable | Buffer, opts: { maxBytes?: number } = {}) {
    assertValidKey(key);
    const parts: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of chunksOf(data)) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      bytes += buf.length;
      if (opts.maxBytes !== undefined && bytes > opts.maxBytes) {
        if (!Buffer.isBuffer(data)) data.destroy();
        throw new MediaTooLargeError(opts.maxBytes);
      }
      parts.push(buf);
    }
    const all = Buffer.concat(parts);
    this.files.set(key, all);
    return { bytes, sha256: sha256Of(all) };
  }

  async get(key: string) {
    assertValidKey(key);
    const buf = this.files.get(key);
    return buf ? { stream: Readable.from([buf]), size: buf.length } : null;
  }

  async delete(key: string) {
    assertValidKey(key);
    this.files.delete(key);
  }

  async exists(key: string) {
    assertValidKey(key);
    return this.files.has(key);
  }
}

const stores = new WeakMap<Config, MediaStore>();

/**
 * The media store of this configuration: files under `<dataDir>/media` (one instance per config, so
 * every request of one app shares it). Choosing another backend (S3-like) would happen here.
 */
export function mediaStoreFor(config: Config): MediaStore {
  let store = stores.get(config);
  if (!store) {
    store = new FileMediaStore(path.join(config.dataDir, 'media'));
    stores.set(config, store);
  }
  return store;
}

/** Tests: make `config` use `store` (e.g. a MemoryMediaStore). */
export function useMediaStore(config: Config, store: MediaStore): MediaStore {
  stores.set(config, store);
  return store;
}
