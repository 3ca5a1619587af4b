import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { deliverLine } from '../orders/deliver-line.ts';
import { unitStatuses } from '../schema.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses } from '../testing/given.ts';
import { getUnit } from './get-unit.ts';
import { listUnits } from './list-units.ts';
import { receiveUnits } from './receive-units.ts';
import { canUnitTransition, unitTransitions } from './unit-states.ts';
import { writeOffUnit } from './write-off-unit.ts';

let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;

beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
});
afterAll(() => t.close());

describe('the unit state machine', () => {
  it('follows DOMAIN §4: stock → reserved → on patient → pick-up → returned → reconditioning → stock, ending in scrapped', () => {
    const path = ['newInStock', 'reserved', 'onPatient', 'pickUpOrdered', 'returned', 'inReconditioning', 'reconditionedInStock', 'reserved'] as const;
    for (let i = 1; i < path.length; i++) expect(canUnitTransition(path[i - 1]!, path[i]!), `${path[i - 1]} → ${path[i]}`).toBe(true);
    for (const s of unitStatuses) if (s !== 'scrapped') expect(canUnitTransition(s, 'scrapped'), `${s} → scrapped`).toBe(true);
    expect(canUnitTransition('onPatient', 'newInStock')).toBe(false);
    expect(canUnitTransition('returned', 'reserved')).toBe(false);
    expect(Object.keys(unitTransitions).sort()).toEqual([...unitStatuses].sort());
  });
});

describe('goods receipt', () => {
  it('gives each new unit the next unit number, status "new in stock" and its first history step', async () => {
    const a = await givenUnitArticle(t.database, { name: 'Rollator Inleverans' });
    const r = await receiveUnits(as(t.ctx(), 'warehouse'), {
      warehouseId: wh.main.id,
      articleId: a.id,
      units: [
        { serialNumber: 'RL-1', purchaseDate: '2026-01-10', purchaseCost: 3495.5 },
        { serialNumber: 'RL-2', purchaseDate: '2026-01-10', purchaseCost: 3495.5 },
      ],
    });
    expect(r.units.map((u) => [u.status, u.serialNumber, u.purchaseCost, u.warehouseName])).toEqual([
      ['newInStock', 'RL-1', '3495.50', 'Centrallagret'],
      ['newInStock', 'RL-2', '3495.50', 'Centrallagret'],
    ]);
    const [n1, n2] = r.units.map((u) => Number(u.unitNumber.slice(2)));
    expect(r.units[0]!.unitNumber).toMatch(/^U-\d{6}$/);
    expect(n2).toBe(n1! + 1);
    const card = await getUnit(as(t.ctx(), 'finance'), r.units[0]!.id);
    expect(card.history.map((h) => [h.type, h.fromStatus, h.toStatus])).toEqual([['received', null, 'newInStock']]);
  });

  it('refuses an article that is not unit-tracked, a missing required serial number and a serial number already received', async () => {
    const pads = await givenUnitArticle(t.database, { name: 'Engångsskydd', unitTracked: false, chargingForm: 'sale' });
    const ctx = as(t.ctx(), 'warehouse');
    await expect(
      receiveUnits(ctx, { warehouseId: wh.main.id, articleId: pads.id, units: [{ serialNumber: null, purchaseDate: '2026-01-01', purchaseCost: 10 }] }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const lift = await givenUnitArticle(t.database, { name: 'Personlyft Serie', serialRequired: true });
    await expect(
      receiveUnits(ctx, { warehouseId: wh.main.id, articleId: lift.id, units: [{ serialNumber: null, purchaseDate: '2026-01-01', purchaseCost: 10 }] }),
    ).rejects.toMatchObject({
      details: { issues: [{ path: 'body.units.0.serialNumber' }] },
    });
    await receiveUnits(ctx, { warehouseId: wh.main.id, articleId: lift.id, units: [{ serialNumber: 'PL-9', purchaseDate: '2026-01-01', purchaseCost: 10 }] });
    await expect(
      receiveUnits(ctx, { warehouseId: wh.main.id, articleId: lift.id, units: [{ serialNumber: 'PL-9', purchaseDate: '2026-01-01', purchaseCost: 10 }] }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('is for the warehouse only', async () => {
    const a = await givenUnitArticle(t.database, { name: 'Rollator Behörighet' });
    await expect(
      receiveUnits(as(t.ctx(), 'customerService'), {
        warehouseId: wh.main.id,
        articleId: a.id,
        units: [{ serialNumber: null, purchaseDate: '2026-01-01', purchaseCost: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the unit card', () => {
  it('shows the current holding with the patient (an audited read) and the history of the unit', async () => {
    const a = await givenUnitArticle(t.database, { name: 'Rullstol Kort' });
    const [u] = await givenUnits(t.ctx(), wh.main.id, a.id, [{ purchaseDate: '2022-03-01', serialNumber: 'K-1' }]);
    const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: a.articleNumber }] });
    await deliverLine(as(t.ctx(), 'warehouse'), o.lineIds[0]!, { version: 1, units: [{ unitId: u!.id, serialNumber: 'K-1' }] });

    const card = await getUnit(as(t.ctx(), 'technician'), u!.id);
    expect(card.unit.status).toBe('onPatient');
    expect(card.currentHolding).toMatchObject({ customerNumber: '20101', toDate: null, patient: { firstName: 'Märta', lastName: 'Öström' } });
    expect(card.history.map((h) => h.type)).toEqual(['received', 'delivered']);
    expect(card).toMatchObject({ workOrders: [], reconditionings: [], inspections: [] });
    const audit = await t.database.query(`SELECT 1 FROM audit_log WHERE action = 'provision.unit.read' AND entity_id = $1`, [u!.id]);
    expect(audit).toHaveLength(1);
    await expect(getUnit(as(t.ctx(), 'prescriber'), u!.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('shows the holder only to the roles that handle orders: finance, assortment, function coordination and system administration see the holding without the person, and their reads leave no patient read in the audit log', async () => {
    const a = await givenUnitArticle(t.database, { name: 'Rullstol Innehav' });
    const [u] = await givenUnits(t.ctx(), wh.main.id, a.id, [{ purchaseDate: '2022-03-01', serialNumber: 'I-1' }]);
    const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: a.articleNumber }] });
    await deliverLine(as(t.ctx(), 'warehouse'), o.lineIds[0]!, { version: 1, units: [{ unitId: u!.id, serialNumber: 'I-1' }] });
    const patientReads = async () =>
      (await t.database.query(`SELECT 1 FROM audit_log WHERE action = 'provision.unit.read' AND entity_id = $1`, [u!.id])).length;

    for (const role of ['finance', 'assortment', 'functionCoordinator', 'systemAdmin'] as const) {
      const card = await getUnit(as(t.ctx(), role), u!.id);
      expect(card.currentHolding, role).toMatchObject({ customerNumber: '20101', toDate: null, patient: null, patientWithheld: true });
      expect(JSON.stringify(card), role).not.toMatch(/Märta|Öström/);
    }
    expect(await patientReads()).toBe(0);

    for (const role of ['customerService', 'warehouse', 'technician', 'consultant'] as const) {
      const card = await getUnit(as(t.ctx(), role), u!.id);
      expect(card.currentHolding, role).toMatchObject({ patient: { firstName: 'Märta', lastName: 'Öström' }, patientWithheld: false });
    }
    expect(await patientReads()).toBe(4);
    // Someone holding both kinds of role handles orders, and sees the person.
    expect((await getUnit(as(t.ctx(), 'finance', 'customerService'), u!.id)).currentHolding?.patient).not.toBeNull();
  });

  it('units are listed in unit-number order, searchable and keyset-paginated', async () => {
    const a = await givenUnitArticle(t.database, { name: 'Duschstol Lista' });
    await givenUnits(t.ctx(), wh.main.id, a.id, [
      { purchaseDate: '2021-01-01', serialNumber: 'DL-1' },
      { purchaseDate: '2021-01-01', serialNumber: 'DL-2' },
      { purchaseDate: '2021-01-01', serialNumber: 'DL-3' },
    ]);
    const ctx = as(t.ctx(), 'warehouse');
    const p1 = await listUnits(ctx, { articleId: a.id, limit: 2 });
    const p2 = await listUnits(ctx, { articleId: a.id, limit: 2, cursor: p1.nextCursor! });
    expect([...p1.items, ...p2.items].map((u) => u.serialNumber)).toEqual(['DL-1', 'DL-2', 'DL-3']);
    expect(p2.nextCursor).toBeNull();
    expect((await listUnits(ctx, { q: 'DL-2', limit: 10 })).items.map((u) => u.serialNumber)).toEqual(['DL-2']);
  });
});

describe('write-off', () => {
  it('scraps a unit at the centre with its code; a unit on a patient goes through its own report instead', async () => {
    const a = await givenUnitArticle(t.database, { name: 'Rullstol Avskrivning' });
    const [worn, onPatient] = await givenUnits(t.ctx(), wh.main.id, a.id, [{ purchaseDate: '2015-01-01' }, { purchaseDate: '2016-01-01' }]);
    const ctx = as(t.ctx(), 'warehouse');
    const r = await writeOffUnit(ctx, worn!.id, { version: worn!.version, code: 'wornOut', note: 'Ramen sprucken' });
    expect(r.unit).toMatchObject({ status: 'scrapped', writeOffCode: 'wornOut', warehouseId: null });
    const card = await getUnit(ctx, worn!.id);
    expect(card.history.at(-1)).toMatchObject({
      type: 'writtenOff',
      fromStatus: 'newInStock',
      toStatus: 'scrapped',
      data: { code: 'wornOut', note: 'Ramen sprucken' },
    });
    await expect(writeOffUnit(ctx, worn!.id, { version: r.unit.version, code: 'wornOut' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });

    const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: a.articleNumber }] });
    await deliverLine(ctx, o.lineIds[0]!, { version: 1, units: [{ unitId: onPatient!.id }] });
    const [v] = await t.database.query<{ version: number }>(`SELECT version FROM provision_unit WHERE id = $1`, [onPatient!.id]);
    await expect(writeOffUnit(ctx, onPatient!.id, { version: v!.version, code: 'lossByReport' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringMatching(/förkommet/),
    });
    await expect(writeOffUnit(ctx, onPatient!.id, { version: 0, code: 'lossByReport' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
