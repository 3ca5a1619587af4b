import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { patientLabel, patientLabelView } from '../patients/patient-label.ts';
import { patient } from '../schema.ts';
import { requireOrderingActor } from './scope.ts';
import { orderingMessage, orderingOrder, orderingOrderEvent } from './schema.ts';

export const messageView = z.object({
  id: z.uuid(),
  kind: z.string(),
  createdAt: z.date(),
  read: z.boolean(),
  order: z.object({ id: z.uuid(), orderNumber: z.string().nullable(), orderType: z.string() }),
  /** Whom the order is for (issue 16 item 10): the name, or only the initials for a protected identity. */
  patient: patientLabelView.nullable(),
  /** The event's data: new date, reason, answer... */
  data: z.record(z.string(), z.unknown()),
});
export type MessageView = z.infer<typeof messageView>;

/**
 * News on the prescriber's own orders (delayed, delivered, cancelled, answered), newest first, each naming the
 * patient as the order list does (they are the actor's own orders): a list that names patients is a read of
 * patient data, so one audit row names the patients shown.
 */
export async function listMessages(ctx: Ctx, q: { unread?: boolean; limit: number }): Promise<MessageView[]> {
  const actor = requireOrderingActor(ctx);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({
        m: orderingMessage,
        orderNumber: orderingOrder.orderNumber,
        orderType: orderingOrder.orderType,
        careProviderId: orderingOrder.careProviderId,
        payload: orderingOrderEvent.payload,
        patient: { id: patient.id, firstName: patient.firstName, lastName: patient.lastName, protectedIdentity: patient.protectedIdentity },
      })
      .from(orderingMessage)
      .innerJoin(orderingOrder, eq(orderingOrder.id, orderingMessage.orderId))
      .leftJoin(orderingOrderEvent, eq(orderingOrderEvent.eventId, orderingMessage.eventId))
      .leftJoin(patient, eq(patient.id, orderingOrder.patientId))
      .where(and(eq(orderingMessage.userId, actor.userId), q.unread ? isNull(orderingMessage.readAt) : undefined))
      .orderBy(desc(orderingMessage.createdAt))
      .limit(q.limit);
    const patients = [...new Set(rows.flatMap((r) => (r.patient ? [r.patient.id] : [])))];
    if (patients.length)
      await audit(tx, ctx, {
        action: 'patient.list',
        entityType: 'order',
        careProviderId: null,
        purpose: 'order-messages',
        details: { patients: patients.length, patientIds: patients },
      });
    return rows.map(({ m, orderNumber, orderType, payload, patient: p }) => {
      const { contractVersion: _v, eventId: _e, orderId: _o, sequence: _s, type: _t, ...data } = (payload ?? {}) as Record<string, unknown>;
      return {
        id: m.id,
        kind: m.kind,
        createdAt: m.createdAt,
        read: m.readAt !== null,
        order: { id: m.orderId, orderNumber, orderType },
        patient: p ? patientLabel(p) : null,
        data,
      };
    });
  });
}

export async function markMessageRead(ctx: Ctx, id: string): Promise<void> {
  const actor = requireOrderingActor(ctx);
  const done = await ctx.db
    .update(orderingMessage)
    .set({ readAt: ctx.now() })
    .where(and(eq(orderingMessage.id, id), eq(orderingMessage.userId, actor.userId)))
    .returning({ id: orderingMessage.id });
  if (!done.length) throw new AppError('NOT_FOUND', 'Meddelandet finns inte');
}
