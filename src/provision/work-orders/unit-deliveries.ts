import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { provisionHolding, provisionOrderLine, provisionUnit } from '../schema.ts';

/**
 * The day each unit was, or is to be, delivered, for an installation's time limit (issue 15 item 2): the open
 * holding's first day for a unit on a patient, or the promised date (planned, else expected, else due) of the
 * customer-order line a unit is reserved for. Units the centre knows neither of are left out.
 */
export async function unitDeliveryDates(tx: DbOrTx, unitNumbers: readonly string[]): Promise<Map<string, string>> {
  if (unitNumbers.length === 0) return new Map();
  const rows = await tx
    .select({
      unitNumber: provisionUnit.unitNumber,
      heldFrom: provisionHolding.fromDate,
      promised: sql<string | null>`coalesce(${provisionOrderLine.plannedDate}, ${provisionOrderLine.expectedDate}, ${provisionOrderLine.dueDate})::text`,
    })
    .from(provisionUnit)
    .leftJoin(provisionHolding, and(eq(provisionHolding.unitId, provisionUnit.id), isNull(provisionHolding.toDate)))
    .leftJoin(provisionOrderLine, eq(provisionOrderLine.id, provisionUnit.reservedForLineId))
    .where(inArray(provisionUnit.unitNumber, [...unitNumbers]));
  const out = new Map<string, string>();
  for (const r of rows) {
    const day = r.heldFrom ?? r.promised;
    if (r.unitNumber && day) out.set(r.unitNumber, day);
  }
  return out;
}
