import { z } from 'zod';
import type { SettingDefinition } from '../../platform/settings/settings.ts';

/**
 * "Registrerad inom en vecka" (DOMAIN §7, the seed's quality target: 100 %): the number of calendar days within
 * which an access application is to be registered. A setting (default 7); each application keeps the target
 * that held when it arrived, so changing the setting does not rewrite history.
 */
export const applicationTargetDays: SettingDefinition<number> = {
  key: 'accessApplications.targetDays',
  label: 'Mål för registrering av behörighetsansökan (kalenderdagar)',
  schema: z.number().int().min(1).max(60),
  defaultValue: () => 7,
};
