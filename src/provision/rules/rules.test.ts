import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { ContractRefused, type SubmitOrder } from '../../contract/index.ts';
import { addWorkingDays, addWorkingHours, stockholmInstant } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { isAppError } from '../../platform/errors.ts';
import { createCentreEndpoint, receiveMessage } from '../intake/receive-message.ts';
import { cancelCentreOrder } from '../orders/cancel-lines.ts';
import { getCentreOrder } from '../orders/get-order.ts';
import { setPlannedDate } from '../orders/set-planned-date.ts';
import { getCase } from '../reports/cases.ts';
import { as, givenUnitArticle, givenUnits, givenWarehouses, submitMessage } from '../testing/given.ts';
import { getWorkOrder } from '../work-orders/get-work-order.ts';
import { getRules, setCodeLabel, setOfficeHours, setQueueRouting, setRuleTimeLimits, setWorkOrderType, type RulesView } from './edit-rules.ts';

// Monday 23 November 2026, 09:00 in Stockholm: every order in this file is received then.
const MONDAY = stockholmInstant('2026-11-23', 9 * 60);
const RECEIVED_ON = '2026-11-23';

let t: TestApp;
let ctx: Ctx;
let admin: Ctx;
let coordinator: Ctx;
let unitNumbers: string[];
let chair: { id: string; articleNumber: string };

beforeAll(async () => {
  t = await startTestApp();
  ctx = t.ctx(() => MONDAY);
  admin = as(ctx, 'systemAdmin');
  coordinator = as(ctx, 'functionCoordinator');
  const wh = await givenWarehouses(t.database);
  chair = await givenUnitArticle(t.database, { name: 'Rullstol Regler 15', isoCode: '12 22 03' });
  unitNumbers = (
    await givenUnits(
      as(ctx, 'warehouse'),
      wh.main.id,
      chair.id,
      Array.from({ length: 6 }, () => ({ purchaseDate: '2024-01-01' })),
    )
  ).map((u) => u.unitNumber);
});
afterAll(() => t.close());

let nextUnit = 0;
async function receive(message: SubmitOrder) {
  await receiveMessage(ctx, message);
  const [row] = await t.database.query<{ queue: string; due_date: string | null; rule_set_id: number }>(
    `SELECT queue, due_date::text, rule_set_id FROM provision_order WHERE id = $1`,
    [message.order.orderId],
  );
  const lines = await t.database.query<{ id: string; due_at: Date | null; version: number }>(
    `SELECT id, due_at, version FROM provision_order_line WHERE order_id = $1 ORDER BY line_number`,
    [message.order.orderId],
  );
  return { orderId: message.order.orderId, ...row!, lines };
}
const workOrder = (typeCode: string, attachments: string[] = []) => {
  const m = submitMessage({
    orderType: 'workOrder',
    lines: [{ unitNumber: unitNumbers[nextUnit++ % unitNumbers.length]! }],
    workOrder: { typeCode, description: 'Bromsen tar dåligt', preferredDate: null },
  });
  m.order.attachments = attachments.map((kind) => ({
    attachmentId: crypto.randomUUID(),
    kind,
    fileName: `${kind}.pdf`,
    contentType: 'application/pdf',
    size: 100,
    sha256: 'a'.repeat(64),
    url: null,
  }));
  return m;
};
const customerOrder = (o: { urgent?: boolean } = {}) => submitMessage({ lines: [{ articleNumber: chair.articleNumber }], urgent: o.urgent ?? false });
const faultReport = (category: NonNullable<SubmitOrder['order']['faultReport']>['category']) =>
  submitMessage({ orderType: 'faultReport', lines: [], patient: null, faultReport: { category, description: 'Fel på leveransen' } });
const deviation = (kind: NonNullable<SubmitOrder['order']['deviation']>['kind']) => {
  const m = submitMessage({ orderType: 'deviation', lines: [], patient: null });
  m.order.deviation = { kind, description: 'Bromsen släppte', unitNumber: unitNumbers[0]! };
  return m;
};
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof ContractRefused || isAppError(e) ? e : Promise.reject(e)),
  );

describe('the rules are versioned: a change makes a new version, audited with who made it', () => {
  it('each edit is the next version, names its editor and kind, and writes an audit row', async () => {
    const before = await getRules(as(ctx, 'technician'));
    const after = await setOfficeHours(coordinator, { start: '08:00', end: '17:00' });
    expect(after.version).toMatchObject({
      id: before.version.id + 1,
      kind: 'officeHours',
      createdByName: 'Test functionCoordinator',
      change: { start: '08:00', end: '17:00' },
    });
    expect(after.history[0]!.id).toBe(after.version.id);
    const [a] = await t.database.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log WHERE entity_type = 'provision_rule_set' AND entity_id = $1`,
      [String(after.version.id)],
    );
    expect(a).toMatchObject({ action: 'provision.rules.update', details: { kind: 'officeHours', start: '08:00' } });
  });

  it('only system administration and the function coordinator change rules; bad input is refused field by field', async () => {
    const forbidden = await refusal(setOfficeHours(as(ctx, 'customerService'), { start: '08:00', end: '17:00' }));
    expect(forbidden).toMatchObject({ code: 'FORBIDDEN' });
    const backwards = await refusal(setOfficeHours(admin, { start: '17:00', end: '08:00' }));
    expect(backwards).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'body.end', code: 'before_start' }] } });
    const unknown = await refusal(
      setWorkOrderType(admin, 'noSuchType', {
        sv: 'X',
        en: 'X',
        startWithinWorkingDays: 1,
        doneWithinWorkingDays: 2,
        withinWorkingHours: null,
        requiredAttachments: [],
      }),
    );
    expect(unknown).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('two editors at the same moment: both changes are kept, in consecutive versions', async () => {
    const before = await getRules(admin);
    const [a, b] = await Promise.all([
      setCodeLabel(admin, 'cancelReasons', 'other', { sv: 'Annan orsak (ange i kommentaren)', en: 'Other reason (see the comment)', active: true }),
      setOfficeHours(coordinator, { start: '07:30', end: '16:30' }),
    ]);
    expect([a.version.id, b.version.id].sort()).toEqual([before.version.id + 1, before.version.id + 2]);
    const after = await getRules(admin);
    expect(after.officeHours).toEqual({ start: '07:30', end: '16:30' });
    expect(after.cancelReasons.find((c) => c.code === 'other')!.sv).toBe('Annan orsak (ange i kommentaren)');
  });

  it('the seeded version shows today’s values, with the limits DOMAIN.md does not name marked as assumptions', async () => {
    const rules = await getRules(admin);
    const deinstallation = rules.workOrderTypes.find((w) => w.code === 'deinstallation')!;
    expect(deinstallation).toMatchObject({ sv: 'Avinstallation', doneWithinWorkingDays: 7 });
    expect(deinstallation.assumption).toContain('Antagande');
    expect(rules.workOrderTypes.find((w) => w.code === 'digitalSupport')).toMatchObject({ startWithinWorkingDays: 3, doneWithinWorkingDays: 10 });
    expect(rules.workOrderTypes.find((w) => w.code === 'repairAtCentre')!.assumption).toBeNull();
    expect(rules.faultCategories.find((c) => c.code === 'wrongItem')).toMatchObject({ sv: 'Fel artikel', active: true });
  });
});

describe('an edit changes what a new order gets and not what an old one has', () => {
  it('work-order types: the limit, the label and the required attachments', async () => {
    const old = await receive(workOrder('repairAtCentre'));
    const edited = await setWorkOrderType(admin, 'repairAtCentre', {
      sv: 'Reparation på HMC',
      en: 'Repair at the centre',
      startWithinWorkingDays: 2,
      doneWithinWorkingDays: 4,
      withinWorkingHours: null,
      requiredAttachments: ['photo'],
    });
    expect(edited.workOrderTypes.find((w) => w.code === 'repairAtCentre')).toMatchObject({ doneWithinWorkingDays: 4, requiredAttachments: ['photo'] });

    const withoutPhoto = await refusal(receiveMessage(ctx, workOrder('repairAtCentre')));
    expect(withoutPhoto).toMatchObject({ code: 'INVALID', message: expect.stringContaining('photo') });
    const fresh = await receive(workOrder('repairAtCentre', ['photo']));

    expect(fresh.rule_set_id).toBe(edited.version.id);
    expect(old.rule_set_id).toBeLessThan(edited.version.id);
    expect(fresh.due_date).toBe(addWorkingDays(RECEIVED_ON, 4));
    expect(old.due_date).toBe(addWorkingDays(RECEIVED_ON, 10));
    const tech = as(ctx, 'technician');
    expect(await getWorkOrder(tech, fresh.orderId)).toMatchObject({
      typeSv: 'Reparation på HMC',
      startBy: addWorkingDays(RECEIVED_ON, 2),
      doneBy: addWorkingDays(RECEIVED_ON, 4),
    });
    expect(await getWorkOrder(tech, old.orderId)).toMatchObject({
      typeSv: 'Avhjälpande underhåll på HMC',
      startBy: addWorkingDays(RECEIVED_ON, 3),
      doneBy: addWorkingDays(RECEIVED_ON, 10),
    });
    // The ordering side gets the centre's current types through the contract.
    const centre = createCentreEndpoint({ database: t.database, config: t.config, log: ctx.log });
    expect((await centre.workOrderTypes()).find((w) => w.code === 'repairAtCentre')).toMatchObject({ sv: 'Reparation på HMC', requiredAttachments: ['photo'] });
  });

  it('time limits: the urgent delivery hours and the planned-date threshold', async () => {
    const old = await receive(customerOrder({ urgent: true }));
    const edited = await setRuleTimeLimits(admin, { urgentDeliveryHours: 48, plannedDateRequiredOverWorkingDays: 3 });
    expect(edited.timeLimits).toMatchObject({ urgentDeliveryHours: 48, plannedDateRequiredOverWorkingDays: 3, stockDeliveryWorkingDays: 7 });
    const fresh = await receive(customerOrder({ urgent: true }));
    const allDay = { startMinutes: 0, endMinutes: 1440 };
    expect(fresh.lines[0]!.due_at).toEqual(addWorkingHours(MONDAY, 48, allDay));
    expect(old.lines[0]!.due_at).toEqual(addWorkingHours(MONDAY, 24, allDay));

    // Five working days out is over the new threshold (3) but not the old one (17): each order reads its own.
    const date = addWorkingDays(RECEIVED_ON, 5);
    const planner = as(ctx, 'customerService');
    await setPlannedDate(planner, old.lines[0]!.id, { version: old.lines[0]!.version, plannedDate: date });
    await setPlannedDate(planner, fresh.lines[0]!.id, { version: fresh.lines[0]!.version, plannedDate: date });
    const overLimit = async (orderId: string) =>
      (
        await t.database.query<{ over: boolean }>(
          `SELECT (data->>'overLimit')::boolean AS over FROM provision_order_event WHERE order_id = $1 AND data ? 'plannedDate'`,
          [orderId],
        )
      )[0]!.over;
    expect(await overLimit(old.orderId)).toBe(false);
    expect(await overLimit(fresh.orderId)).toBe(true);
  });

  it('office hours: an urgent work order’s 8 working hours count on the new day', async () => {
    await setOfficeHours(admin, { start: '08:00', end: '17:00' });
    const old = await receive(workOrder('repairUrgent'));
    await setOfficeHours(admin, { start: '07:00', end: '12:00' });
    const fresh = await receive(workOrder('repairUrgent'));
    // Monday 09:00: 8 hours of 08–17 end Monday 17:00; of 07–12, 3 hours on Monday and 5 on Tuesday (until 12:00).
    expect(old.lines[0]!.due_at).toEqual(stockholmInstant('2026-11-23', 17 * 60));
    expect(fresh.lines[0]!.due_at).toEqual(stockholmInstant('2026-11-24', 12 * 60));
  });

  it('fault categories: a new label and a retired category', async () => {
    const old = await receive(faultReport('dirtyGoods'));
    await setCodeLabel(coordinator, 'faultCategories', 'dirtyGoods', { sv: 'Orent gods', en: 'Unclean goods', active: true });
    const fresh = await receive(faultReport('dirtyGoods'));
    const handler = as(ctx, 'customerService');
    expect((await getCase(handler, fresh.orderId)).categoryLabel).toEqual({ sv: 'Orent gods', en: 'Unclean goods' });
    expect((await getCase(handler, old.orderId)).categoryLabel).toEqual({ sv: 'Smutsigt gods', en: 'Dirty goods' });

    await setCodeLabel(coordinator, 'faultCategories', 'dirtyGoods', { sv: 'Orent gods', en: 'Unclean goods', active: false });
    expect(await refusal(receiveMessage(ctx, faultReport('dirtyGoods')))).toMatchObject({ code: 'INVALID' });
    expect((await getCase(handler, old.orderId)).category).toBe('dirtyGoods');
    const centre = createCentreEndpoint({ database: t.database, config: t.config, log: ctx.log });
    expect((await centre.codeLists()).faultCategories.find((c) => c.code === 'dirtyGoods')).toEqual({
      code: 'dirtyGoods',
      sv: 'Orent gods',
      en: 'Unclean goods',
      active: false,
    });
  });

  it('deviation kinds: a new label and a retired kind', async () => {
    const old = await receive(deviation('nearMiss'));
    await setCodeLabel(admin, 'deviationKinds', 'nearMiss', { sv: 'Nära ögat', en: 'Close call', active: false });
    expect(await refusal(receiveMessage(ctx, deviation('nearMiss')))).toMatchObject({ code: 'INVALID' });
    await setCodeLabel(admin, 'deviationKinds', 'nearMiss', { sv: 'Nära ögat', en: 'Close call', active: true });
    const fresh = await receive(deviation('nearMiss'));
    const handler = as(ctx, 'customerService');
    expect((await getCase(handler, fresh.orderId)).categoryLabel).toEqual({ sv: 'Nära ögat', en: 'Close call' });
    expect((await getCase(handler, old.orderId)).categoryLabel).toEqual({ sv: 'Tillbud', en: 'Near miss' });
  });

  it('cancel reasons: a reason retired after an order came in is still given for it, not for a newer one', async () => {
    const old = await receive(customerOrder());
    await setCodeLabel(admin, 'cancelReasons', 'patientUnreachable', { sv: 'Patienten kunde inte nås', en: 'Patient unreachable', active: false });
    const fresh = await receive(customerOrder());
    const cs = as(ctx, 'customerService');
    // The order page offers what each order may be given, with the labels of its version.
    const offered = async (id: string) => (await getCentreOrder(cs, id)).cancelReasons.map((c) => c.code);
    expect(await offered(old.orderId)).toContain('patientUnreachable');
    expect(await offered(fresh.orderId)).not.toContain('patientUnreachable');
    expect(await offered(fresh.orderId)).toContain('requestedByCustomer');
    const refused = await refusal(cancelCentreOrder(cs, fresh.orderId, { reason: 'patientUnreachable' }));
    expect(refused).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'body.reason', code: 'inactive' }] } });
    expect(await cancelCentreOrder(cs, old.orderId, { reason: 'patientUnreachable' })).toMatchObject({ cancelledLineIds: [old.lines[0]!.id] });
    expect(await cancelCentreOrder(cs, fresh.orderId, { reason: 'requestedByCustomer' })).toMatchObject({ cancelledLineIds: [fresh.lines[0]!.id] });
  });

  it('queue routing: by article (ISO prefix) and by work-order type', async () => {
    const oldOrder = await receive(customerOrder());
    const oldWork = await receive(workOrder('adjustment'));
    const current: RulesView = await getRules(admin);
    const routing = current.queueRouting as Parameters<typeof setQueueRouting>[1];
    const duplicate = await refusal(
      setQueueRouting(admin, {
        ...routing,
        byIsoPrefix: [
          { prefix: '12 22', queue: 'consultant' },
          { prefix: '12 22', queue: 'technician' },
        ],
      }),
    );
    expect(duplicate).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'body.byIsoPrefix.1.prefix', code: 'duplicate' }] } });
    await setQueueRouting(admin, {
      ...routing,
      byWorkOrderType: { ...routing.byWorkOrderType, adjustment: 'consultant' },
      byIsoPrefix: [
        { prefix: '12', queue: 'technician' },
        { prefix: '12 22', queue: 'consultant' },
      ],
    });
    const newOrder = await receive(customerOrder());
    const newWork = await receive(workOrder('adjustment'));
    expect([oldOrder.queue, newOrder.queue]).toEqual(['warehouse', 'consultant']);
    expect([oldWork.queue, newWork.queue]).toEqual(['technician', 'consultant']);
  });
});
