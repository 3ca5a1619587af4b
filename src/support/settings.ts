import { z } from 'zod';
import type { SettingDefinition } from '../platform/settings/settings.ts';

/** "Andel supportärenden som besvaras inom 24 timmar ska vara 90 %" (DOMAIN §8): the share, in per cent. */
export const answerTargetPercent: SettingDefinition<number> = {
  key: 'support.answerTargetPercent',
  label: 'Mål: andel supportärenden besvarade inom 24 timmar (procent)',
  schema: z.number().int().min(1).max(100),
  defaultValue: () => 90,
};

/** Office hours for the office-hours clock, Stockholm time, on the Swedish working days. */
export const officeStartHour: SettingDefinition<number> = {
  key: 'support.officeStartHour',
  label: 'Kontorstid för supportens klocka: början (timme)',
  schema: z.number().int().min(0).max(23),
  defaultValue: () => 8,
};
export const officeEndHour: SettingDefinition<number> = {
  key: 'support.officeEndHour',
  label: 'Kontorstid för supportens klocka: slut (timme)',
  schema: z.number().int().min(1).max(24),
  defaultValue: () => 17,
};

/** The answer target itself: 24 hours (the seed's wording; a constant, the share is the setting). */
export const ANSWER_TARGET_HOURS = 24;
