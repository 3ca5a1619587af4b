import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import type { Ctx } from '../../platform/context.ts';
import { deliverLine } from '../orders/deliver-line.ts';
import { reserveUnits, suggestUnits } from '../orders/fill-line.ts';
import { confirmPickUp } from '../pickups/pick-up-actions.ts';
import { getUnit } from '../units/get-unit.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses } from '../testing/given.ts';
import { finishReconditioning, listReconditioning, scrapWornOut, startReconditioning } from './reconditioning.ts';

let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;
let ctx: Ctx;

beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
  ctx = t.ctx();
});
afterAll(() => t.close());

const history = async (unitId: string) =>
  (
    await t.database.query<{ type: string; to_status: string; data: Record<string, unknown> | null }>(
      `SELECT type, to_status, data FROM provision_unit_event WHERE unit_id = $1 ORDER BY id`,
      [unitId],
    )
  ).map((r) => ({ step: `${r.type}:${r.to_status}`, note: r.data?.note ?? null }));

/** A unit that went out to a patient and came back on a pick-up: returned at the centre. */
async function returnedUnit(articleName: string, purchaseDate: string) {
  const a = await givenUnitArticle(t.database, { name: articleName });
  const [u] = await givenUnits(ctx, wh.main.id, a.id, [{ purchaseDate }]);
  const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: a.articleNumber }] });
  const r = await reserveUnits(as(ctx, 'warehouse'), o.lineIds[0]!, { version: 1 });
  await deliverLine(as(ctx, 'warehouse'), o.lineIds[0]!, { version: r.lineVersion, units: [{ unitId: u!.id }] });
  const p = await givenReceivedOrder(ctx, { orderType: 'pickUp', lines: [{ unitNumber: u!.unitNumber }] });
  await confirmPickUp(as(ctx, 'technician'), p.lineIds[0]!, { version: 1, deregister: true, identifiedAs: u!.unitNumber });
  return { article: a, unit: u! };
}

const version = async (id: string) => (await t.database.query<{ version: number }>(`SELECT version FROM provision_unit WHERE id = $1`, [id]))[0]!.version;

describe('reconditioning', () => {
  it('a returned unit is taken in, cleaned and checked, and put in stock as reconditioned, with every step in its history', async () => {
    const { unit: u } = await returnedUnit('Duschstol Rekond 1', '2022-03-01');
    const waiting = await listReconditioning(as(ctx, 'warehouse'));
    expect(waiting.find((x) => x.id === u.id)?.status).toBe('returned');
    const s = await startReconditioning(as(ctx, 'technician'), u.id, { version: await version(u.id) });
    expect(s.unit.status).toBe('inReconditioning');
    const f = await finishReconditioning(as(ctx, 'warehouse'), u.id, {
      version: s.unit.version,
      warehouseId: wh.second.id,
      cleaned: true,
      checked: true,
      note: 'Rengjord, bromsar justerade',
    });
    expect(f.unit).toMatchObject({ status: 'reconditionedInStock', reconditionCount: 1, warehouseId: wh.second.id, warehouseName: 'Rekonditioneringen' });
    expect((await listReconditioning(as(ctx, 'warehouse'))).some((x) => x.id === u.id)).toBe(false);
    expect((await history(u.id)).map((h) => h.step)).toEqual([
      'received:newInStock',
      'reserved:reserved',
      'delivered:onPatient',
      'pickUpOrdered:pickUpOrdered',
      'pickedUp:returned',
      'reconditioningStarted:inReconditioning',
      'reconditioned:reconditionedInStock',
    ]);
    expect((await history(u.id)).at(-1)!.note).toBe('Rengjord, bromsar justerade');
    const card = await getUnit(as(ctx, 'customerService'), u.id);
    expect(card.reconditionings).toEqual([expect.objectContaining({ note: 'Rengjord, bromsar justerade', warehouse: 'Rekonditioneringen' })]);
  });

  it('a reconditioned unit is picked before a new one', async () => {
    const { article, unit: old } = await returnedUnit('Duschstol Rekond 2', '2021-01-01');
    const v = await version(old.id);
    const s = await startReconditioning(as(ctx, 'technician'), old.id, { version: v });
    await finishReconditioning(as(ctx, 'technician'), old.id, { version: s.unit.version, warehouseId: wh.main.id, cleaned: true, checked: true, note: 'Klar' });
    // A brand-new unit of the same article, bought even earlier, is still picked after the reconditioned one.
    const [fresh] = await givenUnits(ctx, wh.main.id, article.id, [{ purchaseDate: '2020-01-01' }]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const sug = await suggestUnits(as(ctx, 'warehouse'), o.lineIds[0]!);
    expect(sug.suggestions.map((x) => x.id)).toEqual([old.id, fresh!.id]);
  });

  it('a worn-out unit is scrapped from reconditioning; a unit in stock cannot be taken in', async () => {
    const { unit: u } = await returnedUnit('Duschstol Rekond 3', '2015-01-01');
    const s = await startReconditioning(as(ctx, 'technician'), u.id, { version: await version(u.id) });
    const x = await scrapWornOut(as(ctx, 'technician'), u.id, { version: s.unit.version, note: 'Sprucken ram' });
    expect(x.unit).toMatchObject({ status: 'scrapped', writeOffCode: 'wornOut' });
    const a = await givenUnitArticle(t.database, { name: 'Duschstol Rekond 4' });
    const [inStock] = await givenUnits(ctx, wh.main.id, a.id, [{ purchaseDate: '2024-01-01' }]);
    await expect(startReconditioning(as(ctx, 'technician'), inStock!.id, { version: 1 })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(startReconditioning(as(ctx, 'customerService'), inStock!.id, { version: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
