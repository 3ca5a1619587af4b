import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { inactivateAfterMonthsSetting } from '../../platform/auth/inactivation.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { readSetting, storedSettings, writeSetting, type SettingDefinition } from '../../platform/settings/settings.ts';
import { applicationTargetDays } from '../applications/target.ts';
import { logReviewSettings } from '../log-review/settings.ts';
import { answerTargetPercent, officeEndHour, officeStartHour } from '../../support/settings.ts';
import { applicationTargetPercent } from '../../governance/quality/quality-figures.ts';
import { fundingThresholdKr } from '../../governance/proposals/proposals.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

/**
 * The settings system administration changes at run time (issue 13 item 7). Each is defined next to the rule
 * that reads it; this list says which ones the admin routes show, and what values the UI may offer.
 */
const registry = [
  { def: inactivateAfterMonthsSetting, allowed: { kind: 'choice' as const, values: [6, 12, 24] } },
  { def: applicationTargetDays, allowed: { kind: 'range' as const, min: 1, max: 60 } },
  ...logReviewSettings,
  { def: answerTargetPercent, allowed: { kind: 'range' as const, min: 1, max: 100 } },
  { def: officeStartHour, allowed: { kind: 'range' as const, min: 0, max: 23 } },
  { def: officeEndHour, allowed: { kind: 'range' as const, min: 1, max: 24 } },
  { def: applicationTargetPercent, allowed: { kind: 'range' as const, min: 1, max: 100 } },
  { def: fundingThresholdKr, allowed: { kind: 'range' as const, min: 0, max: 100_000_000 } },
] satisfies { def: SettingDefinition<number>; allowed: unknown }[];

export const settingKeys = registry.map((r) => r.def.key) as [string, ...string[]];

export const settingView = z.object({
  key: z.enum(settingKeys),
  label: z.string(),
  value: z.number(),
  defaultValue: z.number(),
  /** True when nothing is stored and the default holds. */
  isDefault: z.boolean(),
  allowed: z.union([
    z.object({ kind: z.literal('choice'), values: z.array(z.number()) }),
    z.object({ kind: z.literal('range'), min: z.number(), max: z.number() }),
  ]),
  updatedAt: z.date().nullable(),
  updatedByUserId: z.uuid().nullable(),
});
export type SettingView = z.infer<typeof settingView>;

export const settingKeyParam = z.strictObject({ key: z.enum(settingKeys) });
export const settingUpdate = z.strictObject({ value: z.number({ error: 'ange ett tal' }) });

export async function listSettings(ctx: Ctx): Promise<SettingView[]> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  const stored = await storedSettings(ctx.db, settingKeys);
  return Promise.all(
    registry.map(async ({ def, allowed }) => {
      const s = stored.get(def.key);
      return {
        key: def.key,
        label: def.label,
        value: await readSetting(ctx.db, ctx.config, def),
        defaultValue: def.defaultValue(ctx.config),
        isDefault: !s,
        allowed,
        updatedAt: s?.updatedAt ?? null,
        updatedByUserId: s?.updatedByUserId ?? null,
      };
    }),
  );
}

/** Changes one setting; the old and new value are audited in the same transaction. */
export async function updateSetting(ctx: Ctx, key: string, input: { value: unknown }): Promise<SettingView> {
  const actor = requireRole(ctx, ...SYSTEM_ADMIN);
  const entry = registry.find((r) => r.def.key === key);
  if (!entry) throw new AppError('NOT_FOUND', 'Inställningen finns inte');
  const parsed = entry.def.schema.safeParse(input.value);
  if (!parsed.success) {
    const issue: FieldIssue =
      entry.allowed.kind === 'choice'
        ? {
            path: 'body.value',
            code: 'one_of',
            message: `välj ett av värdena ${entry.allowed.values.join(', ')}`,
            params: { values: entry.allowed.values.join(', ') },
          }
        : {
            path: 'body.value',
            code: 'range',
            message: `ange ett heltal från ${entry.allowed.min} till ${entry.allowed.max}`,
            params: { min: entry.allowed.min, max: entry.allowed.max },
          };
    throw new AppError('VALIDATION', `${entry.def.label}: ${issue.message}`, { issues: [issue] });
  }
  await ctx.db.transaction(async (tx) => {
    const before = await readSetting(tx, ctx.config, entry.def);
    await writeSetting(tx, key, parsed.data, ctx.now(), actor.userId);
    await audit(tx, ctx, { action: 'setting.update', entityType: 'setting', entityId: key, details: { from: before, to: parsed.data } });
  });
  return (await listSettings(ctx)).find((s) => s.key === key)!;
}
