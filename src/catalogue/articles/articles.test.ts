import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { seedIsoCodes } from '../iso/seed-iso-codes.ts';
import type { ArticleView } from './article-schemas.ts';
import { validGtin } from './article-schemas.ts';
import { givenArticle, givenPrice, givenSupplier, gtinFor } from '../testing/article-fixtures.ts';

let t: TestApp;
let prescriber: Client;
let assortment: Client;
let centre: Client;
let mainId = '';
let partId = '';
let hiddenPartId = '';

const newArticle = (over: Record<string, unknown> = {}) => ({
  name: 'Duschpall Ändringsbar',
  articleType: 'H',
  isoCode: '09 33 03',
  chargingForm: 'sale',
  stockForm: 'orderItem',
  ...over,
});

beforeAll(async () => {
  t = await startTestApp();
  await seedIsoCodes(t.database.db);
  const s = await givenSupplier(t.database, 'Åbergs Rehab');
  mainId = (await givenArticle(t.database, { name: 'Rullstol Aktiv', isoCode: '12 22 03', isoEdition: '2022', supplierId: s.id })).id;
  partId = (await givenArticle(t.database, { name: 'Broms till rullstol', articleType: 'R' })).id;
  hiddenPartId = (await givenArticle(t.database, { name: 'Testdel opublicerad', articleType: 'T', published: false, orderable: false })).id;
  await givenPrice(t.database, { articleId: mainId, kind: 'general', amount: '450.00', validFrom: '2020-01-01', validTo: null });
  await givenPrice(t.database, { articleId: mainId, kind: 'agreed', amount: '300.00', validFrom: '2020-01-01', validTo: null });
  prescriber = await t.login('forskrivare');
  assortment = await t.login('sortiment');
  centre = await t.login('kundtjanst');
});
afterAll(() => t?.close());

describe('article page', () => {
  it('shows the ISO node, supplier and the customer price; the ordering side never sees agreed prices', async () => {
    const res = await prescriber.get(`/api/catalogue/articles/${mainId}`);
    expect(res.statusCode).toBe(200);
    const a = res.json() as ArticleView;
    expect(a.iso?.titleSv).toBe('Manuella tvåhjulsdrivna rullstolar');
    expect(a.supplier?.name).toBe('Åbergs Rehab');
    expect(a.customerPrice?.amount).toBe('450.00');
    expect('agreedPrice' in a).toBe(false);
    expect('priceHistory' in a).toBe(false);
    expect(res.body).not.toContain('300.00');
    const c = (await centre.get(`/api/catalogue/articles/${mainId}`)).json() as ArticleView;
    expect(c.agreedPrice?.amount).toBe('300.00');
    expect(c.priceHistory).toHaveLength(2);
  });

  it('is 404 for the ordering side when the article is unpublished, but visible to the centre', async () => {
    expect((await prescriber.get(`/api/catalogue/articles/${hiddenPartId}`)).statusCode).toBe(404);
    expect((await centre.get(`/api/catalogue/articles/${hiddenPartId}`)).statusCode).toBe(200);
  });
});

describe('editing the article register', () => {
  it('lets the assortment role create a local article with a server-given L number', async () => {
    const res = await assortment.post('/api/catalogue/articles', newArticle());
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json() as ArticleView;
    expect(a.articleNumber).toMatch(/^L\d{6}$/);
    expect(a.source).toBe('local');
    const second = (await assortment.post('/api/catalogue/articles', newArticle({ name: 'Duschpall två' }))).json() as ArticleView;
    expect(Number(second.articleNumber.slice(1))).toBe(Number(a.articleNumber.slice(1)) + 1);
  });

  it('refuses invalid articles with Swedish messages per field', async () => {
    const res = await assortment.post(
      '/api/catalogue/articles',
      newArticle({ chargingForm: 'rent', unitTracked: false, isoCode: '99 99 99', serialRequired: true }),
    );
    expect(res.statusCode).toBe(400);
    const err = res.json().error as { code: string; issues: { path: string; message: string }[] };
    expect(err.code).toBe('VALIDATION');
    const byPath = Object.fromEntries(err.issues.map((i) => [i.path, i.message]));
    expect(byPath['body.unitTracked']).toBe('en huvudartikel som hyrs ut måste vara individmärkt');
    expect(byPath['body.serialRequired']).toMatch(/individmärkt/);
    expect(byPath['body.isoCode']).toBe('ISO-koden 99 99 99 finns inte i utgåva 2022');

    const bad = await assortment.post('/api/catalogue/articles', newArticle({ depreciationYears: 4, gtin: '1234567890123', name: '' }));
    expect(bad.statusCode).toBe(400);
    const msgs = (bad.json().error.issues as { path: string; message: string }[]).map((i) => `${i.path}: ${i.message}`).join('\n');
    expect(msgs).toContain('avskrivningstiden är 3 eller 5 år');
    expect(msgs).toContain('GTIN ska vara 8, 12, 13 eller 14 siffror med rätt kontrollsiffra');
    expect(msgs).toMatch(/body\.name/);
  });

  it('forbids the prescriber to edit (403) and lets the assortment role edit', async () => {
    expect((await prescriber.patch(`/api/catalogue/articles/${mainId}`, { version: 1, name: 'Nytt namn' })).statusCode).toBe(403);
    expect((await prescriber.post('/api/catalogue/articles', newArticle())).statusCode).toBe(403);
    expect((await centre.patch(`/api/catalogue/articles/${mainId}`, { version: 1, name: 'Nytt namn' })).statusCode).toBe(403);
    const res = await assortment.patch(`/api/catalogue/articles/${mainId}`, {
      version: 1,
      name: 'Rullstol Aktiv Lätt',
      depreciationYears: 5,
      inAssortment: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json() as ArticleView;
    expect(a.name).toBe('Rullstol Aktiv Lätt');
    expect(a.version).toBe(2);
  });

  it('answers 409 CONFLICT to a stale version and writes nothing', async () => {
    const res = await assortment.patch(`/api/catalogue/articles/${mainId}`, { version: 1, name: 'Gammal version' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONFLICT');
    expect(res.json().error.message).toMatch(/ändrats av någon annan.*version 1.*version 2/);
    const a = (await centre.get(`/api/catalogue/articles/${mainId}`)).json() as ArticleView;
    expect(a.name).toBe('Rullstol Aktiv Lätt');
  });

  it('keeps a history of who changed what, before → after', async () => {
    const res = await centre.get(`/api/catalogue/articles/${mainId}/history`);
    expect(res.statusCode).toBe(200);
    const [last] = res.json() as { actor: string; action: string; changes: { field: string; from: unknown; to: unknown }[] }[];
    expect(last!.actor).toBe('sortiment');
    expect(last!.action).toBe('article.update');
    expect(last!.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', from: 'Rullstol Aktiv', to: 'Rullstol Aktiv Lätt' },
        { field: 'depreciationYears', from: null, to: 5 },
        { field: 'inAssortment', from: false, to: true },
      ]),
    );
    expect((await prescriber.get(`/api/catalogue/articles/${mainId}/history`)).statusCode).toBe(403);
  });

  it('links accessories and spare parts to main articles; the ordering side sees only published parts', async () => {
    const set = await assortment.put(`/api/catalogue/articles/${partId}/fits`, { mainIds: [mainId] });
    expect(set.statusCode, set.body).toBe(200);
    expect((set.json() as ArticleView).fits.map((f) => f.id)).toEqual([mainId]);
    await assortment.put(`/api/catalogue/articles/${hiddenPartId}/fits`, { mainIds: [mainId] });
    const seen = (await prescriber.get(`/api/catalogue/articles/${mainId}`)).json() as ArticleView;
    expect(seen.parts.map((p) => p.id)).toEqual([partId]);
    const all = (await centre.get(`/api/catalogue/articles/${mainId}`)).json() as ArticleView;
    expect(all.parts.map((p) => p.name)).toEqual(['Broms till rullstol', 'Testdel opublicerad']);
    const refuse = await assortment.put(`/api/catalogue/articles/${mainId}/fits`, { mainIds: [partId] });
    expect(refuse.statusCode).toBe(400);
  });

  it('adds a price version and closes the open one the day before; a future price is not yet the customer price', async () => {
    const res = await assortment.post(`/api/catalogue/articles/${mainId}/prices`, { kind: 'general', amount: 500, validFrom: '2999-01-01' });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json() as ArticleView;
    expect(a.customerPrice?.amount).toBe('450.00');
    const old = a.priceHistory!.find((p) => p.amount === '450.00')!;
    expect(old.validTo).toBe('2998-12-31');
    const neg = await assortment.post(`/api/catalogue/articles/${mainId}/prices`, { kind: 'general', amount: -1, validFrom: '3000-01-01' });
    expect(neg.statusCode).toBe(400);
    expect(neg.json().error.message).toContain('priset får inte vara negativt');
    const overlap = await assortment.post(`/api/catalogue/articles/${mainId}/prices`, { kind: 'general', amount: 1, validFrom: '2500-01-01' });
    expect(overlap.statusCode).toBe(409);
  });

  it("finance adds general price versions (the customers' rent and sale price) but not agreed prices (issue 12)", async () => {
    const finance = await t.login('ekonomi');
    const general = await finance.post(`/api/catalogue/articles/${mainId}/prices`, { kind: 'general', amount: 520, validFrom: '3001-01-01' });
    expect(general.statusCode, general.body).toBe(201);
    const agreed = await finance.post(`/api/catalogue/articles/${mainId}/prices`, { kind: 'agreed', amount: 1, validFrom: '3001-01-01' });
    expect(agreed.statusCode).toBe(403);
  });

  it('knows a valid GTIN check digit', () => {
    expect(validGtin(gtinFor('735000000001'))).toBe(true);
    expect(validGtin('7350000000011')).toBe(validGtin(gtinFor('735000000001')) && gtinFor('735000000001') === '7350000000011');
    expect(validGtin('12345')).toBe(false);
  });

  it('lists suppliers in Swedish order', async () => {
    await givenSupplier(t.database, 'Zeta Hjälpmedel');
    await givenSupplier(t.database, 'Örebro Ortopedi');
    await givenSupplier(t.database, 'Ästad Teknik');
    const names = ((await prescriber.get('/api/catalogue/suppliers')).json() as { name: string }[]).map((s) => s.name);
    expect(names).toEqual(['Zeta Hjälpmedel', 'Åbergs Rehab', 'Ästad Teknik', 'Örebro Ortopedi']);
  });
});
