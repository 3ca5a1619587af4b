import { z } from 'zod';
import { orderMatrix } from '../../contract/index.ts';
import { customerById } from '../../administration/organisation/customers.ts';
import { userContact } from '../../administration/users/load-user.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { phone } from '../../platform/http/schemas.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { auditingRefusals, requirePatientAccess } from '../patients/access.ts';
import { loadOrderView } from './load-order.ts';
import type { createDraftInput, OrderView } from './order-schemas.ts';
import { orderingCustomer, requireOrderingActor } from './scope.ts';
import { orderingOrder } from './schema.ts';

/**
 * Starts an order of a type as a draft, for one of the actor's customers and (for types that need one) a
 * patient the actor has opened. A draft is saved on the server, so a directory or network failure later
 * loses nothing.
 */
export async function createDraft(ctx: Ctx, input: z.infer<typeof createDraftInput>): Promise<OrderView> {
  const actor = requireOrderingActor(ctx);
  const row = orderMatrix[input.orderType];
  if (!row.registeredBy.some((r) => actor.roles.has(r)))
    throw new AppError(
      'FORBIDDEN',
      `${row.sv} registreras av ${row.registeredBy.map((r) => (r === 'prescriber' ? 'förskrivare' : 'beställare')).join(' eller ')}`,
    );
  const customerId = orderingCustomer(ctx, input.customerId);
  if (row.patient === 'required' && !input.patientId)
    throw new AppError('VALIDATION', `${row.sv} görs för en patient: öppna patienten först`, {
      issues: [{ path: 'body.patientId', code: 'patient_required', message: 'patient saknas' }],
    });
  if (row.patient === 'none' && input.patientId) throw new AppError('VALIDATION', `${row.sv} görs inte för en patient`);
  return auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      const customer = await customerById(tx, customerId);
      if (!customer || !customer.active) throw new AppError('NOT_FOUND', 'Kunden finns inte eller är inaktiv');
      if (input.patientId) await requirePatientAccess(ctx, tx, input.patientId);
      const contactPhone = await profilePhone(tx, actor.userId);
      const [created] = await tx
        .insert(orderingOrder)
        .values({
          orderType: input.orderType,
          customerId,
          customerNumber: customer.customerNumber,
          customerName: customer.name,
          careProviderId: customer.careProviderId,
          createdBy: actor.userId,
          createdByName: actor.name,
          patientId: input.patientId ?? null,
          delivery: { kind: input.patientId && row.lines === 'article' ? 'patientAddress' : 'none' },
          contactName: actor.name,
          contactPhone,
        })
        .returning({ id: orderingOrder.id });
      await audit(tx, ctx, {
        action: 'order.create-draft',
        entityType: 'order',
        entityId: created!.id,
        careProviderId: customer.careProviderId,
        patientRef: input.patientId ?? null,
      });
      return (await loadOrderView(tx, created!.id))!;
    }),
  );
}

/** The phone number of the user's profile, as the contact for a new order (issue 16 item 6); none if it is not a valid number. */
export async function profilePhone(db: DbOrTx, userId: string): Promise<string | null> {
  const { phone: p } = await userContact(db, userId);
  const parsed = phone.safeParse(p ?? '');
  return parsed.success ? parsed.data : null;
}
