import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { InspectionView } from './inspection-views.ts';
import { toInspectionView } from './record-inspection.ts';
import { provisionInspection } from './schema.ts';

/** The unit card's inspections (units/get-unit.ts), newest first. */
export async function inspectionsForUnit(db: DbOrTx, unitId: string): Promise<InspectionView[]> {
  const rows = await db
    .select()
    .from(provisionInspection)
    .where(eq(provisionInspection.unitId, unitId))
    .orderBy(desc(provisionInspection.inspectedOn), desc(provisionInspection.recordedAt));
  return rows.map(toInspectionView);
}
