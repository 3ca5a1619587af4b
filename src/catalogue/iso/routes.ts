import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { getIsoNode, listIsoChildren, mapIsoCode } from './iso-tree.ts';
import { isoChildView, isoCodeParam, isoListQuery, isoMapQuery, isoMapView, isoNodeDetail, isoNodeQuery } from './iso-schemas.ts';

export async function isoRoutes(app: App) {
  const tags = ['artikelregister'];
  const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
  app.get(
    '/api/catalogue/iso',
    {
      config: { access: 'loggedIn' },
      schema: {
        tags,
        summary: 'ISO 9999-trädet: barnen till en nod (klasserna utan parent), i kodordning',
        querystring: isoListQuery,
        response: { 200: z.array(isoChildView), ...errors },
      },
    },
    (req) => listIsoChildren(req.ctx, req.query),
  );
  app.get(
    '/api/catalogue/iso/map',
    {
      config: { access: 'loggedIn' },
      schema: {
        tags,
        summary: 'Översätt en ISO-kod mellan utgåvor (2011 ↔ 2022)',
        description: 'Oförändrade koder saknar rad i mappningstabellen och motsvarar samma kod i den andra utgåvan (identity = true).',
        querystring: isoMapQuery,
        response: { 200: isoMapView, ...errors },
      },
    },
    (req) => mapIsoCode(req.ctx, req.query),
  );
  app.get(
    '/api/catalogue/iso/:code',
    {
      config: { access: 'loggedIn' },
      schema: {
        tags,
        summary: 'En ISO-nod med väg (brödsmulor) och antal artiklar',
        params: z.strictObject({ code: isoCodeParam }),
        querystring: isoNodeQuery,
        response: { 200: isoNodeDetail, ...errors },
      },
    },
    (req) => getIsoNode(req.ctx, { edition: req.query.edition, code: req.params.code }),
  );
}
