import { and, eq, inArray, isNull } from 'drizzle-orm';
import { customerById } from '../../administration/organisation/customers.ts';
import { customerByNumber } from '../../administration/organisation/customer-by-number.ts';
import { userContact } from '../../administration/users/load-user.ts';
import { ContractRefused } from '../../contract/endpoints.ts';
import { mayMarkUrgent, mayRegister, orderMatrix, registeredBySv, URGENT_PRESCRIBER_ONLY_SV } from '../../contract/matrix.ts';
import type { OrderMessage, SubmitOrder } from '../../contract/messages.ts';
import type { PatientCheck } from '../../contract/patient-check.ts';
import type { AuditEntry } from '../../platform/audit/audit.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { provisionBufferUnit } from '../buffer-withdrawals/schema.ts';
import { provisionHolding, provisionUnit } from '../schema.ts';

export interface SenderDeps {
  /** The patient directory behind the ordering side (src/contract/patient-check.ts), passed in at composition. */
  patients: PatientCheck;
}

export interface CheckedMessage {
  /** The message to receive: who ordered (or answered) is the caller, the patient is the directory's. */
  message: OrderMessage;
  /** Audit rows to write with the order (the patient read). */
  audits: AuditEntry[];
}

const invalid = (message: string) => new ContractRefused('INVALID', message);

/**
 * What the REST route checks about a message before intake, as strictly as the web path checks an order
 * it submits (ordering/orders/submit-order.ts), because here the sender, not our ordering side, made it:
 *
 * - the order type against the caller's roles (the matrix's `registeredBy`; a system client's granted roles);
 * - the customer is one the caller belongs to; a delivery point or buffer store is that customer's (with its
 *   label from the register);
 * - every unit the lines name, when someone holds it or it stands in a buffer store, is held by (or stands at)
 *   the ordering customer's care provider;
 * - who ordered (`orderedBy`) and who answered a quote (`by`) is the authenticated caller, never the body;
 * - the patient comes from the directory, checked for a care relationship, and the read is audited with
 *   the order (deps.patients).
 *
 * Throws AppError (FORBIDDEN, UNIT_OTHER_CARE_PROVIDER, the patient check's codes) or ContractRefused (INVALID).
 */
export async function checkSender(ctx: Ctx, actor: Actor, message: OrderMessage, deps: SenderDeps): Promise<CheckedMessage> {
  if (message.type === 'order.answerQuote') return { message: { ...message, by: { userId: actor.userId, name: actor.name } }, audits: [] };
  if (message.type === 'order.cancel') return { message, audits: [] };
  const o = message.order;
  if (!mayRegister(o.orderType, actor.roles)) throw new AppError('FORBIDDEN', `Du får inte skicka den här beställningen: ${registeredBySv(o.orderType)}`);
  if (o.urgent && !mayMarkUrgent(actor.roles)) throw invalid(URGENT_PRESCRIBER_ONLY_SV);
  const customer = await customerByNumber(ctx.db, o.customerNumber);
  // An unknown customer is the intake's to refuse (INVALID); a known one must be the caller's.
  if (customer && !actor.customerIds.includes(customer.id)) throw new AppError('FORBIDDEN', 'Du kan bara skicka beställningar för kunder du är kopplad till');

  let delivery = o.delivery;
  if (delivery.kind === 'patientAddress' && !o.patient) throw invalid('Leverans till patientens adress kräver en patient');
  if (delivery.kind === 'deliveryPoint') {
    const id = delivery.deliveryAddressId;
    const a = customer?.addresses.find((x) => x.id === id);
    if (!a) throw invalid('Leveransadressen hör inte till kunden');
    delivery = { kind: 'deliveryPoint', deliveryAddressId: a.id!, label: a.label };
  }
  if (delivery.kind === 'bufferStore') {
    const id = delivery.bufferStoreId;
    const s = customer?.bufferStores.find((x) => x.id === id && x.active);
    if (!s) throw invalid('Buffertförrådet hör inte till kunden');
    delivery = { kind: 'bufferStore', bufferStoreId: s.id!, label: s.name };
  }
  if (customer) await checkUnits(ctx, o, customer.careProviderId);

  // The caller's contact details and the directory's answer do not depend on each other: asked at once.
  const [contact, fromDirectory] = await Promise.all([
    actor.client ? { hsaId: null, profession: null, phone: null, email: null } : userContact(ctx.db, actor.userId),
    // An unknown customer is refused by intake before anything is stored: the directory is not asked for it.
    o.patient && customer ? deps.patients.check(ctx, o.patient, { customerId: customer.id, careProviderId: customer.careProviderId }) : null,
  ]);
  const orderedBy = { userId: actor.userId, name: actor.name, ...contact };
  const audits: AuditEntry[] = [];
  let patient = o.patient;
  if (fromDirectory) {
    patient = fromDirectory.patient;
    audits.push(fromDirectory.audit);
  }
  const checked: SubmitOrder = { ...message, order: { ...o, orderedBy, delivery, patient } };
  return { message: checked, audits };
}

/**
 * Units the lines name must be the ordering care provider's: held by one of its customers' patients, or
 * standing in one of its customers' buffer stores. A unit nobody holds is left to the order type's own
 * handling at intake (a pick-up of a unit not on the patient is recorded for the centre to look into).
 */
async function checkUnits(ctx: Ctx, o: SubmitOrder['order'], careProviderId: string) {
  const numbers = [...new Set(o.lines.flatMap((l) => (l.unitNumber ? [l.unitNumber] : [])))];
  if (numbers.length === 0 || orderMatrix[o.orderType].lines === 'none') return;
  const rows = await ctx.db
    .select({ unitNumber: provisionUnit.unitNumber, holder: provisionHolding.customerId, store: provisionBufferUnit.customerId })
    .from(provisionUnit)
    .leftJoin(provisionHolding, and(eq(provisionHolding.unitId, provisionUnit.id), isNull(provisionHolding.toDate)))
    .leftJoin(provisionBufferUnit, eq(provisionBufferUnit.unitId, provisionUnit.id))
    .where(inArray(provisionUnit.unitNumber, numbers));
  const careProviders = new Map<string, string | null>();
  for (const r of rows) {
    for (const customerId of [r.holder, r.store]) {
      if (!customerId) continue;
      if (!careProviders.has(customerId)) careProviders.set(customerId, (await customerById(ctx.db, customerId))?.careProviderId ?? null);
      if (careProviders.get(customerId) !== careProviderId)
        throw new AppError('UNIT_OTHER_CARE_PROVIDER', `Individ ${r.unitNumber} innehas av en annan vårdgivare och kan inte beställas av er`);
    }
  }
}
