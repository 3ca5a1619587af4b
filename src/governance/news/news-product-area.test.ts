import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { seedIsoCodes } from '../../catalogue/iso/seed-iso-codes.ts';
import { as } from '../../provision/testing/given.ts';
import { listCurrentNews } from './news.ts';

/**
 * Operational news targeted by product area (issue 14 item 6): the editor names ISO 9999 classes; the news is
 * shown on the start page of those who prescribe, order and support devices and of the centre, and on the
 * article and ISO pages of that area (a division's page shows the news of its subclass and class too).
 */
let t: TestApp;
let editor: Client;
const customers: Record<string, string> = {};

interface News {
  id: string;
  title: string;
  targetCustomerId: string | null;
  targetIsoCodes: string[];
}

async function publish(fields: Record<string, unknown>) {
  const res = await editor.post('/api/news', { body: 'Text till nyheten.', ...fields });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as News;
}
const titles = async (c: Client, url = '/api/news') => {
  const res = await c.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as News[]).map((n) => n.title);
};

beforeAll(async () => {
  t = await startTestApp();
  await seedIsoCodes(t.database.db);
  editor = await t.login('samordnare');
  for (const r of await t.database.query<{ id: string; customer_number: string }>(`select id, customer_number from customer`))
    customers[r.customer_number] = r.id;
});
afterAll(() => t.close());

describe('news by product area', () => {
  it('stores the codes normalised, whichever way the editor wrote them', async () => {
    const n = await publish({ title: 'Nya manuella rullstolar', targetIsoCodes: ['122203', '12 22 03', '18'] });
    expect(n.targetIsoCodes).toEqual(['12 22 03', '18']);
    const [row] = await t.database.query<{ details: { targetIsoCodes: string[] } }>(
      `select details from audit_log where action = 'news.publish' and entity_id = $1`,
      [n.id],
    );
    expect(row!.details.targetIsoCodes).toEqual(['12 22 03', '18']);
  });

  it('is shown on the start page to prescribers, orderers and the centre, not to other roles', async () => {
    await publish({ title: 'Leveransstopp hygienhjälpmedel', targetIsoCodes: ['09'] });
    for (const u of ['forskrivare', 'bestallare', 'tekniker', 'kundtjanst'])
      expect(await titles(await t.login(u)), u).toContain('Leveransstopp hygienhjälpmedel');
    // A log reviewer or a member of the preparation group works with no devices: not on their start page.
    for (const role of ['logReviewer', 'preparationGroup'] as const) {
      const seen = (await listCurrentNews(as(t.ctx(), role))).map((n) => n.title);
      expect(seen, role).not.toContain('Leveransstopp hygienhjälpmedel');
      expect(seen, role).toContain('Ändrad leveransdag i Område Öst vecka 52');
    }
  });

  it('an article page sees the news of its division, subclass and class, and none of other areas', async () => {
    await publish({ title: 'Om klass 12', targetIsoCodes: ['12'] });
    await publish({ title: 'Om underklass 12 22', targetIsoCodes: ['12 22'] });
    await publish({ title: 'Om grupp 12 22 09', targetIsoCodes: ['12 22 09'] });
    await publish({ title: 'För alla' });
    const reader = await t.login('forskrivare');
    const forDivision = await titles(reader, '/api/news?isoCode=12%2022%2003');
    expect(forDivision).toEqual(expect.arrayContaining(['Om klass 12', 'Om underklass 12 22', 'Nya manuella rullstolar']));
    expect(forDivision).not.toContain('Om grupp 12 22 09');
    expect(forDivision).not.toContain('För alla');
    expect(forDivision).not.toContain('Leveransstopp hygienhjälpmedel');
    // The ISO page of the class shows only the class's own news (not a narrower area's).
    expect(await titles(reader, '/api/news?isoCode=12')).toEqual(['Om klass 12']);
  });

  it('a customer target still holds: news for one customer about an area reaches only that customer', async () => {
    await publish({ title: 'Rullatorer till vårdcentralen', targetIsoCodes: ['12 06'], targetCustomerId: customers['10101'] });
    expect(await titles(await t.login('forskrivare'), '/api/news?isoCode=12 06 06')).toContain('Rullatorer till vårdcentralen');
    expect(await titles(await t.login('sjukgymnast'), '/api/news?isoCode=12 06 06')).not.toContain('Rullatorer till vårdcentralen');
    expect(await titles(await t.login('sjukgymnast'))).not.toContain('Rullatorer till vårdcentralen');
  });

  it('an unknown or malformed code is refused with the field named, and nothing is published', async () => {
    const before = await t.database.query<{ n: number }>(`select count(*)::int as n from news`);
    for (const [code, path] of [
      ['99 99', 'body.targetIsoCodes.1'],
      ['rullstol', 'body.targetIsoCodes.1'],
    ] as const) {
      const res = await editor.post('/api/news', { title: 'Fel', body: 'Text.', targetIsoCodes: ['12', code] });
      expect(res.statusCode, code).toBe(400);
      expect(res.json().error.message).toBe(`Produktområdet ${code} är ingen känd ISO 9999-kod`);
      expect(res.json().error.issues.map((i: { path: string }) => i.path)).toEqual([path]);
    }
    expect(await t.database.query<{ n: number }>(`select count(*)::int as n from news`)).toEqual(before);
    const bad = await editor.get('/api/news?isoCode=abc');
    expect(bad.statusCode).toBe(400);
  });
});
