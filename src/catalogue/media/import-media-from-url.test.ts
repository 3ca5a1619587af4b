import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.ts';
import { testConfig, type Config } from '../../platform/config.ts';
import { systemCtx, type Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { enqueue, Worker } from '../../platform/jobs/jobs.ts';
import { createLogger } from '../../platform/logger.ts';
import { article } from '../schema.ts';
import { isPrivateAddress } from './fetch-url.ts';
import { FETCH_MEDIA_JOB, importMediaFromUrl, mediaJobHandlers, type ImportMediaOptions } from './import-media-from-url.ts';
import { MAX_IMAGE_BYTES } from './limits.ts';
import { mediaStoreFor } from './store.ts';

/** A real local web server, as the supplier's or the national database's would be. */
let server: http.Server;
let base: string;
const hits = new Map<string, number>();
/** Bytes the server managed to send of the endless response before the client hung up. */
let endlessSent = 0;
let PNG: Buffer;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');

let database: Database & { drop(): Promise<void> };
let config: Config;
let ctx: Ctx;
let dataDir: string;
const log = createLogger('silent');
const LOCAL = { allowPrivateNetwork: true };
let n = 0;

beforeAll(async () => {
  PNG = await sharp(crypto.randomBytes(400 * 300 * 3), { raw: { width: 400, height: 300, channels: 3 } })
    .png()
    .toBuffer();
  server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    switch (url) {
      case '/bilder/rollator.png':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG);
        return;
      case '/dokument/bruksanvisning.pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF);
        return;
      case '/bilder/fejk.png':
        // HTML that says it is a PNG, in its name and in its Content-Type.
        res.writeHead(200, { 'content-type': 'image/png' }).end(HTML);
        return;
      case '/bilder/oandlig.png': {
        // No Content-Length: it just keeps coming until the client stops reading.
        res.writeHead(200, { 'content-type': 'image/png' });
        const chunk = Buffer.alloc(256 * 1024);
        const pump = () => {
          while (!res.destroyed) {
            endlessSent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
        };
        res.on('close', () => undefined);
        pump();
        return;
      }
      case '/bilder/stor.png':
        // Says it is 60 MB; must be refused on the header alone.
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(60 * 1024 * 1024) });
        res.write(PNG.subarray(0, 100));
        return;
      case '/flyttad':
        res.writeHead(302, { location: '/bilder/rollator.png' }).end();
        return;
      case '/till-fil':
        res.writeHead(302, { location: 'file:///etc/passwd' }).end();
        return;
      case '/trasig':
        res.writeHead(500).end('fel');
        return;
      case '/seg':
        // Never answers; the client's timeout must end it.
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Finns inte</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-media-url-'));
  database = await freshDatabase();
  config = testConfig({ dataDir });
  ctx = systemCtx({ db: database.db, database, config, log });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function givenArticle(): Promise<string> {
  n++;
  const [row] = await database.db
    .insert(article)
    .values({
      articleNumber: `URL-${n}`,
      name: `Rollator ${n}`,
      sortKey: swedishSortKey(`Rollator ${n}`),
      articleType: 'H',
      chargingForm: 'rent',
      stockForm: 'stock',
    })
    .returning({ id: article.id });
  return row!.id;
}

function storedFiles(): string[] {
  const root = path.join(dataDir, 'media');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(root, p)).isFile());
}
const rows = (articleId: string) => database.query<{ id: string; source_url: string }>(`select id, source_url from media where article_id = $1`, [articleId]);

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('was not refused');
}

/** Expects the import to be refused with `code`, and nothing stored. */
async function refusedWith(articleId: string, url: string, code: string, kind: 'image' | 'userManual' = 'image', opts: ImportMediaOptions = LOCAL) {
  const files = storedFiles();
  const err = await refusal(importMediaFromUrl(ctx, { articleId, kind, title: 'Bild', url }, opts));
  expect(err.code).toBe(code);
  expect(await rows(articleId)).toEqual([]);
  expect(storedFiles()).toEqual(files);
  return err;
}

describe('importMediaFromUrl', () => {
  it('fetches a PNG, stores it with its thumbnail and records the row with its source URL and an audit row', async () => {
    const id = await givenArticle();
    const url = `${base}/bilder/rollator.png`;
    const { media, created } = await importMediaFromUrl(ctx, { articleId: id, kind: 'image', title: 'Rollator', url }, LOCAL);
    expect(created).toBe(true);
    expect(media).toMatchObject({ articleId: id, kind: 'image', title: 'Rollator', contentType: 'image/png', bytes: PNG.length, sourceUrl: url });
    expect(media.thumbnailUrl).not.toBeNull();
    const got = await mediaStoreFor(config).get(`${media.sha256.slice(0, 2)}/${media.sha256.slice(2, 4)}/${media.sha256}`);
    expect(got?.size).toBe(PNG.length);
    got?.stream.destroy();
    const audits = await database.query<{ action: string; actor_label: string }>(`select action, actor_label from audit_log where entity_id = $1`, [id]);
    expect(audits).toEqual([{ action: 'article.media.add', actor_label: 'system' }]);
  });

  it('a link the article already has is not fetched again (re-importing changes nothing)', async () => {
    const id = await givenArticle();
    const url = `${base}/dokument/bruksanvisning.pdf`;
    const first = await importMediaFromUrl(ctx, { articleId: id, kind: 'userManual', title: 'Bruksanvisning', url }, LOCAL);
    const hitsBefore = hits.get('/dokument/bruksanvisning.pdf');
    const again = await importMediaFromUrl(ctx, { articleId: id, kind: 'userManual', title: 'Bruksanvisning', url }, LOCAL);
    expect(again).toEqual({ media: first.media, created: false });
    expect(hits.get('/dokument/bruksanvisning.pdf')).toBe(hitsBefore);
    expect(first.media.contentType).toBe('application/pdf');
  });

  it('follows a redirect to the file', async () => {
    const id = await givenArticle();
    const { media } = await importMediaFromUrl(ctx, { articleId: id, kind: 'image', title: null, url: `${base}/flyttad` }, LOCAL);
    expect(media.bytes).toBe(PNG.length);
  });

  it('an HTML page pretending to be a PNG is refused (415) and nothing is stored', async () => {
    const err = await refusedWith(await givenArticle(), `${base}/bilder/fejk.png`, 'UNSUPPORTED_MEDIA_TYPE');
    expect(err.message).toMatch(/^Filen är inte en bild: innehållet är HTML/);
  });

  it('an endless response is cut off just past the image limit (413), nothing stored', async () => {
    endlessSent = 0;
    const err = await refusedWith(await givenArticle(), `${base}/bilder/oandlig.png`, 'PAYLOAD_TOO_LARGE');
    expect(err.message).toBe('Filen är för stor: en bild får vara högst 10 MB');
    // The client stopped reading: the server could not push much more than the limit plus socket buffers.
    await new Promise((r) => setTimeout(r, 50));
    expect(endlessSent).toBeLessThan(MAX_IMAGE_BYTES + 16 * 1024 * 1024);
  });

  it('a response declaring 60 MB is refused on its header alone (413)', async () => {
    const err = await refusedWith(await givenArticle(), `${base}/bilder/stor.png`, 'PAYLOAD_TOO_LARGE', 'userManual');
    expect(err.message).toBe('Filen är för stor: ett dokument får vara högst 50 MB');
  });

  it('a 404 is refused as NOT_FOUND, not to be retried', async () => {
    const err = await refusedWith(await givenArticle(), `${base}/finns-inte.png`, 'NOT_FOUND');
    expect(err.message).toBe('Filen finns inte på adressen (HTTP 404)');
    expect(err.details?.retryable).toBe(false);
  });

  it('a server error and a timeout are failures worth retrying', async () => {
    const id = await givenArticle();
    const broken = await refusedWith(id, `${base}/trasig`, 'BAD_REQUEST');
    expect(broken.details?.retryable).toBe(true);
    const started = Date.now();
    const slow = await refusal(importMediaFromUrl(ctx, { articleId: id, kind: 'image', title: null, url: `${base}/seg` }, { ...LOCAL, timeoutMs: 300 }));
    expect(slow.message).toBe('Hämtningen tog för lång tid och avbröts');
    expect(slow.details?.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('only http and https: other schemes, also behind a redirect, are refused', async () => {
    const id = await givenArticle();
    for (const url of ['file:///etc/passwd', 'ftp://example.se/a.png', 'javascript:alert(1)', 'inte en adress', `${base}/till-fil`]) {
      const err = await refusal(importMediaFromUrl(ctx, { articleId: id, kind: 'image', title: null, url }, LOCAL));
      expect(err.code, url).toBe('VALIDATION');
      expect(err.message, url).toMatch(/http|URL/);
    }
    expect(await rows(id)).toEqual([]);
  });

  it('by default a link into a private or loopback network is not fetched (SSRF)', async () => {
    const id = await givenArticle();
    const before = hits.get('/bilder/rollator.png') ?? 0;
    for (const url of [
      `${base}/bilder/rollator.png`,
      `http://localhost:${new URL(base).port}/bilder/rollator.png`,
      'http://[::1]/a.png',
      'http://169.254.169.254/latest/meta-data',
    ]) {
      const err = await refusedWith(id, url, 'BAD_REQUEST', 'image', {});
      expect(err.message, url).toBe('Adressen pekar på ett internt nät och hämtas inte');
    }
    expect(hits.get('/bilder/rollator.png') ?? 0).toBe(before);
    expect([isPrivateAddress('10.1.2.3'), isPrivateAddress('::ffff:192.168.1.1'), isPrivateAddress('fd00::1'), isPrivateAddress('93.184.216.34')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('an article that does not exist is 404, and a prescriber may not import', async () => {
    const err = await refusal(
      importMediaFromUrl(ctx, { articleId: crypto.randomUUID(), kind: 'image', title: null, url: `${base}/bilder/rollator.png` }, LOCAL),
    );
    expect(err.code).toBe('NOT_FOUND');
    const prescriber: Ctx = {
      ...ctx,
      requestId: 'req-1',
      actor: {
        userId: crypto.randomUUID(),
        username: 'p',
        name: 'P',
        roles: new Set(['prescriber']),
        customerIds: [],
        defaultCustomerId: null,
        careProviderIds: [],
      },
    };
    const forbidden = await refusal(
      importMediaFromUrl(prescriber, { articleId: await givenArticle(), kind: 'image', title: null, url: `${base}/bilder/rollator.png` }, LOCAL),
    );
    expect(forbidden.code).toBe('FORBIDDEN');
  });
});

describe('the background job catalogue.fetch-media', () => {
  const worker = () => new Worker({ database, log, handlers: mediaJobHandlers(database, config, log, LOCAL) });
  const jobs = () =>
    database.query<{ state: string; attempts: number; last_error: string | null }>(`select state, attempts, last_error from job where kind = $1 order by id`, [
      FETCH_MEDIA_JOB,
    ]);

  it('fetches the media of a link; a link that can never work ends the job with an audit row; a server error is retried', async () => {
    const [ok, fake, broken] = [await givenArticle(), await givenArticle(), await givenArticle()];
    await enqueue(database.db, FETCH_MEDIA_JOB, { articleId: ok, kind: 'image', title: 'Framsida', url: `${base}/bilder/rollator.png` });
    await enqueue(database.db, FETCH_MEDIA_JOB, { articleId: fake, kind: 'image', title: 'Fejk', url: `${base}/bilder/fejk.png` });
    await enqueue(database.db, FETCH_MEDIA_JOB, { articleId: broken, kind: 'image', title: 'Trasig', url: `${base}/trasig` });
    expect(await worker().runDue()).toBe(3);

    expect(await jobs()).toEqual([
      { state: 'done', attempts: 1, last_error: null },
      { state: 'done', attempts: 1, last_error: null },
      { state: 'pending', attempts: 1, last_error: 'Servern svarade HTTP 500 när filen hämtades' },
    ]);
    expect((await rows(ok)).map((r) => r.source_url)).toEqual([`${base}/bilder/rollator.png`]);
    expect(await rows(fake)).toEqual([]);
    const [failed] = await database.query<{ action: string; details: { code: string; url: string } }>(
      `select action, details from audit_log where entity_id = $1`,
      [fake],
    );
    expect(failed).toMatchObject({ action: 'article.media.fetch-failed', details: { code: 'UNSUPPORTED_MEDIA_TYPE', url: `${base}/bilder/fejk.png` } });
  });
});
