import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { workOrderType } from '../due-dates/compute-due-date.ts';
import { ruleSetById, type Rules } from '../rules/rule-set.ts';
import { provisionOrder, provisionOrderLine } from '../schema.ts';
import { provisionWorkOrder, type WorkOrderState } from './schema.ts';
import { currentOf } from './work-order-store.ts';

export interface UnitWorkOrder {
  orderId: string;
  centreOrderNumber: string;
  typeCode: string;
  typeSv: string;
  typeEn: string;
  state: WorkOrderState;
  receivedAt: string;
  doneAt: string | null;
  minutesSpent: number | null;
  notes: string | null;
  technician: string | null;
}

/** The unit card's work-order history (units/get-unit.ts): every work order on the unit, newest first. */
export async function workOrdersForUnit(db: DbOrTx, unitNumber: string): Promise<UnitWorkOrder[]> {
  const rows = await db
    .select({ o: provisionOrder, wo: provisionWorkOrder })
    .from(provisionOrderLine)
    .innerJoin(provisionOrder, eq(provisionOrder.id, provisionOrderLine.orderId))
    .leftJoin(provisionWorkOrder, eq(provisionWorkOrder.orderId, provisionOrder.id))
    .where(and(eq(provisionOrderLine.unitNumber, unitNumber), eq(provisionOrder.orderType, 'workOrder')))
    .orderBy(desc(provisionOrder.receivedAt));
  const seen = new Set<string>();
  // Each order's type label as it was when the order was received (its rules version; few versions, read once each).
  const versions = new Map<number, Rules>();
  for (const { o } of rows) if (!versions.has(o.ruleSetId)) versions.set(o.ruleSetId, await ruleSetById(db, o.ruleSetId));
  const out: UnitWorkOrder[] = [];
  for (const { o, wo } of rows) {
    if (seen.has(o.id)) continue;
    seen.add(o.id);
    // An order the ordering side cancelled before the centre acted: its status says so.
    const w = currentOf(o, null, wo ?? undefined);
    const t = workOrderType(o.workOrderTypeCode, versions.get(o.ruleSetId)!.workOrderTypes);
    out.push({
      orderId: o.id,
      centreOrderNumber: o.centreOrderNumber!,
      typeCode: w.typeCode,
      typeSv: t?.sv ?? w.typeCode,
      typeEn: t?.en ?? w.typeCode,
      state: w.state,
      receivedAt: o.receivedAt.toISOString(),
      doneAt: w.doneAt?.toISOString() ?? null,
      minutesSpent: w.minutesSpent,
      notes: w.notes,
      technician: w.technicianName,
    });
  }
  return out;
}
