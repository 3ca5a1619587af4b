import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { orderAttachmentView, orderAttachments } from '../orders/order-attachments.ts';
import { deviationKinds, faultCategories } from '../../contract/matrix.ts';
import { audit } from '../../platform/audit/audit.ts';
import { addMonths, stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { loadTimeLimits } from '../due-dates/time-limits.ts';
import { labelIn, ruleSetById } from '../rules/rule-set.ts';
import { orderNotFound, type OrderRow } from '../orders/order-store.ts';
import { CASE_HANDLERS } from '../roles.ts';
import { provisionOrder, provisionOrderEvent, provisionOrderLine, provisionPatient, provisionUnit, unitStatuses, writeOffCodes } from '../schema.ts';
import { isReportType, REPORT_TYPES } from './line-transitions.ts';
import { provisionCase, provisionCaseNote, provisionCaseStatuses } from './schema.ts';

export const caseListQuery = z.strictObject({
  orderType: z.enum(REPORT_TYPES).optional().describe('faultReport felrapport, deviation avvikelse, lostDevice förkommet'),
  status: z.enum(provisionCaseStatuses).default('open'),
  mine: z.enum(['true', 'false']).optional().describe('true: bara ärenden som jag handlägger'),
});

export const caseSummary = z.object({
  orderId: z.uuid(),
  centreOrderNumber: z.string(),
  orderNumber: z.string(),
  orderType: z.enum(REPORT_TYPES),
  /** Fault report category, or the deviation's kind. */
  category: z.enum(faultCategories).nullable(),
  deviationKind: z.enum(deviationKinds).nullable(),
  customerNumber: z.string(),
  customerName: z.string(),
  reportedBy: z.string(),
  receivedAt: z.string(),
  status: z.enum(provisionCaseStatuses),
  assignedToName: z.string().nullable(),
  assignedToMe: z.boolean(),
});
export type CaseSummary = z.infer<typeof caseSummary>;

export const caseView = caseSummary.extend({
  /** The category's (or deviation kind's) label as it was when the report was received (its rules version). */
  categoryLabel: z.object({ sv: z.string(), en: z.string() }).nullable(),
  description: z.string(),
  relatedOrderNumber: z.string().nullable(),
  occurredOn: z.string().nullable(),
  /** Deviations: the unit and/or article the incident concerns (required of new deviations since issue 14). */
  deviationUnitNumber: z.string().nullable(),
  deviationArticleNumber: z.string().nullable(),
  messageToCentre: z.string().nullable(),
  contact: z.object({ name: z.string(), phone: z.string() }).nullable(),
  reporter: z.object({ name: z.string(), profession: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }),
  patient: z.object({ identifier: z.string(), firstName: z.string(), lastName: z.string(), protectedIdentity: z.boolean() }).nullable(),
  answer: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  notes: z.array(z.object({ id: z.uuid(), text: z.string(), at: z.string(), actorLabel: z.string() })),
  /** Lost-device reports: one line per reported unit. */
  units: z.array(
    z.object({
      lineId: z.uuid(),
      lineNumber: z.number(),
      unitNumber: z.string().nullable(),
      lineState: z.string(),
      lineVersion: z.number(),
      unitId: z.uuid().nullable(),
      articleName: z.string().nullable(),
      serialNumber: z.string().nullable(),
      unitStatus: z.enum(unitStatuses).nullable(),
      writeOffCode: z.enum(writeOffCodes).nullable(),
      writtenOffOn: z.string().nullable(),
      /** The last day the unit can be re-registered on the patient (lost by report), else null. */
      reRegisterUntil: z.string().nullable(),
      mayReRegister: z.boolean(),
    }),
  ),
  events: z.array(z.object({ id: z.number(), type: z.string(), at: z.string(), actorLabel: z.string().nullable(), sentAt: z.string().nullable() })),
  /** Photos and documents the report was sent with (GET /api/provision/orders/:id/attachments/:attachmentId). */
  attachments: z.array(orderAttachmentView),
});
export type CaseView = z.infer<typeof caseView>;

type Details = {
  faultReport?: { category: (typeof faultCategories)[number]; description: string; relatedOrderNumber?: string | null } | null;
  deviation?: {
    kind: (typeof deviationKinds)[number];
    description: string;
    occurredOn?: string | null;
    unitNumber?: string | null;
    articleNumber?: string | null;
  } | null;
  lostDevice?: { description: string; lostOn?: string | null } | null;
};

type CaseRow = typeof provisionCase.$inferSelect;

function summaryOf(ctx: Ctx, o: OrderRow, c: CaseRow | null): CaseSummary {
  const d = o.details as Details;
  return {
    orderId: o.id,
    centreOrderNumber: o.centreOrderNumber ?? '',
    orderNumber: o.orderNumber,
    orderType: o.orderType as CaseSummary['orderType'],
    category: d.faultReport?.category ?? null,
    deviationKind: d.deviation?.kind ?? null,
    customerNumber: o.customerNumber,
    customerName: o.customerName,
    reportedBy: o.orderedByName,
    receivedAt: o.receivedAt.toISOString(),
    status: c?.status ?? 'open',
    assignedToName: c?.assignedToName ?? null,
    assignedToMe: !!c?.assignedTo && c.assignedTo === ctx.actor?.userId,
  };
}

/** GET /api/provision/cases: reports to handle (fault reports, deviations, lost devices), oldest first; closed ones newest first. */
export async function listCases(ctx: Ctx, q: z.infer<typeof caseListQuery>): Promise<CaseSummary[]> {
  const actor = requireRole(ctx, ...CASE_HANDLERS);
  const conds: SQL[] = [inArray(provisionOrder.orderType, q.orderType ? [q.orderType] : [...REPORT_TYPES])];
  conds.push(q.status === 'open' ? sql`coalesce(${provisionCase.status}, 'open') = 'open'` : eq(provisionCase.status, 'closed'));
  if (q.mine === 'true') conds.push(eq(provisionCase.assignedTo, actor.userId));
  const rows = await ctx.db
    .select({ o: provisionOrder, c: provisionCase })
    .from(provisionOrder)
    .leftJoin(provisionCase, eq(provisionCase.orderId, provisionOrder.id))
    .where(and(...conds))
    .orderBy(q.status === 'open' ? asc(provisionOrder.receivedAt) : desc(provisionCase.closedAt))
    .limit(500);
  return rows.map((r) => summaryOf(ctx, r.o, r.c));
}

/** The report as an order of a report type, or NOT_FOUND (another order type is not a case). */
export async function reportOrder(db: DbOrTx, orderId: string, lock = false): Promise<OrderRow> {
  const q = db.select().from(provisionOrder).where(eq(provisionOrder.id, orderId));
  const [o] = lock ? await q.for('update') : await q;
  if (!o || !isReportType(o.orderType)) throw orderNotFound();
  return o;
}

/** Creates the case row on first use, or changes it; bumps its version. */
export async function saveCase(tx: DbOrTx, ctx: Ctx, orderId: string, set: Partial<typeof provisionCase.$inferInsert>): Promise<CaseRow> {
  const now = ctx.now();
  const [row] = await tx
    .insert(provisionCase)
    .values({ orderId, ...set, updatedAt: now })
    .onConflictDoUpdate({ target: provisionCase.orderId, set: { ...set, version: sql`${provisionCase.version} + 1`, updatedAt: now } })
    .returning();
  return row!;
}

export async function caseRow(db: DbOrTx, orderId: string): Promise<CaseRow | null> {
  const [c] = await db.select().from(provisionCase).where(eq(provisionCase.orderId, orderId));
  return c ?? null;
}

/**
 * GET /api/provision/cases/:id: the report with its description, reporter, notes, the units of a
 * lost-device report (with how long each can be re-registered) and the order's events. The patient of a
 * report is read with an audit row, as on the order page.
 */
export async function getCase(ctx: Ctx, orderId: string): Promise<CaseView> {
  requireRole(ctx, ...CASE_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const o = await reportOrder(tx, orderId);
    const [c, [patient], notes, lines, events, limits] = await Promise.all([
      caseRow(tx, orderId),
      tx.select().from(provisionPatient).where(eq(provisionPatient.orderId, orderId)),
      tx.select().from(provisionCaseNote).where(eq(provisionCaseNote.orderId, orderId)).orderBy(asc(provisionCaseNote.at)),
      tx.select().from(provisionOrderLine).where(eq(provisionOrderLine.orderId, orderId)).orderBy(asc(provisionOrderLine.lineNumber)),
      tx.select().from(provisionOrderEvent).where(eq(provisionOrderEvent.orderId, orderId)).orderBy(asc(provisionOrderEvent.id)),
      loadTimeLimits(tx),
    ]);
    const numbers = lines.flatMap((l) => (l.unitNumber ? [l.unitNumber] : []));
    const units = numbers.length ? await tx.select().from(provisionUnit).where(inArray(provisionUnit.unitNumber, numbers)) : [];
    const today = stockholmDateTime(ctx.now()).date;
    if (patient) {
      await audit(tx, ctx, {
        action: 'provision.case.read',
        entityType: 'provision_order',
        entityId: orderId,
        careProviderId: o.careProviderId,
        patientRef: patient.id,
        purpose: 'report-handling',
      });
    }
    const d = o.details as Details;
    const rules = await ruleSetById(tx, o.ruleSetId);
    const categoryLabel = d.faultReport
      ? labelIn(rules, 'faultCategories', d.faultReport.category)
      : d.deviation
        ? labelIn(rules, 'deviationKinds', d.deviation.kind)
        : null;
    const ob = o.orderedBy as { name?: string; profession?: string | null; phone?: string | null; email?: string | null };
    return {
      ...summaryOf(ctx, o, c),
      categoryLabel,
      description: d.faultReport?.description ?? d.deviation?.description ?? d.lostDevice?.description ?? '',
      relatedOrderNumber: d.faultReport?.relatedOrderNumber ?? null,
      occurredOn: d.deviation?.occurredOn ?? d.lostDevice?.lostOn ?? null,
      deviationUnitNumber: d.deviation?.unitNumber ?? null,
      deviationArticleNumber: d.deviation?.articleNumber ?? null,
      messageToCentre: o.messageToCentre,
      attachments: orderAttachments(o.details),
      contact: o.contact ?? null,
      reporter: { name: ob.name ?? o.orderedByName, profession: ob.profession ?? null, phone: ob.phone ?? null, email: ob.email ?? null },
      patient: patient
        ? { identifier: patient.identifier, firstName: patient.firstName, lastName: patient.lastName, protectedIdentity: patient.protectedIdentity }
        : null,
      answer: c?.answer ?? null,
      closedAt: c?.closedAt?.toISOString() ?? null,
      closedByName: c?.closedByName ?? null,
      notes: notes.map((n) => ({ id: n.id, text: n.text, at: n.at.toISOString(), actorLabel: n.actorLabel })),
      units: lines.map((l) => {
        const u = units.find((x) => x.unitNumber === l.unitNumber) ?? null;
        const lost = u?.status === 'scrapped' && u.writeOffCode === 'lossByReport' && !!u.writtenOffOn;
        const until = lost ? addMonths(u!.writtenOffOn!, limits.lostDeviceReRegistrationMonths) : null;
        return {
          lineId: l.id,
          lineNumber: l.lineNumber,
          unitNumber: l.unitNumber,
          lineState: l.state,
          lineVersion: l.version,
          unitId: u?.id ?? null,
          articleName: u?.articleName ?? null,
          serialNumber: u?.serialNumber ?? null,
          unitStatus: u?.status ?? null,
          writeOffCode: u?.writeOffCode ?? null,
          writtenOffOn: u?.writtenOffOn ?? null,
          reRegisterUntil: until,
          mayReRegister: lost && l.state === 'done' && today <= until!,
        };
      }),
      events: events.map((e) => ({ id: e.id, type: e.type, at: e.at.toISOString(), actorLabel: e.actorLabel, sentAt: e.sentAt?.toISOString() ?? null })),
    };
  });
}
