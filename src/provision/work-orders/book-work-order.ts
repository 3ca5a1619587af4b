import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { workOrderType } from '../due-dates/compute-due-date.ts';
import { isClosed } from '../orders/line-states.ts';
import { recordContractEvent } from '../orders/order-events.ts';
import { provisionOrderLine } from '../schema.ts';
import { WORK_ORDER_HANDLERS } from '../roles.ts';
import { canBook, workOrderStateLabels } from './work-order-states.ts';
import { auditWorkOrder, lockWorkOrder, moveWorkOrder, stepResult, updateWorkOrder, type StepResult } from './work-order-store.ts';

export const bookInput = z.strictObject({
  version: z.int().min(1).describe('Arbetsorderns version som användaren såg'),
  bookedFor: z.iso.datetime({ offset: true, error: 'ange tid som 2026-12-01T09:00:00+01:00' }).describe('Bokad tid'),
  technician: optionalText(200).describe('Tekniker; utelämnat = den inloggade'),
});
export type BookInput = z.infer<typeof bookInput>;

const isMetByBooking = (code: string | null) => !!workOrderType(code)?.metByBooking;

/**
 * POST /api/provision/work-orders/:id/book: books (or re-books) a time with a technician. The ordering
 * side gets 'workOrderBooked' with the time and the technician's name.
 */
export async function bookWorkOrder(ctx: Ctx, orderId: string, input: BookInput): Promise<StepResult> {
  const actor = requireRole(ctx, ...WORK_ORDER_HANDLERS);
  const bookedFor = new Date(input.bookedFor);
  const technician = input.technician ?? actor.name;
  return ctx.db.transaction(async (tx) => {
    const l = await lockWorkOrder(tx, ctx, orderId, input.version);
    if (!canBook(l.wo.specialAdaptation, l.wo.state)) {
      throw new AppError('INVALID_TRANSITION', `Arbetsordern är ${workOrderStateLabels[l.wo.state]}; en tid kan inte bokas nu`);
    }
    if (bookedFor.getTime() < ctx.now().getTime() - 24 * 3600_000) {
      throw new AppError('VALIDATION', 'Tiden har redan varit', {
        issues: [{ path: 'bookedFor', code: 'time_in_past', message: 'välj en tid som inte har varit' }],
      });
    }
    const set = { bookedFor, technicianName: technician, technicianUserId: input.technician ? null : actor.userId };
    const data = { bookedFor: bookedFor.toISOString(), technician };
    const row =
      l.wo.state === 'received' || l.wo.state === 'booked'
        ? await moveWorkOrder(tx, ctx, l, 'booked', { type: 'workOrderBooked', data }, set)
        : await updateWorkOrder(tx, ctx, l, { type: 'workOrderBooked', data }, set);
    // A consultation is "offered within 15 working days": the booking meets the limit, and the booked day is what
    // the prescriber now expects, so the queue no longer shows the line overdue (issue 15 item 7).
    if (isMetByBooking(l.order.workOrderTypeCode)) {
      const on = stockholmDateTime(bookedFor).date;
      for (const line of l.lines)
        if (!isClosed(line.state))
          await tx
            .update(provisionOrderLine)
            .set({ expectedDate: on, version: sql`${provisionOrderLine.version} + 1`, updatedAt: ctx.now() })
            .where(eq(provisionOrderLine.id, line.id));
    }
    await recordContractEvent(tx, ctx, l.order, { data }, { type: 'workOrderBooked', bookedFor: bookedFor.toISOString(), technician });
    await auditWorkOrder(tx, ctx, l, 'book', data);
    return stepResult(row);
  });
}
