import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import { customersById } from '../../administration/organisation/customer-by-number.ts';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import { audit } from '../../platform/audit/audit.ts';
import { addDays, stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { currentRuleSet } from '../rules/rule-set.ts';
import { INSPECTION_READERS } from '../roles.ts';
import { provisionBufferUnit } from '../buffer-withdrawals/schema.ts';
import { provisionHolding, provisionOrder, provisionPatient, provisionUnit, provisionWarehouse } from '../schema.ts';
import { checklistFor } from './checklists.ts';
import type { InspectionQueueRow, InspectionQueueView } from './inspection-views.ts';
import { provisionInspection } from './schema.ts';
import { nextInspectionAfter } from './unit-usable.ts';

export const inspectionQueueQuery = z.strictObject({
  weeks: z.coerce
    .number()
    .int()
    .min(1, 'minst 1 vecka')
    .max(52, 'högst 52 veckor')
    .default(4)
    .describe('Besiktningar som infaller inom så många veckor (standard 4)'),
});

/** The group of units at the centre (in stock, returned, in the workshop): no delivery area. */
const AT_CENTRE = 'På hjälpmedelscentralen';
/** If an article has no interval but is inspected anyway, the next date is a year on unless the technician says otherwise. */
export const FALLBACK_INTERVAL_MONTHS = 12;

/**
 * GET /api/provision/inspections: the technician's queue (issue 19 item 1) — units due for inspection within the
 * coming weeks, by delivery area (the holding customer's), each with where it is: the patient's name and address
 * (none for a protected identity; every patient shown is an audited read), the customer, or the centre's
 * warehouse; the overdue ones (Försenade) and the failed ones out of use.
 */
export async function inspectionQueue(ctx: Ctx, query: z.infer<typeof inspectionQueueQuery>): Promise<InspectionQueueView> {
  requireRole(ctx, ...INSPECTION_READERS);
  const today = stockholmDateTime(ctx.now()).date;
  const until = addDays(today, query.weeks * 7);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({
        u: provisionUnit,
        h: { id: provisionHolding.id, customerId: provisionHolding.customerId },
        o: { customerNumber: provisionOrder.customerNumber, customerName: provisionOrder.customerName, careProviderId: provisionOrder.careProviderId },
        p: provisionPatient,
        warehouseName: provisionWarehouse.name,
        bufferCustomerId: provisionBufferUnit.customerId,
      })
      .from(provisionUnit)
      .leftJoin(provisionHolding, and(eq(provisionHolding.unitId, provisionUnit.id), isNull(provisionHolding.toDate)))
      .leftJoin(provisionOrder, eq(provisionOrder.id, provisionHolding.orderId))
      .leftJoin(provisionPatient, eq(provisionPatient.id, provisionHolding.patientId))
      .leftJoin(provisionWarehouse, eq(provisionWarehouse.id, provisionUnit.warehouseId))
      .leftJoin(provisionBufferUnit, eq(provisionBufferUnit.unitId, provisionUnit.id))
      .where(and(ne(provisionUnit.status, 'scrapped'), or(lte(provisionUnit.nextInspectionOn, until), isNotNull(provisionUnit.outOfUseSince))))
      .orderBy(asc(provisionUnit.nextInspectionOn), asc(provisionUnit.seq))
      .limit(2000);
    const failedIds = rows.filter((r) => r.u.outOfUseSince).map((r) => r.u.id);
    const [facts, customers, rules, failedBy] = await Promise.all([
      articleFactsById(tx, [...new Set(rows.map((r) => r.u.articleId))]),
      customersById(tx, [...new Set(rows.flatMap((r) => (r.h ? [r.h.customerId] : r.bufferCustomerId ? [r.bufferCustomerId] : [])))]),
      currentRuleSet(tx),
      // The inspection (its work-order number) that took each out-of-use unit out of use: its latest failed one.
      failedIds.length
        ? tx
            .selectDistinctOn([provisionInspection.unitId], { unitId: provisionInspection.unitId, number: provisionInspection.inspectionNumber })
            .from(provisionInspection)
            .where(and(inArray(provisionInspection.unitId, failedIds), eq(provisionInspection.result, 'failed')))
            .orderBy(provisionInspection.unitId, desc(provisionInspection.inspectedOn), desc(provisionInspection.recordedAt))
        : Promise.resolve([]),
    ]);
    const failedNumber = new Map(failedBy.map((f) => [f.unitId, f.number]));
    const audited = new Set<string>();
    const areas = new Map<string | null, { areaId: string | null; areaName: string; rows: InspectionQueueRow[] }>();
    const overdue: InspectionQueueRow[] = [];
    const outOfUse: InspectionQueueRow[] = [];
    for (const { u, h, o, p, warehouseName, bufferCustomerId } of rows) {
      const a = facts.get(u.articleId);
      // On a patient or at a customer (its holding), or in a customer's buffer store; else at the centre.
      const customerId = h?.customerId ?? bufferCustomerId;
      const customer = customerId ? customers.get(customerId) : undefined;
      if (p && !audited.has(p.id)) {
        audited.add(p.id);
        await audit(tx, ctx, {
          action: 'provision.inspection.queue-read',
          entityType: 'provision_unit',
          entityId: u.id,
          careProviderId: o?.careProviderId ?? null,
          patientRef: p.id,
          purpose: 'inspection',
        });
      }
      const row: InspectionQueueRow = {
        unitId: u.id,
        unitNumber: u.unitNumber!,
        unitVersion: u.version,
        serialNumber: u.serialNumber,
        articleNumber: u.articleNumber,
        articleName: u.articleName,
        isoCode: a?.isoCode ?? null,
        status: u.status,
        dueOn: u.nextInspectionOn,
        overdue: !!u.nextInspectionOn && u.nextInspectionOn < today,
        outOfUseSince: u.outOfUseSince,
        failedInspectionNumber: u.outOfUseSince ? (failedNumber.get(u.id) ?? null) : null,
        holdingId: h?.id ?? null,
        customerNumber: customer?.customerNumber ?? o?.customerNumber ?? null,
        customerName: customer?.name ?? o?.customerName ?? null,
        warehouseName: h || bufferCustomerId ? null : (warehouseName ?? null),
        patient: p
          ? {
              name: `${p.firstName} ${p.lastName}`,
              protectedIdentity: p.protectedIdentity,
              address: p.protectedIdentity ? null : { careOf: p.careOf, street: p.street, postalCode: p.postalCode, city: p.city },
            }
          : null,
        checklistPrefix: checklistFor(rules.rules.inspectionChecklists, a?.isoCode).isoPrefix,
        defaultNextOn: nextInspectionAfter(today, a?.inspectionIntervalMonths ?? FALLBACK_INTERVAL_MONTHS)!,
      };
      if (u.outOfUseSince) {
        outOfUse.push(row);
        continue;
      }
      if (row.overdue) overdue.push(row);
      const key = customer?.deliveryAreaId ?? null;
      if (!areas.has(key)) areas.set(key, { areaId: key, areaName: customer?.deliveryAreaName ?? AT_CENTRE, rows: [] });
      areas.get(key)!.rows.push(row);
    }
    // Areas by name, the centre last.
    const grouped = [...areas.values()].sort((x, y) => (x.areaId === null ? 1 : y.areaId === null ? -1 : swedishCollator.compare(x.areaName, y.areaName)));
    return { today, until, weeks: query.weeks, areas: grouped, overdue, outOfUse, checklists: rules.rules.inspectionChecklists };
  });
}
