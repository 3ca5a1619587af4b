import { asc, eq, inArray } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { agreedPricesOf } from '../../catalogue/agreements/agreement-facts.ts';
import { createArticle } from '../../catalogue/articles/create-article.ts';
import { articlesByNumber } from '../../catalogue/articles/articles-by-number.ts';
import { article } from '../../catalogue/schema.ts';
import { seedIsoCodes } from '../../catalogue/iso/seed-iso-codes.ts';
import { addDays, stockholmDateTime } from '../../platform/calendar/index.ts';
import { testConfig } from '../../platform/config.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Database, Db } from '../../platform/db/client.ts';
import { createLogger } from '../../platform/logger.ts';
import { setEquivalents } from '../orders/equivalents.ts';
import { provisionUnit, provisionUnitEvent } from '../schema.ts';
import { postStock } from '../stock/ledger.ts';
import { receiveUnits } from '../units/receive-units.ts';
import { ensureWarehouses } from '../units/warehouses.ts';

/** The demo's articles for the centre, entered through the article register's own use case (local numbers). */
const DEMO_ARTICLES = [
  {
    key: 'cross45',
    name: 'Rullstol Cross 5, sitsbredd 45',
    isoCode: '12 22 03',
    articleType: 'H',
    chargingForm: 'rent',
    stockForm: 'stock',
    unitTracked: true,
    serialRequired: true,
  },
  {
    key: 'cross42',
    name: 'Rullstol Cross 5, sitsbredd 42',
    isoCode: '12 22 03',
    articleType: 'H',
    chargingForm: 'rent',
    stockForm: 'stock',
    unitTracked: true,
    serialRequired: true,
  },
  {
    key: 'cross4',
    name: 'Rullstol Cross 4, sitsbredd 45 (föregående modell)',
    isoCode: '12 22 03',
    articleType: 'H',
    chargingForm: 'rent',
    stockForm: 'stock',
    unitTracked: true,
    serialRequired: true,
    orderable: false,
  },
  {
    key: 'gemino',
    name: 'Rollator Gemino 30',
    isoCode: '12 06 06',
    articleType: 'H',
    chargingForm: 'rent',
    stockForm: 'stock',
    unitTracked: true,
    serialRequired: false,
  },
  {
    key: 'shower',
    name: 'Duschstol Mobil med hjul',
    isoCode: '09 33 03',
    articleType: 'H',
    chargingForm: 'rent',
    stockForm: 'stock',
    unitTracked: true,
    serialRequired: false,
  },
  {
    key: 'trax',
    name: 'Elrullstol Trax, inomhus',
    isoCode: '12 23 06',
    articleType: 'H',
    chargingForm: 'rent',
    stockForm: 'orderItem',
    unitTracked: true,
    serialRequired: true,
  },
  {
    key: 'cushion',
    name: 'Sittdyna Jay Easy 42',
    isoCode: null,
    articleType: 'T',
    chargingForm: 'sale',
    stockForm: 'stock',
    unitTracked: false,
    serialRequired: false,
  },
  {
    key: 'basket',
    name: 'Rollatorkorg, trådkorg',
    isoCode: null,
    articleType: 'T',
    chargingForm: 'sale',
    stockForm: 'stock',
    unitTracked: false,
    serialRequired: false,
  },
] as const;

type Key = (typeof DEMO_ARTICLES)[number]['key'];

/** Units per article: purchase date and whether it has come back and been reconditioned. Oldest first. */
const DEMO_UNITS: Partial<Record<Key, { purchased: string; reconditioned?: boolean }[]>> = {
  cross45: [
    { purchased: '2019-03-12', reconditioned: true },
    { purchased: '2020-09-01', reconditioned: true },
    { purchased: '2021-02-15' },
    { purchased: '2022-06-20', reconditioned: true },
    { purchased: '2023-01-10' },
    { purchased: '2024-04-04' },
    { purchased: '2025-08-18' },
    { purchased: '2025-11-03' },
  ],
  cross42: [{ purchased: '2020-05-05', reconditioned: true }, { purchased: '2023-03-03' }, { purchased: '2024-10-10' }, { purchased: '2025-09-09' }],
  cross4: [{ purchased: '2018-04-20', reconditioned: true }, { purchased: '2018-11-11' }],
  gemino: [
    { purchased: '2019-08-08', reconditioned: true },
    { purchased: '2021-01-21', reconditioned: true },
    { purchased: '2022-12-12' },
    { purchased: '2023-07-07' },
    { purchased: '2024-02-02' },
    { purchased: '2025-05-05' },
  ],
  shower: [{ purchased: '2020-02-20', reconditioned: true }, { purchased: '2022-02-22' }, { purchased: '2024-04-24' }, { purchased: '2025-06-16' }],
  trax: [{ purchased: '2024-09-30' }],
};

const COST: Partial<Record<Key, number>> = { cross45: 14500, cross42: 14500, cross4: 12900, gemino: 3495, shower: 4200, trax: 48900 };

/** The demo's warehouses, with the addresses suppliers deliver to (purchase orders copy them). */
const DEMO_WAREHOUSES = [
  { code: 'HMC', name: 'Centrallagret', deliveryAddress: 'Hjälpmedelscentralen, Centrallagret\nGodsmottagningen, Lagervägen 4\n990 10 Norrvik' },
  { code: 'SYD', name: 'Förrådet Ängsby', deliveryAddress: 'Hjälpmedelscentralen, Förrådet Ängsby\nIndustrigatan 12\n990 40 Ängsby' },
];

/** A context acting as the demo seed with the roles the seeding use cases require. */
function seedCtx(db: Db): Ctx {
  return {
    actor: {
      userId: '00000000-0000-0000-0000-000000000000',
      username: 'demo-seed',
      name: 'Demodata',
      roles: new Set(['assortment', 'warehouse']),
      customerIds: [],
      defaultCustomerId: null,
      careProviderIds: [],
    },
    requestId: `seed-${Date.now().toString(36)}`,
    ip: null,
    now: () => new Date(),
    db,
    // The seeding use cases use only the database handle.
    database: null as unknown as Database,
    config: testConfig(),
    log: createLogger('silent') as unknown as FastifyBaseLogger,
  };
}

/**
 * The centre's demo data: two warehouses (always), and — with `articlesAndUnits` — rented unit-tracked demo
 * articles (and two accessories kept as stock balances) in the article register, and a few dozen units with
 * varied purchase dates, some of them reconditioned, so the replacement chain has something to choose from;
 * the previous wheelchair model is configured as equivalent to the current one. Idempotent. Called from the
 * administration's demo seed (`seedDemo`, which passes its `provision` option).
 */
export async function seedProvisionDemo(db: Db, opts: { articlesAndUnits?: boolean } = { articlesAndUnits: true }): Promise<void> {
  const warehouses = await ensureWarehouses(db, DEMO_WAREHOUSES);
  if (!opts.articlesAndUnits) return;
  const ctx = seedCtx(db);
  const existing = await db
    .select({ id: article.id })
    .from(article)
    .where(
      inArray(
        article.name,
        DEMO_ARTICLES.map((a) => a.name),
      ),
    );
  if (existing.length) return;
  await seedIsoCodes(db);
  const main = warehouses.find((w) => w.code === 'HMC')!;
  const south = warehouses.find((w) => w.code === 'SYD')!;

  const ids = {} as Record<Key, string>;
  const numbers = {} as Record<Key, string>;
  for (const a of DEMO_ARTICLES) {
    const orderable = !('orderable' in a) || a.orderable !== false;
    const created = await createArticle(ctx, {
      name: a.name,
      description: null,
      articleType: a.articleType,
      isoCode: a.isoCode,
      isoEdition: '2022',
      chargingForm: a.chargingForm,
      stockForm: a.stockForm,
      unitTracked: a.unitTracked,
      serialRequired: a.serialRequired,
      inspectionIntervalMonths: null,
      maintenanceIntervalMonths: a.unitTracked ? 12 : null,
      depreciationYears: a.unitTracked ? 5 : null,
      unit: 'st',
      published: true,
      orderable,
      inAssortment: orderable,
      mayBeComponent: false,
    });
    ids[a.key] = created.id;
    numbers[a.key] = created.articleNumber;
  }

  let serial = 1000;
  for (const [key, units] of Object.entries(DEMO_UNITS) as [Key, { purchased: string; reconditioned?: boolean }[]][]) {
    const a = DEMO_ARTICLES.find((x) => x.key === key)!;
    const received = await receiveUnits(ctx, {
      warehouseId: key === 'shower' ? south.id : main.id,
      articleId: ids[key],
      units: units.map((u) => ({
        serialNumber: a.serialRequired || key === 'gemino' ? `${key.toUpperCase()}-${++serial}` : null,
        purchaseDate: u.purchased,
        purchaseCost: COST[key] ?? 1000,
      })),
    });
    await markReconditioned(
      db,
      units.flatMap((u, i) => (u.reconditioned ? [received.units[i]!.id] : [])),
    );
  }

  await setEquivalents(ctx, ids.cross45, { equivalentArticleIds: [ids.cross4] });
  await db.transaction(async (tx) => {
    await postStock(tx, ctx, {
      warehouseId: main.id,
      article: { id: ids.cushion, articleNumber: numbers.cushion, name: 'Sittdyna Jay Easy 42' },
      quantity: 40,
      kind: 'receipt',
      note: 'Demodata',
      unitCost: 890,
    });
    await postStock(tx, ctx, {
      warehouseId: main.id,
      article: { id: ids.basket, articleNumber: numbers.basket, name: 'Rollatorkorg, trådkorg' },
      quantity: 25,
      kind: 'receipt',
      note: 'Demodata',
      unitCost: 245,
    });
  });
}

/** Units that have been out on loan and back: their history says so (demo data only; real returns go through reconditioning). */
async function markReconditioned(db: Db, unitIds: string[]) {
  for (const id of unitIds) {
    await db.update(provisionUnit).set({ status: 'reconditionedInStock', reconditionCount: 1 }).where(eq(provisionUnit.id, id));
    await db.insert(provisionUnitEvent).values({
      unitId: id,
      type: 'reconditioned',
      fromStatus: 'inReconditioning',
      toStatus: 'reconditionedInStock',
      at: new Date(),
      actorLabel: 'Demodata',
      data: { demo: true, note: 'Återlämnad och rekonditionerad (demodata)' },
    });
  }
}

/** Units per demo-catalogue article (src/catalogue/seed/demo-catalogue.xml): purchase years, oldest first; R = reconditioned. */
const CATALOGUE_UNITS: Record<string, { cost: number; units: string[] }> = {
  '900101': { cost: 3720, units: ['2019R', '2021R', '2022', '2024', '2025'] },
  '900102': { cost: 3720, units: ['2018R', '2020R', '2020', '2023', '2024', '2025'] },
  '900103': { cost: 3960, units: ['2021R', '2023', '2025'] },
  '900301': { cost: 2450, units: ['2019R', '2022R', '2023', '2025'] },
  '900302': { cost: 2450, units: ['2020R', '2024', '2025'] },
  '900401': { cost: 18900, units: ['2018R', '2021', '2024'] },
  '900451': { cost: 6900, units: ['2022R', '2024'] },
  '900701': { cost: 29500, units: ['2020R', '2023'] },
  '900751': { cost: 3200, units: ['2021R', '2025'] },
};

/** Stock balances of the demo catalogue's non-unit-tracked stock articles (accessories, spare parts, bought devices). */
const CATALOGUE_STOCK: Record<string, number> = {
  '900111': 30,
  '900113': 20,
  '900121': 60,
  '900122': 40,
  '900221': 15,
  '900311': 25,
  '900312': 25,
  '900313': 12,
  '900351': 10,
  '900411': 20,
  '900412': 8,
  '900421': 30,
  '900501': 15,
  '900502': 12,
  '900551': 18,
};

/**
 * `serve --demo` / `seed --demo`: the centre's stock for the demo catalogue (imported first), so a prescriber's
 * order can be filled and delivered at once: units of the rented main devices with varied purchase dates (some
 * reconditioned, so the replacement chain has a choice) and balances of the stock accessories. Idempotent.
 */
export async function seedDemoCatalogueStock(db: Db): Promise<void> {
  const [main] = await ensureWarehouses(db, [DEMO_WAREHOUSES[0]!]);
  const ctx = seedCtx(db);
  const articles = await articlesByNumber(db, [...Object.keys(CATALOGUE_UNITS), ...Object.keys(CATALOGUE_STOCK)]);
  const first = articles.get('900101');
  if (!first) return;
  const [already] = await db.select({ id: provisionUnit.id }).from(provisionUnit).where(eq(provisionUnit.articleId, first.id)).limit(1);
  if (already) return;
  let serial = 5000;
  for (const [number, { cost, units }] of Object.entries(CATALOGUE_UNITS)) {
    const a = articles.get(number);
    if (!a) continue;
    const received = await receiveUnits(ctx, {
      warehouseId: main!.id,
      articleId: a.id,
      units: units.map((u, i) => ({ serialNumber: `SN-${number}-${++serial}`, purchaseDate: `${u.slice(0, 4)}-0${1 + (i % 9)}-15`, purchaseCost: cost })),
    });
    await markReconditioned(
      db,
      units.flatMap((u, i) => (u.endsWith('R') ? [received.units[i]!.id] : [])),
    );
  }
  await seedDemoInspections(db, articles);
  // The balances are received at the agreed price, so the stock has a value.
  const agreed = await agreedPricesOf(
    db,
    [...articles.values()].map((a) => a.id),
    new Date().toISOString().slice(0, 10),
  );
  await db.transaction(async (tx) => {
    for (const [number, quantity] of Object.entries(CATALOGUE_STOCK)) {
      const a = articles.get(number);
      if (!a) continue;
      const cost = agreed.find((p) => p.articleId === a.id);
      await postStock(tx, ctx, {
        warehouseId: main!.id,
        article: { id: a.id, articleNumber: a.articleNumber, name: a.name },
        quantity,
        kind: 'receipt',
        note: 'Demodata',
        unitCost: cost ? Number(cost.amount) : null,
      });
    }
  });
}

/**
 * Inspections for the demo (issue 19 item 1): units in stock of articles no browser test delivers (the care bed Vila,
 * the day planner Klar) get next inspection dates around today, so the page Besiktningar shows one overdue (it may not
 * be delivered until inspected) and two due within the coming weeks.
 */
async function seedDemoInspections(db: Db, articles: Map<string, { id: string }>) {
  const today = stockholmDateTime(new Date()).date;
  const dates: Record<string, (string | null)[]> = { '900401': [addDays(today, -12), addDays(today, 10)], '900701': [addDays(today, 20)] };
  for (const [number, next] of Object.entries(dates)) {
    const a = articles.get(number);
    if (!a) continue;
    const units = await db.select({ id: provisionUnit.id }).from(provisionUnit).where(eq(provisionUnit.articleId, a.id)).orderBy(asc(provisionUnit.seq));
    for (const [i, date] of next.entries()) {
      if (units[i]) await db.update(provisionUnit).set({ nextInspectionOn: date }).where(eq(provisionUnit.id, units[i].id));
    }
  }
}
