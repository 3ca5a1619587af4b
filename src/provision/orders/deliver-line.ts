import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import { asDeliveredUnits } from '../units/unit-views.ts';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { WAREHOUSE } from '../roles.ts';
import { provisionHolding, provisionPatient } from '../schema.ts';
import { postStock } from '../stock/ledger.ts';
import { transitionUnit, type UnitRow } from '../units/transition-unit.ts';
import { inStockStatuses } from '../units/unit-states.ts';
import { assertInspectionAllowsUse, nextInspectionAfter } from '../maintenance/unit-usable.ts';
import { equivalentArticleIds } from './equivalents.ts';
import { assertTransition } from './line-states.ts';
import { recordContractEvent } from './order-events.ts';
import { checkLineVersion, closeOrderIfFinished, lockLine, updateLine } from './order-store.ts';
import { lockUnits, requireFillable, unitUnavailable } from './fill-line.ts';

export const deliverInput = z
  .strictObject({
    version: z.int().describe('Radens version som du såg: har någon annan hunnit leverera eller ändra raden får du 409'),
    deliveredOn: z.iso.date().optional().describe('Leveransdag (= hyrans startdag); standard i dag'),
    units: z
      .array(
        z.strictObject({
          unitId: z.uuid(),
          serialNumber: z.string().trim().min(1).max(80).nullish().describe('Serienumret som det står på individen: måste stämma med registrerat'),
        }),
      )
      .min(1)
      .max(100)
      .optional()
      .describe('Individmärkta artiklar: individerna som levereras'),
    quantity: z.int().min(1).max(9999).optional().describe('Ej individmärkta: antal ur lagersaldot'),
    warehouseId: z.uuid().optional().describe('Ej individmärkta: lagret som antalet tas från'),
  })
  .describe('Leveranskvittens för en orderrad');
export type DeliverInput = z.infer<typeof deliverInput>;

export const deliverResult = z.object({
  lineId: z.uuid(),
  lineVersion: z.number(),
  state: z.string(),
  deliveredQuantity: z.number(),
  quantity: z.number(),
  units: z.array(z.object({ unitNumber: z.string(), serialNumber: z.string().nullable() })),
});
export type DeliverResult = z.infer<typeof deliverResult>;

/** For tests of what a killed process leaves behind: called between the writes of a delivery. */
export interface DeliverHooks {
  afterUnit?: (index: number) => Promise<void> | void;
}

/**
 * POST /api/provision/lines/:id/deliver: delivery confirmation (leveranskvittens). In one transaction:
 * each unit goes onto the patient (its serial number checked against the one registered), a holding
 * starts on the delivery day (the rent date), non-unit-tracked quantities leave the stock ledger, the
 * line's delivered quantity grows (a partial delivery leaves the rest open), the order's stream gets the
 * step and the ordering side 'delivered' with the units. Two staff delivering the same line: the line is
 * locked and its version checked, so the second gets 409 and nothing of theirs is written.
 */
export async function deliverLine(ctx: Ctx, lineId: string, input: DeliverInput, hooks: DeliverHooks = {}): Promise<DeliverResult> {
  requireRole(ctx, ...WAREHOUSE);
  return ctx.db.transaction((tx) => deliverLineInTx(tx, ctx, lineId, input, hooks));
}

/**
 * The delivery itself in the caller's transaction (the caller has checked the role): the driver's page
 * (transport/confirm-stop.ts) delivers a stop's lines this way, so the same steps and contract events go out
 * as from the centre's order page. `stepData` is added to the step's data (the run and stop it came from).
 */
export async function deliverLineInTx(
  tx: DbOrTx,
  ctx: Ctx,
  lineId: string,
  input: DeliverInput,
  hooks: DeliverHooks = {},
  stepData: Record<string, unknown> = {},
): Promise<DeliverResult> {
  const today = stockholmDateTime(ctx.now()).date;
  const deliveredOn = input.deliveredOn ?? today;
  if (deliveredOn > today)
    throw new AppError('VALIDATION', 'Leveransdagen kan inte vara i framtiden', {
      issues: [{ path: 'body.deliveredOn', code: 'date_in_future', message: 'senast i dag' }],
    });
  {
    const { order, line } = await lockLine(tx, lineId);
    checkLineVersion(line, input.version);
    requireFillable(order, line);
    const remaining = line.quantity - line.deliveredQuantity;
    const [patient] = await tx.select({ id: provisionPatient.id }).from(provisionPatient).where(eq(provisionPatient.orderId, order.id));
    const now = ctx.now();
    const delivered: UnitRow[] = [];
    let count: number;

    if (line.unitTracked) {
      if (!input.units?.length)
        throw new AppError('VALIDATION', `Rad ${line.lineNumber} är individmärkt: ange individerna som levereras`, {
          issues: [{ path: 'body.units', code: 'required', message: 'krävs' }],
        });
      if (input.quantity !== undefined && input.quantity !== input.units.length) throw new AppError('VALIDATION', 'Antalet stämmer inte med antalet individer');
      if (new Set(input.units.map((u) => u.unitId)).size !== input.units.length) throw new AppError('VALIDATION', 'Samma individ är angiven två gånger');
      if (input.units.length > remaining)
        throw new AppError('VALIDATION', `Rad ${line.lineNumber} har ${remaining} kvar att leverera, inte ${input.units.length}`);
      const locked = await lockUnits(
        tx,
        input.units.map((u) => u.unitId),
      );
      const equivalents = await equivalentArticleIds(tx, line.articleId!);
      const facts = await articleFactsById(tx, [...new Set(locked.map((u) => u.articleId))]);
      for (const [i, given] of input.units.entries()) {
        const u = locked.find((x) => x.id === given.unitId)!;
        const ours = u.status === 'reserved' && u.reservedForLineId === line.id;
        if (!ours && !(inStockStatuses as readonly string[]).includes(u.status)) throw await unitUnavailable(tx, u, line.id);
        // Past its inspection date or failed: not handed out, reserved or not (maintenance/).
        assertInspectionAllowsUse(u, today);
        if (!equivalents.includes(u.articleId))
          throw new AppError('VALIDATION', `Individ ${u.unitNumber} (${u.articleName}) är inte likvärdig med artikeln på raden`);
        const serial = given.serialNumber ?? null;
        // An article with an inspection interval: the next inspection counts from the delivery (maintenance/).
        const nextInspectionOn = nextInspectionAfter(deliveredOn, facts.get(u.articleId)?.inspectionIntervalMonths);
        if (u.serialNumber && serial !== u.serialNumber) {
          throw new AppError('VALIDATION', `Serienumret för individ ${u.unitNumber} stämmer inte med det registrerade. Kontrollera individen.`, {
            issues: [
              {
                path: `body.units.${i}.serialNumber`,
                code: serial ? 'serial_mismatch' : 'serial_confirm',
                message: serial ? 'stämmer inte' : 'bekräfta serienumret',
              },
            ],
          });
        }
        if (!u.serialNumber && !serial && facts.get(u.articleId)?.serialRequired) {
          throw new AppError('VALIDATION', `Artikeln kräver serienummer: ange serienumret för individ ${u.unitNumber}`, {
            issues: [{ path: `body.units.${i}.serialNumber`, code: 'required', message: 'krävs' }],
          });
        }
        const after = await transitionUnit(
          tx,
          ctx,
          u,
          'onPatient',
          { type: 'delivered', orderId: order.id, lineId: line.id, data: { deliveredOn, customerNumber: order.customerNumber } },
          {
            reservedForLineId: null,
            warehouseId: null,
            ...(u.serialNumber ? {} : { serialNumber: serial }),
            ...(nextInspectionOn ? { nextInspectionOn } : {}),
          },
        );
        await tx
          .insert(provisionHolding)
          .values({ unitId: u.id, patientId: patient?.id ?? null, customerId: order.customerId, orderId: order.id, lineId: line.id, fromDate: deliveredOn });
        delivered.push(after);
        await hooks.afterUnit?.(i);
      }
      count = delivered.length;
    } else {
      const q = input.quantity ?? remaining;
      if (q > remaining) throw new AppError('VALIDATION', `Rad ${line.lineNumber} har ${remaining} kvar att leverera, inte ${q}`);
      if (!input.warehouseId)
        throw new AppError('VALIDATION', 'Ange lagret som artiklarna tas från', { issues: [{ path: 'body.warehouseId', code: 'required', message: 'krävs' }] });
      if (input.units?.length) throw new AppError('VALIDATION', `Artikeln på rad ${line.lineNumber} är inte individmärkt`);
      await postStock(tx, ctx, {
        warehouseId: input.warehouseId,
        article: { id: line.articleId!, articleNumber: line.articleNumber!, name: line.articleName! },
        quantity: -q,
        kind: 'delivery',
        orderId: order.id,
        lineId: line.id,
      });
      count = q;
    }

    const deliveredQuantity = line.deliveredQuantity + count;
    const complete = deliveredQuantity === line.quantity;
    if (complete) assertTransition(order.orderType, line.state, 'delivered', line.lineNumber);
    const updated = await updateLine(tx, line, { deliveredQuantity, ...(complete ? { state: 'delivered' as const } : {}) }, now);
    const units = await asDeliveredUnits(tx, delivered, line);
    const step = {
      lineId: line.id,
      fromState: line.state,
      toState: updated.state,
      data: { deliveredOn, quantity: count, units: units.map((u) => u.unitNumber), warehouseId: input.warehouseId ?? null, ...stepData },
    };
    await recordContractEvent(tx, ctx, order, step, { type: 'delivered', lineId: line.id, deliveredOn, quantity: count, units, partial: !complete });
    await closeOrderIfFinished(tx, order.id, now);
    await audit(tx, ctx, {
      action: 'provision.line.deliver',
      entityType: 'provision_order_line',
      entityId: line.id,
      careProviderId: order.careProviderId,
      patientRef: patient?.id ?? null,
      details: {
        centreOrderNumber: order.centreOrderNumber,
        lineNumber: line.lineNumber,
        quantity: count,
        units: units.map((u) => u.unitNumber),
        partial: !complete,
      },
    });
    return {
      lineId: line.id,
      lineVersion: updated.version,
      state: updated.state,
      deliveredQuantity,
      quantity: line.quantity,
      units: units.map((u) => ({ unitNumber: u.unitNumber, serialNumber: u.serialNumber ?? null })),
    };
  }
}
