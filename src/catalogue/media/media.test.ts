import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { article } from '../schema.ts';
import { MAX_IMAGE_BYTES } from './limits.ts';
import type { MediaView } from './media-schemas.ts';

let t: TestApp;
let dataDir: string;
let assortment: Client;
let prescriber: Client;
let customerService: Client;
let n = 0;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-media-'));
  t = await startTestApp({ config: { dataDir } });
  [assortment, prescriber, customerService] = await Promise.all([t.login('sortiment'), t.login('forskrivare'), t.login('kundtjanst')]);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function givenArticle(opts: { published?: boolean } = {}): Promise<string> {
  n++;
  const name = `Rullstol Ängel ${n}`;
  const [row] = await t.database.db
    .insert(article)
    .values({
      articleNumber: `MEDIA-${n}`,
      name,
      sortKey: swedishSortKey(name),
      articleType: 'H',
      chargingForm: 'rent',
      stockForm: 'stock',
      published: opts.published ?? false,
    })
    .returning({ id: article.id });
  return row!.id;
}

/** A photo-like image: noise compresses badly, so the original is large and its thumbnail much smaller. */
const noise = (width: number, height: number) => sharp(crypto.randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const svgOf = (body: string, attrs = '') => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"${attrs}>${body}</svg>`);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const HTML = Buffer.from('<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(document.cookie)</script></body></html>');

interface Part {
  name: string;
  type: string;
  data: Buffer;
}

/** Sends a multipart upload as a browser would, fields in the given order. */
async function upload(client: Client, articleId: string, fields: Record<string, string>, file?: Part, opts: { fileFirst?: boolean } = {}) {
  const form = new FormData();
  const addFile = () => file && form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  if (opts.fileFirst) addFile();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (!opts.fileFirst) addFile();
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return t.app.inject({
    method: 'POST',
    url: `/api/catalogue/articles/${articleId}/media`,
    headers: { cookie: client.cookie!, 'x-csrf-token': client.csrf!, 'content-type': req.headers.get('content-type')! },
    payload: Buffer.from(await req.arrayBuffer()),
  });
}

const get = (client: Client, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: client.cookie!, ...headers } });

/** Every file in the media store (temporary files included, so a half-written one would show). */
function storedFiles(): string[] {
  const root = path.join(dataDir, 'media');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(root, p)).isFile());
}

async function mediaRows(articleId: string) {
  return t.database.query<{ id: string }>(`select id from media where article_id = $1`, [articleId]);
}

async function auditActions(articleId: string) {
  return (await t.database.query<{ action: string }>(`select action from audit_log where entity_id = $1 order by id`, [articleId])).map((r) => r.action);
}

/** Runs `fn` and checks that it stored nothing: no row, no file, no audit row. */
async function storesNothing<T>(articleId: string, fn: () => Promise<T>): Promise<T> {
  const files = storedFiles();
  const audits = await auditActions(articleId);
  const result = await fn();
  expect(await mediaRows(articleId)).toEqual([]);
  expect(storedFiles()).toEqual(files);
  expect(await auditActions(articleId)).toEqual(audits);
  return result;
}

const errorOf = (res: { json(): unknown }) => (res.json() as { error: { code: string; message: string } }).error;

describe('uploading images', () => {
  it('a PNG is stored with a WebP thumbnail 320 px wide and much smaller than the original', async () => {
    const id = await givenArticle();
    const png = await noise(640, 480).png().toBuffer();
    const res = await upload(assortment, id, { kind: 'image', title: 'Framsida' }, { name: 'rullstol.png', type: 'image/png', data: png });
    expect(res.statusCode).toBe(201);
    const m = res.json() as MediaView;
    expect(m).toMatchObject({ articleId: id, kind: 'image', title: 'Framsida', contentType: 'image/png', bytes: png.length, sha256: sha(png), position: 0 });
    expect(m.url).toBe(`/api/catalogue/media/${m.id}`);
    expect(m.thumbnailUrl).toBe(`/api/catalogue/media/${m.id}/thumbnail`);

    const original = await get(assortment, m.url);
    expect(original.statusCode).toBe(200);
    expect(original.rawPayload.equals(png)).toBe(true);

    const thumb = await get(assortment, m.thumbnailUrl!);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 320, height: 240 });
    expect(thumb.rawPayload.length).toBeLessThan(png.length / 2);
    expect(await auditActions(id)).toEqual(['article.media.add']);
  });

  it('a JPEG is stored with its thumbnail; the title defaults to the file name', async () => {
    const id = await givenArticle();
    const jpeg = await noise(400, 300).jpeg({ quality: 90 }).toBuffer();
    const res = await upload(assortment, id, { kind: 'image' }, { name: 'C:\\bilder\\Rollator Ö.jpg', type: 'image/jpeg', data: jpeg });
    expect(res.statusCode).toBe(201);
    const m = res.json() as MediaView;
    expect(m).toMatchObject({ contentType: 'image/jpeg', title: 'Rollator Ö' });
    const thumb = await get(assortment, m.thumbnailUrl!);
    expect((await sharp(thumb.rawPayload).metadata()).format).toBe('webp');
  });

  it('the content type and file name the client gives are ignored: a PNG sent as text/html named .pdf is a PNG', async () => {
    const id = await givenArticle();
    const png = await noise(50, 50).png().toBuffer();
    const res = await upload(assortment, id, { kind: 'image', title: 'Bild' }, { name: 'dokument.pdf', type: 'text/html', data: png });
    expect(res.statusCode).toBe(201);
    expect((res.json() as MediaView).contentType).toBe('image/png');
  });

  it('a clean SVG is accepted and is its own thumbnail', async () => {
    const id = await givenArticle();
    const svg = svgOf('<circle cx="10" cy="10" r="8" fill="#0a0"/>');
    const res = await upload(assortment, id, { kind: 'image', title: 'Symbol' }, { name: 'symbol.svg', type: 'image/svg+xml', data: svg });
    expect(res.statusCode).toBe(201);
    const m = res.json() as MediaView;
    expect(m.contentType).toBe('image/svg+xml');
    const thumb = await get(assortment, m.thumbnailUrl!);
    expect(thumb.headers['content-type']).toBe('image/svg+xml');
    expect(thumb.rawPayload.equals(svg)).toBe(true);
  });

  it.each([
    ['a <script>', svgOf('<script>alert(1)</script>'), /skript/],
    ['an onload attribute', svgOf('<rect width="5" height="5"/>', ' onload="alert(1)"'), /onload/],
    ['a javascript: link', svgOf('<a href="javascript:alert(1)"><rect width="5" height="5"/></a>'), /javascript/],
  ])('an SVG with %s is refused with 415 and nothing is stored', async (_what, svg, reason) => {
    const id = await givenArticle();
    const res = await storesNothing(id, () => upload(assortment, id, { kind: 'image' }, { name: 'bild.svg', type: 'image/svg+xml', data: svg }));
    expect(res.statusCode).toBe(415);
    expect(errorOf(res)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(errorOf(res).message).toMatch(reason);
  });

  it('HTML named .png and sent as image/png is refused with 415 and a clear Swedish message; no row, no file, no audit', async () => {
    const id = await givenArticle();
    const res = await storesNothing(id, () => upload(assortment, id, { kind: 'image', title: 'Bild' }, { name: 'bild.png', type: 'image/png', data: HTML }));
    expect(res.statusCode).toBe(415);
    expect(errorOf(res)).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Filen är inte en bild: innehållet är HTML. Tillåtna bildformat är JPEG, PNG, WebP, GIF eller SVG.',
    });
  });

  it('bytes that start like a PNG but do not decode are refused (415), nothing stored', async () => {
    const id = await givenArticle();
    const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('<html><script>x</script>')]);
    const res = await storesNothing(id, () => upload(assortment, id, { kind: 'image' }, { name: 'x.png', type: 'image/png', data: fake }));
    expect(res.statusCode).toBe(415);
    expect(errorOf(res).message).toBe('Bilden är skadad eller kan inte läsas');
  });

  it('an image over 10 MB is refused with 413 and nothing is stored, whether the kind comes before or after the file', async () => {
    const id = await givenArticle();
    const big = Buffer.concat([await noise(10, 10).png().toBuffer(), Buffer.alloc(MAX_IMAGE_BYTES)]);
    for (const fileFirst of [false, true]) {
      const res = await storesNothing(id, () => upload(assortment, id, { kind: 'image' }, { name: 'stor.png', type: 'image/png', data: big }, { fileFirst }));
      expect(res.statusCode).toBe(413);
      expect(errorOf(res)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Filen är för stor: en bild får vara högst 10 MB' });
    }
  });

  it('the same file twice on one article gives the existing media (200, not 201) and one row', async () => {
    const id = await givenArticle();
    const png = await noise(60, 40).png().toBuffer();
    const first = await upload(assortment, id, { kind: 'image', title: 'Ett' }, { name: 'a.png', type: 'image/png', data: png });
    const second = await upload(assortment, id, { kind: 'image', title: 'Två' }, { name: 'b.png', type: 'image/png', data: png });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect((second.json() as MediaView).id).toBe((first.json() as MediaView).id);
    expect((second.json() as MediaView).title).toBe('Ett');
    expect(await mediaRows(id)).toHaveLength(1);
    expect(await auditActions(id)).toEqual(['article.media.add']);
  });

  it('the same file uploaded twice at once gives one row: one 201 and one 200 with the same id', async () => {
    const id = await givenArticle();
    const png = await noise(70, 50).png().toBuffer();
    const file = { name: 'a.png', type: 'image/png', data: png };
    const both = await Promise.all([upload(assortment, id, { kind: 'image' }, file), upload(assortment, id, { kind: 'image' }, file)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(new Set(both.map((r) => (r.json() as MediaView).id)).size).toBe(1);
    expect(await mediaRows(id)).toHaveLength(1);
  });

  it('the same file on two articles is two rows sharing one stored file', async () => {
    const [a, b] = [await givenArticle(), await givenArticle()];
    const png = await noise(30, 30).png().toBuffer();
    const before = storedFiles().length;
    expect((await upload(assortment, a, { kind: 'image' }, { name: 'a.png', type: 'image/png', data: png })).statusCode).toBe(201);
    expect((await upload(assortment, b, { kind: 'image' }, { name: 'a.png', type: 'image/png', data: png })).statusCode).toBe(201);
    expect(storedFiles().length).toBe(before + 2); // the original and its thumbnail, once
  });
});

describe('uploading documents', () => {
  it('a PDF is accepted, has no thumbnail and is served inline with its title as file name', async () => {
    const id = await givenArticle();
    const res = await upload(
      assortment,
      id,
      { kind: 'userManual', title: 'Bruksanvisning Rollator Å' },
      { name: 'manual.pdf', type: 'application/pdf', data: PDF },
    );
    expect(res.statusCode).toBe(201);
    const m = res.json() as MediaView;
    expect(m).toMatchObject({ kind: 'userManual', contentType: 'application/pdf', thumbnailUrl: null, bytes: PDF.length });
    const served = await get(assortment, m.url);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.headers['content-disposition']).toBe(
      `inline; filename="Bruksanvisning Rollator A.pdf"; filename*=UTF-8''Bruksanvisning%20Rollator%20%C3%85.pdf`,
    );
    // The app's CSP, but with the plugin the browser's PDF viewer needs allowed for the document itself.
    expect(served.headers['content-security-policy']).toContain("object-src 'self'");
    expect((await get(assortment, `${m.url}/thumbnail`)).statusCode).toBe(404);
  });

  it('HTML sent as a PDF is refused with 415, nothing stored', async () => {
    const id = await givenArticle();
    const res = await storesNothing(id, () => upload(assortment, id, { kind: 'prescriberInfo' }, { name: 'info.pdf', type: 'application/pdf', data: HTML }));
    expect(res.statusCode).toBe(415);
    expect(errorOf(res).message).toBe('Filen är inte en PDF: innehållet är HTML. Dokument ska vara PDF-filer.');
  });

  it('an image uploaded as a service manual is refused: documents are PDF', async () => {
    const id = await givenArticle();
    const png = await noise(10, 10).png().toBuffer();
    const res = await storesNothing(id, () => upload(assortment, id, { kind: 'serviceManual' }, { name: 'x.png', type: 'image/png', data: png }));
    expect(res.statusCode).toBe(415);
  });
});

describe('upload requests that are wrong', () => {
  it('a missing or unknown kind, a missing file, an unknown field or a JSON body are 400/415, nothing stored', async () => {
    const id = await givenArticle();
    const png = await noise(10, 10).png().toBuffer();
    const file = { name: 'x.png', type: 'image/png', data: png };
    await storesNothing(id, async () => {
      const noKind = await upload(assortment, id, { title: 'x' }, file);
      expect([noKind.statusCode, errorOf(noKind).code]).toEqual([400, 'VALIDATION']);
      const badKind = await upload(assortment, id, { kind: 'video' }, file);
      expect(badKind.statusCode).toBe(400);
      const noFile = await upload(assortment, id, { kind: 'image' });
      expect(noFile.statusCode).toBe(400);
      const extra = await upload(assortment, id, { kind: 'image', isAdmin: 'true' }, file);
      expect(extra.statusCode).toBe(400);
      const longTitle = await upload(assortment, id, { kind: 'image', title: 'x'.repeat(201) }, file);
      expect(longTitle.statusCode).toBe(400);
      const json = await assortment.post(`/api/catalogue/articles/${id}/media`, { kind: 'image' });
      expect([json.statusCode, errorOf(json).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });
  });

  it('a multipart body cut off in the middle, or with too many parts, is refused with 400', async () => {
    const id = await givenArticle();
    const boundary = 'gransen';
    const send = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/catalogue/articles/${id}/media`,
        headers: { cookie: assortment.cookie!, 'x-csrf-token': assortment.csrf!, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    await storesNothing(id, async () => {
      const cut = await send(
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nimage\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG`,
      );
      expect(cut.statusCode).toBe(400);
      const many =
        Array.from({ length: 20 }, (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join('') + `--${boundary}--\r\n`;
      const tooMany = await send(many);
      expect([tooMany.statusCode, errorOf(tooMany).code]).toEqual([400, 'VALIDATION']);
    });
  });

  it('an upload to an article that does not exist is 404', async () => {
    const png = await noise(10, 10).png().toBuffer();
    const res = await upload(assortment, crypto.randomUUID(), { kind: 'image' }, { name: 'x.png', type: 'image/png', data: png });
    expect(res.statusCode).toBe(404);
  });
});

describe('who may do what', () => {
  it('a prescriber cannot upload (403), change or remove media; customer service cannot upload either', async () => {
    const id = await givenArticle({ published: true });
    const png = await noise(10, 10).png().toBuffer();
    const file = { name: 'x.png', type: 'image/png', data: png };
    await storesNothing(id, async () => {
      expect((await upload(prescriber, id, { kind: 'image' }, file)).statusCode).toBe(403);
      expect((await upload(customerService, id, { kind: 'image' }, file)).statusCode).toBe(403);
    });
    const m = (await upload(assortment, id, { kind: 'image' }, file)).json() as MediaView;
    expect((await prescriber.patch(`/api/catalogue/media/${m.id}`, { title: 'Nej' })).statusCode).toBe(403);
    expect((await prescriber.delete(`/api/catalogue/media/${m.id}`)).statusCode).toBe(403);
    expect(await mediaRows(id)).toHaveLength(1);
  });

  it('a prescriber reads media of a published article but gets 404 for an unpublished one; the centre reads both', async () => {
    const [published, unpublished] = [await givenArticle({ published: true }), await givenArticle({ published: false })];
    const png = await noise(20, 20).png().toBuffer();
    const pub = (await upload(assortment, published, { kind: 'image' }, { name: 'a.png', type: 'image/png', data: png })).json() as MediaView;
    const unpub = (await upload(assortment, unpublished, { kind: 'image' }, { name: 'a.png', type: 'image/png', data: png })).json() as MediaView;

    for (const url of [pub.url, pub.thumbnailUrl!, `/api/catalogue/articles/${published}/media`])
      expect((await get(prescriber, url)).statusCode, url).toBe(200);
    for (const url of [unpub.url, unpub.thumbnailUrl!, `/api/catalogue/articles/${unpublished}/media`]) {
      const res = await get(prescriber, url);
      expect(res.statusCode, url).toBe(404);
      expect(errorOf(res).code).toBe('NOT_FOUND');
    }
    for (const url of [unpub.url, unpub.thumbnailUrl!, `/api/catalogue/articles/${unpublished}/media`])
      expect((await get(customerService, url)).statusCode, url).toBe(200);
  });

  it('a removed article hides its media from the ordering side', async () => {
    const id = await givenArticle({ published: true });
    const m = (await upload(assortment, id, { kind: 'userManual' }, { name: 'm.pdf', type: 'application/pdf', data: PDF })).json() as MediaView;
    await t.database.query(`update article set removed_at = now() where id = $1`, [id]);
    expect((await get(prescriber, m.url)).statusCode).toBe(404);
    expect((await get(assortment, m.url)).statusCode).toBe(200);
  });

  it('anonymous callers get 401', async () => {
    const id = await givenArticle({ published: true });
    const m = (await upload(assortment, id, { kind: 'userManual' }, { name: 'm.pdf', type: 'application/pdf', data: PDF })).json() as MediaView;
    expect((await t.anonymous.get(m.url)).statusCode).toBe(401);
    expect((await t.anonymous.get(`/api/catalogue/articles/${id}/media`)).statusCode).toBe(401);
  });
});

describe('serving', () => {
  it('sends content type, length, the sha256 as strong ETag, immutable public caching and nosniff; 304 on If-None-Match', async () => {
    const id = await givenArticle({ published: true });
    const png = await noise(100, 80).png().toBuffer();
    const m = (await upload(assortment, id, { kind: 'image' }, { name: 'a.png', type: 'image/png', data: png })).json() as MediaView;
    const res = await get(prescriber, m.url);
    expect(res.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(png.length),
      etag: `"${sha(png)}"`,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    const again = await get(prescriber, m.url, { 'if-none-match': `"${sha(png)}"` });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(`"${sha(png)}"`);
    expect((await get(prescriber, m.url, { 'if-none-match': `W/"other", W/"${sha(png)}"` })).statusCode).toBe(304);
    expect((await get(prescriber, m.url, { 'if-none-match': '"other"' })).statusCode).toBe(200);

    const thumb = await get(prescriber, m.thumbnailUrl!);
    expect(thumb.headers.etag).toBe(`"${sha(png)}-thumb"`);
    expect(thumb.headers['content-length']).toBe(String(thumb.rawPayload.length));
    expect((await get(prescriber, m.thumbnailUrl!, { 'if-none-match': thumb.headers.etag as string })).statusCode).toBe(304);
  });

  it('media of an unpublished article may only be cached privately', async () => {
    const id = await givenArticle({ published: false });
    const m = (await upload(assortment, id, { kind: 'userManual' }, { name: 'm.pdf', type: 'application/pdf', data: PDF })).json() as MediaView;
    expect((await get(assortment, m.url)).headers['cache-control']).toBe('private, max-age=31536000, immutable');
  });

  it('an SVG is served with a strict Content-Security-Policy, as original and as thumbnail', async () => {
    const id = await givenArticle({ published: true });
    const svg = svgOf('<rect width="10" height="10" style="fill:#123"/>');
    const m = (await upload(assortment, id, { kind: 'image' }, { name: 's.svg', type: 'image/svg+xml', data: svg })).json() as MediaView;
    for (const url of [m.url, m.thumbnailUrl!]) {
      const res = await get(prescriber, url);
      expect(res.headers).toMatchObject({
        'content-type': 'image/svg+xml',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        'x-content-type-options': 'nosniff',
        etag: `"${sha(svg)}"`,
      });
    }
  });

  it('a media id that does not exist is 404', async () => {
    expect((await get(assortment, `/api/catalogue/media/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });
});

describe('listing, ordering and removing', () => {
  it('lists an article’s media in position order; PATCH changes title and position, with an audit row', async () => {
    const id = await givenArticle({ published: true });
    const a = (
      await upload(assortment, id, { kind: 'image', title: 'A' }, { name: 'a.png', type: 'image/png', data: await noise(10, 10).png().toBuffer() })
    ).json() as MediaView;
    const b = (await upload(assortment, id, { kind: 'userManual', title: 'B' }, { name: 'b.pdf', type: 'application/pdf', data: PDF })).json() as MediaView;
    expect([a.position, b.position]).toEqual([0, 1]);

    const patched = await assortment.patch(`/api/catalogue/media/${a.id}`, { title: 'Framsida', position: 5 });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: a.id, title: 'Framsida', position: 5 });

    const list = await get(prescriber, `/api/catalogue/articles/${id}/media`);
    expect((list.json() as MediaView[]).map((m) => [m.title, m.kind, m.contentType, m.url, m.thumbnailUrl, m.position])).toEqual([
      ['B', 'userManual', 'application/pdf', b.url, null, 1],
      ['Framsida', 'image', 'image/png', a.url, a.thumbnailUrl, 5],
    ]);
    expect(await auditActions(id)).toEqual(['article.media.add', 'article.media.add', 'article.media.update']);
    expect((await assortment.patch(`/api/catalogue/media/${a.id}`, {})).statusCode).toBe(400);
    expect((await assortment.patch(`/api/catalogue/media/${a.id}`, { position: -1 })).statusCode).toBe(400);
  });

  it('DELETE removes the row and its files, but keeps files another article still uses', async () => {
    const [a, b] = [await givenArticle(), await givenArticle()];
    const png = await noise(25, 25).png().toBuffer();
    const key = sha(png);
    const onA = (await upload(assortment, a, { kind: 'image' }, { name: 'a.png', type: 'image/png', data: png })).json() as MediaView;
    const onB = (await upload(assortment, b, { kind: 'image' }, { name: 'a.png', type: 'image/png', data: png })).json() as MediaView;
    const filesOf = () => storedFiles().filter((f) => f.includes(key));
    expect(filesOf()).toHaveLength(2);

    expect((await assortment.delete(`/api/catalogue/media/${onA.id}`)).statusCode).toBe(204);
    expect(await mediaRows(a)).toEqual([]);
    expect(filesOf()).toHaveLength(2);
    expect((await get(assortment, onB.thumbnailUrl!)).statusCode).toBe(200);

    expect((await assortment.delete(`/api/catalogue/media/${onB.id}`)).statusCode).toBe(204);
    expect(filesOf()).toEqual([]);
    expect(await auditActions(b)).toEqual(['article.media.add', 'article.media.remove']);
    expect((await assortment.delete(`/api/catalogue/media/${onB.id}`)).statusCode).toBe(404);
    expect((await get(assortment, onB.url)).statusCode).toBe(404);
  });

  it('a file removed and uploaded again is stored again', async () => {
    const id = await givenArticle();
    const png = await noise(15, 15).png().toBuffer();
    const first = (await upload(assortment, id, { kind: 'image' }, { name: 'a.png', type: 'image/png', data: png })).json() as MediaView;
    await assortment.delete(`/api/catalogue/media/${first.id}`);
    const again = await upload(assortment, id, { kind: 'image' }, { name: 'a.png', type: 'image/png', data: png });
    expect(again.statusCode).toBe(201);
    expect((await get(assortment, (again.json() as MediaView).url)).rawPayload.equals(png)).toBe(true);
  });
});
