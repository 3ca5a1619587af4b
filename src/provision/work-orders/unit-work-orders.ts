import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { workOrderType } from '../due-dates/compute-due-date.ts';
import { checklistAnswerView, type InspectionView } from '../maintenance/inspection-views.ts';
import { inspectionResults } from '../maintenance/schema.ts';
import { ruleSetById, type Rules } from '../rules/rule-set.ts';
import { provisionOrder, provisionOrderLine } from '../schema.ts';
import { provisionWorkOrder, workOrderStates } from './schema.ts';
import { currentOf } from './work-order-store.ts';

/** A work order that came from the ordering side (its page is /hmc/arbetsorder/:orderId). */
const unitWorkOrder = z.object({
  kind: z.literal('workOrder'),
  orderId: z.uuid(),
  centreOrderNumber: z.string(),
  typeCode: z.string(),
  typeSv: z.string(),
  typeEn: z.string(),
  state: z.enum(workOrderStates),
  receivedAt: z.string(),
  doneAt: z.string().nullable(),
  minutesSpent: z.number().nullable(),
  notes: z.string().nullable(),
  technician: z.string().nullable(),
});
export type UnitWorkOrder = z.infer<typeof unitWorkOrder>;

/** An inspection (besiktning, maintenance/): the centre's own work order, done when recorded, with its protocol. */
const unitInspectionWorkOrder = z.object({
  kind: z.literal('inspection'),
  inspectionId: z.uuid(),
  inspectionNumber: z.string().describe('Besiktningens arbetsordernummer (BES-000123)'),
  typeSv: z.string(),
  typeEn: z.string(),
  state: z.literal('done'),
  inspectedOn: z.string(),
  technician: z.string(),
  result: z.enum(inspectionResults),
  comment: z.string().nullable(),
  nextInspectionOn: z.string().nullable(),
  checklistName: z.string(),
  checklist: z.array(checklistAnswerView),
});

/** The unit card's work-order history: the ordering side's work orders and the centre's inspections, newest first. */
export const unitWorkOrderHistory = z.array(z.discriminatedUnion('kind', [unitWorkOrder, unitInspectionWorkOrder]));
export type UnitWorkOrderHistory = z.infer<typeof unitWorkOrderHistory>;

export const INSPECTION_TYPE = { sv: 'Besiktning', en: 'Inspection' } as const;

/**
 * Merges the inspections into the work orders, newest first by day (a work order's day received in Stockholm, an
 * inspection's day inspected); within a day the later recorded or received first.
 */
export function workOrderHistory(workOrders: readonly UnitWorkOrder[], inspections: readonly InspectionView[]): UnitWorkOrderHistory {
  const keyed = [
    ...workOrders.map((w) => ({ day: stockholmDateTime(new Date(w.receivedAt)).date as string, at: w.receivedAt, entry: w })),
    ...inspections.map((i) => ({
      day: i.inspectedOn,
      at: i.recordedAt,
      entry: {
        kind: 'inspection' as const,
        inspectionId: i.id,
        inspectionNumber: i.inspectionNumber,
        typeSv: INSPECTION_TYPE.sv,
        typeEn: INSPECTION_TYPE.en,
        state: 'done' as const,
        inspectedOn: i.inspectedOn,
        technician: i.technicianName,
        result: i.result,
        comment: i.comment,
        nextInspectionOn: i.nextInspectionOn,
        checklistName: i.checklistName,
        checklist: i.checklist,
      },
    })),
  ];
  keyed.sort((a, b) => (a.day !== b.day ? (a.day < b.day ? 1 : -1) : a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return keyed.map((k) => k.entry);
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
      kind: 'workOrder',
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
