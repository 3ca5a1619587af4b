import { z } from 'zod';
import type { App } from '../http/app.ts';
import { errorBody } from '../http/app.ts';
import type { AuditVocabulary } from './audit.ts';
import { auditEntryView, auditQuery, searchAuditLog } from './search-audit-log.ts';
import { SYSTEM_ADMIN } from '../auth/access.ts';

/** `vocabulary`: every module's audit actions and purposes with labels, passed in by the composition root. */
export async function auditRoutes(app: App, vocabulary: AuditVocabulary) {
  app.get(
    '/api/audit',
    {
      config: { access: SYSTEM_ADMIN },
      schema: {
        tags: ['granskning'],
        summary: 'Sök i loggen (systemförvaltning)',
        querystring: auditQuery,
        response: { 200: z.object({ items: z.array(auditEntryView), nextBefore: z.number().nullable() }), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    (req) => searchAuditLog(req.ctx, req.query, vocabulary),
  );
}
