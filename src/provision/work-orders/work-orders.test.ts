import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { CONTRACT_VERSION, ContractRefused, type AnswerQuote, type SubmitOrder } from '../../contract/index.ts';
import { stockholmInstant } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { computeLineDue } from '../due-dates/compute-due-date.ts';
import { defaultProvisionTimeLimits } from '../due-dates/time-limits.ts';
import { receiveMessage } from '../intake/receive-message.ts';
import { postStockTransaction } from '../stock/stock.ts';
import { as, givenUnitArticle, givenUnits, givenWarehouses, submitMessage } from '../testing/given.ts';
import { getUnit } from '../units/get-unit.ts';
import { bookWorkOrder } from './book-work-order.ts';
import { cancelWorkOrder } from './cancel-work-order.ts';
import { closeWorkOrder, finishWorkOrder } from './finish-work-order.ts';
import { getWorkOrder, workOrderLimits } from './get-work-order.ts';
import { noteCeQuestion, recordRiskAnalysis, sendQuote } from './special-adaptation.ts';
import { startWorkOrder } from './start-work-order.ts';

let t: TestApp;
let ctx: Ctx;
let tech: Ctx;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;
let unitNumbers: string[] = [];
let unitIds: string[] = [];
let screws: { id: string; articleNumber: string };
let spare: { id: string; articleNumber: string };

beforeAll(async () => {
  t = await startTestApp();
  ctx = t.ctx();
  tech = as(ctx, 'technician');
  wh = await givenWarehouses(t.database);
  const chair = await givenUnitArticle(t.database, { name: 'Rullstol Arbetsorder 42' });
  const units = await givenUnits(
    ctx,
    wh.main.id,
    chair.id,
    Array.from({ length: 12 }, (_, i) => ({ purchaseDate: `2021-0${(i % 9) + 1}-01` })),
  );
  unitNumbers = units.map((u) => u.unitNumber);
  unitIds = units.map((u) => u.id);
  screws = await givenUnitArticle(t.database, { name: 'Skruvsats M6 Arbetsorder', unitTracked: false, chargingForm: 'sale', articleType: 'R' });
  spare = await givenUnitArticle(t.database, { name: 'Styrenhet Arbetsorder', articleType: 'R' });
  await postStockTransaction(as(ctx, 'warehouse'), { warehouseId: wh.main.id, articleId: screws.id, quantity: 10, kind: 'receipt' });
});
afterAll(() => t.close());

let nextUnit = 0;
async function workOrder(typeCode: string, o: { unitNumber?: string; urgent?: boolean } = {}) {
  const message = submitMessage({
    orderType: 'workOrder',
    urgent: o.urgent ?? false,
    lines: [{ unitNumber: o.unitNumber ?? unitNumbers[nextUnit++ % 11]! }],
    workOrder: { typeCode, description: 'Bromsen tar dåligt på vänster sida', preferredDate: null },
  });
  if (typeCode === 'specialAdaptation') message.order.attachments = ['instruction', 'riskAnalysis'].map((kind) => attachment(kind));
  await receiveMessage(ctx, message);
  return { orderId: message.order.orderId, lineId: message.order.lines[0]!.lineId, message };
}

function attachment(kind: string): SubmitOrder['order']['attachments'][number] {
  return { attachmentId: crypto.randomUUID(), kind, fileName: `${kind}.pdf`, contentType: 'application/pdf', size: 100, sha256: 'a'.repeat(64), url: null };
}

const contractEvents = async (orderId: string) =>
  (
    await t.database.query<{ contract_event: Record<string, unknown> }>(
      `SELECT contract_event FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL ORDER BY sequence`,
      [orderId],
    )
  ).map((r) => r.contract_event);
const lineState = async (lineId: string) =>
  (await t.database.query<{ state: string }>(`SELECT state FROM provision_order_line WHERE id = $1`, [lineId]))[0]!.state;
const orderStatus = async (orderId: string) =>
  (await t.database.query<{ status: string }>(`SELECT status FROM provision_order WHERE id = $1`, [orderId]))[0]!.status;
const balance = async (articleId: string) =>
  (
    await t.database.query<{ balance: number }>(`SELECT balance FROM provision_stock_balance WHERE warehouse_id = $1 AND article_id = $2`, [
      wh.main.id,
      articleId,
    ])
  )[0]?.balance ?? 0;

function answer(orderId: string, approved: boolean, comment: string | null = null): AnswerQuote {
  return {
    contractVersion: CONTRACT_VERSION,
    type: 'order.answerQuote',
    messageId: crypto.randomUUID(),
    sentAt: new Date().toISOString(),
    orderId,
    approved,
    by: { userId: crypto.randomUUID(), name: 'Enhetschef Eva' },
    comment,
  };
}

const tomorrowAt9 = () => new Date(Date.now() + 24 * 3600_000).toISOString();

describe('a work order from received to closed', () => {
  it('is booked, started and done with notes, time spent and material; the prescriber hears booked, started and done', async () => {
    const w = await workOrder('repairAtPatient');
    const v0 = await getWorkOrder(tech, w.orderId);
    expect(v0).toMatchObject({ state: 'received', typeCode: 'repairAtPatient', allowed: { book: true, start: true, done: false, riskAnalysis: false } });

    const bookedFor = tomorrowAt9();
    const b = await bookWorkOrder(tech, w.orderId, { version: v0.version, bookedFor, technician: 'Tomas Berg' });
    expect(b.state).toBe('booked');
    expect(await lineState(w.lineId)).toBe('booked');
    const s = await startWorkOrder(tech, w.orderId, { version: b.version });
    expect(await lineState(w.lineId)).toBe('started');
    const d = await finishWorkOrder(tech, w.orderId, {
      version: s.version,
      notes: 'Bytt bromsvajer och justerat bromsen.',
      minutesSpent: 45,
      material: [
        { articleNumber: screws.articleNumber, quantity: 2, warehouseId: wh.main.id },
        { articleNumber: spare.articleNumber, quantity: 1 },
      ],
    });
    expect(d.state).toBe('done');
    expect(await lineState(w.lineId)).toBe('done');
    expect(await orderStatus(w.orderId)).toBe('done');

    const events = await contractEvents(w.orderId);
    expect(events.map((e) => e.type)).toEqual(['received', 'workOrderBooked', 'workOrderStarted', 'workOrderDone']);
    expect(events[1]).toMatchObject({ bookedFor: new Date(bookedFor).toISOString(), technician: 'Tomas Berg' });
    expect(events[3]).toMatchObject({ summary: 'Bytt bromsvajer och justerat bromsen.' });

    const view = await getWorkOrder(tech, w.orderId);
    expect(view).toMatchObject({ state: 'done', minutesSpent: 45, notes: 'Bytt bromsvajer och justerat bromsen.', allowed: { close: true, cancel: false } });
    expect(view.material).toEqual([
      { articleNumber: screws.articleNumber, articleName: 'Skruvsats M6 Arbetsorder', quantity: 2, unitTracked: false, warehouseName: 'Centrallagret' },
      { articleNumber: spare.articleNumber, articleName: 'Styrenhet Arbetsorder', quantity: 1, unitTracked: true, warehouseName: null },
    ]);

    const c = await closeWorkOrder(tech, w.orderId, { version: d.version });
    expect(c.state).toBe('closed');
    // Closing is the centre's own step: the prescriber already heard 'done'.
    expect((await contractEvents(w.orderId)).length).toBe(4);
  });

  it('material that is not unit-tracked leaves the stock ledger; with too little in stock nothing of the step is done', async () => {
    const before = await balance(screws.id);
    const w = await workOrder('repairAtCentre');
    const s = await startWorkOrder(tech, w.orderId, { version: 1 });
    await expect(
      finishWorkOrder(tech, w.orderId, {
        version: s.version,
        notes: 'Klart',
        minutesSpent: 10,
        material: [{ articleNumber: screws.articleNumber, quantity: before + 1, warehouseId: wh.main.id }],
      }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    expect((await getWorkOrder(tech, w.orderId)).state).toBe('started');
    expect(await balance(screws.id)).toBe(before);

    await finishWorkOrder(tech, w.orderId, {
      version: s.version,
      notes: 'Klart',
      minutesSpent: 10,
      material: [{ articleNumber: screws.articleNumber, quantity: 3, warehouseId: wh.main.id }],
    });
    expect(await balance(screws.id)).toBe(before - 3);
    const [tx] = await t.database.query<{ quantity: number; order_id: string; kind: string }>(
      `SELECT quantity, order_id, kind FROM provision_stock_transaction WHERE order_id = $1`,
      [w.orderId],
    );
    expect(tx).toEqual({ quantity: -3, order_id: w.orderId, kind: 'delivery' });
  });

  it('material from stock must name the warehouse it was taken from, and an unknown article is named', async () => {
    const w = await workOrder('repairAtCentre');
    const s = await startWorkOrder(tech, w.orderId, { version: 1 });
    const err = await finishWorkOrder(tech, w.orderId, {
      version: s.version,
      notes: 'Klart',
      minutesSpent: 5,
      material: [
        { articleNumber: screws.articleNumber, quantity: 1 },
        { articleNumber: 'FINNS-INTE-1', quantity: 1 },
      ],
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'material.0.warehouseId' }, { path: 'material.1.articleNumber' }] } });
  });

  it('cannot be done before it has started, nor started twice', async () => {
    const w = await workOrder('repairAtCentre');
    await expect(finishWorkOrder(tech, w.orderId, { version: 1, notes: 'x', minutesSpent: 1, material: [] })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    const s = await startWorkOrder(tech, w.orderId, { version: 1 });
    await expect(startWorkOrder(tech, w.orderId, { version: s.version })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(bookWorkOrder(tech, w.orderId, { version: s.version, bookedFor: tomorrowAt9() })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('a technician who acts on a version someone else has changed since gets a conflict, not a silent overwrite', async () => {
    const w = await workOrder('repairAtCentre');
    await bookWorkOrder(tech, w.orderId, { version: 1, bookedFor: tomorrowAt9() });
    await expect(bookWorkOrder(as(ctx, 'technician'), w.orderId, { version: 1, bookedFor: tomorrowAt9() })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a booking can be moved: each new time is sent to the prescriber', async () => {
    const w = await workOrder('adjustment');
    const b1 = await bookWorkOrder(tech, w.orderId, { version: 1, bookedFor: tomorrowAt9() });
    const later = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    await bookWorkOrder(tech, w.orderId, { version: b1.version, bookedFor: later });
    const booked = (await contractEvents(w.orderId)).filter((e) => e.type === 'workOrderBooked');
    expect(booked.map((e) => e.bookedFor)).toEqual([expect.any(String), new Date(later).toISOString()]);
    expect(booked[1]!.technician).toBe('Test technician');
  });

  it('only technicians and consultants take the steps; customer service may cancel but not book', async () => {
    const w = await workOrder('repairAtCentre');
    await expect(bookWorkOrder(as(ctx, 'customerService'), w.orderId, { version: 1, bookedFor: tomorrowAt9() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(startWorkOrder(as(ctx, 'warehouse'), w.orderId, { version: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await cancelWorkOrder(as(ctx, 'customerService'), w.orderId, { version: 1, reason: 'patientUnreachable' })).state).toBe('cancelled');
  });
});

describe('cancelling, and the type that never changes', () => {
  it('cancelled for the wrong type, the prescriber is told to send a new work order; the type stays what was ordered', async () => {
    const w = await workOrder('repairAtCentre');
    const r = await cancelWorkOrder(tech, w.orderId, { version: 1, reason: 'wrongWorkOrderType', comment: 'Gäller en anpassning.' });
    expect(r.state).toBe('cancelled');
    const last = (await contractEvents(w.orderId)).at(-1)!;
    expect(last).toMatchObject({ type: 'cancelled', reason: 'wrongWorkOrderType', lineId: null });
    expect(last.comment).toMatch(/^Gäller en anpassning\. .*skicka en ny arbetsorder med rätt typ/);
    expect(await lineState(w.lineId)).toBe('cancelled');
    const v = await getWorkOrder(tech, w.orderId);
    expect(v).toMatchObject({
      typeCode: 'repairAtCentre',
      state: 'cancelled',
      cancelReason: 'wrongWorkOrderType',
      allowed: { book: false, start: false, cancel: false },
    });
  });

  it('patient unreachable and missing documents are reasons too; a done work order can no longer be cancelled', async () => {
    const a = await workOrder('repairAtPatient');
    await cancelWorkOrder(tech, a.orderId, { version: 1, reason: 'missingDocuments' });
    expect((await contractEvents(a.orderId)).at(-1)).toMatchObject({ type: 'cancelled', reason: 'missingDocuments' });
    const b = await workOrder('repairAtCentre');
    const s = await startWorkOrder(tech, b.orderId, { version: 1 });
    const d = await finishWorkOrder(tech, b.orderId, { version: s.version, notes: 'Klart', minutesSpent: 1, material: [] });
    await expect(cancelWorkOrder(tech, b.orderId, { version: d.version, reason: 'patientUnreachable' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('there is no route that changes the type: a PATCH with a type is refused, and a step that names a type is invalid', async () => {
    const w = await workOrder('repairAtCentre');
    const technician = await t.login('tekniker');
    const patch = await technician.patch(`/api/provision/work-orders/${w.orderId}`, { typeCode: 'adjustment' });
    expect(patch.statusCode).toBe(404);
    const put = await technician.put(`/api/provision/work-orders/${w.orderId}`, { typeCode: 'adjustment' });
    expect(put.statusCode).toBe(404);
    const book = await technician.post(`/api/provision/work-orders/${w.orderId}/book`, { version: 1, bookedFor: tomorrowAt9(), typeCode: 'adjustment' });
    expect(book.statusCode).toBe(400);
    expect(book.json().error.code).toBe('VALIDATION');
    const routes = t.app.apiRoutes.filter((r) => r.url.startsWith('/api/provision/work-orders')).map((r) => `${r.method} ${r.url}`);
    expect(routes.some((r) => /type/i.test(r) || r.startsWith('PATCH') || r.startsWith('PUT'))).toBe(false);
    const v = (await technician.get(`/api/provision/work-orders/${w.orderId}`)).json() as { typeCode: string; state: string };
    expect(v).toMatchObject({ typeCode: 'repairAtCentre', state: 'received' });
  });

  it('a work order the ordering side cancelled before the centre acted shows as cancelled and takes no steps', async () => {
    const w = await workOrder('repairAtCentre');
    await receiveMessage(ctx, {
      contractVersion: CONTRACT_VERSION,
      type: 'order.cancel',
      messageId: crypto.randomUUID(),
      sentAt: new Date().toISOString(),
      orderId: w.orderId,
      lineIds: null,
      reason: 'requestedByCustomer',
      comment: null,
    });
    expect(await getWorkOrder(tech, w.orderId)).toMatchObject({ state: 'cancelled', cancelReason: 'requestedByCustomer', allowed: { book: false } });
    await expect(startWorkOrder(tech, w.orderId, { version: 1 })).rejects.toMatchObject({ code: expect.stringMatching(/CONFLICT|INVALID_TRANSITION/) });
  });
});

describe('time limits by work-order type (DOMAIN §4)', () => {
  const monday = stockholmInstant('2026-11-23', 9 * 60);
  it('corrective maintenance: started within 3 and done within 10 working days', () => {
    expect(workOrderLimits('repairAtCentre', monday)).toEqual({ startBy: '2026-11-26', doneBy: '2026-12-07' });
    expect(workOrderLimits('repairAtPatient', monday)).toEqual({ startBy: '2026-11-26', doneBy: '2026-12-07' });
  });
  it('urgent corrective maintenance: done within 8 working hours', () => {
    const due = computeLineDue(
      { orderType: 'workOrder', urgent: true, stockForm: null, receivedAt: monday, deliveryWeekday: 3, workOrderTypeCode: 'repairUrgent' },
      defaultProvisionTimeLimits,
    );
    expect(due.dueAt?.getTime()).toBe(stockholmInstant('2026-11-23', 17 * 60).getTime());
  });
  it('consultation offered within 15 working days (urgent 5), adjustment started within 3, special adaptation case by case', () => {
    expect(workOrderLimits('consultation', monday).startBy).toBe('2026-12-14');
    expect(workOrderLimits('consultationUrgent', monday).startBy).toBe('2026-11-30');
    expect(workOrderLimits('adjustment', monday)).toEqual({ startBy: '2026-11-26', doneBy: null });
    expect(workOrderLimits('specialAdaptation', monday)).toEqual({ startBy: null, doneBy: null });
  });
  it('the work order page shows the limits from the day it was received', async () => {
    const w = await workOrder('repairAtCentre');
    const v = await getWorkOrder(tech, w.orderId);
    expect(v.startBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(v.doneBy! > v.startBy!).toBe(true);
    expect(v).toMatchObject({ startOverdue: false, doneOverdue: false });
  });
});

describe('special adaptation', () => {
  it('risk analysis → quote → approved by the cost-responsible → manufacture → done → closed', async () => {
    const w = await workOrder('specialAdaptation');
    const v0 = await getWorkOrder(tech, w.orderId);
    expect(v0).toMatchObject({ specialAdaptation: true, allowed: { riskAnalysis: true, start: false, quote: false } });
    const r = await recordRiskAnalysis(tech, w.orderId, { version: 1, riskAnalysis: 'Klämrisk vid fällning bedömd som låg efter skydd.' });
    expect(r.state).toBe('riskAnalysed');
    expect(await lineState(w.lineId)).toBe('inAdaptation');
    const ce = await noteCeQuestion(tech, w.orderId, { version: r.version, question: 'Behåller stolen CE-märkningen med förlängd ryggbåge?' });
    const q = await sendQuote(tech, w.orderId, { version: ce.version, amount: 18450.5, text: 'Förlängd ryggbåge, material och 6 timmar.' });
    expect(q.state).toBe('awaitingApproval');
    // Nothing may be manufactured while the cost-responsible has not answered.
    await expect(startWorkOrder(tech, w.orderId, { version: q.version })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });

    const receipt = await receiveMessage(ctx, answer(w.orderId, true, 'Godkänd.'));
    expect(receipt.duplicate).toBe(false);
    const v1 = await getWorkOrder(tech, w.orderId);
    expect(v1).toMatchObject({
      state: 'approved',
      riskAnalysis: 'Klämrisk vid fällning bedömd som låg efter skydd.',
      ceQuestion: 'Behåller stolen CE-märkningen med förlängd ryggbåge?',
      quote: { amount: 18450.5, text: 'Förlängd ryggbåge, material och 6 timmar.' },
      quoteAnswer: { approved: true, by: 'Enhetschef Eva', comment: 'Godkänd.' },
      allowed: { start: true },
    });
    const m = await startWorkOrder(tech, w.orderId, { version: v1.version });
    expect(m.state).toBe('manufacturing');
    const d = await finishWorkOrder(tech, w.orderId, { version: m.version, notes: 'Ryggbågen förlängd och provad.', minutesSpent: 360, material: [] });
    await closeWorkOrder(tech, w.orderId, { version: d.version });

    const events = await contractEvents(w.orderId);
    expect(events.map((e) => e.type)).toEqual(['received', 'quoteSent', 'workOrderStarted', 'workOrderDone']);
    expect(events[1]).toMatchObject({ amount: 18450.5, text: 'Förlängd ryggbåge, material och 6 timmar.' });
    const steps = (await getWorkOrder(tech, w.orderId)).history.map((h) => h.type);
    expect(steps).toEqual(
      expect.arrayContaining(['riskAnalysed', 'ceQuestion', 'quoteSent', 'quoteApproved', 'manufactureStarted', 'workOrderDone', 'workOrderClosed']),
    );
  });

  it('a quote the cost-responsible declines stops the work order, and the prescriber sees it cancelled with the answer', async () => {
    const w = await workOrder('specialAdaptation');
    const r = await recordRiskAnalysis(tech, w.orderId, { version: 1, riskAnalysis: 'Ingen kvarstående risk.' });
    await sendQuote(tech, w.orderId, { version: r.version, amount: 32000, text: 'Specialbyggd sits.' });
    await receiveMessage(ctx, answer(w.orderId, false, 'För dyrt, vi prövar standardsits.'));
    const v = await getWorkOrder(tech, w.orderId);
    expect(v).toMatchObject({ state: 'stopped', quoteAnswer: { approved: false }, allowed: { start: false, done: false, cancel: false } });
    expect(await lineState(w.lineId)).toBe('cancelled');
    expect(await orderStatus(w.orderId)).toBe('cancelled');
    const last = (await contractEvents(w.orderId)).at(-1)!;
    expect(last).toMatchObject({ type: 'cancelled', reason: 'other' });
    expect(last.comment).toMatch(/Offerten avböjdes av Enhetschef Eva.*För dyrt/);
  });

  it('without a quote asked for, manufacture follows the risk analysis directly', async () => {
    const w = await workOrder('specialAdaptation');
    const r = await recordRiskAnalysis(tech, w.orderId, { version: 1, riskAnalysis: 'Låg risk.' });
    const m = await startWorkOrder(tech, w.orderId, { version: r.version });
    expect(m.state).toBe('manufacturing');
  });

  it('an answer to a quote nobody is waiting for is refused, and nothing of it is stored', async () => {
    const w = await workOrder('specialAdaptation');
    const message = answer(w.orderId, true);
    await expect(receiveMessage(ctx, message)).rejects.toBeInstanceOf(ContractRefused);
    await expect(receiveMessage(ctx, message)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect(await t.database.query(`SELECT 1 FROM provision_inbound_message WHERE message_id = $1`, [message.messageId])).toEqual([]);
    expect((await getWorkOrder(tech, w.orderId)).state).toBe('received');
    await expect(receiveMessage(ctx, answer(crypto.randomUUID(), true))).rejects.toMatchObject({ code: 'UNKNOWN_ORDER' });
  });

  it('the same answer sent twice is applied once', async () => {
    const w = await workOrder('specialAdaptation');
    const r = await recordRiskAnalysis(tech, w.orderId, { version: 1, riskAnalysis: 'Låg risk.' });
    await sendQuote(tech, w.orderId, { version: r.version, amount: 100, text: 'Liten justering.' });
    const message = answer(w.orderId, true);
    expect((await receiveMessage(ctx, message)).duplicate).toBe(false);
    expect((await receiveMessage(ctx, message)).duplicate).toBe(true);
    expect((await getWorkOrder(tech, w.orderId)).state).toBe('approved');
  });

  it('an ordinary work order has no risk analysis, quote or CE question', async () => {
    const w = await workOrder('repairAtCentre');
    await expect(recordRiskAnalysis(tech, w.orderId, { version: 1, riskAnalysis: 'x' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(sendQuote(tech, w.orderId, { version: 1, amount: 1, text: 'x' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(noteCeQuestion(tech, w.orderId, { version: 1, question: 'x' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });
});

describe('the unit card', () => {
  it('shows the work orders done on the unit, newest first', async () => {
    const unitNumber = unitNumbers[11]!;
    const first = await workOrder('repairAtCentre', { unitNumber });
    const s = await startWorkOrder(tech, first.orderId, { version: 1 });
    await finishWorkOrder(tech, first.orderId, { version: s.version, notes: 'Nytt hjul', minutesSpent: 20, material: [] });
    const second = await workOrder('adjustment', { unitNumber });
    const card = await getUnit(as(ctx, 'technician'), unitIds[11]!);
    expect(card.workOrders.map((w) => (w.kind === 'workOrder' ? [w.orderId, w.typeCode, w.state] : w.inspectionNumber))).toEqual([
      [second.orderId, 'adjustment', 'received'],
      [first.orderId, 'repairAtCentre', 'done'],
    ]);
    expect(card.workOrders[1]).toMatchObject({ notes: 'Nytt hjul', minutesSpent: 20 });
  });
});
