import { z } from 'zod';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import type { DeliveredUnit } from '../../contract/events.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { unitStatuses, writeOffCodes } from '../schema.ts';
import type { UnitRow } from './transition-unit.ts';

/** A unit as lists and pickers show it (no patient data). */
export const unitSummary = z.object({
  id: z.uuid(),
  unitNumber: z.string(),
  articleId: z.uuid(),
  articleNumber: z.string(),
  articleName: z.string(),
  serialNumber: z.string().nullable(),
  purchaseDate: z.string(),
  purchaseCost: z.string(),
  status: z.enum(unitStatuses),
  reconditionCount: z.number(),
  warehouseId: z.uuid().nullable(),
  warehouseName: z.string().nullable(),
  reservedForLineId: z.uuid().nullable(),
  writeOffCode: z.enum(writeOffCodes).nullable(),
  /** The next inspection (besiktning) date, for articles with an interval (maintenance/). */
  nextInspectionOn: z.string().nullable(),
  /** The day an inspection failed the unit: out of use until an inspection approves it. */
  outOfUseSince: z.string().nullable(),
  version: z.number(),
});
export type UnitSummary = z.infer<typeof unitSummary>;

export function toUnitSummary(u: UnitRow, warehouseName: string | null): UnitSummary {
  return {
    id: u.id,
    unitNumber: u.unitNumber!,
    articleId: u.articleId,
    articleNumber: u.articleNumber,
    articleName: u.articleName,
    serialNumber: u.serialNumber,
    purchaseDate: u.purchaseDate,
    purchaseCost: u.purchaseCost,
    status: u.status,
    reconditionCount: u.reconditionCount,
    warehouseId: u.warehouseId,
    nextInspectionOn: u.nextInspectionOn,
    outOfUseSince: u.outOfUseSince,
    warehouseName,
    reservedForLineId: u.reservedForLineId,
    writeOffCode: u.writeOffCode,
    version: u.version,
  };
}

/**
 * Units as the contract's DeliveredUnit (what the ordering side's device list shows), with the ISO code and
 * charging form from the article register; `fallback` (the order line's) when the article is no longer there.
 */
export async function asDeliveredUnits(
  db: DbOrTx,
  units: readonly UnitRow[],
  fallback: { isoCode: string | null; chargingForm: DeliveredUnit['chargingForm'] | null } = { isoCode: null, chargingForm: null },
): Promise<DeliveredUnit[]> {
  const facts = await articleFactsById(
    db,
    units.map((u) => u.articleId),
  );
  return units.map((u) => ({
    unitNumber: u.unitNumber!,
    serialNumber: u.serialNumber,
    articleNumber: u.articleNumber,
    articleName: u.articleName,
    isoCode: facts.get(u.articleId)?.isoCode ?? fallback.isoCode,
    chargingForm: facts.get(u.articleId)?.chargingForm ?? fallback.chargingForm,
  }));
}
