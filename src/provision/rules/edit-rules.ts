import { desc, sql } from 'drizzle-orm';
import { z } from 'zod';
import { attachmentKinds, orderTypes } from '../../contract/matrix.ts';
import { codeLabelSchema, workOrderTypeSchema } from '../../contract/matrix-schemas.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { stripUndefined, timeLimitsView, type TimeLimitsInput } from '../due-dates/time-limits.ts';
import { CENTRE_READERS, RULE_EDITORS } from '../roles.ts';
import { provisionQueues, provisionRuleSet } from '../schema.ts';
import { checklistsFrom, type checklistsInput } from '../maintenance/checklists.ts';
import { assumedLimits, codeListKinds, codesOf, rulesFrom, type CodeListKind, type RuleKind, type Rules } from './rule-set.ts';

/**
 * Reading and changing the rules (issue 15): every change makes a new version (a full snapshot) with who made
 * it, when and what, and an audit row in the same transaction. Orders already received keep their version.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'ange en tid som TT:MM');
const label = z.string().trim().min(1, 'ange en benämning').max(200);
const queue = z.enum(provisionQueues);

const versionInfo = z.object({
  id: z.number().int(),
  kind: z.string(),
  change: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});
const codeLabel = codeLabelSchema;

export const rulesView = z.object({
  version: versionInfo,
  workOrderTypes: z.array(
    workOrderTypeSchema.extend({
      startWithinWorkingDays: z.number().int().nullable(),
      doneWithinWorkingDays: z.number().int().nullable(),
      withinWorkingHours: z.number().int().nullable(),
      /** Why a limit the agreement does not name is what it is (docs/assumptions.md), or null. */
      assumption: z.string().nullable(),
    }),
  ),
  timeLimits: timeLimitsView,
  officeHours: z.object({ start: z.string(), end: z.string() }),
  faultCategories: z.array(codeLabel),
  deviationKinds: z.array(codeLabel),
  cancelReasons: z.array(codeLabel),
  queueRouting: z.object({
    byOrderType: z.record(z.string(), queue),
    byWorkOrderType: z.record(z.string(), queue),
    byIsoPrefix: z.array(z.object({ prefix: z.string(), queue })),
  }),
  inspectionChecklists: z.array(
    z.object({ isoPrefix: z.string(), sv: z.string(), en: z.string(), items: z.array(z.object({ code: z.string(), sv: z.string(), en: z.string() })) }),
  ),
  /** The latest versions, newest first. */
  history: z.array(versionInfo),
});
export type RulesView = z.infer<typeof rulesView>;

const workingDays = z.int('ange hela arbetsdagar').min(0).max(250).nullable();
export const workOrderTypeInput = z.strictObject({
  sv: label,
  en: label,
  startWithinWorkingDays: workingDays.describe('Påbörjas inom N arbetsdagar (null = bedöms från fall till fall)'),
  doneWithinWorkingDays: workingDays.describe('Klar inom N arbetsdagar (null = bedöms från fall till fall)'),
  withinWorkingHours: z.int('ange hela timmar').min(1).max(500).nullable().describe('Akut: inom N arbetstimmar'),
  requiredAttachments: z.array(z.enum(attachmentKinds)).max(attachmentKinds.length).describe('Bilagor som krävs, efter slag'),
});
export type WorkOrderTypeInput = z.infer<typeof workOrderTypeInput>;

export const officeHoursInput = z.strictObject({ start: hhmm, end: hhmm });
export const codeLabelInput = z.strictObject({ sv: label, en: label, active: z.boolean() });
export const codeListParam = z.enum(codeListKinds);
export const queueRoutingInput = z.strictObject({
  byOrderType: z.strictObject(Object.fromEntries(orderTypes.map((t) => [t, queue])) as Record<(typeof orderTypes)[number], typeof queue>),
  byWorkOrderType: z.record(z.string().max(40), queue),
  byIsoPrefix: z
    .array(
      z.strictObject({
        prefix: z
          .string()
          .trim()
          .regex(/^\d{2}( \d{2}){0,2}$/, 'ange en ISO 9999-kod: 12, 12 22 eller 12 22 03'),
        queue,
      }),
    )
    .max(100),
});

const HISTORY = 20;

/** GET /api/provision/rules: the current rules, their version and the latest changes. */
export async function getRules(ctx: Ctx): Promise<RulesView> {
  requireRole(ctx, ...CENTRE_READERS);
  return rulesViewOf(ctx.db);
}

async function rulesViewOf(db: DbOrTx): Promise<RulesView> {
  const rows = await db.select().from(provisionRuleSet).orderBy(desc(provisionRuleSet.id)).limit(HISTORY);
  const latest = rows[0];
  if (!latest) throw new Error('provision_rule_set has no version (migration 0021 makes version 1)');
  const rules = rulesFrom(latest.rules);
  const info = (r: typeof latest) => ({
    id: r.id,
    kind: r.kind,
    change: r.change ?? null,
    createdAt: r.createdAt.toISOString(),
    createdByName: r.createdByName,
  });
  return {
    version: info(latest),
    ...rules,
    workOrderTypes: rules.workOrderTypes.map((t) => ({
      code: t.code,
      sv: t.sv,
      en: t.en,
      requiredAttachments: [...t.requiredAttachments],
      urgent: t.urgent,
      specialAdaptation: t.specialAdaptation,
      startWithinWorkingDays: t.startWithinWorkingDays,
      doneWithinWorkingDays: t.doneWithinWorkingDays,
      withinWorkingHours: t.withinWorkingHours,
      assumption: assumedLimits[t.code] ?? null,
    })),
    history: rows.map(info),
  };
}

/**
 * Makes the next version from the current one. The table is locked for the change, so two editors in the
 * same moment each build on the other's version (none is lost) and versions are numbered without gaps.
 */
async function newVersion(ctx: Ctx, kind: RuleKind, change: Record<string, unknown>, edit: (rules: Rules) => Rules): Promise<RulesView> {
  const actor = requireRole(ctx, ...RULE_EDITORS);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE provision_rule_set IN SHARE ROW EXCLUSIVE MODE`);
    const [latest] = await tx.select().from(provisionRuleSet).orderBy(desc(provisionRuleSet.id)).limit(1);
    const rules = edit(rulesFrom(latest!.rules));
    const id = latest!.id + 1;
    await tx.insert(provisionRuleSet).values({
      id,
      rules: rules as unknown as Record<string, unknown>,
      kind,
      change,
      createdAt: ctx.now(),
      createdBy: actor.userId,
      createdByName: actor.name,
    });
    await audit(tx, ctx, { action: 'provision.rules.update', entityType: 'provision_rule_set', entityId: String(id), details: { kind, ...change } });
    return rulesViewOf(tx);
  });
}

const notFound = (what: string) => new AppError('NOT_FOUND', what);

/** PUT /api/provision/rules/work-order-types/:code */
export async function setWorkOrderType(ctx: Ctx, code: string, input: WorkOrderTypeInput): Promise<RulesView> {
  requireRole(ctx, ...RULE_EDITORS);
  // All limits null is allowed: "case by case" (special adaptation).
  return newVersion(ctx, 'workOrderTypes', { code, ...input }, (rules) => {
    if (!rules.workOrderTypes.some((t) => t.code === code)) throw notFound(`Arbetsordertypen ${code} finns inte`);
    const requiredAttachments = [...new Set(input.requiredAttachments)];
    return { ...rules, workOrderTypes: rules.workOrderTypes.map((t) => (t.code === code ? { ...t, ...input, requiredAttachments } : t)) };
  });
}

/** PUT /api/provision/rules/time-limits (fields left out keep their current value). */
export async function setRuleTimeLimits(ctx: Ctx, input: TimeLimitsInput): Promise<RulesView> {
  const change = stripUndefined(input);
  return newVersion(ctx, 'timeLimits', change, (rules) => ({ ...rules, timeLimits: { ...rules.timeLimits, ...change } }));
}

/** PUT /api/provision/rules/office-hours */
export async function setOfficeHours(ctx: Ctx, input: z.infer<typeof officeHoursInput>): Promise<RulesView> {
  requireRole(ctx, ...RULE_EDITORS);
  if (input.start >= input.end) {
    throw new AppError('VALIDATION', 'Kontorstiden måste sluta efter att den börjar', {
      issues: [{ path: 'body.end', code: 'before_start', message: 'måste vara efter starttiden' }],
    });
  }
  return newVersion(ctx, 'officeHours', input, (rules) => ({ ...rules, officeHours: input }));
}

/** PUT /api/provision/rules/code-lists/:list/:code: a fault category's, deviation kind's or cancel reason's label, and whether it is offered. */
export async function setCodeLabel(ctx: Ctx, list: CodeListKind, code: string, input: z.infer<typeof codeLabelInput>): Promise<RulesView> {
  requireRole(ctx, ...RULE_EDITORS);
  if (!codesOf(list).includes(code)) throw notFound(`Koden ${code} finns inte`);
  return newVersion(ctx, list, { code, ...input }, (rules) => ({ ...rules, [list]: rules[list].map((c) => (c.code === code ? { code, ...input } : c)) }));
}

/** PUT /api/provision/rules/queue-routing */
export async function setQueueRouting(ctx: Ctx, input: z.infer<typeof queueRoutingInput>): Promise<RulesView> {
  requireRole(ctx, ...RULE_EDITORS);
  const prefixes = input.byIsoPrefix.map((r) => r.prefix);
  const dup = prefixes.findIndex((p, i) => prefixes.indexOf(p) !== i);
  if (dup >= 0) {
    throw new AppError('VALIDATION', `ISO-koden ${prefixes[dup]} står två gånger`, {
      issues: [{ path: `body.byIsoPrefix.${dup}.prefix`, code: 'duplicate', message: 'står redan i listan' }],
    });
  }
  return newVersion(ctx, 'queueRouting', input, (rules) => {
    const unknownType = Object.keys(input.byWorkOrderType).find((c) => !rules.workOrderTypes.some((t) => t.code === c));
    if (unknownType) {
      throw new AppError('VALIDATION', `Arbetsordertypen ${unknownType} finns inte`, {
        issues: [{ path: `body.byWorkOrderType.${unknownType}`, code: 'unknown', message: 'okänd arbetsordertyp' }],
      });
    }
    return { ...rules, queueRouting: input };
  });
}

/** PUT /api/provision/rules/inspection-checklists: the inspection checklists per ISO class (the whole list; maintenance/). */
export async function setInspectionChecklists(ctx: Ctx, input: z.infer<typeof checklistsInput>): Promise<RulesView> {
  requireRole(ctx, ...RULE_EDITORS);
  const prefixes = input.map((c) => c.isoPrefix);
  const dup = prefixes.findIndex((p, i) => prefixes.indexOf(p) !== i);
  if (dup >= 0) {
    throw new AppError('VALIDATION', `ISO-koden ${prefixes[dup] || '(alla andra)'} står två gånger`, {
      issues: [{ path: `body.${dup}.isoPrefix`, code: 'duplicate', message: 'står redan i listan' }],
    });
  }
  for (const [i, c] of input.entries()) {
    const codes = c.items.map((x) => x.code);
    const d = codes.findIndex((x, j) => codes.indexOf(x) !== j);
    if (d >= 0)
      throw new AppError('VALIDATION', `Kontrollpunkten ${codes[d]} står två gånger i ${c.sv}`, {
        issues: [{ path: `body.${i}.items.${d}.code`, code: 'duplicate', message: 'står redan i listan' }],
      });
  }
  return newVersion(ctx, 'inspectionChecklists', { checklists: input.length }, (rules) => ({ ...rules, inspectionChecklists: checklistsFrom(input) }));
}
