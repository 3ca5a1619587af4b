import { desc, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defaultTimeLimits, type TimeLimits } from '../../contract/matrix.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { CENTRE_READERS } from '../roles.ts';
import { provisionRuleSet } from '../schema.ts';

/**
 * The time limits the centre works to (DOMAIN §4–§5), as data: the contract's defaults
 * (src/contract/matrix.ts), overridden per region in the versioned rules (src/provision/rules; changed there).
 */
export interface ProvisionTimeLimits extends TimeLimits {
  /** The cut-off is on the working day this many working days before the delivery day (1 = the day before). */
  orderCutOffWorkingDaysBefore: number;
}

export const defaultProvisionTimeLimits: ProvisionTimeLimits = { ...defaultTimeLimits, orderCutOffWorkingDaysBefore: 1 };

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'ange en tid som HH:MM');
const days = (max: number) => z.int('ange hela dagar').min(0).max(max);

export const timeLimitsInput = z.strictObject({
  stockDeliveryWorkingDays: days(60).optional().describe('Lagervara: levereras inom N arbetsdagar'),
  orderItemDeliveryWorkingDays: days(120).optional().describe('Beställningsvara: levereras inom N arbetsdagar'),
  plannedDateRequiredOverWorkingDays: days(120).optional().describe('Planerat datum krävs över N arbetsdagar'),
  urgentDeliveryHours: z.int().min(1).max(240).optional().describe('Akut: levereras inom N timmar (vardagar)'),
  urgentAcknowledgeBy: clock.optional().describe('Akut: kvitteras senast HH:MM nästa arbetsdag'),
  pickUpRentStopsWorkingDays: days(60).optional(),
  pickUpWorkingDays: days(60).optional(),
  deregisterWorkingDays: days(60).optional(),
  bufferRegistrationHours: z.int().min(1).max(240).optional(),
  lostDeviceReRegistrationMonths: z.int().min(0).max(60).optional(),
  orderCutOff: clock.optional().describe('Sista beställningstid HH:MM'),
  orderCutOffWorkingDaysBefore: days(5).optional().describe('Sista beställningstid: så många arbetsdagar före leveransdagen'),
});
export type TimeLimitsInput = z.infer<typeof timeLimitsInput>;

export const timeLimitsView = z.object({
  stockDeliveryWorkingDays: z.number(),
  orderItemDeliveryWorkingDays: z.number(),
  plannedDateRequiredOverWorkingDays: z.number(),
  urgentDeliveryHours: z.number(),
  urgentAcknowledgeBy: z.string(),
  pickUpRentStopsWorkingDays: z.number(),
  pickUpWorkingDays: z.number(),
  deregisterWorkingDays: z.number(),
  bufferRegistrationHours: z.number(),
  lostDeviceReRegistrationMonths: z.number(),
  orderCutOff: z.string(),
  orderCutOffWorkingDaysBefore: z.number(),
});

/** The current time limits (the latest rules version's, src/provision/rules). */
export async function loadTimeLimits(db: DbOrTx): Promise<ProvisionTimeLimits> {
  const [row] = await db
    .select({ value: sql<unknown>`${provisionRuleSet.rules}->'timeLimits'` })
    .from(provisionRuleSet)
    .orderBy(desc(provisionRuleSet.id))
    .limit(1);
  return timeLimitsFrom(row?.value);
}

/** The time limits from a rules version's value (or nothing): what it leaves out is the default. */
export function timeLimitsFrom(value: unknown): ProvisionTimeLimits {
  const parsed = timeLimitsInput.safeParse(value ?? {});
  // A row that no longer parses (edited by hand) must not stop intake: the defaults apply.
  return { ...defaultProvisionTimeLimits, ...(parsed.success ? stripUndefined(parsed.data) : {}) };
}

export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** GET /api/provision/settings/time-limits */
export async function getTimeLimits(ctx: Ctx): Promise<ProvisionTimeLimits> {
  requireRole(ctx, ...CENTRE_READERS);
  return loadTimeLimits(ctx.db);
}

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
