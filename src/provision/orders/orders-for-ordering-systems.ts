import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { OrderEvent } from '../../contract/events.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { MESSAGE_SENDERS } from '../roles.ts';
import { provisionHolding, provisionOrder, provisionOrderLine, provisionPatient, provisionUnit, type ProvisionLineState } from '../schema.ts';
import { contractEventsOf, OUTBOX_COLUMNS, type OutboxRow } from './send-events.ts';

/**
 * What the centre holds about the orders of the ordering side's customers, for the ordering systems that follow
 * them without Bistå's own pages (the FHIR facade, src/fhir): customer-order lines with their state and the
 * contract events the centre sent for them, and the units the patients hold. The callers are the ordering
 * side's roles (a person or a system client, MESSAGE_SENDERS), and every read is scoped here: orders of the
 * caller's own customers, units held at the customers of the caller's care providers. Patient data is in the
 * answer only as the identifier the caller's patient gate needs (the ordering side's, which also audits).
 */

export type { ProvisionLineState };

export interface OrderedLine {
  lineId: string;
  lineNumber: number;
  orderId: string;
  centreOrderNumber: string;
  orderNumber: string;
  urgent: boolean;
  customerId: string;
  customerNumber: string;
  customerName: string;
  careProviderId: string;
  /** Who ordered: the user or the system client (the contract's orderedBy, set from the sender at intake). */
  orderedByUserId: string | null;
  orderedByName: string;
  senderClientId: string | null;
  /** The patient's personnummer or samordningsnummer (12 digits); null for an order without a patient. */
  patientIdentifier: string | null;
  messageToCentre: string | null;
  sentAt: Date;
  receivedAt: Date;
  articleId: string | null;
  articleNumber: string | null;
  articleName: string | null;
  isoCode: string | null;
  quantity: number;
  deliveredQuantity: number;
  state: ProvisionLineState;
  dueDate: string | null;
  plannedDate: string | null;
  /** The date the ordering side was last promised (due date, planned date or a delay's new date). */
  expectedDate: string | null;
  cancelReason: string | null;
  updatedAt: Date;
  /** The contract events the centre recorded for this line and for its whole order, in sequence. */
  events: OrderEvent[];
}

export interface OrderedLineQuery {
  lineIds?: readonly string[];
  /** 12 digits. */
  patientIdentifier?: string;
  states?: readonly ProvisionLineState[];
  orderNumber?: string;
  limit: number;
}

/** Customer-order lines of the caller's customers, newest order first. */
export async function orderedLines(ctx: Ctx, q: OrderedLineQuery): Promise<OrderedLine[]> {
  const actor = requireRole(ctx, ...MESSAGE_SENDERS);
  if (actor.customerIds.length === 0 || q.lineIds?.length === 0 || q.states?.length === 0) return [];
  const conds: (SQL | undefined)[] = [
    inArray(provisionOrder.customerId, [...actor.customerIds]),
    eq(provisionOrder.orderType, 'customerOrder'),
    q.lineIds ? inArray(provisionOrderLine.id, [...q.lineIds]) : undefined,
    q.states ? inArray(provisionOrderLine.state, [...q.states]) : undefined,
    q.orderNumber !== undefined ? eq(provisionOrder.orderNumber, q.orderNumber) : undefined,
    q.patientIdentifier !== undefined ? eq(provisionPatient.identifier, q.patientIdentifier) : undefined,
  ];
  const rows = await ctx.db
    .select({ o: provisionOrder, l: provisionOrderLine, patientIdentifier: provisionPatient.identifier })
    .from(provisionOrderLine)
    .innerJoin(provisionOrder, eq(provisionOrder.id, provisionOrderLine.orderId))
    .leftJoin(provisionPatient, eq(provisionPatient.orderId, provisionOrder.id))
    .where(and(...conds))
    .orderBy(desc(provisionOrder.receivedAt), asc(provisionOrder.id), asc(provisionOrderLine.lineNumber))
    .limit(q.limit);
  const events = await contractEvents(ctx.db, [...new Set(rows.map((r) => r.o.id))]);
  return rows.map(({ o, l, patientIdentifier }) => ({
    lineId: l.id,
    lineNumber: l.lineNumber,
    orderId: o.id,
    centreOrderNumber: o.centreOrderNumber!,
    orderNumber: o.orderNumber,
    urgent: o.urgent,
    customerId: o.customerId,
    customerNumber: o.customerNumber,
    customerName: o.customerName,
    careProviderId: o.careProviderId,
    orderedByUserId: typeof o.orderedBy.userId === 'string' ? o.orderedBy.userId : null,
    orderedByName: o.orderedByName,
    senderClientId: o.senderClientId,
    patientIdentifier: patientIdentifier ?? null,
    messageToCentre: o.messageToCentre,
    sentAt: o.sentAt,
    receivedAt: o.receivedAt,
    articleId: l.articleId,
    articleNumber: l.articleNumber,
    articleName: l.articleName,
    isoCode: l.isoCode,
    quantity: l.quantity,
    deliveredQuantity: l.deliveredQuantity,
    state: l.state,
    dueDate: l.dueDate,
    plannedDate: l.plannedDate,
    expectedDate: l.expectedDate,
    cancelReason: l.cancelReason,
    updatedAt: l.updatedAt,
    events: (events.get(o.id) ?? []).filter((e) => !('lineId' in e) || !e.lineId || e.lineId === l.id),
  }));
}

/** The contract events of the orders, by order, in sequence (what was sent or is about to be). */
async function contractEvents(db: DbOrTx, orderIds: string[]): Promise<Map<string, OrderEvent[]>> {
  const out = new Map<string, OrderEvent[]>();
  if (orderIds.length === 0) return out;
  const { rows } = (await db.execute(
    sql`SELECT ${sql.raw(OUTBOX_COLUMNS)} FROM provision_order_event e JOIN provision_order o ON o.id = e.order_id
         WHERE e.order_id = ANY(${`{${orderIds.join(',')}}`}::uuid[]) AND e.sequence IS NOT NULL
         ORDER BY e.order_id, e.sequence`,
  )) as unknown as { rows: OutboxRow[] };
  for (const r of rows) {
    const list = out.get(r.order_id) ?? [];
    list.push(...contractEventsOf(r));
    out.set(r.order_id, list);
  }
  return out;
}

/** A unit a patient holds or held, as the patient's device list shows it. */
export interface PatientUnit {
  unitId: string;
  unitNumber: string;
  serialNumber: string | null;
  articleId: string;
  articleNumber: string;
  articleName: string;
  /** 12 digits: the patient the unit was delivered to. */
  patientIdentifier: string;
  customerId: string;
  careProviderId: string;
  orderId: string | null;
  lineId: string | null;
  fromDate: string;
  /** Null while the patient has it. */
  toDate: string | null;
  endReason: string | null;
}

function unitsQuery(db: DbOrTx, where: SQL) {
  return db
    .select({
      unitId: provisionUnit.id,
      unitNumber: provisionUnit.unitNumber,
      serialNumber: provisionUnit.serialNumber,
      articleId: provisionUnit.articleId,
      articleNumber: provisionUnit.articleNumber,
      articleName: provisionUnit.articleName,
      patientIdentifier: provisionPatient.identifier,
      customerId: provisionHolding.customerId,
      careProviderId: provisionOrder.careProviderId,
      orderId: provisionHolding.orderId,
      lineId: provisionHolding.lineId,
      fromDate: provisionHolding.fromDate,
      toDate: provisionHolding.toDate,
      endReason: provisionHolding.endReason,
    })
    .from(provisionHolding)
    .innerJoin(provisionUnit, eq(provisionUnit.id, provisionHolding.unitId))
    .innerJoin(provisionPatient, eq(provisionPatient.id, provisionHolding.patientId))
    .innerJoin(provisionOrder, eq(provisionOrder.id, provisionPatient.orderId))
    .where(where)
    .orderBy(desc(provisionHolding.fromDate), asc(provisionUnit.seq), desc(provisionHolding.createdAt));
}

const toPatientUnit = (r: Awaited<ReturnType<typeof unitsQuery>>[number]): PatientUnit => ({ ...r, unitNumber: r.unitNumber! });

/**
 * The units the patient holds (and held) at the customers of the caller's care providers: the device list as
 * the centre confirmed it, whichever ordering system ordered them. Current holdings first.
 */
export async function unitsOfPatient(ctx: Ctx, patientIdentifier: string): Promise<PatientUnit[]> {
  const actor = requireRole(ctx, ...MESSAGE_SENDERS);
  if (actor.careProviderIds.length === 0) return [];
  const rows = await unitsQuery(
    ctx.db,
    and(eq(provisionPatient.identifier, patientIdentifier), inArray(provisionOrder.careProviderId, [...actor.careProviderIds]))!,
  );
  const current = rows.filter((r) => r.toDate === null);
  return [...current, ...rows.filter((r) => r.toDate !== null)].map(toPatientUnit);
}

/** A unit by its number, with its latest holding by a patient at the caller's care providers; null when none. */
export async function unitOnPatient(ctx: Ctx, unitNumber: string): Promise<PatientUnit | null> {
  const actor = requireRole(ctx, ...MESSAGE_SENDERS);
  if (actor.careProviderIds.length === 0) return null;
  const rows = await unitsQuery(ctx.db, and(eq(provisionUnit.unitNumber, unitNumber), inArray(provisionOrder.careProviderId, [...actor.careProviderIds]))!);
  return rows.length ? toPatientUnit(rows.find((r) => r.toDate === null) ?? rows[0]!) : null;
}

/**
 * Whether any of the care providers has the patient: the centre has an order for them from one of its customers
 * (Bistå's own ordering side or another ordering system), or they hold a unit there. The FHIR facade's care-
 * provider rule for system clients (src/ordering/patients/patient-gate.ts) asks this.
 */
export async function careProvidersHavePatient(db: DbOrTx, patientIdentifier: string, careProviderIds: readonly string[]): Promise<boolean> {
  if (careProviderIds.length === 0) return false;
  const [row] = await db
    .select({ id: provisionPatient.id })
    .from(provisionPatient)
    .innerJoin(provisionOrder, eq(provisionOrder.id, provisionPatient.orderId))
    .where(and(eq(provisionPatient.identifier, patientIdentifier), inArray(provisionOrder.careProviderId, [...careProviderIds])))
    .limit(1);
  return !!row;
}
