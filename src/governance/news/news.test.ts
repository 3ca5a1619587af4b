import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';

/**
 * Operational news (driftinformation) on the start page: published by customer service, the function
 * coordinator or the system administrator; for everyone or for one customer; hidden once expired or withdrawn.
 * The app's clock is ours to move.
 */

let clock = new Date();
let t: TestApp;
let editor: Client;
const customers: Record<string, string> = {};
const later = (minutes: number) => new Date(clock.getTime() + minutes * 60_000);

interface News {
  id: string;
  title: string;
  severity: 'info' | 'disruption';
  targetCustomerId: string | null;
  publishedAt: string;
  expiresAt: string | null;
}

let seq = 0;
async function publish(
  fields: Partial<{ title: string; severity: 'info' | 'disruption'; targetCustomerId: string; publishedAt: Date; expiresAt: Date }> = {},
  by = editor,
) {
  const res = await by.post('/api/news', { title: fields.title ?? `Nyhet ${++seq}`, body: 'Text till nyheten.', ...fields });
  if (res.statusCode !== 201) throw new Error(`publish: ${res.statusCode} ${res.body}`);
  return res.json() as News;
}

/** Moves the clock; sessions idle out after 30 minutes, so the editor logs in again. */
async function move(minutes: number) {
  clock = later(minutes);
  editor = await t.login('kundtjanst');
}

const titlesFor = async (c: Client) => ((await c.get('/api/news')).json() as News[]).map((n) => n.title);

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  editor = await t.login('kundtjanst');
  for (const r of await t.database.query<{ id: string; customer_number: string }>(`select id, customer_number from customer`))
    customers[r.customer_number] = r.id;
});
afterAll(() => t.close());

describe('who sees a news item', () => {
  it("news for one customer is shown only to that customer's members", async () => {
    await publish({ title: 'Hissen på rehabkliniken är trasig', targetCustomerId: customers['10102'] });
    // sjukgymnast works at 10102; forskrivare at 10101 and 20101; kundtjanst and admin at no customer.
    expect(await titlesFor(await t.login('sjukgymnast'))).toContain('Hissen på rehabkliniken är trasig');
    for (const other of ['forskrivare', 'admin']) expect(await titlesFor(await t.login(other)), other).not.toContain('Hissen på rehabkliniken är trasig');
    expect(await titlesFor(editor)).not.toContain('Hissen på rehabkliniken är trasig');
  });

  it('a user who belongs to several customers sees the news of each of them', async () => {
    await publish({ title: 'För hemtjänsten i centrum', targetCustomerId: customers['20101'] });
    await publish({ title: 'För vårdcentralen', targetCustomerId: customers['10101'] });
    const titles = await titlesFor(await t.login('forskrivare'));
    expect(titles).toEqual(expect.arrayContaining(['För hemtjänsten i centrum', 'För vårdcentralen']));
  });

  it('news for everyone is shown to every user, also those who belong to no customer', async () => {
    await publish({ title: 'Nytt telefonnummer till kundtjänst' });
    for (const username of ['tekniker', 'sjukgymnast', 'admin'])
      expect(await titlesFor(await t.login(username)), username).toContain('Nytt telefonnummer till kundtjänst');
  });
});

describe('when a news item is shown', () => {
  it('expired news is hidden', async () => {
    await publish({ title: 'Gäller en timme', expiresAt: later(60) });
    await publish({ title: 'Redan utgången', publishedAt: later(-120), expiresAt: later(-60) });
    const reader = await t.login('bestallare');
    expect(await titlesFor(reader)).toContain('Gäller en timme');
    expect(await titlesFor(reader)).not.toContain('Redan utgången');

    await move(61);
    expect(await titlesFor(await t.login('bestallare'))).not.toContain('Gäller en timme');
  });

  it('news published for later is hidden until then', async () => {
    await publish({ title: 'Inventering nästa vecka', publishedAt: later(30) });
    const reader = await t.login('bestallare');
    expect(await titlesFor(reader)).not.toContain('Inventering nästa vecka');
    await move(31);
    expect(await titlesFor(await t.login('bestallare'))).toContain('Inventering nästa vecka');
  });

  it('disruptions come first, then other news; newest first within each', async () => {
    await move(60);
    await publish({ title: 'Störning 1', severity: 'disruption', publishedAt: later(-50) });
    await publish({ title: 'Info 1', publishedAt: later(-40) });
    await publish({ title: 'Störning 2', severity: 'disruption', publishedAt: later(-30) });
    await publish({ title: 'Info 2', publishedAt: later(-20) });
    const news = (await (await t.login('bestallare')).get('/api/news')).json() as News[];

    const firstInfo = news.findIndex((n) => n.severity === 'info');
    expect(news.slice(0, firstInfo).every((n) => n.severity === 'disruption')).toBe(true);
    expect(news.slice(firstInfo).every((n) => n.severity === 'info')).toBe(true);
    const mine = news.map((n) => n.title).filter((title) => /^(Störning|Info) \d$/.test(title));
    expect(mine).toEqual(['Störning 2', 'Störning 1', 'Info 2', 'Info 1']);
    // The demo's own disruption (delivery day at Christmas) is among the first too.
    expect(news.slice(0, firstInfo).map((n) => n.title)).toContain('Ändrad leveransdag i Område Öst vecka 52');
  });
});

describe('publishing and withdrawing', () => {
  it('withdrawing hides the news at once, and is logged with who did it', async () => {
    const news = await publish({ title: 'Felaktig uppgift' });
    const reader = await t.login('bestallare');
    expect(await titlesFor(reader)).toContain('Felaktig uppgift');

    const res = await (await t.login('samordnare')).post(`/api/news/${news.id}/withdraw`);
    expect(res.statusCode).toBe(200);
    expect(await titlesFor(reader)).not.toContain('Felaktig uppgift');
    const [row] = await t.database.query<{ actor_label: string }>(`select actor_label from audit_log where action = 'news.withdraw' and entity_id = $1`, [
      news.id,
    ]);
    expect(row!.actor_label).toBe('samordnare');
  });

  it('withdrawing news that does not exist is 404', async () => {
    const res = await editor.post('/api/news/00000000-0000-4000-8000-000000000000/withdraw');
    expect(res.statusCode).toBe(404);
  });

  it('publishing is logged with the title and who published it, and the view does not reveal the author', async () => {
    const res = await editor.post('/api/news', { title: 'Loggad nyhet', body: 'Text.', severity: 'disruption' });
    expect(res.statusCode).toBe(201);
    const news = res.json() as News & { createdBy?: string };
    expect(news).toMatchObject({ title: 'Loggad nyhet', severity: 'disruption', targetCustomerId: null, expiresAt: null });
    expect(news.createdBy).toBeUndefined();
    expect(new Date(news.publishedAt).getTime()).toBe(clock.getTime());
    const [row] = await t.database.query<{ actor_label: string; details: { title: string } }>(
      `select actor_label, details from audit_log where action = 'news.publish' and entity_id = $1`,
      [news.id],
    );
    expect(row).toMatchObject({ actor_label: 'kundtjanst', details: { title: 'Loggad nyhet' } });
  });

  it('a severity other than info or disruption is refused', async () => {
    const res = await editor.post('/api/news', { title: 'Okänd', body: 'Text.', severity: 'critical' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['body.severity']);
  });
});
