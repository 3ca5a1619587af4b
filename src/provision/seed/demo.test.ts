import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { suggestUnits } from '../orders/fill-line.ts';
import { listStock } from '../stock/stock.ts';
import { as, givenReceivedOrder } from '../testing/given.ts';
import { seedDemoCatalogue } from '../../catalogue/seed/demo-catalogue.ts';
import { seedDemoCatalogueStock, seedProvisionDemo } from './demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ provisionDemo: true });
});
afterAll(() => t.close());

it('the demo has units in stock whose replacement chain is visible: reconditioned and oldest first, the previous model as equivalent', async () => {
  const [a] = await t.database.query<{ article_number: string }>(`SELECT article_number FROM article WHERE name = 'Rullstol Cross 5, sitsbredd 45'`);
  const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: a!.article_number }] });
  const s = await suggestUnits(as(t.ctx(), 'warehouse'), o.lineIds[0]!);
  expect(s.suggestions.slice(0, 4).map((u) => [u.articleName, u.purchaseDate, u.status])).toEqual([
    ['Rullstol Cross 4, sitsbredd 45 (föregående modell)', '2018-04-20', 'reconditionedInStock'],
    ['Rullstol Cross 5, sitsbredd 45', '2019-03-12', 'reconditionedInStock'],
    ['Rullstol Cross 5, sitsbredd 45', '2020-09-01', 'reconditionedInStock'],
    ['Rullstol Cross 5, sitsbredd 45', '2022-06-20', 'reconditionedInStock'],
  ]);
  const stock = await listStock(as(t.ctx(), 'finance'), {});
  expect(stock.length).toBeGreaterThanOrEqual(7);
  expect(stock.find((r) => r.articleName === 'Sittdyna Jay Easy 42')).toMatchObject({ unitTracked: false, balance: 40 });
  const [{ n }] = (await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM provision_unit`)) as [{ n: number }];
  expect(n).toBeGreaterThanOrEqual(24);
  // Seeding again changes nothing.
  await seedProvisionDemo(t.database.db);
  expect((await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM provision_unit`))[0]!.n).toBe(n);
});

it("serve --demo stocks the demo catalogue: a prescriber's wheelchair order can be filled with the oldest reconditioned unit", async () => {
  const ctx = t.ctx();
  await seedDemoCatalogue(ctx);
  await seedDemoCatalogueStock(t.database.db);
  const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: '900102' }] });
  const s = await suggestUnits(as(ctx, 'warehouse'), o.lineIds[0]!);
  expect(s.suggestions.slice(0, 3).map((u) => [u.articleName, u.purchaseDate, u.status])).toEqual([
    ['Rullstol Älva, sitsbredd 44 cm', '2018-01-15', 'reconditionedInStock'],
    ['Rullstol Älva, sitsbredd 44 cm', '2020-02-15', 'reconditionedInStock'],
    ['Rullstol Älva, sitsbredd 44 cm', '2020-03-15', 'newInStock'],
  ]);
  const stock = await listStock(as(ctx, 'finance'), {});
  expect(stock.find((r) => r.articleName === 'Tippskydd Älva')).toMatchObject({ unitTracked: false, balance: 30 });
  // The page Besiktningar has something to show: one bed overdue (not offered by the chain), two units due soon.
  const due = await t.database.query<{ overdue: number; soon: number }>(
    `SELECT count(*) FILTER (WHERE next_inspection_on < current_date)::int AS overdue, count(*) FILTER (WHERE next_inspection_on >= current_date)::int AS soon
       FROM provision_unit WHERE next_inspection_on IS NOT NULL`,
  );
  expect(due[0]).toEqual({ overdue: 1, soon: 2 });
  const count = async () => (await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM provision_unit`))[0]!.n;
  const n = await count();
  await seedDemoCatalogueStock(t.database.db);
  expect(await count()).toBe(n);
});
