import { and, eq } from 'drizzle-orm';
import { customerById } from '../../administration/organisation/customers.ts';
import { articlesForOrdering } from '../../catalogue/articles/articles-for-ordering.ts';
import { mayMarkUrgent, URGENT_PRESCRIBER_ONLY_SV } from '../../contract/index.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { auditingRefusals, requirePatientAccess } from '../patients/access.ts';
import { loadOrderView } from './load-order.ts';
import { asksForMeasurements, classFor, measurementsForSave, prescriptionClasses, prescriptionForSave } from './prescription.ts';
import type { DraftInput, OrderView } from './order-schemas.ts';
import { orderingCustomer, requireOrderingActor } from './scope.ts';
import { orderingOrder, orderingOrderLine } from './schema.ts';

/** Locks a draft the actor may edit, checking the version the client last saw. */
export async function lockDraft(ctx: Ctx, tx: Tx, id: string, version?: number) {
  const actor = requireOrderingActor(ctx);
  const [o] = await tx.select().from(orderingOrder).where(eq(orderingOrder.id, id)).for('update');
  if (!o || o.createdBy !== actor.userId) throw new AppError('NOT_FOUND', 'Beställningen finns inte');
  if (o.status !== 'draft') throw new AppError('CONFLICT', 'Beställningen är redan skickad och kan inte ändras');
  if (version !== undefined && o.version !== version)
    throw new AppError('CONFLICT', 'Utkastet har ändrats i ett annat fönster; ladda om sidan', { currentVersion: o.version });
  return o;
}

/**
 * Saves the whole draft (header and lines) as the form holds it. Only structural checks here: a draft
 * may be incomplete; the rules that make an order sendable are checked at submit.
 */
export async function saveDraft(ctx: Ctx, id: string, input: DraftInput): Promise<OrderView> {
  const customerId = orderingCustomer(ctx, input.customerId);
  return auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      const o = await lockDraft(ctx, tx, id, input.version);
      // Only a prescriber marks an order urgent (issue 15 item 5); the form keeps what was written.
      if (input.urgent && !mayMarkUrgent(requireOrderingActor(ctx).roles))
        throw new AppError('VALIDATION', URGENT_PRESCRIBER_ONLY_SV, {
          issues: [{ path: 'body.urgent', code: 'urgent_prescriber_only', message: 'bara förskrivare kan beställa akut' }],
        });
      let customer = { id: o.customerId, customerNumber: o.customerNumber, name: o.customerName, careProviderId: o.careProviderId };
      if (customerId !== o.customerId) {
        const c = await customerById(tx, customerId);
        if (!c || !c.active) throw new AppError('NOT_FOUND', 'Kunden finns inte eller är inaktiv');
        customer = c;
      }
      if (input.patientId && input.patientId !== o.patientId) await requirePatientAccess(ctx, tx, input.patientId);
      const articles = await articlesForOrdering(
        tx,
        input.lines.flatMap((l) => (l.articleId ? [l.articleId] : [])),
      );
      const classes = o.orderType === 'customerOrder' ? await prescriptionClasses(tx) : [];
      const measurements = input.lines.map((l, i) => {
        const a = l.articleId ? articles.get(l.articleId) : undefined;
        if (o.orderType !== 'customerOrder') return null;
        return measurementsForSave(i, l.measurements, classFor(classes, a?.isoCode), asksForMeasurements(a));
      });
      input.lines.forEach((l, i) => {
        if (l.accessoryForLine && (l.accessoryForLine === i + 1 || l.accessoryForLine > input.lines.length))
          throw new AppError('VALIDATION', `Rad ${i + 1}: tillbehöret ska höra till en annan rad i beställningen`, {
            issues: [{ path: `body.lines.${i}.accessoryForLine`, code: 'invalid', message: 'ogiltig rad' }],
          });
        if (l.articleId && !articles.get(l.articleId)?.published)
          throw new AppError('VALIDATION', `Rad ${i + 1}: artikeln finns inte i sortimentet`, {
            issues: [{ path: `body.lines.${i}.articleId`, code: 'unknown', message: 'okänd artikel' }],
          });
      });
      await tx
        .update(orderingOrder)
        .set({
          customerId: customer.id,
          customerNumber: customer.customerNumber,
          customerName: customer.name,
          careProviderId: customer.careProviderId,
          patientId: input.patientId ?? o.patientId,
          urgent: input.urgent,
          delivery: input.delivery,
          contactName: input.contactName ?? null,
          contactPhone: input.contactPhone ?? null,
          messageToCentre: input.messageToCentre ?? null,
          details: input.details ?? null,
          prescription: o.orderType === 'customerOrder' ? prescriptionForSave(input.prescription) : null,
          version: o.version + 1,
          updatedAt: ctx.now(),
        })
        .where(eq(orderingOrder.id, id));
      await tx.delete(orderingOrderLine).where(eq(orderingOrderLine.orderId, id));
      if (input.lines.length) {
        const ids = input.lines.map(() => crypto.randomUUID());
        await tx.insert(orderingOrderLine).values(
          input.lines.map((l, i) => {
            const a = l.articleId ? articles.get(l.articleId) : undefined;
            return {
              id: ids[i]!,
              orderId: id,
              lineNumber: i + 1,
              articleId: a?.id ?? null,
              articleNumber: a?.articleNumber ?? null,
              articleName: a?.name ?? null,
              quantity: l.quantity,
              unitNumber: l.unitNumber ?? null,
              accessoryForLineId: l.accessoryForLine ? ids[l.accessoryForLine - 1]! : null,
              note: l.note ?? null,
              separateOrder: o.orderType === 'customerOrder' && !!l.separateOrder,
              measurements: measurements[i] ?? null,
            };
          }),
        );
      }
      await audit(tx, ctx, {
        action: 'order.save-draft',
        entityType: 'order',
        entityId: id,
        careProviderId: customer.careProviderId,
        patientRef: input.patientId ?? o.patientId,
      });
      return (await loadOrderView(tx, id))!;
    }),
  );
}

/** Throws away a draft. Submitted orders are cancelled, never deleted. */
export async function deleteDraft(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const o = await lockDraft(ctx, tx, id);
    await tx.delete(orderingOrder).where(and(eq(orderingOrder.id, id), eq(orderingOrder.status, 'draft')));
    await audit(tx, ctx, { action: 'order.delete-draft', entityType: 'order', entityId: id, careProviderId: o.careProviderId });
  });
}
