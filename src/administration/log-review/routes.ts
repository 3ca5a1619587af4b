import { z } from 'zod';
import type { AuditVocabulary } from '../../platform/audit/audit.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { accessExtract, accessExtractInput } from './access-extract.ts';
import { reviewPdf, reviewXlsx } from './documents.ts';
import { logReviewReport, reviewPeriod, reviewReport, type ReviewPeriod } from './report.ts';
import { listSignOffs, signOffInput, signOffQuery, signOffReview, signOffView } from './sign-off.ts';
import { LOG_REVIEWERS } from '../roles.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['logggranskning'];
const file = z.any().describe('binary');

/** The report, audited as viewed or exported (reading who read which patients is itself an access). */
async function auditedReport(ctx: Ctx, q: ReviewPeriod, vocabulary: AuditVocabulary, format: 'json' | 'xlsx' | 'pdf') {
  const report = await logReviewReport(ctx, q, vocabulary);
  await audit(ctx.db, ctx, {
    action: format === 'json' ? 'log-review.report' : 'log-review.export',
    entityType: 'care_provider',
    entityId: report.careProviderId,
    careProviderId: report.careProviderId,
    purpose: 'log-review',
    details: { from: q.from, to: q.to, format, reads: report.reads.length, outliers: report.outliers },
  });
  return report;
}

/**
 * The PDL log review (issue 13 items 4 and 5): the log reviewer (loggranskare) of a care provider sees that care
 * provider's accesses only. `vocabulary` (the audit labels) is passed in by the composition root.
 */
export async function logReviewRoutes(app: App, vocabulary: AuditVocabulary) {
  app.get(
    '/api/log-review/report',
    {
      config: { access: LOG_REVIEWERS },
      schema: {
        tags,
        summary: 'Logggranskning: vem läste vilka patienter, med avvikelser (loggranskare)',
        querystring: reviewPeriod,
        response: { 200: reviewReport, ...errors },
      },
    },
    (req) => auditedReport(req.ctx, req.query, vocabulary, 'json'),
  );
  app.get(
    '/api/log-review/report.xlsx',
    {
      config: { access: LOG_REVIEWERS },
      schema: { tags, summary: 'Logggranskningen som Excel (loggranskare)', querystring: reviewPeriod, response: { 200: file, ...errors } },
    },
    async (req, reply) => {
      const r = await auditedReport(req.ctx, req.query, vocabulary, 'xlsx');
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="logggranskning-${r.from}-${r.to}.xlsx"`)
        .send(await reviewXlsx(r));
    },
  );
  app.get(
    '/api/log-review/report.pdf',
    {
      config: { access: LOG_REVIEWERS },
      schema: { tags, summary: 'Logggranskningen som PDF (loggranskare)', querystring: reviewPeriod, response: { 200: file, ...errors } },
    },
    async (req, reply) => {
      const r = await auditedReport(req.ctx, req.query, vocabulary, 'pdf');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="logggranskning-${r.from}-${r.to}.pdf"`)
        .send(await reviewPdf(r));
    },
  );
  app.get(
    '/api/log-review/sign-offs',
    {
      config: { access: LOG_REVIEWERS },
      schema: { tags, summary: 'Signerade granskningar (loggranskare)', querystring: signOffQuery, response: { 200: z.array(signOffView), ...errors } },
    },
    (req) => listSignOffs(req.ctx, req.query),
  );
  app.post(
    '/api/log-review/sign-offs',
    {
      config: { access: LOG_REVIEWERS },
      schema: { tags, summary: 'Signera granskningen av en period (loggas)', body: signOffInput, response: { 200: signOffView, ...errors } },
    },
    (req) => signOffReview(req.ctx, req.body, vocabulary),
  );
  app.post(
    '/api/log-review/access-extract',
    {
      config: { access: LOG_REVIEWERS },
      schema: {
        tags,
        summary: 'Registerutdrag över åtkomst för en patient som PDF (loggranskare; personnumret i kroppen, loggas)',
        body: accessExtractInput,
        response: { 200: file, ...errors },
      },
    },
    async (req, reply) => {
      const r = await accessExtract(req.ctx, req.body, vocabulary);
      return reply.header('content-type', 'application/pdf').header('content-disposition', 'attachment; filename="registerutdrag.pdf"').send(r.pdf);
    },
  );
}
