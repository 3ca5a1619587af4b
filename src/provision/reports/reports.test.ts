import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import type { SubmitOrder } from '../../contract/messages.ts';
import { addDays, addMonths, stockholmDateTime, stockholmInstant } from '../../platform/calendar/index.ts';
import { receiveMessage } from '../intake/receive-message.ts';
import { deliverLine } from '../orders/deliver-line.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses, submitMessage } from '../testing/given.ts';
import { getUnit } from '../units/get-unit.ts';
import { getCase, listCases } from './cases.ts';
import { addCaseNote, answerCase, assignCase } from './handle-case.ts';
import { handleLostDevice, reRegisterLostUnit } from './lost-device.ts';

let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;

beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
});
afterAll(() => t.close());

const contractEvents = async (orderId: string) =>
  (
    await t.database.query<{ contract_event: Record<string, unknown> }>(
      `SELECT contract_event FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL ORDER BY sequence`,
      [orderId],
    )
  ).map((r) => r.contract_event);

/** A report received through the real intake. */
async function givenReport(order: Partial<SubmitOrder['order']>, lines: { unitNumber: string }[] = [], patient?: SubmitOrder['order']['patient']) {
  const m = submitMessage({ orderType: order.orderType ?? 'faultReport', lines, ...(patient !== undefined ? { patient } : {}) });
  Object.assign(m.order, order);
  await receiveMessage(t.ctx(), m);
  return m.order.orderId;
}

/** A wheelchair delivered to the default patient (Märta Öström) through the real delivery. */
async function deliveredUnit(name: string) {
  const a = await givenUnitArticle(t.database, { name });
  const [u] = await givenUnits(t.ctx(), wh.main.id, a.id, [{ purchaseDate: '2023-02-01', serialNumber: `SN-${crypto.randomUUID().slice(0, 8)}` }]);
  const o = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: a.articleNumber }] });
  await deliverLine(as(t.ctx(), 'warehouse'), o.lineIds[0]!, { version: 1, units: [{ unitId: u!.id, serialNumber: u!.serialNumber }] });
  return { article: a, unit: u! };
}

describe('fault reports and deviations', () => {
  it('a fault report is a case customer service takes, notes on, and closes with an answer that goes to the reporter', async () => {
    const orderId = await givenReport(
      {
        orderType: 'faultReport',
        faultReport: { category: 'damagedGoods', description: 'Ramen var böjd vid leveransen.', relatedOrderNumber: 'B2026-000001' },
      },
      [],
      null,
    );
    const cs = as(t.ctx(), 'customerService');
    const open = await listCases(cs, { status: 'open' });
    expect(open.find((c) => c.orderId === orderId)).toMatchObject({
      orderType: 'faultReport',
      category: 'damagedGoods',
      status: 'open',
      assignedToName: null,
      reportedBy: 'Anna Åberg',
    });

    const taken = await assignCase(cs, orderId);
    expect(taken).toMatchObject({ status: 'open', assignedToName: cs.actor!.name });
    expect((await listCases(cs, { status: 'open', mine: 'true' })).map((c) => c.orderId)).toContain(orderId);
    // Someone else's "mine" does not show it.
    expect((await listCases(as(t.ctx(), 'customerService'), { status: 'open', mine: 'true' })).map((c) => c.orderId)).not.toContain(orderId);
    await addCaseNote(cs, orderId, { text: 'Ringt leverantören om ramen.' });

    await answerCase(cs, orderId, { answer: 'Vi byter ramen vid nästa leverans.' });
    const view = await getCase(cs, orderId);
    expect(view).toMatchObject({
      status: 'closed',
      answer: 'Vi byter ramen vid nästa leverans.',
      description: 'Ramen var böjd vid leveransen.',
      relatedOrderNumber: 'B2026-000001',
      patient: null,
    });
    expect(view.notes.map((n) => n.text)).toEqual(['Ringt leverantören om ramen.']);
    expect((await contractEvents(orderId)).map((e) => [e.type, e.answer ?? null])).toEqual([
      ['received', null],
      ['answered', 'Vi byter ramen vid nästa leverans.'],
    ]);
    const [o] = await t.database.query<{ status: string }>(`SELECT status FROM provision_order WHERE id = $1`, [orderId]);
    expect(o!.status).toBe('done');
    expect((await listCases(cs, { status: 'closed' })).map((c) => c.orderId)).toContain(orderId);
    expect((await listCases(cs, { status: 'open' })).map((c) => c.orderId)).not.toContain(orderId);
  });

  it('a new deviation that names neither unit nor article is refused at intake, and nothing is stored', async () => {
    const m = submitMessage({ orderType: 'deviation', lines: [], patient: null });
    m.order.deviation = { kind: 'complaint', description: 'Fel färg på dynan.' };
    await expect(receiveMessage(t.ctx(), m)).rejects.toMatchObject({
      code: 'INVALID',
      message: 'En avvikelse måste ange vilken individ (individnummer) eller vilken artikel (artikelnummer) den gäller',
    });
    expect(await t.database.query(`SELECT 1 FROM provision_order WHERE id = $1`, [m.order.orderId])).toEqual([]);
  });

  it('a closed case is answered once: a second answer, a note or taking it again is refused', async () => {
    const orderId = await givenReport(
      { orderType: 'deviation', deviation: { kind: 'nearMiss', description: 'Bromsen släppte nästan.', occurredOn: '2026-10-01', unitNumber: 'U-100001' } },
      [],
      null,
    );
    const consultant = as(t.ctx(), 'consultant');
    expect(await getCase(consultant, orderId)).toMatchObject({ deviationKind: 'nearMiss', deviationUnitNumber: 'U-100001', deviationArticleNumber: null });
    await answerCase(consultant, orderId, { answer: 'Bromsen är justerad.' });
    await expect(answerCase(consultant, orderId, { answer: 'Igen' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(addCaseNote(consultant, orderId, { text: 'sent' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(assignCase(consultant, orderId)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await contractEvents(orderId)).filter((e) => e.type === 'answered')).toHaveLength(1);
  });

  it('cases are customer service’s and consultants’, and only reports are cases', async () => {
    const orderId = await givenReport({ orderType: 'faultReport', faultReport: { category: 'wrongItem', description: 'Fel dyna.' } }, [], null);
    await expect(listCases(as(t.ctx(), 'warehouse'), { status: 'open' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(answerCase(as(t.ctx(), 'technician'), orderId, { answer: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const a = await givenUnitArticle(t.database, { name: 'Rullstol Inte ärende' });
    const customerOrder = await givenReceivedOrder(t.ctx(), { lines: [{ articleNumber: a.articleNumber }] });
    await expect(getCase(as(t.ctx(), 'customerService'), customerOrder.orderId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('lost-device reports', () => {
  it('handling a lost-device report writes the unit off to the loss stock as "loss by report", ends the holding and tells the ordering side', async () => {
    const { unit } = await deliveredUnit('Rullstol Förkommen 1');
    const orderId = await givenReport({ orderType: 'lostDevice', lostDevice: { description: 'Stulen från trapphuset.', lostOn: '2026-11-20' } }, [
      { unitNumber: unit.unitNumber },
    ]);
    const cs = as(t.ctx(), 'customerService');
    const r = await handleLostDevice(cs, orderId, { note: 'Polisanmäld' });
    const today = stockholmDateTime(new Date()).date;
    expect(r.writtenOff).toEqual([{ unitNumber: unit.unitNumber, writtenOffOn: today, reRegisterUntil: addMonths(today, 3) }]);

    const card = await getUnit(cs, unit.id);
    expect(card.unit).toMatchObject({ status: 'scrapped', writeOffCode: 'lossByReport', warehouseName: 'Förlustlager' });
    expect(card.currentHolding).toBeNull();
    expect(card.holdings[0]).toMatchObject({ toDate: today, endReason: 'writtenOff:lossByReport' });
    const events = await contractEvents(orderId);
    expect(events.at(-1)).toMatchObject({ type: 'writtenOff', unitNumber: unit.unitNumber, code: 'lossByReport', on: today });
    const view = await getCase(cs, orderId);
    expect(view).toMatchObject({ status: 'closed', patient: { firstName: 'Märta' } });
    expect(view.units[0]).toMatchObject({ unitStatus: 'scrapped', lineState: 'done', mayReRegister: true, reRegisterUntil: addMonths(today, 3) });
    // Handled once.
    await expect(handleLostDevice(cs, orderId, {})).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    // Written off, the report is closed: it is not answered afterwards.
    await expect(answerCase(cs, orderId, { answer: 'x' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('a report whose unit turned up is closed with an answer instead: nothing is written off and the unit stays on the patient', async () => {
    const { unit } = await deliveredUnit('Rullstol Förkommen 3');
    const orderId = await givenReport({ orderType: 'lostDevice', lostDevice: { description: 'Borta efter flytten.' } }, [{ unitNumber: unit.unitNumber }]);
    const cs = as(t.ctx(), 'customerService');
    await answerCase(cs, orderId, { answer: 'Rullstolen stod i förrådet i det nya boendet. Inget skrivs av.' });
    const card = await getUnit(cs, unit.id);
    expect(card.unit.status).toBe('onPatient');
    expect(card.currentHolding).toMatchObject({ toDate: null });
    const view = await getCase(cs, orderId);
    expect(view).toMatchObject({ status: 'closed', answer: 'Rullstolen stod i förrådet i det nya boendet. Inget skrivs av.' });
    expect(view.units[0]).toMatchObject({ unitStatus: 'onPatient', lineState: 'cancelled', mayReRegister: false });
    expect((await contractEvents(orderId)).at(-1)).toMatchObject({
      type: 'answered',
      answer: 'Rullstolen stod i förrådet i det nya boendet. Inget skrivs av.',
    });
    // Closed: the write-off is refused afterwards.
    await expect(handleLostDevice(cs, orderId, {})).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('a unit that is not on the report’s patient is refused and nothing is written off', async () => {
    const { unit } = await deliveredUnit('Rullstol Förkommen 2');
    const other = {
      identifier: '194108279883',
      identifierKind: 'personnummer' as const,
      firstName: 'Olle',
      lastName: 'Annan',
      protectedIdentity: false,
      homeMunicipalityCode: null,
      address: null,
    };
    const orderId = await givenReport({ orderType: 'lostDevice', lostDevice: { description: 'Borta.' } }, [{ unitNumber: unit.unitNumber }], other);
    await expect(handleLostDevice(as(t.ctx(), 'customerService'), orderId, {})).rejects.toMatchObject({ code: 'UNIT_NOT_PATIENTS' });
    expect((await getUnit(as(t.ctx(), 'warehouse'), unit.id)).unit.status).toBe('onPatient');
  });

  it('a lost device can be re-registered on the patient within three months, not after', async () => {
    const cs = as(t.ctx(), 'customerService');
    const first = await deliveredUnit('Rullstol Återfunnen 1');
    const second = await deliveredUnit('Rullstol Återfunnen 2');
    const r1 = await givenReport({ orderType: 'lostDevice', lostDevice: { description: 'Borta 1.' } }, [{ unitNumber: first.unit.unitNumber }]);
    const r2 = await givenReport({ orderType: 'lostDevice', lostDevice: { description: 'Borta 2.' } }, [{ unitNumber: second.unit.unitNumber }]);
    await handleLostDevice(cs, r1, {});
    await handleLostDevice(cs, r2, {});
    const lastDay = addMonths(stockholmDateTime(new Date()).date, 3);
    const at = (date: string) => () => stockholmInstant(date, 12 * 60);

    // On the last day of the three months: back on the patient with a new holding from that day.
    const c1 = await getCase(cs, r1);
    const ok = await reRegisterLostUnit(as(t.ctx(at(lastDay)), 'customerService'), c1.units[0]!.lineId, { version: c1.units[0]!.lineVersion });
    expect(ok).toMatchObject({ unitNumber: first.unit.unitNumber, since: lastDay });
    const card = await getUnit(cs, first.unit.id);
    expect(card.unit).toMatchObject({ status: 'onPatient', writeOffCode: null, warehouseId: null });
    expect(card.currentHolding).toMatchObject({ fromDate: lastDay, toDate: null, patient: { firstName: 'Märta' } });
    expect((await contractEvents(r1)).at(-1)).toMatchObject({ type: 'registeredOnPatient', since: lastDay, units: [{ unitNumber: first.unit.unitNumber }] });

    // The day after: refused with its own code, and nothing changes.
    const after = addDays(lastDay, 1);
    const c2 = await getCase(cs, r2);
    await expect(reRegisterLostUnit(as(t.ctx(at(after)), 'customerService'), c2.units[0]!.lineId, { version: c2.units[0]!.lineVersion })).rejects.toMatchObject(
      {
        code: 'RE_REGISTRATION_EXPIRED',
        details: { reRegisterUntil: lastDay },
      },
    );
    expect((await getUnit(cs, second.unit.id)).unit.status).toBe('scrapped');
    // A unit already back on the patient cannot be re-registered twice.
    const again = await getCase(cs, r1);
    await expect(reRegisterLostUnit(cs, again.units[0]!.lineId, { version: again.units[0]!.lineVersion })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('the re-registration period follows the calendar month', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-01-15', 3)).toBe('2026-04-15');
  });
});
