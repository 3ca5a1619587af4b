import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../platform/config.ts';
import {
  contentKey,
  FileMediaStore,
  InvalidMediaKeyError,
  mediaStoreFor,
  MediaTooLargeError,
  MemoryMediaStore,
  sha256Of,
  useMediaStore,
  type MediaStore,
} from './store.ts';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-media-store-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = async (store: MediaStore, key: string) => {
  const got = await store.get(key);
  if (!got) return null;
  const chunks: Buffer[] = [];
  for await (const c of got.stream) chunks.push(c as Buffer);
  return { size: got.size, data: Buffer.concat(chunks) };
};

const TRAVERSAL_KEYS = [
  '../secret',
  '../../etc/passwd',
  'ab/../../x',
  'ab/./cd',
  '/etc/passwd',
  '.tmp/x',
  'ab/.hidden',
  'ab\\..\\x',
  'ab//cd',
  'ab/cd/',
  '',
  'a\u0000b',
  'ab/cd/%2e%2e',
  'å/ä',
];

describe.each([
  ['file store', () => new FileMediaStore(path.join(dir, `s-${Math.random().toString(36).slice(2)}`))],
  ['memory store', () => new MemoryMediaStore()],
] as const)('%s', (_name, make) => {
  it('puts, reports bytes and sha256, gets back the same bytes with their size, and deletes', async () => {
    const store = make();
    const data = Buffer.from('hjälpmedel '.repeat(1000));
    const key = contentKey(sha256Of(data));
    expect(await store.exists(key)).toBe(false);
    expect(await store.get(key)).toBeNull();
    expect(await store.put(key, data)).toEqual({ bytes: data.length, sha256: sha256Of(data) });
    expect(await store.exists(key)).toBe(true);
    expect(await read(store, key)).toEqual({ size: data.length, data });
    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
    await store.delete(key); // deleting what is not there is fine
  });

  it('takes a stream as well as a buffer', async () => {
    const store = make();
    const parts = [Buffer.from('rull'), Buffer.from('stol')];
    const res = await store.put('aa/bb/stream', Readable.from(parts));
    expect(res).toEqual({ bytes: 8, sha256: sha256Of(Buffer.from('rullstol')) });
    expect((await read(store, 'aa/bb/stream'))!.data.toString()).toBe('rullstol');
  });

  it('refuses more than maxBytes and stores nothing', async () => {
    const store = make();
    await expect(store.put('aa/bb/big', Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), { maxBytes: 1000 })).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(await store.exists('aa/bb/big')).toBe(false);
  });

  it.each(TRAVERSAL_KEYS)('refuses the key %j (path traversal or not a key the media module makes)', async (key) => {
    const store = make();
    await expect(store.put(key, Buffer.from('x'))).rejects.toBeInstanceOf(InvalidMediaKeyError);
    await expect(store.get(key)).rejects.toBeInstanceOf(InvalidMediaKeyError);
    await expect(store.exists(key)).rejects.toBeInstanceOf(InvalidMediaKeyError);
    await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidMediaKeyError);
  });
});

describe('file store', () => {
  it('shards content keys two levels deep under <dataDir>/media and leaves no temporary file behind', async () => {
    const config = testConfig({ dataDir: path.join(dir, 'data-a') });
    const store = mediaStoreFor(config);
    expect(mediaStoreFor(config)).toBe(store);
    const data = Buffer.from('en bild');
    const sha = sha256Of(data);
    await store.put(contentKey(sha), data);
    const file = path.join(config.dataDir, 'media', sha.slice(0, 2), sha.slice(2, 4), sha);
    expect(fs.readFileSync(file)).toEqual(data);
    expect(fs.readdirSync(path.join(config.dataDir, 'media', '.tmp'))).toEqual([]);
  });

  it('a write that fails part-way leaves neither the file nor a temporary file', async () => {
    const store = new FileMediaStore(path.join(dir, 'failing'));
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error('connection lost'));
      },
    });
    await expect(store.put('aa/bb/broken', broken)).rejects.toThrow('connection lost');
    expect(await store.exists('aa/bb/broken')).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'failing', '.tmp'))).toEqual([]);
  });

  it('a key maps to a path inside the root; one that would resolve outside it is refused', () => {
    const store = new FileMediaStore(path.join(dir, 'root'));
    expect(store.pathOf('ab/cd/ef')).toBe(path.join(dir, 'root', 'ab', 'cd', 'ef'));
    expect(() => store.pathOf('ab/../../etc')).toThrow(InvalidMediaKeyError);
  });

  it('a test can swap in the memory store for a config', () => {
    const config = testConfig({ dataDir: path.join(dir, 'data-b') });
    const mem = useMediaStore(config, new MemoryMediaStore());
    expect(mediaStoreFor(config)).toBe(mem);
  });

  it('contentKey accepts only a sha256', () => {
    expect(contentKey('a'.repeat(64))).toBe(`aa/aa/${'a'.repeat(64)}`);
    expect(contentKey('a'.repeat(64), 'thumb.webp')).toBe(`aa/aa/${'a'.repeat(64)}.thumb.webp`);
    expect(() => contentKey('../../etc/passwd')).toThrow(InvalidMediaKeyError);
  });
});
