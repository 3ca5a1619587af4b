import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { asDeliveredUnits } from '../units/unit-views.ts';
import { audit } from '../../platform/audit/audit.ts';
import { addMonths, stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { loadTimeLimits } from '../due-dates/time-limits.ts';
import { assertTransition } from '../orders/line-states.ts';
import { recordContractEvent } from '../orders/order-events.ts';
import { checkLineVersion, closeOrderIfFinished, lockLine, updateLine } from '../orders/order-store.ts';
import { LOST_DEVICE_HANDLERS } from '../roles.ts';
import { provisionHolding, provisionOrderLine, provisionPatient, provisionUnit } from '../schema.ts';
import { transitionUnit, type UnitRow } from '../units/transition-unit.ts';
import { unitStatusLabels } from '../units/unit-states.ts';
import { ensureWarehouses, LOSS_WAREHOUSE } from '../units/warehouses.ts';
import { writeOffInTx } from '../units/write-off-unit.ts';
import { caseRow, reportOrder, saveCase } from './cases.ts';

export const lostDeviceInput = z.strictObject({ note: optionalText(1000) });
export const lostDeviceResult = z.object({
  orderId: z.uuid(),
  writtenOff: z.array(z.object({ unitNumber: z.string(), writtenOffOn: z.string(), reRegisterUntil: z.string() })),
});
export const reRegisterInput = z.strictObject({ version: z.int().describe('Radens version som du såg') });
export const reRegisterResult = z.object({ lineId: z.uuid(), unitNumber: z.string(), since: z.string() });

async function lossWarehouseId(tx: DbOrTx): Promise<string> {
  const rows = await ensureWarehouses(tx, [LOSS_WAREHOUSE]);
  return rows.find((w) => w.code === LOSS_WAREHOUSE.code)!.id;
}

async function lockUnitByNumber(tx: DbOrTx, unitNumber: string): Promise<UnitRow> {
  const [u] = await tx.select().from(provisionUnit).where(eq(provisionUnit.unitNumber, unitNumber)).for('update');
  if (!u) throw new AppError('UNIT_NOT_PATIENTS', `Individ ${unitNumber} finns inte hos hjälpmedelscentralen`);
  return u;
}

/**
 * POST /api/provision/cases/:id/write-off: handles a lost-device report (förkommet). Every reported unit
 * must be on the report's patient; each is written off to the loss warehouse with the code "loss by
 * report", its holding ends (rent stops), its line is done, and 'writtenOff' goes to the ordering side.
 * All units or none: one unit that is not the patient's refuses the whole report.
 */
export async function handleLostDevice(ctx: Ctx, orderId: string, input: z.infer<typeof lostDeviceInput>) {
  const actor = requireRole(ctx, ...LOST_DEVICE_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const order = await reportOrder(tx, orderId, true);
    if (order.orderType !== 'lostDevice') throw new AppError('INVALID_TRANSITION', 'Bara en anmälan om förkommet hjälpmedel skrivs av');
    const [patient] = await tx.select().from(provisionPatient).where(eq(provisionPatient.orderId, orderId));
    const lines = await tx
      .select()
      .from(provisionOrderLine)
      .where(and(eq(provisionOrderLine.orderId, orderId), eq(provisionOrderLine.state, 'received')))
      .orderBy(asc(provisionOrderLine.lineNumber))
      .for('update');
    if (!lines.length) throw new AppError('INVALID_TRANSITION', `Anmälan ${order.centreOrderNumber} är redan hanterad`);
    const limits = await loadTimeLimits(tx);
    const lossId = await lossWarehouseId(tx);
    const now = ctx.now();
    const on = stockholmDateTime(now).date;
    const written: z.infer<typeof lostDeviceResult>['writtenOff'] = [];
    for (const line of lines) {
      const unit = await lockUnitByNumber(tx, line.unitNumber!);
      const [holding] = await tx
        .select({ identifier: provisionPatient.identifier })
        .from(provisionHolding)
        .leftJoin(provisionPatient, eq(provisionPatient.id, provisionHolding.patientId))
        .where(and(eq(provisionHolding.unitId, unit.id), isNull(provisionHolding.toDate)));
      if (unit.status === 'pickUpOrdered') {
        throw new AppError('INVALID_TRANSITION', `Individ ${unit.unitNumber} har en hämtorder: den skrivs av genom hämtorderns utredning`);
      }
      if (unit.status !== 'onPatient' || !holding || !patient || holding.identifier !== patient.identifier) {
        throw new AppError('UNIT_NOT_PATIENTS', `Individ ${unit.unitNumber} är ${unitStatusLabels[unit.status]} och inte registrerad på patienten i anmälan`);
      }
      assertTransition('lostDevice', line.state, 'done', line.lineNumber);
      const after = await writeOffInTx(tx, ctx, unit, 'lossByReport', { orderId, lineId: line.id, note: input.note ?? null });
      // Booked to the loss warehouse, where it stays while it may still be found and re-registered.
      await tx
        .update(provisionUnit)
        .set({ warehouseId: lossId, version: sql`${provisionUnit.version} + 1` })
        .where(eq(provisionUnit.id, after.id));
      await updateLine(tx, line, { state: 'done' }, now);
      await recordContractEvent(
        tx,
        ctx,
        order,
        { lineId: line.id, fromState: 'received', toState: 'done', data: { unitNumber: unit.unitNumber, code: 'lossByReport' } },
        { type: 'writtenOff', lineId: line.id, unitNumber: unit.unitNumber!, code: 'lossByReport', on },
      );
      written.push({ unitNumber: unit.unitNumber!, writtenOffOn: on, reRegisterUntil: addMonths(on, limits.lostDeviceReRegistrationMonths) });
    }
    await closeOrderIfFinished(tx, orderId, now);
    const before = await caseRow(tx, orderId);
    await saveCase(tx, ctx, orderId, {
      status: 'closed',
      closedAt: now,
      closedBy: actor.userId,
      closedByName: actor.name,
      ...(before?.assignedTo ? {} : { assignedTo: actor.userId, assignedToName: actor.name, assignedAt: now }),
    });
    await audit(tx, ctx, {
      action: 'provision.lost-device.write-off',
      entityType: 'provision_order',
      entityId: orderId,
      careProviderId: order.careProviderId,
      patientRef: patient?.id ?? null,
      details: { units: written.map((w) => w.unitNumber) },
    });
    return { orderId, writtenOff: written };
  });
}

/**
 * POST /api/provision/lines/:id/re-register: the unit of a lost-device report was found again ("återfunnen").
 * Within the re-registration period after the write-off (3 months, config) it goes back onto the same
 * patient and customer: the write-off is undone, a new holding starts today (rent restarts from the
 * re-registration; the lost weeks are not billed) and 'registeredOnPatient' goes to the ordering side.
 * After the period it is refused with RE_REGISTRATION_EXPIRED: the patient needs a new order.
 */
export async function reRegisterLostUnit(ctx: Ctx, lineId: string, input: z.infer<typeof reRegisterInput>) {
  requireRole(ctx, ...LOST_DEVICE_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const { order, line } = await lockLine(tx, lineId);
    if (order.orderType !== 'lostDevice')
      throw new AppError('INVALID_TRANSITION', 'Bara en individ från en anmälan om förkommet hjälpmedel kan återregistreras');
    checkLineVersion(line, input.version);
    assertTransition('lostDevice', line.state, 'delivered', line.lineNumber);
    const unit = await lockUnitByNumber(tx, line.unitNumber!);
    if (unit.status !== 'scrapped' || unit.writeOffCode !== 'lossByReport' || !unit.writtenOffOn) {
      throw new AppError('INVALID_TRANSITION', `Individ ${unit.unitNumber} är ${unitStatusLabels[unit.status]} och inte avskriven som förlust enligt anmälan`);
    }
    const limits = await loadTimeLimits(tx);
    const until = addMonths(unit.writtenOffOn, limits.lostDeviceReRegistrationMonths);
    const today = stockholmDateTime(ctx.now()).date;
    if (today > until) {
      throw new AppError(
        'RE_REGISTRATION_EXPIRED',
        `Individ ${unit.unitNumber} skrevs av ${unit.writtenOffOn}; den kunde återregistreras på patienten till och med ${until}. Patienten behöver en ny beställning.`,
        { writtenOffOn: unit.writtenOffOn, reRegisterUntil: until },
      );
    }
    const [ended] = await tx
      .select()
      .from(provisionHolding)
      .where(and(eq(provisionHolding.unitId, unit.id), eq(provisionHolding.endReason, 'writtenOff:lossByReport')))
      .orderBy(desc(provisionHolding.createdAt))
      .limit(1);
    const [patient] = await tx.select({ id: provisionPatient.id }).from(provisionPatient).where(eq(provisionPatient.orderId, order.id));
    await transitionUnit(
      tx,
      ctx,
      unit,
      'onPatient',
      { type: 'reRegistered', orderId: order.id, lineId: line.id, data: { writtenOffOn: unit.writtenOffOn } },
      {
        writeOffCode: null,
        writtenOffOn: null,
        warehouseId: null,
      },
    );
    await tx.insert(provisionHolding).values({
      unitId: unit.id,
      patientId: ended?.patientId ?? patient?.id ?? null,
      customerId: ended?.customerId ?? order.customerId,
      orderId: order.id,
      lineId: line.id,
      fromDate: today,
    });
    const now = ctx.now();
    await updateLine(tx, line, { state: 'delivered', deliveredQuantity: line.quantity }, now);
    await recordContractEvent(
      tx,
      ctx,
      order,
      { lineId: line.id, fromState: 'done', toState: 'delivered', data: { unitNumber: unit.unitNumber, reRegistered: true } },
      {
        type: 'registeredOnPatient',
        lineId: line.id,
        since: today,
        units: await asDeliveredUnits(tx, [unit]),
      },
    );
    await audit(tx, ctx, {
      action: 'provision.lost-device.re-register',
      entityType: 'provision_unit',
      entityId: unit.id,
      careProviderId: order.careProviderId,
      patientRef: ended?.patientId ?? patient?.id ?? null,
      details: { unitNumber: unit.unitNumber, orderId: order.id },
    });
    return { lineId: line.id, unitNumber: unit.unitNumber!, since: today };
  });
}
