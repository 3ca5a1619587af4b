import crypto from 'node:crypto';
import type { CustomerView } from '../../administration/organisation/org-schemas.ts';
import type { ArticleFacts } from '../../catalogue/articles/articles-by-number.ts';
import { ContractRefused } from '../../contract/endpoints.ts';
import type { SubmitOrder } from '../../contract/messages.ts';
import { addWorkingDays, stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { acknowledgeBy, computeLineDue, orderDueDate } from '../due-dates/compute-due-date.ts';
import { officeHoursOf, queueFor, type RuleSet } from '../rules/rule-set.ts';
import type { provisionOrder, provisionOrderLine, provisionPatient } from '../schema.ts';
import { checkAgainstMatrix } from './check-order.ts';

/** What intake needs of the ordering customer (a CustomerView has it; the batch reads just this). */
export type IntakeCustomer = Pick<
  CustomerView,
  'id' | 'customerNumber' | 'name' | 'careProviderId' | 'deliveryAreaId' | 'deliveryAreaName' | 'deliveryWeekday' | 'urgentFeeExempt' | 'active'
>;

export interface IntakeRows {
  order: typeof provisionOrder.$inferInsert;
  patient: typeof provisionPatient.$inferInsert | null;
  lines: (typeof provisionOrderLine.$inferInsert)[];
  /** The order's delivery date: the latest of its lines' due dates. */
  dueDate: string | null;
  /** A buffer withdrawal registered after its 24 hours from the time the device was taken: the customer is told. */
  lateRegistration: boolean;
  /** The audit row's details, less the centre order number (known once the order is stored). */
  auditDetails: Record<string, unknown>;
}

const invalid = (message: string) => new ContractRefused('INVALID', message);

/**
 * Checks a submitted order against the matrix, its customer and its articles (throwing the refusal the
 * sender gets) and builds the rows intake stores for it — the same for an order received alone
 * (receive-message.ts) and in a batch (receive-batch.ts). Every row has the same keys whatever the order.
 */
export function intakeRows(
  ctx: Ctx,
  message: SubmitOrder,
  customer: IntakeCustomer | null | undefined,
  articles: Map<string, ArticleFacts>,
  ruleSet: RuleSet,
  authorize?: (customerId: string) => void,
  /** Installations: the day each named unit was (or is to be) delivered, by unit number (intake/unit-deliveries.ts). */
  unitDeliveries?: ReadonlyMap<string, string>,
): IntakeRows {
  const o = message.order;
  const { rules } = ruleSet;
  const limits = rules.timeLimits;
  checkAgainstMatrix(o, rules);
  if (!customer) throw invalid(`Kundnumret ${o.customerNumber} finns inte hos hjälpmedelscentralen`);
  authorize?.(customer.id);
  if (!customer.active) throw new ContractRefused('NOT_ALLOWED', `Kunden ${o.customerNumber} är inte längre aktiv`);
  for (const l of o.lines) {
    if (!l.articleNumber) continue;
    const a = articles.get(l.articleNumber);
    if (!a) throw invalid(`Artikeln ${l.articleNumber} finns inte i artikelregistret`);
    if (a.removed) throw new ContractRefused('NOT_ALLOWED', `Artikeln ${l.articleNumber} är borttagen ur artikelregistret`);
  }

  const receivedAt = ctx.now();
  const takenAt = o.bufferWithdrawal?.takenAt ? new Date(o.bufferWithdrawal.takenAt) : null;
  if (takenAt && takenAt.getTime() > receivedAt.getTime() + 5 * 60_000) throw invalid('Uttaget ur buffertförrådet kan inte ha skett i framtiden');
  const typeCode = o.workOrder?.typeCode ?? null;
  const lines = o.lines.map((l) => {
    const a = l.articleNumber ? articles.get(l.articleNumber)! : null;
    const due = computeLineDue(
      {
        orderType: o.orderType,
        urgent: o.urgent,
        stockForm: a?.stockForm ?? null,
        receivedAt,
        deliveryWeekday: customer.deliveryWeekday,
        workOrderTypeCode: typeCode,
        twoTrades: o.workOrder?.twoTrades ?? false,
        deliveredOn: l.unitNumber ? (unitDeliveries?.get(l.unitNumber) ?? null) : null,
        takenAt,
      },
      limits,
      rules.workOrderTypes,
      officeHoursOf(rules),
    );
    return { l, a, due };
  });
  const dueDate = orderDueDate(lines.map((x) => x.due));
  // Over 17 working days (config) from the order a customer-order line needs a planned date (DOMAIN §4).
  const planFrom = o.orderType === 'customerOrder' ? addWorkingDays(stockholmDateTime(receivedAt).date, limits.plannedDateRequiredOverWorkingDays) : null;
  const { workOrder, faultReport, deviation, lostDevice, bufferWithdrawal, prescription, attachments } = o;
  const pt = o.patient;
  // A protected identity's address is never stored, whatever was sent (the contract refuses it too).
  const address = pt && !pt.protectedIdentity ? (pt.address ?? null) : null;
  return {
    order: {
      id: o.orderId,
      messageId: message.messageId,
      orderNumber: o.orderNumber,
      orderType: o.orderType,
      urgent: o.urgent,
      queue: queueFor(
        rules.queueRouting,
        o.orderType,
        typeCode,
        lines.map((x) => x.a?.isoCode ?? null),
      ),
      customerId: customer.id,
      customerNumber: customer.customerNumber,
      customerName: customer.name,
      careProviderId: customer.careProviderId,
      deliveryAreaId: customer.deliveryAreaId,
      deliveryAreaName: customer.deliveryAreaName,
      deliveryWeekday: customer.deliveryWeekday,
      urgentFeeExempt: customer.urgentFeeExempt,
      orderedBy: o.orderedBy,
      orderedByName: o.orderedBy.name,
      delivery: o.delivery,
      contact: o.contact ?? null,
      messageToCentre: o.messageToCentre ?? null,
      details: {
        workOrder: workOrder ?? null,
        faultReport: faultReport ?? null,
        deviation: deviation ?? null,
        lostDevice: lostDevice ?? null,
        ...(bufferWithdrawal ? { bufferWithdrawal } : {}),
        ...(prescription ? { prescription } : {}),
        attachments,
      },
      workOrderTypeCode: typeCode,
      ruleSetId: ruleSet.id,
      dueDate,
      acknowledgeBy: o.urgent ? acknowledgeBy(receivedAt, limits) : null,
      sentAt: new Date(message.sentAt),
      receivedAt,
      senderClientId: ctx.actor?.client?.clientId ?? null,
      updatedAt: receivedAt,
    },
    patient: pt
      ? {
          id: crypto.randomUUID(),
          orderId: o.orderId,
          identifier: pt.identifier,
          identifierKind: pt.identifierKind,
          firstName: pt.firstName,
          lastName: pt.lastName,
          protectedIdentity: pt.protectedIdentity,
          homeMunicipalityCode: pt.homeMunicipalityCode,
          careOf: address?.careOf ?? null,
          street: address?.street ?? null,
          postalCode: address?.postalCode ?? null,
          city: address?.city ?? null,
          capturedAt: receivedAt,
        }
      : null,
    lines: lines.map(({ l, a, due }) => ({
      id: l.lineId,
      orderId: o.orderId,
      lineNumber: l.lineNumber,
      articleId: a?.id ?? null,
      articleNumber: a?.articleNumber ?? null,
      articleName: a?.name ?? null,
      isoCode: a?.isoCode ?? null,
      chargingForm: a?.chargingForm ?? null,
      stockForm: a?.stockForm ?? null,
      unitTracked: a?.unitTracked ?? false,
      quantity: l.quantity,
      unitNumber: l.unitNumber ?? null,
      accessoryForLineId: l.accessoryForLineId ?? null,
      note: l.note ?? null,
      state: 'received' as const,
      urgent: o.urgent,
      dueDate: due.dueDate,
      dueAt: due.dueAt,
      expectedDate: due.dueDate,
      plannedDateRequiredAfter: planFrom,
      updatedAt: receivedAt,
    })),
    dueDate,
    lateRegistration: !!takenAt && lines.some((x) => x.due.dueAt !== null && x.due.dueAt.getTime() < receivedAt.getTime()),
    auditDetails: { messageId: message.messageId, orderNumber: o.orderNumber, orderType: o.orderType, lines: o.lines.length },
  };
}
