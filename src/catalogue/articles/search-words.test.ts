import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { seedIsoCodes } from '../iso/seed-iso-codes.ts';
import { givenArticle } from '../testing/article-fixtures.ts';
import type { SearchResult } from './search-articles.ts';
import { fold, isoCodeInQuery, wordBases, wordForms } from './search-words.ts';

// Issue 16 item 4: the search finds what prescribers type — ISO codes, compounds, words without å, ä, ö and
// inflections of words that occur only inside compounds. On the real database, through the API.

let t: TestApp;
let prescriber: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  await seedIsoCodes(t.database.db);
  const add = async (key: string, a: Parameters<typeof givenArticle>[1]) => (ids[key] = (await givenArticle(t.database, a)).id);
  await add('trana', { name: 'Manuell rullstol Trana', isoCode: '12 22 03', isoEdition: '2022', inAssortment: true });
  await add('aktiv', { name: 'Rullstol Aktiv Sälen', isoCode: '12 22 03', isoEdition: '2022' });
  await add('transport', { name: 'Transportrullstol Vinga', isoCode: '12 22 18', isoEdition: '2022' });
  await add('el', { name: 'Elrullstol Örnen', isoCode: '12 23 06', isoEdition: '2022', inAssortment: true });
  await add('bord', { name: 'Rullstolsbord Vinga', articleType: 'T', isoCode: '12 24 15', isoEdition: '2022' });
  await add('krycka', { name: 'Armbågskrycka Björk', isoCode: '12 03 06', isoEdition: '2022', inAssortment: true });
  await add('dyna', { name: 'Sittdyna Älva, luftceller', articleType: 'T', isoCode: '04 33 03', isoEdition: '2022' });
  await add('rollator', { name: 'Rollator Älva', isoCode: '12 06 06', isoEdition: '2022', inAssortment: true });
  await add('gangstol', { name: 'Gångstol Kåre', isoCode: '12 06 09', isoEdition: '2022' });
  await add('salva', { name: 'Salva mot skavsår' });
  await add('kontroll', { name: 'Omgivningskontroll Mira', inAssortment: true });
  await add('nummer', { name: 'Duschpall Ö', articleNumber: '122203', isoCode: '09 33 03', isoEdition: '2022' });
  await add('grind', { name: 'Sänggrind Vila', articleType: 'T', isoCode: '18 12 24', isoEdition: '2022' });
  await add('dolt', { name: 'Rullstol Hemlig', isoCode: '12 22 03', isoEdition: '2022', published: false, orderable: false });
  prescriber = await t.login('forskrivare');
});
afterAll(() => t?.close());

async function search(params: Record<string, string>): Promise<SearchResult> {
  const res = await prescriber.get(`/api/catalogue/articles/search?${new URLSearchParams(params)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SearchResult;
}
const found = (r: SearchResult) => r.items.map((i) => i.id);

describe('an ISO 9999 code typed in the search box', () => {
  it.each(['12 22', '1222', '12.22', ' 12 22 '])(
    '"%s" finds the subclass and its divisions, in-assortment main devices first, then Swedish order',
    async (q) => {
      const r = await search({ q });
      expect(found(r)).toEqual([ids.trana, ids.aktiv, ids.transport]);
      expect(r.items.every((i) => i.matchedBy === 'iso')).toBe(true);
      expect(r.iso).toEqual({ code: '12 22', titleSv: expect.stringMatching(/rullstolar/i), titleEn: expect.any(String) });
    },
  );

  it.each(['12 22 03', '122203'])('"%s" finds the division; an article whose number it is comes first', async (q) => {
    const r = await search({ q });
    const division = r.items.filter((i) => i.matchedBy === 'iso').map((i) => i.id);
    expect(division).toEqual([ids.trana, ids.aktiv]);
    if (q === '122203') expect(r.items[0]).toMatchObject({ id: ids.nummer, matchedBy: 'exact' });
    else expect(found(r)).toEqual([ids.trana, ids.aktiv]);
  });

  it('with other words, searches them inside the class: "12 22 vinga" and "vinga 1222"', async () => {
    expect(found(await search({ q: '12 22 vinga' }))).toEqual([ids.transport]);
    expect(found(await search({ q: 'vinga 1222' }))).toEqual([ids.transport]);
  });

  it('pages through the class with offsets, and in the order editor (orderable only) too', async () => {
    const first = await search({ q: '1222', limit: '2' });
    expect(found(first)).toEqual([ids.trana, ids.aktiv]);
    expect(first.nextOffset).toBe(2);
    const second = await search({ q: '1222', limit: '2', offset: String(first.nextOffset) });
    expect(found(second)).toEqual([ids.transport]);
    expect(second.nextOffset).toBeNull();
    expect(found(await search({ q: '12 22', orderable: 'true' }))).toEqual([ids.trana, ids.aktiv, ids.transport]);
  });

  it('finds articles whose code the ISO register lacks (18 12 24), typed or as the filter', async () => {
    const r = await search({ q: '18 12' });
    expect(found(r)).toEqual([ids.grind]);
    expect(r.iso).toMatchObject({ code: '18 12', titleSv: expect.stringMatching(/säng/i) });
    expect(found(await search({ iso: '18 12' }))).toEqual([ids.grind]);
  });

  it('digits that name no class with articles are searched as text: "skavsår 40 40" is not a class', async () => {
    const r = await search({ q: '12 22 99' });
    expect(r.iso).toBeNull();
    expect(r.items).toEqual([]);
    expect(isoCodeInQuery('sittdyna 40 40')).toEqual({ code: '40 40', rest: 'sittdyna' });
    expect((await search({ q: 'salva 40 40' })).iso).toBeNull();
    expect(isoCodeInQuery('vårdsäng 90 200')).toBeNull();
    expect(isoCodeInQuery('12')).toBeNull();
  });
});

describe('Swedish compounds: a word finds the compounds it is the last part of', () => {
  it('"rullstol" finds "Elrullstol" and "Transportrullstol", after the articles named with the word itself', async () => {
    const r = await search({ q: 'rullstol' });
    // In-assortment main devices first (the word itself, then compounds), then the rest the same way; a word that
    // only starts with what was typed ("Rullstolsbord", the user may still be typing) after the compounds.
    expect(found(r)).toEqual([ids.trana, ids.el, ids.aktiv, ids.transport, ids.bord]);
    expect(found(r)).not.toContain(ids.dolt);
    expect(found(await search({ q: 'rullstol', type: 'H', inAssortment: 'true' }))).toEqual([ids.trana, ids.el]);
  });

  it('"krycka" finds "Armbågskrycka", and so does "kryc" while it is being typed', async () => {
    expect(found(await search({ q: 'krycka' }))).toEqual([ids.krycka]);
    expect(found(await search({ q: 'kryc' }))).toEqual([ids.krycka]);
  });

  it('a first part must be a word: "alva" does not find "Salva"', async () => {
    expect(found(await search({ q: 'alva' }))).not.toContain(ids.salva);
  });

  it('a word being typed is not taken apart: "rolla" finds the rollator, not "Omgivningskontroll"', async () => {
    expect(found(await search({ q: 'rolla' }))).toEqual([ids.rollator]);
  });
});

describe('words typed without å, ä and ö', () => {
  it('"alva" finds "Älva", "gangstol" finds "Gångstol", "ornen" finds "Örnen"', async () => {
    expect(found(await search({ q: 'alva' })).sort()).toEqual([ids.dyna, ids.rollator].sort());
    expect(found(await search({ q: 'gangstol' }))).toEqual([ids.gangstol]);
    expect(found(await search({ q: 'ornen' }))).toEqual([ids.el]);
    expect(found(await search({ q: 'rollator alva' }))).toEqual([ids.rollator]);
  });

  it('folds as the SQL does', () => {
    expect(fold('gångstol älva örnen')).toBe('gangstol alva ornen');
  });
});

describe('plurals and other forms, also of words that occur only inside compounds', () => {
  it('"kryckor" finds "Armbågskrycka", "dynor" finds "Sittdyna"', async () => {
    expect(found(await search({ q: 'kryckor' }))).toEqual([ids.krycka]);
    expect(found(await search({ q: 'dynor' }))).toEqual([ids.dyna]);
  });

  it('"rullstolar" finds the wheelchairs, compounds included', async () => {
    expect(found(await search({ q: 'rullstolar' }))).toEqual([ids.trana, ids.el, ids.aktiv, ids.transport, ids.bord]);
  });

  it('"rollatorer" finds "Rollator" although the stemmer takes them apart, and "gangstolar" finds "Gångstol"', async () => {
    expect(found(await search({ q: 'rollatorer' }))).toEqual([ids.rollator]);
    expect(found(await search({ q: 'gangstolar' }))).toEqual([ids.gangstol]);
    expect(wordBases('rollatorer')).toContain('rollator');
    expect(wordForms('kryckor')).toContain('krycka');
    expect(wordForms('rolla')).not.toContain('roll');
  });
});
