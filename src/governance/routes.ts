import { z } from 'zod';
import type { App } from '../platform/http/app.ts';
import { errorBody } from '../platform/http/app.ts';
import { noBody, okBody, uuidParam } from '../platform/http/schemas.ts';
import {
  decideProposal,
  decisionInput,
  getProposal,
  listProposals,
  preparationInput,
  prepareProposal,
  proposalInput,
  proposalSummary,
  proposalView,
  submitProposal,
} from './proposals/proposals.ts';
import {
  getRound,
  listRounds,
  listTesterCandidates,
  testerCandidate,
  planRound,
  planRoundInput,
  planView,
  recordResult,
  resultInput,
  roundListQuery,
  roundSummary,
  roundView,
  signOffInput,
  signOffRound,
} from './test-rounds/test-rounds.ts';
import { qualityFigures, qualityQuery, qualityView } from './quality/quality-figures.ts';
import { quarterlyPdf, quarterlyXlsx } from './follow-up/documents.ts';
import { quarterlyQuery, quarterlyReport, quarterlyView } from './follow-up/quarterly-report.ts';
import { listCurrentNews, listNewsForEditors, newsInput, newsQuery, newsView, publishNews, withdrawNews } from './news/news.ts';
import { NEWS_EDITORS, PREPARATION_GROUP, TEST_COORDINATORS } from './roles.ts';
import { QUALITY_READERS } from '../administration/roles.ts';

export async function governanceRoutes(app: App) {
  const tags = ['driftinformation'];
  const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
  app.get(
    '/api/news',
    {
      config: { access: 'loggedIn' },
      schema: {
        tags,
        summary: 'Aktuell driftinformation för mig (eller om ett produktområde)',
        querystring: newsQuery,
        response: { 200: z.array(newsView), ...errors },
      },
    },
    (req) => listCurrentNews(req.ctx, req.query),
  );
  app.get(
    '/api/news/manage',
    {
      config: { access: NEWS_EDITORS },
      schema: { tags, summary: 'All aktuell och schemalagd driftinformation (för redaktörer)', response: { 200: z.array(newsView), ...errors } },
    },
    (req) => listNewsForEditors(req.ctx),
  );
  app.post(
    '/api/news',
    { config: { access: NEWS_EDITORS }, schema: { tags, summary: 'Publicera driftinformation', body: newsInput, response: { 201: newsView, ...errors } } },
    async (req, reply) => reply.status(201).send(await publishNews(req.ctx, req.body)),
  );
  app.post(
    '/api/news/:id/withdraw',
    {
      config: { access: NEWS_EDITORS },
      schema: { tags, summary: 'Dra tillbaka driftinformation', params: uuidParam, body: noBody, response: { 200: okBody, ...errors } },
    },
    async (req) => {
      await withdrawNews(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/quality/figures',
    {
      config: { access: QUALITY_READERS },
      schema: {
        tags: ['kvalitet'],
        summary: 'Kvalitetsmått per månad och kvartal mot målen (supportärenden inom 24 h, behörighetsansökningar inom en vecka)',
        querystring: qualityQuery,
        response: { 200: qualityView, ...errors },
      },
    },
    (req) => qualityFigures(req.ctx, req.query),
  );
  const file = z.any().describe('binary');
  const qtags = ['kvalitet'];
  app.get(
    '/api/quality/quarterly',
    {
      config: { access: QUALITY_READERS },
      schema: {
        tags: qtags,
        summary: 'Hjälpmedelscentralens kvartalsuppföljning: avvikelser, felrapporter, leveransprecision, topp 20 produkter',
        querystring: quarterlyQuery,
        response: { 200: quarterlyView, ...errors },
      },
    },
    (req) => quarterlyReport(req.ctx, req.query),
  );
  app.get(
    '/api/quality/quarterly.pdf',
    {
      config: { access: QUALITY_READERS },
      schema: { tags: qtags, summary: 'Kvartalsuppföljningen som PDF (A4)', querystring: quarterlyQuery, response: { 200: file, ...errors } },
    },
    async (req, reply) => {
      const r = await quarterlyReport(req.ctx, req.query);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="kvartalsuppfoljning-${r.quarter}.pdf"`)
        .send(await quarterlyPdf(r));
    },
  );
  app.get(
    '/api/quality/quarterly.xlsx',
    {
      config: { access: QUALITY_READERS },
      schema: { tags: qtags, summary: 'Kvartalsuppföljningen som Excel', querystring: quarterlyQuery, response: { 200: file, ...errors } },
    },
    async (req, reply) => {
      const r = await quarterlyReport(req.ctx, req.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="kvartalsuppfoljning-${r.quarter}.xlsx"`)
        .send(await quarterlyXlsx(r));
    },
  );

  const ptags = ['förändringsförslag'];
  const perrors = { ...errors, 409: errorBody };
  app.post(
    '/api/proposals',
    {
      config: { access: 'loggedIn' },
      schema: { tags: ptags, summary: 'Lämna synpunkt eller utvecklingsförslag', body: proposalInput, response: { 201: proposalView, ...perrors } },
    },
    async (req, reply) => reply.status(201).send(await submitProposal(req.ctx, req.body)),
  );
  app.get(
    '/api/proposals',
    {
      config: { access: 'loggedIn' },
      schema: { tags: ptags, summary: 'Förslag: alla (beredningsgruppen) eller mina, med status', response: { 200: z.array(proposalSummary), ...perrors } },
    },
    (req) => listProposals(req.ctx),
  );
  app.get(
    '/api/proposals/:id',
    {
      config: { access: 'loggedIn' },
      schema: { tags: ptags, summary: 'Ett förslag med beslut', params: uuidParam, response: { 200: proposalView, ...perrors } },
    },
    (req) => getProposal(req.ctx, req.params.id),
  );
  app.put(
    '/api/proposals/:id/preparation',
    {
      config: { access: PREPARATION_GROUP },
      schema: {
        tags: ptags,
        summary: 'Bered: kostnadsuppskattning och om flera kunder kan använda det',
        params: uuidParam,
        body: preparationInput,
        response: { 200: proposalView, ...perrors },
      },
    },
    (req) => prepareProposal(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/proposals/:id/decisions',
    {
      config: { access: PREPARATION_GROUP },
      schema: {
        tags: ptags,
        summary: 'Beredningsgruppens beslut med datum och protokoll',
        params: uuidParam,
        body: decisionInput,
        response: { 200: proposalView, ...perrors },
      },
    },
    (req) => decideProposal(req.ctx, req.params.id, req.body),
  );

  const ttags = ['uppgraderingstest'];
  app.post(
    '/api/test-rounds',
    {
      config: { access: TEST_COORDINATORS },
      schema: { tags: ttags, summary: 'Planera en testomgång inför en version', body: planRoundInput, response: { 201: planView, ...perrors } },
    },
    async (req, reply) => reply.status(201).send(await planRound(req.ctx, req.body)),
  );
  app.get(
    '/api/test-rounds/tester-candidates',
    {
      config: { access: TEST_COORDINATORS },
      schema: {
        tags: ttags,
        summary: 'Användare som kan utses till testare, med sina vårdgivare (funktionskoordinatorn)',
        response: { 200: z.array(testerCandidate), ...perrors },
      },
    },
    (req) => listTesterCandidates(req.ctx),
  );
  app.get(
    '/api/test-rounds',
    {
      config: { access: 'loggedIn' },
      schema: {
        tags: ttags,
        summary: 'Testomgångar per version (historik)',
        querystring: roundListQuery,
        response: { 200: z.array(roundSummary), ...perrors },
      },
    },
    (req) => listRounds(req.ctx, req.query),
  );
  app.get(
    '/api/test-rounds/:id',
    {
      config: { access: 'loggedIn' },
      schema: { tags: ttags, summary: 'En testomgång med testfall och resultat', params: uuidParam, response: { 200: roundView, ...perrors } },
    },
    (req) => getRound(req.ctx, req.params.id),
  );
  const caseParams = z.strictObject({ id: z.uuid(), caseId: z.uuid() });
  app.post(
    '/api/test-rounds/:id/cases/:caseId/results',
    {
      config: { access: 'loggedIn' },
      schema: {
        tags: ttags,
        summary: 'Registrera godkänt, fel eller kommentar',
        params: caseParams,
        body: resultInput,
        response: { 200: roundView, ...perrors },
      },
    },
    (req) => recordResult(req.ctx, req.params.id, req.params.caseId, req.body),
  );
  app.post(
    '/api/test-rounds/:id/sign-off',
    {
      config: { access: TEST_COORDINATORS },
      schema: {
        tags: ttags,
        summary: 'Godkänn testomgången (alla testfall körda)',
        params: uuidParam,
        body: signOffInput,
        response: { 200: roundView, ...perrors },
      },
    },
    (req) => signOffRound(req.ctx, req.params.id, req.body),
  );
}
