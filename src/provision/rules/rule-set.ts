import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  cancelReasons,
  defaultCodeLists,
  defaultWorkOrderTypes,
  deviationKinds,
  faultCategories,
  orderTypes,
  type CancelReason,
  type CodeLabel,
  type OrderType,
  type WorkOrderTypeInfo,
} from '../../contract/matrix.ts';
import type { OfficeHours } from '../../platform/calendar/index.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { defaultProvisionTimeLimits, minutesOf, timeLimitsFrom, type ProvisionTimeLimits } from '../due-dates/time-limits.ts';
import { checklistsFrom, defaultInspectionChecklists, type InspectionChecklist } from '../maintenance/checklists.ts';
import { provisionQueues, provisionRuleSet, type ProvisionQueue } from '../schema.ts';

/**
 * The centre's rules as data (DESIGN principle 3, issue 15): one versioned snapshot of every kind. The
 * contract carries codes; the labels and limits are read from here. An order keeps the version it was
 * received under (provision_order.rule_set_id), so a change applies to new orders only.
 *
 * A stored version may leave a kind (or a work-order type, or a code) out: what it leaves out is the default
 * below. Version 1 (made by the migration) leaves out all but the time limits stored before it.
 */

export const ruleKinds = [
  'workOrderTypes',
  'timeLimits',
  'officeHours',
  'faultCategories',
  'deviationKinds',
  'cancelReasons',
  'queueRouting',
  'inspectionChecklists',
] as const;
export type RuleKind = (typeof ruleKinds)[number];

export const codeListKinds = ['faultCategories', 'deviationKinds', 'cancelReasons'] as const;
export type CodeListKind = (typeof codeListKinds)[number];

export type { CodeLabel };

export interface QueueRouting {
  byOrderType: Record<OrderType, ProvisionQueue>;
  /** Work orders of these types go to another queue than the order type's. */
  byWorkOrderType: Record<string, ProvisionQueue>;
  /** Orders whose first article's ISO code starts with the prefix (longest prefix wins), e.g. '12 22'. */
  byIsoPrefix: { prefix: string; queue: ProvisionQueue }[];
}

export interface Rules {
  workOrderTypes: WorkOrderTypeInfo[];
  timeLimits: ProvisionTimeLimits;
  /** The working day's opening hours, for limits in working hours (urgent work orders). */
  officeHours: { start: string; end: string };
  faultCategories: CodeLabel[];
  deviationKinds: CodeLabel[];
  cancelReasons: CodeLabel[];
  queueRouting: QueueRouting;
  /** Besiktningsprotokoll per ISO class (maintenance/checklists.ts). */
  inspectionChecklists: InspectionChecklist[];
}

export interface RuleSet {
  id: number;
  rules: Rules;
}

const codes: Record<CodeListKind, readonly string[]> = { faultCategories, deviationKinds, cancelReasons };

/** The codes a list has: the contract's (a region renames or retires them, it does not invent new ones). */
export const codesOf = (kind: CodeListKind): readonly string[] => codes[kind];

export const defaultQueueRouting: QueueRouting = {
  byOrderType: {
    customerOrder: 'warehouse',
    bufferWithdrawal: 'warehouse',
    pickUp: 'warehouse',
    workOrder: 'technician',
    lostDevice: 'customerService',
    faultReport: 'customerService',
    deviation: 'customerService',
  },
  byWorkOrderType: { consultation: 'consultant', consultationUrgent: 'consultant', outsideAssortment: 'consultant' },
  byIsoPrefix: [],
};

export const defaultOfficeHours = { start: '08:00', end: '17:00' };

export const defaultRules: Rules = {
  workOrderTypes: defaultWorkOrderTypes.map((t) => ({ ...t, requiredAttachments: [...t.requiredAttachments] })),
  timeLimits: defaultProvisionTimeLimits,
  officeHours: defaultOfficeHours,
  faultCategories: defaultCodeLists.faultCategories,
  deviationKinds: defaultCodeLists.deviationKinds,
  cancelReasons: defaultCodeLists.cancelReasons,
  queueRouting: defaultQueueRouting,
  inspectionChecklists: defaultInspectionChecklists,
};

/**
 * Limits the region's agreement (DOMAIN.md §4) does not name, kept as editable defaults; the reasons are in
 * docs/assumptions.md (issue 15 item 4). The rules page shows the note beside the limit.
 */
export const assumedLimits: Record<string, string> = {
  deinstallation: 'Antagande: 7 arbetsdagar, som en hämtorder (avinstallation ersätter en hämtning). Ej angivet i avtalet.',
  digitalSupport: 'Antagande: påbörjas inom 3 och klar inom 10 arbetsdagar, som avhjälpande underhåll. Ej angivet i avtalet.',
};

// --- Parsing a stored version (tolerant: what does not parse is the default, so a bad row never stops intake) ---

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'ange en tid som TT:MM');
const queue = z.enum(provisionQueues);
const storedCode = z.object({ code: z.string(), sv: z.string().min(1), en: z.string().min(1), active: z.boolean().optional() });
const storedType = z.object({
  code: z.string(),
  sv: z.string().min(1).optional(),
  en: z.string().min(1).optional(),
  requiredAttachments: z.array(z.string()).optional(),
  startWithinWorkingDays: z.number().int().nullable().optional(),
  doneWithinWorkingDays: z.number().int().nullable().optional(),
  withinWorkingHours: z.number().int().nullable().optional(),
});

function parseWorkOrderTypes(value: unknown): WorkOrderTypeInfo[] {
  const parsed = z.array(z.unknown()).safeParse(value);
  const stored = new Map<string, z.infer<typeof storedType>>();
  for (const v of parsed.success ? parsed.data : []) {
    const t = storedType.safeParse(v);
    if (t.success) stored.set(t.data.code, t.data);
  }
  // A type's fields the version does not name (or that code added since) are the defaults.
  return defaultRules.workOrderTypes.map((d) => {
    const s = stored.get(d.code);
    if (!s) return d;
    const { code: _code, ...fields } = s;
    return { ...d, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
  });
}

function parseCodeList(kind: CodeListKind, value: unknown): CodeLabel[] {
  const parsed = z.array(z.unknown()).safeParse(value);
  const stored = new Map<string, z.infer<typeof storedCode>>();
  for (const v of parsed.success ? parsed.data : []) {
    const c = storedCode.safeParse(v);
    if (c.success) stored.set(c.data.code, c.data);
  }
  return defaultRules[kind].map((d) => {
    const s = stored.get(d.code);
    return s ? { code: d.code, sv: s.sv, en: s.en, active: s.active ?? true } : d;
  });
}

function parseOfficeHours(value: unknown): Rules['officeHours'] {
  const p = z.object({ start: hhmm, end: hhmm }).safeParse(value);
  return p.success && minutesOf(p.data.start) < minutesOf(p.data.end) ? p.data : defaultOfficeHours;
}

function parseQueueRouting(value: unknown): QueueRouting {
  const p = z
    .object({
      byOrderType: z.partialRecord(z.enum(orderTypes), queue).optional(),
      byWorkOrderType: z.record(z.string(), queue).optional(),
      byIsoPrefix: z.array(z.object({ prefix: z.string(), queue })).optional(),
    })
    .safeParse(value);
  if (!p.success) return defaultQueueRouting;
  return {
    byOrderType: { ...defaultQueueRouting.byOrderType, ...p.data.byOrderType },
    byWorkOrderType: p.data.byWorkOrderType ?? defaultQueueRouting.byWorkOrderType,
    byIsoPrefix: p.data.byIsoPrefix ?? defaultQueueRouting.byIsoPrefix,
  };
}

/** The rules of a stored version's value. */
export function rulesFrom(value: unknown): Rules {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  return {
    workOrderTypes: parseWorkOrderTypes(v.workOrderTypes),
    timeLimits: timeLimitsFrom(v.timeLimits),
    officeHours: parseOfficeHours(v.officeHours),
    faultCategories: parseCodeList('faultCategories', v.faultCategories),
    deviationKinds: parseCodeList('deviationKinds', v.deviationKinds),
    cancelReasons: parseCodeList('cancelReasons', v.cancelReasons),
    queueRouting: parseQueueRouting(v.queueRouting),
    inspectionChecklists: checklistsFrom(v.inspectionChecklists),
  };
}

// --- Reading ---

/** The SQL that reads the current version as JSON {id, rules}, for a caller that reads it within a query of its own. */
export const CURRENT_RULES_SQL = `SELECT json_build_object('id', id, 'rules', rules) FROM provision_rule_set ORDER BY id DESC LIMIT 1`;

/** The rule set of CURRENT_RULES_SQL's value. */
export function ruleSetFrom(value: unknown): RuleSet {
  const v = value as { id?: number; rules?: unknown } | null;
  if (!v?.id) throw new Error('provision_rule_set has no version (migration 0021 makes version 1)');
  return { id: v.id, rules: rulesFrom(v.rules) };
}

/** The current rules (the latest version): what a new order gets. */
export async function currentRuleSet(db: DbOrTx): Promise<RuleSet> {
  const [row] = await db.select({ id: provisionRuleSet.id, rules: provisionRuleSet.rules }).from(provisionRuleSet).orderBy(desc(provisionRuleSet.id)).limit(1);
  if (!row) throw new Error('provision_rule_set has no version (migration 0021 makes version 1)');
  return { id: row.id, rules: rulesFrom(row.rules) };
}

/** The rules of one version: what an order received under it keeps. */
export async function ruleSetById(db: DbOrTx, id: number): Promise<Rules> {
  const [row] = await db.select({ rules: provisionRuleSet.rules }).from(provisionRuleSet).where(eq(provisionRuleSet.id, id));
  if (!row) throw new Error(`provision_rule_set ${id} does not exist`);
  return rulesFrom(row.rules);
}

// --- Applying the rules ---

export function officeHoursOf(rules: Rules): OfficeHours {
  return { startMinutes: minutesOf(rules.officeHours.start), endMinutes: minutesOf(rules.officeHours.end) };
}

export const workOrderTypeIn = (rules: Rules, code: string | null | undefined) => rules.workOrderTypes.find((t) => t.code === code) ?? null;

export function labelIn(rules: Rules, kind: CodeListKind, code: string): { sv: string; en: string } {
  const c = rules[kind].find((x) => x.code === code);
  return c ? { sv: c.sv, en: c.en } : { sv: code, en: code };
}

/**
 * Which work queue handles an order, besides customer service (whose queue shows every open order): a work
 * order by its type, else an article order by the longest ISO prefix that names a queue, else by its order type.
 */
export function queueFor(
  routing: QueueRouting,
  orderType: OrderType,
  workOrderTypeCode: string | null | undefined,
  isoCodes: readonly (string | null)[] = [],
): ProvisionQueue {
  if (orderType === 'workOrder' && workOrderTypeCode && routing.byWorkOrderType[workOrderTypeCode]) return routing.byWorkOrderType[workOrderTypeCode];
  let best: { prefix: string; queue: ProvisionQueue } | null = null;
  for (const r of routing.byIsoPrefix) {
    if (isoCodes.some((c) => c?.startsWith(r.prefix)) && (!best || r.prefix.length > best.prefix.length)) best = r;
  }
  return best?.queue ?? routing.byOrderType[orderType];
}

/** A cancel reason an order may still be given, with its labels: those in use in the order's rules version. */
export const cancelReasonOption = z.object({ code: z.enum(cancelReasons), sv: z.string(), en: z.string() });

export function cancelReasonsFor(rules: Rules): z.infer<typeof cancelReasonOption>[] {
  return rules.cancelReasons
    .filter((c) => c.active && (cancelReasons as readonly string[]).includes(c.code))
    .map((c) => ({ code: c.code as CancelReason, sv: c.sv, en: c.en }));
}

/** Refuses, on its field, a cancel reason the region had retired when the order came in (the order keeps its rules version). */
export function requireCancelReasonInUse(rules: Rules, code: string): void {
  const reason = rules.cancelReasons.find((c) => c.code === code);
  if (reason?.active === false)
    throw new AppError('VALIDATION', `Orsaken ${reason.sv} används inte längre`, {
      issues: [{ path: 'body.reason', code: 'inactive', message: 'orsaken används inte längre' }],
    });
}
