import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { seedIsoCodes } from '../iso/seed-iso-codes.ts';
import type { SearchResult } from './search-articles.ts';
import { queryTokens, tsQueryText } from './search-articles.ts';
import { givenArticle, givenPrice, givenSupplier, gtinFor } from '../testing/article-fixtures.ts';

let t: TestApp;
let prescriber: Client;
let centre: Client;
const ids: Record<string, string> = {};
const gtin = gtinFor('735000000001');
let supplierA = '';
let supplierB = '';

beforeAll(async () => {
  t = await startTestApp();
  await seedIsoCodes(t.database.db);
  const db = t.database;
  supplierA = (await givenSupplier(db, 'Rehab AB')).id;
  supplierB = (await givenSupplier(db, 'Östra Hjälpmedel AB')).id;
  const add = async (key: string, a: Parameters<typeof givenArticle>[1]) => (ids[key] = (await givenArticle(db, a)).id);
  await add('aktiv', {
    name: 'Rullstol Manuell Aktiv',
    description: 'Lätt aktivrullstol med vikbar rygg',
    isoCode: '12 22 03',
    isoEdition: '2022',
    inAssortment: true,
    supplierId: supplierA,
    supplierArticleNumber: 'RAB-4711',
    gtin,
    articleNumber: 'A100001',
  });
  await add('komfort', { name: 'Rullstol Komfort', isoCode: '12 22 03', isoEdition: '2022', inAssortment: false, supplierId: supplierB });
  await add('dyna', { name: 'Dyna till rullstol', articleType: 'T', isoCode: '12 24 30', isoEdition: '2022', inAssortment: true, supplierId: supplierA });
  await add('rollator', { name: 'Rollator Ute', isoCode: '12 06 06', isoEdition: '2022', inAssortment: true, orderable: false, supplierId: supplierB });
  await add('hemlig', { name: 'Rullstol Hemlig prototyp', published: false, orderable: false, isoCode: '12 22 03', isoEdition: '2022' });
  await add('borttagen', { name: 'Rullstol Borttagen', removedAt: new Date('2024-01-01T00:00:00Z'), isoCode: '12 22 03', isoEdition: '2022' });
  for (const name of ['Öljett', 'Zinkpasta', 'Ärmskydd', 'Axelrem', 'Åkpåse']) await add(name, { name, articleType: 'R', supplierId: supplierB });
  // Prices of 'aktiv': an expired, the current and a future general price, and an agreed (purchase) price.
  await givenPrice(db, { articleId: ids.aktiv!, kind: 'general', amount: '100.00', validFrom: '2020-01-01', validTo: '2020-12-31' });
  await givenPrice(db, { articleId: ids.aktiv!, kind: 'general', amount: '200.00', validFrom: '2021-01-01', validTo: null });
  await givenPrice(db, { articleId: ids.aktiv!, kind: 'general', amount: '300.00', validFrom: '2999-01-01', validTo: null });
  await givenPrice(db, { articleId: ids.aktiv!, kind: 'agreed', amount: '150.00', validFrom: '2021-01-01', validTo: null });
  prescriber = await t.login('forskrivare');
  centre = await t.login('kundtjanst');
});
afterAll(() => t?.close());

async function search(c: Client, params: Record<string, string>): Promise<SearchResult> {
  const res = await c.get(`/api/catalogue/articles/search?${new URLSearchParams(params)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SearchResult;
}
const names = (r: SearchResult) => r.items.map((i) => i.name);

describe('search', () => {
  it('builds the tsquery from letters and digits only, the last word as a prefix', () => {
    expect(queryTokens(`a & | ! ( ) : * ' rull`)).toEqual(['a', 'rull']);
    expect(tsQueryText(queryTokens('manuell rull'))).toBe('manuell & rull:*');
    expect(tsQueryText(queryTokens('ro'))).toBe('ro');
  });

  it('stems Swedish: "rullstolar" finds "Rullstol …"', async () => {
    const r = await search(prescriber, { q: 'rullstolar' });
    expect(names(r)).toContain('Rullstol Manuell Aktiv');
    expect(r.items.every((i) => i.matchedBy === 'text')).toBe(true);
  });

  it('treats the last word as a prefix while typing: "rull" and "manuell rol" find articles', async () => {
    expect(names(await search(prescriber, { q: 'rull' }))).toContain('Rullstol Komfort');
    expect(names(await search(prescriber, { q: 'rolla' }))).toEqual(['Rollator Ute']);
  });

  it('puts an exact article number, supplier article number or GTIN on top', async () => {
    for (const q of ['A100001', 'a100001', 'RAB-4711', gtin]) {
      const r = await search(prescriber, { q });
      expect(r.items[0]?.id, q).toBe(ids.aktiv);
      expect(r.items[0]?.matchedBy).toBe('exact');
    }
  });

  it('falls back to similar names when full-text finds nothing: "rulstol" finds rullstolar', async () => {
    const r = await search(prescriber, { q: 'rulstol' });
    expect(names(r)).toContain('Rullstol Manuell Aktiv');
    expect(r.items.every((i) => i.matchedBy === 'similar')).toBe(true);
  });

  it('ranks in-assortment main devices (type H) first, then relevance', async () => {
    const r = await search(prescriber, { q: 'rullstol' });
    expect(r.items[0]?.id).toBe(ids.aktiv);
    const dyna = r.items.findIndex((i) => i.id === ids.dyna);
    const komfort = r.items.findIndex((i) => i.id === ids.komfort);
    expect(dyna).toBeGreaterThan(0);
    expect(komfort).toBeGreaterThan(0);
  });

  it('filters on an ISO subtree by prefix: "12 22" matches "12 22 03" but not "12 06 06"', async () => {
    const r = await search(prescriber, { iso: '12 22' });
    expect(names(r).sort()).toEqual(['Rullstol Komfort', 'Rullstol Manuell Aktiv']);
    expect(names(await search(prescriber, { iso: '1206', q: 'ute' }))).toEqual(['Rollator Ute']);
  });

  it('filters on type, supplier, assortment and orderable', async () => {
    expect(names(await search(prescriber, { q: 'rullstol', type: 'T' }))).toEqual(['Dyna till rullstol']);
    expect(names(await search(prescriber, { q: 'rullstol', supplierId: supplierB }))).toEqual(['Rullstol Komfort']);
    expect(names(await search(prescriber, { q: 'rullstol', inAssortment: 'false' }))).toEqual(['Rullstol Komfort']);
    expect(names(await search(prescriber, { iso: '12', orderable: 'false' }))).toEqual(['Rollator Ute']);
  });

  it('lists without a query in Swedish order (Z before Å, Ä, Ö) with a working cursor', async () => {
    const all = await search(prescriber, { type: 'R' });
    expect(names(all)).toEqual(['Axelrem', 'Zinkpasta', 'Åkpåse', 'Ärmskydd', 'Öljett']);
    const first = await search(prescriber, { type: 'R', limit: '2' });
    expect(names(first)).toEqual(['Axelrem', 'Zinkpasta']);
    const second = await search(prescriber, { type: 'R', limit: '2', cursor: first.nextCursor! });
    expect(names(second)).toEqual(['Åkpåse', 'Ärmskydd']);
    expect(all.total).toBe(5);
  });

  it('never shows the ordering side unpublished or removed articles, even when asked', async () => {
    const r = await search(prescriber, { q: 'rullstol' });
    expect(names(r)).not.toContain('Rullstol Hemlig prototyp');
    expect(names(r)).not.toContain('Rullstol Borttagen');
    expect((await search(prescriber, { q: 'hemlig' })).items).toEqual([]);
    expect((await search(prescriber, { q: 'rullstol', published: 'false' })).items).toEqual([]);
    expect((await search(prescriber, { q: 'rullstol', includeRemoved: 'true' })).items.map((i) => i.name)).not.toContain('Rullstol Borttagen');
  });

  it('shows the centre unpublished articles, and removed ones on request, and lets it filter on published', async () => {
    expect(names(await search(centre, { q: 'rullstol' }))).toContain('Rullstol Hemlig prototyp');
    expect(names(await search(centre, { q: 'rullstol' }))).not.toContain('Rullstol Borttagen');
    expect(names(await search(centre, { q: 'rullstol', includeRemoved: 'true' }))).toContain('Rullstol Borttagen');
    expect(names(await search(centre, { q: 'rullstol', published: 'false' }))).toEqual(['Rullstol Hemlig prototyp']);
  });

  it("shows the customer's price: the general price valid today, not an expired or a future one", async () => {
    const r = await search(prescriber, { q: 'A100001' });
    expect(r.items[0]?.customerPrice).toBe('200.00');
    expect(r.items[0]?.supplierName).toBe('Rehab AB');
  });

  it('never answers 5xx to tsquery syntax or other odd input', async () => {
    const odd = [
      `a & | ! ( ) : * '`,
      `'`,
      `\\`,
      `rull:*`,
      `!!`,
      `(`,
      `%_`,
      `<->`,
      `rull & (stol | `,
      'x'.repeat(200),
      '😀 rullstol',
      `'; DROP TABLE article; --`,
      'och',
      ':*',
      '&',
    ];
    for (const q of odd) {
      const res = await prescriber.get(`/api/catalogue/articles/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBeLessThan(500);
    }
    const tooLong = await prescriber.get(`/api/catalogue/articles/search?q=${'x'.repeat(201)}`);
    expect(tooLong.statusCode).toBe(400);
    const badIso = await prescriber.get(`/api/catalogue/articles/search?iso=12x`);
    expect(badIso.statusCode).toBe(400);
    expect(badIso.json().error.message).toMatch(/ISO-kod/);
    const badCursor = await prescriber.get(`/api/catalogue/articles/search?cursor=nonsense`);
    expect(badCursor.statusCode).toBe(400);
  });

  it('requires a login', async () => {
    expect((await t.anonymous.get('/api/catalogue/articles/search?q=rullstol')).statusCode).toBe(401);
  });
});

describe('paging a ranked search', () => {
  // Two in-assortment main devices (ranked first) and three others, all named with the same word.
  beforeAll(async () => {
    const db = t.database;
    await givenArticle(db, { name: 'Glidbräda Alfa', inAssortment: true });
    await givenArticle(db, { name: 'Glidbräda Beta', inAssortment: true });
    await givenArticle(db, { name: 'Glidbräda Gamma' });
    await givenArticle(db, { name: 'Glidbräda Delta' });
    await givenArticle(db, { name: 'Överdrag till glidbräda', articleType: 'T', inAssortment: true });
  });

  it('a page filled by in-assortment main devices does not search the rest: the total is a lower bound and a next page is offered', async () => {
    const r = await search(prescriber, { q: 'glidbräda', limit: '2' });
    expect(names(r).sort()).toEqual(['Glidbräda Alfa', 'Glidbräda Beta']);
    expect(r.totalIsEstimate).toBe(true);
    expect(r.total).toBeGreaterThanOrEqual(2);
    expect(r.nextOffset).toBe(2);
  });

  it('later pages show the rest after them, in the same order as one long page, and the last page ends it', async () => {
    const all = await search(prescriber, { q: 'glidbräda' });
    expect(all.total).toBe(5);
    expect(all.totalIsEstimate).toBe(false);
    expect(names(all).slice(0, 2).sort()).toEqual(['Glidbräda Alfa', 'Glidbräda Beta']);
    const paged: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null && pages++ < 5) {
      const page: SearchResult = await search(prescriber, { q: 'glidbräda', limit: '2', offset: String(offset) });
      paged.push(...names(page));
      offset = page.nextOffset;
    }
    expect(pages).toBe(3);
    expect(paged).toEqual(names(all));
    const last = await search(prescriber, { q: 'glidbräda', limit: '2', offset: '4' });
    expect(names(last)).toEqual([names(all)[4]]);
    expect(last.total).toBe(5);
    expect(last.totalIsEstimate).toBe(false);
  });
});

describe('typo correction through the vocabulary of article names', () => {
  let assortment: Client;
  let vandskiva = '';
  beforeAll(async () => {
    assortment = await t.login('sortiment');
    // Created through the API, as the assortment role does: the name's words join the vocabulary.
    const res = await assortment.post('/api/catalogue/articles', {
      name: 'Vändskiva Mjuk',
      articleType: 'H',
      chargingForm: 'sale',
      published: true,
      orderable: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    vandskiva = res.json().id as string;
    // An article that has the word only in its description: the name-similarity fallback could never find it.
    await givenArticle(t.database, { name: 'Glidlakan Satäng', description: 'Används tillsammans med vändskiva' });
  });

  it('corrects a misspelt word to the closest word of the vocabulary and searches full text with it: "vendskiva" finds "Vändskiva …" and the description hit', async () => {
    const r = await search(prescriber, { q: 'vendskiva' });
    expect(names(r)).toEqual(['Vändskiva Mjuk', 'Glidlakan Satäng']);
    expect(r.items.every((i) => i.matchedBy === 'similar')).toBe(true);
  });

  it('keeps the words it knows (the last one as the start of a word while typing) and corrects the others: "vendskiva mju"', async () => {
    const r = await search(prescriber, { q: 'vendskiva mju' });
    expect(names(r)).toEqual(['Vändskiva Mjuk']);
    expect(r.items[0]?.matchedBy).toBe('similar');
  });

  it('learns the words of an edited name', async () => {
    const before = await assortment.get(`/api/catalogue/articles/${vandskiva}`);
    const res = await assortment.patch(`/api/catalogue/articles/${vandskiva}`, { version: before.json().version, name: 'Vändskiva Mjuk Frotté' });
    expect(res.statusCode, res.body).toBe(200);
    const r = await search(prescriber, { q: 'froté' });
    expect(names(r)).toEqual(['Vändskiva Mjuk Frotté']);
    expect(r.items[0]?.matchedBy).toBe('similar');
    const words = await t.database.query<{ word: string }>(`SELECT word FROM article_word WHERE word IN ('vändskiva', 'mjuk', 'frotté')`);
    expect(words.map((w) => w.word).sort()).toEqual(['frotté', 'mjuk', 'vändskiva']);
  });

  it('still answers an ordinary search past its last page with nothing, not with corrections', async () => {
    const r = await search(prescriber, { q: 'vändskiva', offset: '20' });
    expect(r.items).toEqual([]);
  });
});
