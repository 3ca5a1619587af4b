import { z } from 'zod';
import type { App } from '../http/app.ts';
import { errorBody } from '../http/app.ts';
import { auditEntryView, auditQuery, searchAuditLog } from './search-audit-log.ts';

export async function auditRoutes(app: App) {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['granskning'],
        summary: 'Sök i loggen (systemförvaltning)',
        querystring: auditQuery,
        response: { 200: z.object({ items: z.array(auditEntryView), nextBefore: z.number().nullable() }), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    (req) => searchAuditLog(req.ctx, req.query),
  );
}
