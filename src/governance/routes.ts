import { z } from 'zod';
import type { App } from '../platform/http/app.ts';
import { errorBody } from '../platform/http/app.ts';
import { noBody, okBody, uuidParam } from '../platform/http/schemas.ts';
import { qualityFigures, qualityQuery, qualityView } from './quality/quality-figures.ts';
import { listCurrentNews, listNewsForEditors, newsInput, newsView, publishNews, withdrawNews } from './news/news.ts';

export async function governanceRoutes(app: App) {
  const tags = ['driftinformation'];
  const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
  app.get('/api/news', { schema: { tags, summary: 'Aktuell driftinformation för mig', response: { 200: z.array(newsView), ...errors } } }, (req) =>
    listCurrentNews(req.ctx),
  );
  app.get('/api/news/manage', { schema: { tags, summary: 'All aktuell och schemalagd driftinformation (för redaktörer)', response: { 200: z.array(newsView), ...errors } } }, (req) =>
    listNewsForEditors(req.ctx),
  );
  app.post('/api/news', { schema: { tags, summary: 'Publicera driftinformation', body: newsInput, response: { 201: newsView, ...errors } } }, async (req, reply) =>
    reply.status(201).send(await publishNews(req.ctx, req.body)),
  );
  app.post('/api/news/:id/withdraw', { schema: { tags, summary: 'Dra tillbaka driftinformation', params: uuidParam, body: noBody, response: { 200: okBody, ...errors } } }, async (req) => {
    await withdrawNews(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.get('/api/quality/figures', { schema: { tags: ['kvalitet'], summary: 'Kvalitetsmått per månad och kvartal mot målen (supportärenden inom 24 h, behörighetsansökningar inom en vecka)', querystring: qualityQuery, response: { 200: qualityView, ...errors } } }, (req) =>
    qualityFigures(req.ctx, req.query),
  );
}
