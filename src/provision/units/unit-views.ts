import { z } from 'zod';
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
    warehouseName,
    reservedForLineId: u.reservedForLineId,
    writeOffCode: u.writeOffCode,
    version: u.version,
  };
}
