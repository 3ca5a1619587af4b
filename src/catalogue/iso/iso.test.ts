import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { givenArticle } from '../testing/article-fixtures.ts';
import { normalizeIsoCode } from './iso-code.ts';
import { ISO_2011, ISO_2022 } from './iso-9999-data.ts';
import { seedIsoCodes } from './seed-iso-codes.ts';

let t: TestApp;
let prescriber: Client;

beforeAll(async () => {
  t = await startTestApp();
  prescriber = await t.login('forskrivare');
});
afterAll(() => t?.close());

describe('ISO 9999 tree', () => {
  it('seeds every class of both editions, and a second seeding is a no-op', async () => {
    expect(ISO_2022.filter((n) => n.level === 1).map((n) => n.code)).toEqual(['04', '05', '06', '09', '12', '15', '18', '22', '24', '27', '28', '30']);
    expect(ISO_2011.filter((n) => n.level === 1)).toHaveLength(12);
    expect(ISO_2022.filter((n) => n.level === 2).length).toBeGreaterThan(120);
    expect(await seedIsoCodes(t.database.db)).toBe(true);
    expect(await seedIsoCodes(t.database.db)).toBe(false);
    const [row] = await t.database.query<{ n: string }>(`SELECT count(*) AS n FROM iso_code`);
    expect(Number(row!.n)).toBe(ISO_2011.length + ISO_2022.length);
  });

  it('restores a seeded title that was changed, and leaves codes the seed does not know alone', async () => {
    await t.database.query(`UPDATE iso_code SET title_sv = 'fel' WHERE edition = '2022' AND code = '12 22'`);
    await t.database.query(
      `INSERT INTO iso_code (edition, code, level, parent_code, title_sv, sort_key) VALUES ('2022', '12 22 06', 3, '12 22', 'Från importen', '12 22 06')`,
    );
    expect(await seedIsoCodes(t.database.db)).toBe(true);
    const rows = await t.database.query<{ code: string; title_sv: string }>(
      `SELECT code, title_sv FROM iso_code WHERE edition = '2022' AND code IN ('12 22', '12 22 06') ORDER BY code`,
    );
    expect(rows).toEqual([
      { code: '12 22', title_sv: 'Manuella rullstolar' },
      { code: '12 22 06', title_sv: 'Från importen' },
    ]);
  });

  it('lists the classes and the children of a node in code order', async () => {
    const classes = (await prescriber.get('/api/catalogue/iso?edition=2022')).json() as { code: string; hasChildren: boolean }[];
    expect(classes.map((c) => c.code)[0]).toBe('04');
    expect(classes.every((c) => c.hasChildren)).toBe(true);
    const res = await prescriber.get(`/api/catalogue/iso?edition=2022&parent=${encodeURIComponent('12 22')}`);
    expect((res.json() as { code: string }[]).map((c) => c.code)).toEqual(['12 22 03', '12 22 06', '12 22 09', '12 22 15', '12 22 18']);
    expect((await prescriber.get('/api/catalogue/iso?parent=99')).statusCode).toBe(404);
    expect((await prescriber.get('/api/catalogue/iso?parent=12x')).statusCode).toBe(400);
  });

  it('shows a node with its path and the number of articles the caller may see under it', async () => {
    await givenArticle(t.database, { name: 'Rullstol A', isoCode: '12 22 03', isoEdition: '2022' });
    await givenArticle(t.database, { name: 'Rullstol B', isoCode: '12 22 18', isoEdition: '2022' });
    await givenArticle(t.database, { name: 'Rullstol dold', isoCode: '12 22 03', isoEdition: '2022', published: false, orderable: false });
    const res = await prescriber.get('/api/catalogue/iso/122203');
    expect(res.statusCode).toBe(200);
    const node = res.json() as { titleSv: string; path: { code: string; titleSv: string }[]; articleCount: number };
    expect(node.titleSv).toBe('Manuella tvåhjulsdrivna rullstolar');
    expect(node.path.map((p) => p.code)).toEqual(['12', '12 22', '12 22 03']);
    expect(node.articleCount).toBe(1);
    expect(((await prescriber.get(`/api/catalogue/iso/${encodeURIComponent('12 22')}`)).json() as { articleCount: number }).articleCount).toBe(2);
    const kundtjanst = await t.login('kundtjanst');
    expect(((await kundtjanst.get('/api/catalogue/iso/1222')).json() as { articleCount: number }).articleCount).toBe(3);
  });

  it('maps codes between 2011 and 2022: the table for changed codes, identity otherwise', async () => {
    const same = (await prescriber.get('/api/catalogue/iso/map?from=2011&code=12%2022%2003')).json();
    expect(same.identity).toBe(true);
    expect(same.to.map((n: { code: string }) => n.code)).toEqual(['12 22 03']);
    const split = (await prescriber.get('/api/catalogue/iso/map?from=2011&code=2227')).json();
    expect(split.identity).toBe(false);
    expect(split.to.map((n: { code: string }) => n.code)).toEqual(['22 28', '22 29']);
    const back = (await prescriber.get('/api/catalogue/iso/map?from=2022&code=2229')).json();
    expect(back.to.map((n: { code: string }) => n.code)).toEqual(['22 27']);
    const title2011 = (await prescriber.get('/api/catalogue/iso/12?edition=2011')).json();
    expect(title2011.titleSv).toBe('Hjälpmedel för personlig förflyttning');
  });

  it('normalises the ways codes are written', () => {
    expect(normalizeIsoCode('122203')).toBe('12 22 03');
    expect(normalizeIsoCode('12.22.03')).toBe('12 22 03');
    expect(normalizeIsoCode(' 12 22 ')).toBe('12 22');
    expect(normalizeIsoCode('1222033')).toBeNull();
    expect(normalizeIsoCode('ab')).toBeNull();
  });
});
