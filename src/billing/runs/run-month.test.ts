import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { stockholmInstant } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { cancelCentreOrder } from '../../provision/orders/cancel-lines.ts';
import { deliverLine } from '../../provision/orders/deliver-line.ts';
import { reportUnitMissing } from '../../provision/pickups/pick-up-actions.ts';
import { postStockTransaction } from '../../provision/stock/stock.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses } from '../../provision/testing/given.ts';
import { writeOffAfterInvestigation } from '../../provision/pickups/investigations.ts';
import { finishWorkOrder } from '../../provision/work-orders/finish-work-order.ts';
import { startWorkOrder } from '../../provision/work-orders/start-work-order.ts';
import { createCostRule } from '../cost-rules/cost-rules.ts';
import { givenDeliveredUnit, givenGeneralPrice, givenServicePrices, linesOf, patient, personnummer } from '../testing/given.ts';
import { closeMonth } from './close-month.ts';
import { correctLine } from './correct-line.ts';
import { getMonth } from './preview.ts';
import { runMonth } from './run-month.ts';

let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;
let chair: { id: string; articleNumber: string };
let tongs: { id: string; articleNumber: string };
const day = (d: string, minutes = 10 * 60): Ctx => t.ctx(() => stockholmInstant(d, minutes));
const finance = (d = '2026-12-01') => as(day(d), 'finance');
const rentOf = async (unitNumber: string, period = '2026-11') =>
  (await linesOf(t.database, period)).filter((l) => l.kind === 'rent' && l.unit_number === unitNumber);

beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
  await givenServicePrices(t.database);
  chair = await givenUnitArticle(t.database, { name: 'Rullstol Fakturering' });
  await givenGeneralPrice(t.database, chair.id, '600.00');
  tongs = await givenUnitArticle(t.database, { name: 'Griptång Fakturering', unitTracked: false, chargingForm: 'sale', articleType: 'H', isoCode: '24 21 03' });
  await givenGeneralPrice(t.database, tongs.id, '149.50');
  await postStockTransaction(as(day('2026-11-02'), 'warehouse'), { warehouseId: wh.main.id, articleId: tongs.id, quantity: 100, kind: 'receipt' });
});
afterAll(() => t.close());

describe('rent', () => {
  it('a unit delivered on 16 November pays 15 of 30 days: 600.00 × 15 / 30 = 300.00', async () => {
    const d = await givenDeliveredUnit(day('2026-11-16'), wh.main.id, chair);
    await runMonth(finance(), '2026-11');
    expect(await rentOf(d.unit.unitNumber)).toMatchObject([
      {
        rent_from: '2026-11-16',
        rent_to: '2026-11-30',
        days: 15,
        unit_price_ore: 60000,
        amount_ore: 30000,
        customer_number: '20101',
        comment: 'Del av månad: 15 av 30 dagar',
      },
    ]);
  });

  it('rent stops three working days after the pick-up order (Thursday 12 November → Tuesday 17 November)', async () => {
    const d = await givenDeliveredUnit(day('2026-11-02'), wh.main.id, chair);
    await givenReceivedOrder(day('2026-11-12'), { orderType: 'pickUp', lines: [{ unitNumber: d.unit.unitNumber }] });
    await runMonth(finance(), '2026-11');
    // 2–16 November: 15 days.
    expect(await rentOf(d.unit.unitNumber)).toMatchObject([{ rent_from: '2026-11-02', rent_to: '2026-11-16', days: 15, amount_ore: 30000 }]);
  });

  it('restarts when the unit is missing at pick-up: the whole month from delivery is charged', async () => {
    const d = await givenDeliveredUnit(day('2026-11-02'), wh.main.id, chair);
    const p = await givenReceivedOrder(day('2026-11-12'), { orderType: 'pickUp', lines: [{ unitNumber: d.unit.unitNumber }] });
    await reportUnitMissing(as(day('2026-11-13'), 'technician'), p.lineIds[0]!, { version: 1, comment: 'Ingen individ på plats' });
    await runMonth(finance(), '2026-11');
    expect(await rentOf(d.unit.unitNumber)).toMatchObject([{ rent_from: '2026-11-02', rent_to: '2026-11-30', days: 29, amount_ore: 58000 }]);
  });

  it('stops at write-off: missing at pick-up, written off after the investigation on 20 November, rent 2–19 November', async () => {
    const d = await givenDeliveredUnit(day('2026-11-02'), wh.main.id, chair);
    const p = await givenReceivedOrder(day('2026-11-12'), { orderType: 'pickUp', lines: [{ unitNumber: d.unit.unitNumber }] });
    const r = await reportUnitMissing(as(day('2026-11-13'), 'technician'), p.lineIds[0]!, { version: 1, comment: null });
    await writeOffAfterInvestigation(as(day('2026-11-20'), 'warehouse'), r.investigationId!, { version: 1, note: 'Ej återfunnen' });
    await runMonth(finance(), '2026-11');
    expect(await rentOf(d.unit.unitNumber)).toMatchObject([{ rent_from: '2026-11-02', rent_to: '2026-11-19', days: 18, amount_ore: 36000 }]);
  });
});

describe('one-time charges', () => {
  it('a sale article is charged once at delivery, at its price that day, rounded per line to the öre', async () => {
    const o = await givenReceivedOrder(day('2026-11-03'), { lines: [{ articleNumber: tongs.articleNumber, quantity: 3 }] });
    await deliverLine(as(day('2026-11-04'), 'warehouse'), o.lineIds[0]!, { version: 1, quantity: 3, warehouseId: wh.main.id });
    await runMonth(finance(), '2026-11');
    const sale = (await linesOf(t.database, '2026-11')).filter((l) => l.kind === 'sale' && l.order_number === o.message.order.orderNumber);
    expect(sale).toMatchObject([{ fact_date: '2026-11-04', quantity: '3.000', unit_price_ore: 14950, amount_ore: 44850 }]);
  });

  it('the urgent fee is charged for a filled urgent order, but not for a customer exempt from it', async () => {
    const charged = await givenDeliveredUnit(day('2026-11-05'), wh.main.id, chair, { urgent: true });
    const exempt = await givenDeliveredUnit(day('2026-11-05'), wh.main.id, chair, { urgent: true, customerNumber: '10104' });
    await runMonth(finance(), '2026-11');
    const fees = (await linesOf(t.database, '2026-11')).filter((l) => l.kind === 'urgentFee');
    expect(fees.filter((l) => l.order_number === charged.orderNumber)).toMatchObject([{ amount_ore: 50000, fact_id: charged.orderId }]);
    expect(fees.filter((l) => l.order_number === exempt.orderNumber)).toEqual([]);
  });

  it('a delivery cancelled because nobody was home carries the failed-delivery fee', async () => {
    const o = await givenReceivedOrder(day('2026-11-06'), { lines: [{ articleNumber: tongs.articleNumber }] });
    await cancelCentreOrder(as(day('2026-11-09'), 'customerService'), o.orderId, { reason: 'nobodyHome', comment: 'Ingen hemma' });
    await runMonth(finance(), '2026-11');
    expect(
      (await linesOf(t.database, '2026-11')).filter((l) => l.kind === 'failedDeliveryFee' && l.order_number === o.message.order.orderNumber),
    ).toMatchObject([{ fact_date: '2026-11-09', amount_ore: 35000, fact_id: o.orderId }]);
  });

  it('a work order done is charged its time at the technician rate and its material at the sale price', async () => {
    const [u] = await givenUnits(day('2026-11-02'), wh.main.id, chair.id, [{ purchaseDate: '2025-01-01' }]);
    const w = await givenReceivedOrder(day('2026-11-10'), {
      orderType: 'workOrder',
      lines: [{ unitNumber: u!.unitNumber }],
      workOrder: { typeCode: 'repairAtPatient', description: 'Bromsen', preferredDate: null },
    });
    const tech = as(day('2026-11-11'), 'technician');
    const s = await startWorkOrder(tech, w.orderId, { version: 1 });
    await finishWorkOrder(tech, w.orderId, {
      version: s.version,
      notes: 'Bytt broms',
      minutesSpent: 45,
      material: [{ articleNumber: tongs.articleNumber, quantity: 2, warehouseId: wh.main.id }],
    });
    await runMonth(finance(), '2026-11');
    const lines = (await linesOf(t.database, '2026-11')).filter((l) => l.order_number === w.message.order.orderNumber);
    expect(lines).toMatchObject([
      { kind: 'material', quantity: '2.000', unit_price_ore: 14950, amount_ore: 29900 },
      { kind: 'workOrderTime', quantity: '0.750', unit_price_ore: 72000, amount_ore: 54000, comment: '45 minuter' },
    ]);
  });
});

describe('cost responsibility rules', () => {
  it('the region pays for a patient aged 17 or younger, whoever ordered', async () => {
    await createCostRule(as(day('2026-11-01'), 'finance'), {
      name: 'Barn och unga',
      priority: 10,
      maxPatientAge: 17,
      isoCodePrefix: null,
      homeMunicipalityCode: null,
      payerCustomerNumber: '10104',
      validFrom: '2026-01-01',
      validTo: null,
      active: true,
    });
    const child = await givenDeliveredUnit(day('2026-11-02'), wh.main.id, chair, { patient: patient(personnummer('20091117')) });
    const adult = await givenDeliveredUnit(day('2026-11-02'), wh.main.id, chair, { patient: patient(personnummer('20081101')) });
    await runMonth(finance(), '2026-11');
    // On 2 November 2026 the child (born 17 November 2009) is 16; the other (born 1 November 2008) has just turned 18.
    expect(await rentOf(child.unit.unitNumber)).toMatchObject([{ customer_number: '10104', ordering_customer_number: '20101' }]);
    expect(await rentOf(adult.unit.unitNumber)).toMatchObject([{ customer_number: '20101', ordering_customer_number: '20101' }]);
  });

  it('the region pays for a product group (ISO class prefix)', async () => {
    const walker = await givenUnitArticle(t.database, { name: 'Rollator Regionbetald', isoCode: '12 06 06' });
    await givenGeneralPrice(t.database, walker.id, '200.00');
    await createCostRule(as(day('2026-11-01'), 'finance'), {
      name: 'Rollatorer',
      priority: 20,
      maxPatientAge: null,
      isoCodePrefix: '12 06',
      homeMunicipalityCode: null,
      payerCustomerNumber: '10101',
      validFrom: '2026-01-01',
      validTo: null,
      active: true,
    });
    const d = await givenDeliveredUnit(day('2026-11-02'), wh.main.id, walker);
    await runMonth(finance(), '2026-11');
    expect(await rentOf(d.unit.unitNumber)).toMatchObject([{ customer_number: '10101', ordering_customer_number: '20101', amount_ore: 19333 }]);
  });

  it("the patient's home municipality can decide who pays", async () => {
    await createCostRule(as(day('2026-11-01'), 'finance'), {
      name: 'Hemkommun 9902',
      priority: 30,
      maxPatientAge: null,
      isoCodePrefix: null,
      homeMunicipalityCode: '9902',
      payerCustomerNumber: '30101',
      validFrom: '2026-01-01',
      validTo: null,
      active: true,
    });
    const d = await givenDeliveredUnit(day('2026-11-02'), wh.main.id, chair, { patient: patient(personnummer('19500101'), { homeMunicipalityCode: '9902' }) });
    await runMonth(finance(), '2026-11');
    expect(await rentOf(d.unit.unitNumber)).toMatchObject([{ customer_number: '30101', ordering_customer_number: '20101' }]);
  });
});

describe('the month', () => {
  it('run twice gives the same basis', async () => {
    await runMonth(finance(), '2026-11');
    const first = (await linesOf(t.database, '2026-11')).map(({ id: _id, ...rest }) => rest);
    await runMonth(finance(), '2026-11');
    const second = (await linesOf(t.database, '2026-11')).map(({ id: _id, ...rest }) => rest);
    expect(second).toEqual(first);
    expect(first.length).toBeGreaterThan(10);
  });

  it('a month with an article lacking a price lists it and refuses the close; never a silent zero', async () => {
    const unpriced = await givenUnitArticle(t.database, { name: 'Lyft Utan Pris' });
    await givenDeliveredUnit(day('2026-11-20'), wh.main.id, unpriced);
    await runMonth(finance(), '2026-11');
    const m = await getMonth(finance(), '2026-11');
    expect(m.missingPrices).toEqual([{ kind: 'rent', articleNumber: unpriced.articleNumber, articleName: 'Lyft Utan Pris', lines: 1 }]);
    const err = await closeMonth(finance(), '2026-11', { version: m.version }).catch((e) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', details: { reason: 'pricesMissing' } });
    expect(err.message).toContain(unpriced.articleNumber);
    await givenGeneralPrice(t.database, unpriced.id, '1000.00');
  });

  it('the basis total equals the sum of its lines, to the öre', async () => {
    await runMonth(finance(), '2026-11');
    const m = await getMonth(finance(), '2026-11');
    const lines = await linesOf(t.database, '2026-11');
    expect(Math.round(m.total * 100)).toBe(lines.reduce((s, l) => s + (l.amount_ore ?? 0), 0));
    expect(m.missingPrices).toEqual([]);
  });

  it('two people closing at once: one wins, the other is told the month is already closed', async () => {
    const m = await getMonth(finance(), '2026-11');
    const results = await Promise.allSettled([
      closeMonth(finance(), '2026-11', { version: m.version }),
      closeMonth(finance(), '2026-11', { version: m.version }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
    expect((await getMonth(finance(), '2026-11')).state).toBe('closed');
  });

  it('a closed month never changes: the database refuses updates, deletes and inserts, and reopening', async () => {
    const before = await linesOf(t.database, '2026-11');
    await expect(t.database.query(`UPDATE billing_line SET amount_ore = 0 WHERE period = '2026-11'`)).rejects.toThrow(/closed/);
    await expect(t.database.query(`DELETE FROM billing_line WHERE period = '2026-11'`)).rejects.toThrow(/closed/);
    await expect(
      t.database.query(
        `INSERT INTO billing_line (period, customer_number, ordering_customer_number, kind, fact_id, fact_month, fact_date, quantity) VALUES ('2026-11', '20101', '20101', 'sale', 'x', '-', '2026-11-01', 1)`,
      ),
    ).rejects.toThrow(/closed/);
    await expect(t.database.query(`UPDATE billing_period SET state = 'draft' WHERE period = '2026-11'`)).rejects.toThrow(/closed/);
    await expect(t.database.query(`DELETE FROM billing_period WHERE period = '2026-11'`)).rejects.toThrow(/closed/);
    await expect(t.database.query(`TRUNCATE billing_line`)).rejects.toThrow(/closed/);
    await expect(runMonth(finance(), '2026-11')).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'periodClosed' } });
    await expect(runMonth(finance(), '2027-01')).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'periodOrder', next: '2026-12' } });
    expect(await linesOf(t.database, '2026-11')).toEqual(before);
  });

  it('a correction is a credit (negative quantity) and a new line in the next open month, both pointing at the original; a credit never exceeds what was billed', async () => {
    const [original] = (await linesOf(t.database, '2026-11')).filter((l) => l.kind === 'sale');
    const r = await correctLine(finance(), Number(original!.id), { quantity: 2, unitPrice: null, comment: 'En tång returnerades oanvänd' });
    expect(r.period).toBe('2026-12');
    const dec = (await linesOf(t.database, '2026-12')).filter((l) => l.corrects_line_id === original!.id);
    expect(dec).toMatchObject([
      { quantity: '-3.000', amount_ore: -44850, corrects_line_id: original!.id },
      { quantity: '2.000', amount_ore: 29900, corrects_line_id: original!.id },
    ]);
    // Crediting only: what is left on the chain (29 900) can be credited once, and then nothing more.
    await correctLine(finance(), Number(original!.id), { creditOnly: true, comment: 'Krediteras helt' });
    await expect(correctLine(finance(), Number(original!.id), { creditOnly: true, comment: 'Igen' })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'nothingToCredit' },
    });
    const chain = (await linesOf(t.database, '2026-12')).filter((l) => l.corrects_line_id === original!.id);
    expect(original!.amount_ore! + chain.reduce((s, l) => s + l.amount_ore!, 0)).toBe(0);
    // Re-running December keeps the corrections and charges no November fact again.
    await runMonth(finance(), '2026-12');
    expect((await linesOf(t.database, '2026-12')).filter((l) => l.corrects_line_id === original!.id)).toHaveLength(3);
    const novFacts = new Set((await linesOf(t.database, '2026-11')).filter((l) => l.fact_month === '-').map((l) => `${l.kind}:${l.fact_id}`));
    expect((await linesOf(t.database, '2026-12')).filter((l) => l.corrects_line_id === null && novFacts.has(`${l.kind}:${l.fact_id}`))).toEqual([]);
  });
});
