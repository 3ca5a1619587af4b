import type { App } from '../http/app.ts';
import { errorBody } from '../http/app.ts';
import { listOutgoingMail, outgoingMailPage, outgoingMailQuery } from './list-outgoing-mail.ts';
import { SYSTEM_ADMIN } from '../auth/access.ts';

export async function mailRoutes(app: App) {
  app.get(
    '/api/admin/outgoing-mail',
    {
      config: { access: SYSTEM_ADMIN },
      schema: {
        tags: ['systemförvaltning'],
        summary: 'Utgående e-post (nyast först, sidvis)',
        querystring: outgoingMailQuery,
        response: { 200: outgoingMailPage, 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    (req) => listOutgoingMail(req.ctx, req.query),
  );
}
