import { z } from 'zod';
import { unitStatuses } from '../schema.ts';
import { inspectionResults } from './schema.ts';

const checklistItemView = z.object({ code: z.string(), sv: z.string(), en: z.string() });
export const checklistView = z.object({ isoPrefix: z.string(), sv: z.string(), en: z.string(), items: z.array(checklistItemView) });

/** One unit to inspect, where it is: on a patient (with the address, except for a protected identity), at a customer, or at the centre. */
export const inspectionQueueRow = z.object({
  unitId: z.uuid(),
  unitNumber: z.string(),
  unitVersion: z.number(),
  serialNumber: z.string().nullable(),
  articleNumber: z.string(),
  articleName: z.string(),
  isoCode: z.string().nullable(),
  status: z.enum(unitStatuses),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  outOfUseSince: z.string().nullable(),
  /** Out of use: the number of the failed inspection (BES-000123) that took it out of use. */
  failedInspectionNumber: z.string().nullable(),
  /** The holding the unit is in now (send it back when recording: a pick-up since then is refused), or null at the centre. */
  holdingId: z.uuid().nullable(),
  customerNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  warehouseName: z.string().nullable(),
  patient: z
    .object({
      name: z.string(),
      protectedIdentity: z.boolean(),
      address: z
        .object({ careOf: z.string().nullable(), street: z.string().nullable(), postalCode: z.string().nullable(), city: z.string().nullable() })
        .nullable(),
    })
    .nullable()
    .describe('Patienten som har individen (läsningen loggas); skyddad identitet: ingen adress'),
  /** The checklist (isoPrefix of the rules' list) and what the next date becomes if approved today. */
  checklistPrefix: z.string(),
  defaultNextOn: z.string(),
});
export type InspectionQueueRow = z.infer<typeof inspectionQueueRow>;

export const inspectionQueueView = z.object({
  today: z.string(),
  until: z.string(),
  weeks: z.number(),
  /** Due by `until` (overdue ones too), by delivery area; units at the centre under areaId null. */
  areas: z.array(z.object({ areaId: z.uuid().nullable(), areaName: z.string(), rows: z.array(inspectionQueueRow) })),
  /** Every unit past its date (Försenade), oldest first. */
  overdue: z.array(inspectionQueueRow),
  /** Failed and out of use until an inspection approves them. */
  outOfUse: z.array(inspectionQueueRow),
  checklists: z.array(checklistView),
});
export type InspectionQueueView = z.infer<typeof inspectionQueueView>;

/** One checklist item of a recorded inspection: OK or not, with the technician's comment. */
export const checklistAnswerView = z.object({ code: z.string(), sv: z.string(), en: z.string(), ok: z.boolean(), comment: z.string().nullable() });

export const inspectionView = z.object({
  id: z.uuid(),
  /** The inspection's work-order number, its own series (BES-000123). */
  inspectionNumber: z.string(),
  unitId: z.uuid(),
  inspectedOn: z.string(),
  dueOn: z.string().nullable(),
  result: z.enum(inspectionResults),
  checklistName: z.string(),
  checklist: z.array(checklistAnswerView),
  comment: z.string().nullable(),
  nextInspectionOn: z.string().nullable(),
  technicianName: z.string(),
  recordedAt: z.string(),
});
export type InspectionView = z.infer<typeof inspectionView>;
