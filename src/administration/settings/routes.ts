import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { listSettings, settingKeyParam, settingUpdate, settingView, updateSetting } from './settings.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

export async function settingRoutes(app: App) {
  const tags = ['systemförvaltning'];
  app.get(
    '/api/admin/settings',
    { config: { access: SYSTEM_ADMIN }, schema: { tags, summary: 'Inställningar som ändras i drift', response: { 200: z.array(settingView), ...errors } } },
    (req) => listSettings(req.ctx),
  );
  app.put(
    '/api/admin/settings/:key',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Ändra en inställning (loggas)', params: settingKeyParam, body: settingUpdate, response: { 200: settingView, ...errors } },
    },
    (req) => updateSetting(req.ctx, req.params.key, req.body),
  );
}
