import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { orderMatrix } from '../../contract/matrix.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { text } from '../../platform/http/schemas.ts';
import { recordContractEvent, recordStep } from '../orders/order-events.ts';
import { CASE_HANDLERS } from '../roles.ts';
import { assertTransition } from '../orders/line-states.ts';
import { updateLine } from '../orders/order-store.ts';
import { provisionOrder, provisionOrderLine } from '../schema.ts';
import { caseRow, reportOrder, saveCase } from './cases.ts';
import './line-transitions.ts';
import { provisionCaseNote } from './schema.ts';

export const caseNoteInput = z.strictObject({ text: text(4000).describe('Anteckning i ärendet (syns bara på hjälpmedelscentralen)') });
export const caseAnswerInput = z.strictObject({ answer: text(4000).describe('Svaret till den som rapporterade; skickas till beställarsidan') });
export const caseStepResult = z.object({ orderId: z.uuid(), status: z.enum(['open', 'closed']), assignedToName: z.string().nullable(), version: z.number() });

const closedError = (kind: string) => new AppError('INVALID_TRANSITION', `${kind} är redan avslutat`);

/** POST /api/provision/cases/:id/assign: the caller takes the case (handläggare); a closed case stays as it was. */
export async function assignCase(ctx: Ctx, orderId: string) {
  const actor = requireRole(ctx, ...CASE_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const o = await reportOrder(tx, orderId, true);
    const before = await caseRow(tx, orderId);
    if (before?.status === 'closed') throw closedError(`Ärendet ${o.centreOrderNumber}`);
    const c = await saveCase(tx, ctx, orderId, { assignedTo: actor.userId, assignedToName: actor.name, assignedAt: ctx.now() });
    await recordStep(tx, ctx, { orderId, type: 'assigned', data: { assignedTo: actor.name, previous: before?.assignedToName ?? null } });
    await audit(tx, ctx, { action: 'provision.case.assign', entityType: 'provision_order', entityId: orderId, careProviderId: o.careProviderId });
    return { orderId, status: c.status, assignedToName: c.assignedToName, version: c.version };
  });
}

/** POST /api/provision/cases/:id/notes: an internal note while handling the case (not sent to the reporter). */
export async function addCaseNote(ctx: Ctx, orderId: string, input: z.infer<typeof caseNoteInput>) {
  const actor = requireRole(ctx, ...CASE_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const o = await reportOrder(tx, orderId, true);
    const c = (await caseRow(tx, orderId)) ?? (await saveCase(tx, ctx, orderId, {}));
    if (c.status === 'closed') throw closedError(`Ärendet ${o.centreOrderNumber}`);
    const [note] = await tx
      .insert(provisionCaseNote)
      .values({ orderId, text: input.text, at: ctx.now(), actorUserId: actor.userId, actorLabel: actor.name })
      .returning();
    await audit(tx, ctx, {
      action: 'provision.case.note',
      entityType: 'provision_order',
      entityId: orderId,
      careProviderId: o.careProviderId,
      details: { noteId: note!.id },
    });
    return { id: note!.id, text: note!.text, at: note!.at.toISOString(), actorLabel: note!.actorLabel };
  });
}

/**
 * POST /api/provision/cases/:id/answer: closes a fault report or deviation with the answer to the
 * reporter. The 'answered' event goes to the ordering side in the same transaction (the prescriber sees
 * it on the order's timeline). A lost-device report is normally closed by its write-off; answered instead
 * (the unit turned up before it was handled, or it is not the patient's), its units stay on the patient
 * and its lines are cancelled, not written off.
 */
export async function answerCase(ctx: Ctx, orderId: string, input: z.infer<typeof caseAnswerInput>) {
  const actor = requireRole(ctx, ...CASE_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const o = await reportOrder(tx, orderId, true);
    if (!orderMatrix[o.orderType].confirmations.includes('answered')) {
      throw new AppError('INVALID_TRANSITION', `En ${orderMatrix[o.orderType].sv.toLowerCase()} avslutas genom att individen skrivs av, inte med ett svar`);
    }
    const before = await caseRow(tx, orderId);
    if (before?.status === 'closed') throw closedError(`Ärendet ${o.centreOrderNumber}`);
    const now = ctx.now();
    const c = await saveCase(tx, ctx, orderId, {
      status: 'closed',
      answer: input.answer,
      closedAt: now,
      closedBy: actor.userId,
      closedByName: actor.name,
      ...(before?.assignedTo ? {} : { assignedTo: actor.userId, assignedToName: actor.name, assignedAt: now }),
    });
    await recordContractEvent(tx, ctx, o, { data: { closedBy: actor.name } }, { type: 'answered', answer: input.answer });
    // Fault reports and deviations have no lines by the matrix; should a sender have added some, they close
    // with the case. A lost-device report's units were not written off: their lines are cancelled.
    const open = await tx
      .select()
      .from(provisionOrderLine)
      .where(and(eq(provisionOrderLine.orderId, orderId), eq(provisionOrderLine.state, 'received')));
    const closedAs = o.orderType === 'lostDevice' ? 'cancelled' : 'done';
    for (const l of open) {
      assertTransition(o.orderType, l.state, closedAs, l.lineNumber);
      await updateLine(tx, l, { state: closedAs }, now);
    }
    await tx
      .update(provisionOrder)
      .set({ status: 'done', version: sql`${provisionOrder.version} + 1`, updatedAt: now })
      .where(and(eq(provisionOrder.id, orderId), eq(provisionOrder.status, 'open')));
    await audit(tx, ctx, {
      action: 'provision.case.answer',
      entityType: 'provision_order',
      entityId: orderId,
      careProviderId: o.careProviderId,
      details: { orderType: o.orderType },
    });
    return { orderId, status: c.status, assignedToName: c.assignedToName, version: c.version };
  });
}
