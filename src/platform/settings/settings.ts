import { eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { DbOrTx } from '../db/client.ts';
import { appSetting } from '../db/platform-schema.ts';

/**
 * A setting that can be changed at run time (DESIGN principle 3: the rules are data). The module that uses a
 * setting defines it next to the rule: its key, its allowed values as a zod schema, its default (which may come
 * from the start-up configuration). Administration lists the definitions for its routes and audits changes.
 */
export interface SettingDefinition<T> {
  key: string;
  /** Swedish label for the admin list. */
  label: string;
  schema: z.ZodType<T>;
  defaultValue(config: Config): T;
}

/** The current value: the stored one if it is (still) allowed, else the default. */
export async function readSetting<T>(db: DbOrTx, config: Config, def: SettingDefinition<T>): Promise<T> {
  const [row] = await db.select({ value: appSetting.value }).from(appSetting).where(eq(appSetting.key, def.key));
  if (row) {
    const parsed = def.schema.safeParse(row.value);
    if (parsed.success) return parsed.data;
  }
  return def.defaultValue(config);
}

/** Stored values of some keys (for the admin list; keys never set are absent). */
export async function storedSettings(db: DbOrTx, keys: string[]): Promise<Map<string, { value: unknown; updatedAt: Date; updatedByUserId: string | null }>> {
  if (!keys.length) return new Map();
  const rows = await db.select().from(appSetting).where(inArray(appSetting.key, keys));
  return new Map(rows.map((r) => [r.key, { value: r.value, updatedAt: r.updatedAt, updatedByUserId: r.updatedByUserId }]));
}

/** Stores a value already validated by the caller, in the caller's transaction (with its audit row). */
export async function writeSetting(tx: DbOrTx, key: string, value: unknown, at: Date, userId: string | null): Promise<void> {
  await tx
    .insert(appSetting)
    .values({ key, value: value as object, updatedAt: at, updatedByUserId: userId })
    .onConflictDoUpdate({ target: appSetting.key, set: { value: value as object, updatedAt: at, updatedByUserId: userId } });
}
