import { asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import { audit } from '../../platform/audit/audit.ts';
import { hasRole, requireRole, type Ctx } from '../../platform/context.ts';
import { CENTRE_READERS, ORDER_HANDLERS } from '../roles.ts';
import { provisionHolding, provisionOrder, provisionPatient, provisionUnit, provisionUnitEvent, provisionWarehouse, unitStatuses } from '../schema.ts';
import { unitNotFound } from './list-units.ts';
import { toUnitSummary, unitSummary } from './unit-views.ts';
import { reconditioningsOf } from '../reconditioning/reconditioning.ts';
import { unitWorkOrderHistory, workOrderHistory, workOrdersForUnit } from '../work-orders/unit-work-orders.ts';
import { inspectionView } from '../maintenance/inspection-views.ts';
import { inspectionsForUnit } from '../maintenance/unit-inspections.ts';
import { checklistFor } from '../maintenance/checklists.ts';
import { FALLBACK_INTERVAL_MONTHS } from '../maintenance/inspection-queue.ts';
import { nextInspectionAfter } from '../maintenance/unit-usable.ts';
import { currentRuleSet } from '../rules/rule-set.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';

const holdingView = z.object({
  id: z.uuid(),
  fromDate: z.string(),
  toDate: z.string().nullable(),
  endReason: z.string().nullable(),
  customerId: z.uuid(),
  customerNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  orderId: z.uuid().nullable(),
  centreOrderNumber: z.string().nullable(),
  /**
   * Who held the unit: shown only to the roles that handle orders (ORDER_HANDLERS), each showing an audited
   * read; null for the others (finance, assortment, function coordination, system administration) and for a
   * holding without a patient.
   */
  patient: z
    .object({ identifier: z.string(), firstName: z.string(), lastName: z.string(), protectedIdentity: z.boolean() })
    .nullable()
    .describe('Innehavaren: visas bara för roller som handlägger beställningar (kundtjänst, lager, tekniker, konsulent); annars null'),
  /** True when the holding has a patient the caller's roles may not see (the web says so instead of "no patient"). */
  patientWithheld: z.boolean().describe('Sant när innehavet har en patient som anroparens roller inte får se'),
});

export const unitCard = z.object({
  unit: unitSummary,
  article: z.object({ isoCode: z.string().nullable(), chargingForm: z.string().nullable(), articleType: z.string().nullable() }),
  /** For recording an inspection from the card: the checklist (its ISO prefix in the rules) and the next date if approved today. */
  inspection: z.object({ intervalMonths: z.number().nullable(), checklistPrefix: z.string(), defaultNextOn: z.string() }),
  currentHolding: holdingView.nullable(),
  holdings: z.array(holdingView),
  history: z.array(
    z.object({
      id: z.number(),
      type: z.string(),
      fromStatus: z.enum(unitStatuses).nullable(),
      toStatus: z.enum(unitStatuses),
      at: z.string(),
      actorLabel: z.string().nullable(),
      orderId: z.uuid().nullable(),
      data: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  // Sections the work-order, reconditioning and inspection features fill in.
  /** The work-order history: the ordering side's work orders and the centre's inspections (BES-…), newest first. */
  workOrders: unitWorkOrderHistory,
  reconditionings: z.array(z.object({ at: z.string(), note: z.string().nullable(), warehouse: z.string().nullable(), actorLabel: z.string().nullable() })),
  inspections: z.array(inspectionView),
});
export type UnitCard = z.infer<typeof unitCard>;

/**
 * GET /api/provision/units/:id: the unit card (individkort) — status, where it is, its holdings (who has
 * or had it), and its full history. The centre's roles read it; the holders' identities only the roles that
 * handle orders see (ORDER_HANDLERS, each patient shown an audited read), the others see the holding
 * (customer, dates, order) without the person.
 */
export async function getUnit(ctx: Ctx, id: string): Promise<UnitCard> {
  requireRole(ctx, ...CENTRE_READERS);
  const showsPatients = hasRole(ctx, ...ORDER_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ u: provisionUnit, warehouseName: provisionWarehouse.name })
      .from(provisionUnit)
      .leftJoin(provisionWarehouse, eq(provisionWarehouse.id, provisionUnit.warehouseId))
      .where(eq(provisionUnit.id, id));
    if (!row) throw unitNotFound();
    const [holdings, history, facts] = await Promise.all([
      tx
        .select({
          h: provisionHolding,
          o: {
            customerNumber: provisionOrder.customerNumber,
            customerName: provisionOrder.customerName,
            centreOrderNumber: provisionOrder.centreOrderNumber,
            careProviderId: provisionOrder.careProviderId,
          },
          p: provisionPatient,
        })
        .from(provisionHolding)
        .leftJoin(provisionOrder, eq(provisionOrder.id, provisionHolding.orderId))
        .leftJoin(provisionPatient, eq(provisionPatient.id, provisionHolding.patientId))
        .where(eq(provisionHolding.unitId, id))
        .orderBy(desc(provisionHolding.fromDate), desc(provisionHolding.createdAt)),
      tx.select().from(provisionUnitEvent).where(eq(provisionUnitEvent.unitId, id)).orderBy(asc(provisionUnitEvent.id)),
      articleFactsById(tx, [row.u.articleId]),
    ]);
    const seen = new Set<string>();
    for (const { p, o } of holdings) {
      if (!showsPatients || !p || seen.has(p.id)) continue;
      seen.add(p.id);
      await audit(tx, ctx, {
        action: 'provision.unit.read',
        entityType: 'provision_unit',
        entityId: id,
        careProviderId: o?.careProviderId ?? null,
        patientRef: p.id,
        purpose: 'unit-card',
      });
    }
    const views = holdings.map(({ h, o, p }) => ({
      id: h.id,
      fromDate: h.fromDate,
      toDate: h.toDate,
      endReason: h.endReason,
      customerId: h.customerId,
      customerNumber: o?.customerNumber ?? null,
      customerName: o?.customerName ?? null,
      orderId: h.orderId,
      centreOrderNumber: o?.centreOrderNumber ?? null,
      patient: p && showsPatients ? { identifier: p.identifier, firstName: p.firstName, lastName: p.lastName, protectedIdentity: p.protectedIdentity } : null,
      patientWithheld: !!p && !showsPatients,
    }));
    const a = facts.get(row.u.articleId);
    const inspections = await inspectionsForUnit(tx, id);
    return {
      unit: toUnitSummary(row.u, row.warehouseName),
      article: { isoCode: a?.isoCode ?? null, chargingForm: a?.chargingForm ?? null, articleType: a?.articleType ?? null },
      inspection: {
        intervalMonths: a?.inspectionIntervalMonths ?? null,
        checklistPrefix: checklistFor((await currentRuleSet(tx)).rules.inspectionChecklists, a?.isoCode).isoPrefix,
        defaultNextOn: nextInspectionAfter(stockholmDateTime(ctx.now()).date, a?.inspectionIntervalMonths ?? FALLBACK_INTERVAL_MONTHS)!,
      },
      currentHolding: views.find((h) => h.toDate === null) ?? null,
      holdings: views,
      history: history.map((e) => ({
        id: e.id,
        type: e.type,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        at: e.at.toISOString(),
        actorLabel: e.actorLabel,
        orderId: e.orderId,
        data: e.data ?? null,
      })),
      workOrders: workOrderHistory(await workOrdersForUnit(tx, row.u.unitNumber!), inspections),
      reconditionings: reconditioningsOf(history),
      inspections,
    };
  });
}
