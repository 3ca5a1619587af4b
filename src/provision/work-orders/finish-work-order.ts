import { z } from 'zod';
import { articlesByNumber } from '../../catalogue/articles/articles-by-number.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { text } from '../../platform/http/schemas.ts';
import { recordContractEvent } from '../orders/order-events.ts';
import { WORK_ORDER_HANDLERS } from '../roles.ts';
import { postStock } from '../stock/ledger.ts';
import { deinstallInTx, endsHolding } from './deinstallation.ts';
import { provisionWorkOrderMaterial } from './schema.ts';
import { auditWorkOrder, lockWorkOrder, moveWorkOrder, stepResult, type StepResult } from './work-order-store.ts';

export const materialInput = z.strictObject({
  articleNumber: text(40).describe('Artikelnummer'),
  quantity: z.int('ange ett heltal').min(1, 'minst 1').max(9999),
  warehouseId: z.uuid().nullish().describe('Lagret materialet togs från (krävs för artiklar som inte är individmärkta)'),
});

export const finishInput = z.strictObject({
  version: z.int().min(1).describe('Arbetsorderns version som användaren såg'),
  notes: text(4000).describe('Vad som gjordes (skickas till förskrivaren)'),
  minutesSpent: z.int('ange hela minuter').min(0, 'kan inte vara negativt').max(100_000).describe('Nedlagd tid i minuter'),
  material: z.array(materialInput).max(50).default([]).describe('Använt material'),
});
export type FinishInput = z.infer<typeof finishInput>;

/**
 * POST /api/provision/work-orders/:id/done: the work is done, with notes, the time spent and the material
 * used. Material that is not unit-tracked is taken out of the stock ledger (never below zero); all of it
 * is kept on the work order for billing. The ordering side gets 'workOrderDone' with the notes.
 */
export async function finishWorkOrder(ctx: Ctx, orderId: string, input: FinishInput): Promise<StepResult> {
  const actor = requireRole(ctx, ...WORK_ORDER_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const l = await lockWorkOrder(tx, ctx, orderId, input.version);
    const articles = await articlesByNumber(
      tx,
      input.material.map((m) => m.articleNumber),
    );
    const issues: FieldIssue[] = [];
    input.material.forEach((m, i) => {
      const a = articles.get(m.articleNumber);
      if (!a)
        issues.push({
          path: `material.${i}.articleNumber`,
          code: 'unknown',
          message: `artikeln ${m.articleNumber} finns inte`,
          params: { value: m.articleNumber },
        });
      else if (!a.unitTracked && !m.warehouseId)
        issues.push({ path: `material.${i}.warehouseId`, code: 'required', message: 'välj lagret materialet togs från' });
    });
    if (issues.length) throw new AppError('VALIDATION', issues.map((i) => i.message).join('; '), { issues });

    // A de-installation ends the holdings before the lines close (deinstallation.ts).
    if (endsHolding(l.order)) await deinstallInTx(tx, ctx, l.order, l.lines, stockholmDateTime(ctx.now()).date);
    const row = await moveWorkOrder(
      tx,
      ctx,
      l,
      'done',
      {
        type: 'workOrderDone',
        data: { minutesSpent: input.minutesSpent, material: input.material.map((m) => ({ articleNumber: m.articleNumber, quantity: m.quantity })) },
      },
      { doneAt: ctx.now(), notes: input.notes, minutesSpent: input.minutesSpent },
    );
    for (const m of input.material) {
      const a = articles.get(m.articleNumber)!;
      const warehouseId = m.warehouseId ?? null;
      if (!a.unitTracked) {
        await postStock(tx, ctx, {
          warehouseId: m.warehouseId!,
          article: { id: a.id, articleNumber: a.articleNumber, name: a.name },
          quantity: -m.quantity,
          kind: 'delivery',
          orderId: l.order.id,
          lineId: l.lines[0]?.id ?? null,
          note: `Material till arbetsorder ${l.order.centreOrderNumber}`,
        });
      }
      await tx.insert(provisionWorkOrderMaterial).values({
        orderId: l.order.id,
        articleId: a.id,
        articleNumber: a.articleNumber,
        articleName: a.name,
        quantity: m.quantity,
        unitTracked: a.unitTracked,
        warehouseId,
        at: ctx.now(),
        actorUserId: actor.userId,
      });
    }
    await recordContractEvent(tx, ctx, l.order, {}, { type: 'workOrderDone', summary: input.notes.slice(0, 2000) });
    await auditWorkOrder(tx, ctx, l, 'done', { minutesSpent: input.minutesSpent, material: input.material.length });
    return stepResult(row);
  });
}

/** POST /api/provision/work-orders/:id/close: the centre closes a done work order (checked, ready for billing). */
export async function closeWorkOrder(ctx: Ctx, orderId: string, input: { version: number }): Promise<StepResult> {
  requireRole(ctx, ...WORK_ORDER_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const l = await lockWorkOrder(tx, ctx, orderId, input.version);
    const row = await moveWorkOrder(tx, ctx, l, 'closed', { type: 'workOrderClosed' }, { closedAt: ctx.now() });
    await auditWorkOrder(tx, ctx, l, 'close');
    return stepResult(row);
  });
}
