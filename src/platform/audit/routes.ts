import { z } from 'zod';
import type { App } from '../http/app.ts';
import { errorBody } from '../http/app.ts';
import type { AuditVocabulary } from './audit.ts';
import {
  auditEntryView,
  auditNames,
  auditNamesView,
  auditQuery,
  auditSearchBody,
  auditSearchPage,
  auditSearchResult,
  searchAuditLog,
  searchAuditLogForPatient,
  type AuditPatientFinder,
} from './search-audit-log.ts';
import { SYSTEM_ADMIN } from '../auth/access.ts';

/**
 * `vocabulary`: every module's audit actions and purposes with labels, and `patients`: who a personnummer or a
 * name is in the modules that own patients; both passed in by the composition root.
 */
export async function auditRoutes(app: App, vocabulary: AuditVocabulary, patients: AuditPatientFinder) {
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

  app.post(
    '/api/audit/search',
    {
      config: { access: SYSTEM_ADMIN },
      schema: {
        tags: ['granskning'],
        summary: 'Sök i loggen, även på patient (personnummer eller namn i kroppen, aldrig i adressen)',
        description:
          'Samma filter som GET /api/audit, och `patient`: ett personnummer eller samordningsnummer (12 eller 10 siffror, med eller utan bindestreck) eller ett namn. Sökningen på en patient loggas.',
        querystring: auditSearchPage,
        body: auditSearchBody,
        response: { 200: auditSearchResult, 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    (req) => searchAuditLogForPatient(req.ctx, req.body, req.query, vocabulary, patients),
  );

  app.get(
    '/api/audit/actions',
    {
      config: { access: SYSTEM_ADMIN },
      schema: {
        tags: ['granskning'],
        summary: 'Loggens händelser och ändamål med svenska och engelska namn',
        response: { 200: auditNamesView, 401: errorBody, 403: errorBody },
      },
    },
    (req) => auditNames(req.ctx, vocabulary),
  );
}
