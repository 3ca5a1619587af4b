import { z } from 'zod';
import type { SettingDefinition } from '../../platform/settings/settings.ts';

/**
 * The outlier thresholds of the PDL log review (issue 13 items 4 and 7), changed at run time by system
 * administration. Office hours are the review's own (a care provider's working day, not the centre's support hours).
 */
export const manyPatientsCount: SettingDefinition<number> = {
  key: 'logReview.manyPatients.count',
  label: 'Logggranskning: så många olika patienter inom tidsfönstret avviker',
  schema: z.number().int().min(2).max(1000),
  defaultValue: () => 20,
};
export const manyPatientsWindowMinutes: SettingDefinition<number> = {
  key: 'logReview.manyPatients.windowMinutes',
  label: 'Logggranskning: tidsfönster för många patienter (minuter)',
  schema: z.number().int().min(1).max(1440),
  defaultValue: () => 60,
};
export const officeStartHour: SettingDefinition<number> = {
  key: 'logReview.officeHours.start',
  label: 'Logggranskning: kontorstid börjar (timme)',
  schema: z.number().int().min(0).max(23),
  defaultValue: () => 7,
};
export const officeEndHour: SettingDefinition<number> = {
  key: 'logReview.officeHours.end',
  label: 'Logggranskning: kontorstid slutar (timme)',
  schema: z.number().int().min(1).max(24),
  defaultValue: () => 18,
};

/** For the admin settings list. */
export const logReviewSettings = [
  { def: manyPatientsCount, allowed: { kind: 'range' as const, min: 2, max: 1000 } },
  { def: manyPatientsWindowMinutes, allowed: { kind: 'range' as const, min: 1, max: 1440 } },
  { def: officeStartHour, allowed: { kind: 'range' as const, min: 0, max: 23 } },
  { def: officeEndHour, allowed: { kind: 'range' as const, min: 1, max: 24 } },
];
