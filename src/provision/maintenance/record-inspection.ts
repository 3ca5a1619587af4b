import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import { confirmationAllowed } from '../../contract/matrix.ts';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { recordContractEvent } from '../orders/order-events.ts';
import { lockOrder, type OrderRow } from '../orders/order-store.ts';
import { currentRuleSet } from '../rules/rule-set.ts';
import { INSPECTORS } from '../roles.ts';
import { provisionHolding, provisionUnit } from '../schema.ts';
import { recordUnitStep } from '../units/transition-unit.ts';
import { checklistFor } from './checklists.ts';
import { FALLBACK_INTERVAL_MONTHS } from './inspection-queue.ts';
import type { InspectionView } from './inspection-views.ts';
import { inspectionResults, provisionInspection, type ChecklistAnswer } from './schema.ts';
import { nextInspectionAfter } from './unit-usable.ts';

export const recordInspectionInput = z.strictObject({
  unitVersion: z.int().describe('Individens version som du såg: har någon annan hunnit ändra den får du 409'),
  holdingId: z.uuid().nullable().describe('Innehavet som listan visade (null = på hjälpmedelscentralen): är individen hämtad sedan dess får du 409'),
  inspectedOn: z.iso.date().optional().describe('Besiktningsdag; standard i dag'),
  checklist: z
    .array(z.strictObject({ code: z.string().max(40), ok: z.boolean(), comment: z.string().trim().max(1000).nullish() }))
    .max(50)
    .describe('Varje kontrollpunkt i protokollet: OK eller inte, med kommentar'),
  result: z.enum(inspectionResults).describe('Godkänd, godkänd med anmärkning, underkänd (tas ur bruk)'),
  comment: z.string().trim().max(2000).nullish().describe('Anmärkning (krävs vid anmärkning och underkänd: kunden får den vid underkänd)'),
  nextInspectionOn: z.iso.date().optional().describe('Nästa besiktning; standard besiktningsdagen + artikelns intervall. Ej vid underkänd'),
});
export type RecordInspectionInput = z.infer<typeof recordInspectionInput>;

const invalid = (path: string, code: FieldIssue['code'], message: string, text: string) =>
  new AppError('VALIDATION', text, { issues: [{ path, code, message }] });

/**
 * POST /api/provision/units/:id/inspections: a technician records an inspection (besiktning) of a unit with the
 * checklist of its ISO class (the current rules), the result and the next date. Approved (with or without
 * remarks): the next date is set (and a unit out of use is back in use). Failed: the unit is out of use (never
 * delivered, reserved or lent) and, when a patient or customer has it, the ordering side is told
 * (unitFailedInspection on the order that delivered it). A unit picked up since the list was read is refused
 * with a clear message, and the unit's version guards against a concurrent step.
 */
export async function recordInspection(ctx: Ctx, unitId: string, input: RecordInspectionInput): Promise<InspectionView> {
  const actor = requireRole(ctx, ...INSPECTORS);
  const today = stockholmDateTime(ctx.now()).date;
  const inspectedOn = input.inspectedOn ?? today;
  if (inspectedOn > today) throw invalid('body.inspectedOn', 'date_in_future', 'senast i dag', 'Besiktningsdagen kan inte vara i framtiden');
  const comment = input.comment?.trim() || null;
  if (input.result !== 'approved' && !comment)
    throw invalid(
      'body.comment',
      'required',
      'krävs',
      input.result === 'failed' ? 'Skriv varför individen underkänns: kunden får anmärkningen' : 'Skriv anmärkningen',
    );
  if (input.result === 'failed' && input.nextInspectionOn)
    throw invalid(
      'body.nextInspectionOn',
      'invalid',
      'ingen nästa besiktning vid underkänd',
      'En underkänd individ får ingen nästa besiktning: den tas ur bruk',
    );

  return ctx.db.transaction(async (tx) => {
    // Lock order as delivery does: the order first (its event stream), then the unit.
    const [current] = await tx
      .select()
      .from(provisionHolding)
      .where(and(eq(provisionHolding.unitId, unitId), isNull(provisionHolding.toDate)));
    if (input.holdingId) {
      const [shown] = await tx.select().from(provisionHolding).where(eq(provisionHolding.id, input.holdingId));
      if (!shown || shown.unitId !== unitId) throw new AppError('NOT_FOUND', 'Innehavet finns inte för individen');
      if (shown.toDate !== null)
        throw new AppError(
          'UNIT_HOLDING_ENDED',
          `Individen hämtades ${shown.toDate} sedan listan visades, så besiktningen är inte sparad. Ladda om listan: individen besiktas nu på hjälpmedelscentralen.`,
        );
    } else if (current) {
      throw new AppError('CONFLICT', 'Individen har lämnats ut sedan listan visades, så besiktningen är inte sparad. Ladda om listan.');
    }
    const order: OrderRow | null = current?.orderId ? await lockOrder(tx, current.orderId) : null;
    const [unit] = await tx.select().from(provisionUnit).where(eq(provisionUnit.id, unitId)).for('update');
    if (!unit) throw new AppError('NOT_FOUND', 'Individen finns inte');
    // A pick-up between the read above and the locks (it moves the unit, so the unit's lock orders us after it).
    if (current) {
      const [still] = await tx.select({ toDate: provisionHolding.toDate }).from(provisionHolding).where(eq(provisionHolding.id, current.id));
      if (still?.toDate)
        throw new AppError(
          'UNIT_HOLDING_ENDED',
          `Individen hämtades ${still.toDate} sedan listan visades, så besiktningen är inte sparad. Ladda om listan: individen besiktas nu på hjälpmedelscentralen.`,
        );
    }
    if (unit.version !== input.unitVersion)
      throw new AppError('CONFLICT', `Individ ${unit.unitNumber} har just ändrats av någon annan. Ladda om listan och försök igen.`);
    if (unit.status === 'scrapped') throw new AppError('INVALID_TRANSITION', `Individ ${unit.unitNumber} är avskriven och besiktas inte`);

    const facts = (await articleFactsById(tx, [unit.articleId])).get(unit.articleId);
    const ruleSet = await currentRuleSet(tx);
    const list = checklistFor(ruleSet.rules.inspectionChecklists, facts?.isoCode);
    const answers: ChecklistAnswer[] = [];
    for (const [i, item] of list.items.entries()) {
      const given = input.checklist.find((c) => c.code === item.code);
      if (!given) throw invalid(`body.checklist.${i}`, 'required', 'krävs', `Kontrollpunkten ”${item.sv}” är inte besvarad`);
      const note = given.comment?.trim() || null;
      if (!given.ok && !note) throw invalid(`body.checklist.${i}.comment`, 'required', 'krävs', `Skriv vad som inte är OK: ${item.sv}`);
      answers.push({ code: item.code, sv: item.sv, en: item.en, ok: given.ok, comment: note });
    }
    const unknown = input.checklist.find((c) => !list.items.some((x) => x.code === c.code));
    if (unknown) throw invalid('body.checklist', 'unknown', 'okänd kontrollpunkt', `Kontrollpunkten ${unknown.code} finns inte i protokollet ${list.sv}`);
    if (input.result === 'approved' && answers.some((a) => !a.ok))
      throw invalid('body.result', 'invalid', 'punkter är inte OK', 'Punkter som inte är OK: välj Godkänd med anmärkning eller Underkänd');

    const failed = input.result === 'failed';
    const next = failed ? null : (input.nextInspectionOn ?? nextInspectionAfter(inspectedOn, facts?.inspectionIntervalMonths ?? FALLBACK_INTERVAL_MONTHS)!);
    if (next !== null && next <= inspectedOn)
      throw invalid('body.nextInspectionOn', 'date_too_early', 'efter besiktningsdagen', 'Nästa besiktning måste vara efter besiktningsdagen');

    const [row] = await tx
      .insert(provisionInspection)
      .values({
        unitId,
        holdingId: current?.id ?? null,
        inspectedOn,
        dueOn: unit.nextInspectionOn,
        result: input.result,
        checklist: answers,
        checklistName: list.sv,
        ruleSetId: ruleSet.id,
        comment,
        nextInspectionOn: next,
        technicianUserId: actor.userId,
        technicianName: actor.name,
        recordedAt: ctx.now(),
      })
      .returning();
    await recordUnitStep(
      tx,
      ctx,
      unit,
      {
        type: failed ? 'failedInspection' : 'inspected',
        orderId: order?.id ?? null,
        data: { inspectionId: row!.id, result: input.result, nextInspectionOn: next },
      },
      failed ? { outOfUseSince: inspectedOn, nextInspectionOn: null } : { outOfUseSince: null, nextInspectionOn: next },
    );
    // Approved again after a failed inspection, where the patient has it: the ordering side drops its mark.
    if (!failed && unit.outOfUseSince && order && confirmationAllowed(order.orderType, 'unitBackInUse')) {
      await recordContractEvent(
        tx,
        ctx,
        order,
        { lineId: current!.lineId, data: { inspectionId: row!.id, unitNumber: unit.unitNumber } },
        { type: 'unitBackInUse', lineId: current!.lineId, unitNumber: unit.unitNumber!, inspectedOn },
      );
    }
    // The customer is told of a failed inspection through the order that put the unit on the patient.
    if (failed && order && confirmationAllowed(order.orderType, 'unitFailedInspection')) {
      await recordContractEvent(
        tx,
        ctx,
        order,
        { lineId: current!.lineId, data: { inspectionId: row!.id, unitNumber: unit.unitNumber } },
        { type: 'unitFailedInspection', lineId: current!.lineId, unitNumber: unit.unitNumber!, inspectedOn, remark: comment! },
      );
    }
    await audit(tx, ctx, {
      action: 'provision.inspection.record',
      entityType: 'provision_unit',
      entityId: unitId,
      careProviderId: order?.careProviderId ?? null,
      patientRef: current?.patientId ?? null,
      details: { inspectionNumber: row!.inspectionNumber, unitNumber: unit.unitNumber, result: input.result, inspectedOn, nextInspectionOn: next },
    });
    return toInspectionView(row!);
  });
}

export function toInspectionView(r: typeof provisionInspection.$inferSelect): InspectionView {
  return {
    id: r.id,
    inspectionNumber: r.inspectionNumber!,
    unitId: r.unitId,
    inspectedOn: r.inspectedOn,
    dueOn: r.dueOn,
    result: r.result,
    checklistName: r.checklistName,
    checklist: r.checklist,
    comment: r.comment,
    nextInspectionOn: r.nextInspectionOn,
    technicianName: r.technicianName,
    recordedAt: r.recordedAt.toISOString(),
  };
}
