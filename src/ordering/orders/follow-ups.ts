import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { addDays, stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { patient } from '../schema.ts';
import { requireOrderingActor } from './scope.ts';
import { orderingFollowUp, orderingOrder, orderingOrderLine } from './schema.ts';

/** How far ahead "Mina uppföljningar" looks: follow-ups due within this many days (and those overdue). */
export const FOLLOW_UP_HORIZON_DAYS = 7;

export const followUpItem = z.object({
  id: z.uuid(),
  dueDate: z.string(),
  overdue: z.boolean(),
  /** Who follows up when not the prescriber; null = the prescriber. */
  responsibleName: z.string().nullable(),
  order: z.object({ id: z.uuid(), orderNumber: z.string().nullable() }),
  /** The patient as the list may name them: initials only for a protected identity. */
  patient: z.object({ id: z.uuid(), name: z.string(), protectedIdentity: z.boolean() }).nullable(),
  articles: z.array(z.string()),
  aim: z.string().nullable(),
});
export type FollowUpItem = z.infer<typeof followUpItem>;

export const followUpDoneInput = z.strictObject({ note: optionalText(1000) });

const initials = (first: string, last: string) => `${first.trim().charAt(0)}. ${last.trim().charAt(0)}.`.toUpperCase();

/**
 * "Mina uppföljningar": the follow-ups of the prescriber's sent orders that are due within a week or overdue and
 * not yet done, soonest first. A list that names patients is a read of patient data: one audit row naming them.
 */
export async function listMyFollowUps(ctx: Ctx): Promise<{ items: FollowUpItem[]; horizon: string }> {
  const actor = requireOrderingActor(ctx);
  const today = stockholmDateTime(ctx.now()).date;
  const horizon = addDays(today, FOLLOW_UP_HORIZON_DAYS);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({
        f: orderingFollowUp,
        orderNumber: orderingOrder.orderNumber,
        prescription: orderingOrder.prescription,
        patientId: patient.id,
        firstName: patient.firstName,
        lastName: patient.lastName,
        protectedIdentity: patient.protectedIdentity,
      })
      .from(orderingFollowUp)
      .innerJoin(orderingOrder, eq(orderingOrder.id, orderingFollowUp.orderId))
      .leftJoin(patient, eq(patient.id, orderingFollowUp.patientId))
      .where(and(eq(orderingFollowUp.prescriberId, actor.userId), isNull(orderingFollowUp.doneAt), lte(orderingFollowUp.dueDate, horizon)))
      .orderBy(asc(orderingFollowUp.dueDate), asc(orderingOrder.orderNumber))
      .limit(500);
    const orderIds = rows.map((r) => r.f.orderId);
    const lines = orderIds.length
      ? await tx
          .select({ orderId: orderingOrderLine.orderId, name: orderingOrderLine.articleName, accessoryFor: orderingOrderLine.accessoryForLineId })
          .from(orderingOrderLine)
          .where(inArray(orderingOrderLine.orderId, orderIds))
          .orderBy(asc(orderingOrderLine.lineNumber))
      : [];
    const items = rows.map((r) => ({
      id: r.f.id,
      dueDate: r.f.dueDate,
      overdue: r.f.dueDate < today,
      responsibleName: r.f.responsibleName,
      order: { id: r.f.orderId, orderNumber: r.orderNumber },
      patient: r.patientId
        ? {
            id: r.patientId,
            name: r.protectedIdentity ? initials(r.firstName!, r.lastName!) : `${r.firstName} ${r.lastName}`,
            protectedIdentity: !!r.protectedIdentity,
          }
        : null,
      articles: lines.filter((l) => l.orderId === r.f.orderId && !l.accessoryFor && l.name).map((l) => l.name!),
      aim: (r.prescription as { aim?: string | null } | null)?.aim ?? null,
    }));
    const patients = [...new Set(rows.flatMap((r) => (r.patientId ? [r.patientId] : [])))];
    if (patients.length)
      await audit(tx, ctx, {
        action: 'patient.list',
        entityType: 'follow_up',
        careProviderId: null,
        purpose: 'follow-up-list',
        details: { patients: patients.length, patientIds: patients },
      });
    return { items, horizon };
  });
}

/** Marks the prescriber's follow-up done, with an optional note. Done once: a second time is a conflict. */
export async function markFollowUpDone(ctx: Ctx, id: string, input: z.infer<typeof followUpDoneInput>): Promise<void> {
  const actor = requireOrderingActor(ctx);
  await ctx.db.transaction(async (tx) => {
    const [f] = await tx.select().from(orderingFollowUp).where(eq(orderingFollowUp.id, id)).for('update');
    if (!f || f.prescriberId !== actor.userId) throw new AppError('NOT_FOUND', 'Uppföljningen finns inte');
    if (f.doneAt) throw new AppError('CONFLICT', 'Uppföljningen är redan markerad som gjord');
    await tx
      .update(orderingFollowUp)
      .set({ doneAt: ctx.now(), doneBy: actor.userId, doneNote: input.note ?? null })
      .where(eq(orderingFollowUp.id, id));
    await audit(tx, ctx, {
      action: 'order.follow-up-done',
      entityType: 'order',
      entityId: f.orderId,
      careProviderId: f.careProviderId,
      patientRef: f.patientId,
    });
  });
}
