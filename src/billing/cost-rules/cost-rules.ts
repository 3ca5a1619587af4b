import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { customerByNumber } from '../../administration/organisation/customer-by-number.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { PRICE_EDITORS } from '../roles.ts';
import { billingCostRule } from '../schema.ts';

/**
 * Cost-responsibility rules (DOMAIN §6) as data: who pays a charge when it is not the ordering customer
 * number. A rule names one or more conditions (the patient is at most N years old on the charge's day; the
 * article's ISO code starts with a prefix; the patient's home municipality) and the customer number that
 * pays. The first active rule by priority (lowest first) whose conditions all hold wins.
 */
const isoDate = z.iso.date('ange ett datum som ÅÅÅÅ-MM-DD');
const body = {
  name: z.string().trim().min(1).max(200),
  priority: z.int().min(0).max(10_000).describe('Lägst först'),
  maxPatientAge: z.int().min(0).max(130).nullable().describe('Patienten är högst så här många år på debiteringsdagen'),
  isoCodePrefix: z
    .string()
    .trim()
    .regex(/^\d{2}( \d{2}( \d{2})?)?$/, 'ange en ISO-kod som 12 eller 12 22')
    .nullable()
    .describe('ISO 9999-kod eller början av en'),
  homeMunicipalityCode: z
    .string()
    .trim()
    .regex(/^\d{4}$/, 'ange en kommunkod med fyra siffror')
    .nullable(),
  payerCustomerNumber: z.string().trim().min(1).max(40).describe('Kundnumret som betalar'),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  active: z.boolean(),
};
export const costRuleInput = z.strictObject(body);
export const costRuleUpdate = z.strictObject({ ...body, version: z.int().min(1) });
export const costRuleView = z.object({ id: z.uuid(), ...body, version: z.int() });
export type CostRuleInput = z.infer<typeof costRuleInput>;
export type CostRuleView = z.infer<typeof costRuleView>;

const view = (r: typeof billingCostRule.$inferSelect): CostRuleView => ({
  id: r.id,
  name: r.name,
  priority: r.priority,
  maxPatientAge: r.maxPatientAge,
  isoCodePrefix: r.isoCodePrefix,
  homeMunicipalityCode: r.homeMunicipalityCode,
  payerCustomerNumber: r.payerCustomerNumber,
  validFrom: r.validFrom,
  validTo: r.validTo,
  active: r.active,
  version: r.version,
});

export async function listCostRules(ctx: Ctx): Promise<CostRuleView[]> {
  requireRole(ctx, ...PRICE_EDITORS);
  return (await ctx.db.select().from(billingCostRule).orderBy(asc(billingCostRule.priority), asc(billingCostRule.name))).map(view);
}

async function check(db: DbOrTx, input: CostRuleInput) {
  const issues: FieldIssue[] = [];
  if (input.maxPatientAge === null && input.isoCodePrefix === null && input.homeMunicipalityCode === null)
    issues.push({ path: 'body.maxPatientAge', code: 'rule_condition_required', message: 'ange minst ett villkor (ålder, ISO-kod eller hemkommun)' });
  if (input.validTo !== null && input.validTo < input.validFrom)
    issues.push({ path: 'body.validTo', code: 'before_start', message: 'kan inte vara före från-datum' });
  if (!(await customerByNumber(db, input.payerCustomerNumber)))
    issues.push({
      path: 'body.payerCustomerNumber',
      code: 'unknown',
      message: `kundnummer ${input.payerCustomerNumber} finns inte`,
      params: { value: input.payerCustomerNumber },
    });
  if (issues.length) throw new AppError('VALIDATION', 'Regeln är inte komplett', { issues });
}

export async function createCostRule(ctx: Ctx, input: CostRuleInput): Promise<CostRuleView> {
  requireRole(ctx, ...PRICE_EDITORS);
  return ctx.db.transaction(async (tx) => {
    await check(tx, input);
    const [row] = await tx.insert(billingCostRule).values(input).returning();
    await audit(tx, ctx, { action: 'billing.cost-rule.create', entityType: 'billing_cost_rule', entityId: row!.id, details: input });
    return view(row!);
  });
}

export async function updateCostRule(ctx: Ctx, id: string, input: z.infer<typeof costRuleUpdate>): Promise<CostRuleView> {
  requireRole(ctx, ...PRICE_EDITORS);
  const { version, ...rest } = input;
  return ctx.db.transaction(async (tx) => {
    const [cur] = await tx.select().from(billingCostRule).where(eq(billingCostRule.id, id)).for('update');
    if (!cur) throw new AppError('NOT_FOUND', 'Regeln finns inte');
    if (cur.version !== version) throw new AppError('CONFLICT', 'Regeln har just ändrats av någon annan. Ladda om.', { currentVersion: cur.version });
    await check(tx, rest);
    const [row] = await tx
      .update(billingCostRule)
      .set({ ...rest, version: cur.version + 1, updatedAt: ctx.now() })
      .where(eq(billingCostRule.id, id))
      .returning();
    await audit(tx, ctx, { action: 'billing.cost-rule.update', entityType: 'billing_cost_rule', entityId: id, details: rest });
    return view(row!);
  });
}
