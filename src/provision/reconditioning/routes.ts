import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { uuidParam } from '../../platform/http/schemas.ts';
import {
  finishInput,
  finishReconditioning,
  listReconditioning,
  reconditioningList,
  reconditioningResult,
  scrapInput,
  scrapWornOut,
  startReconditioning,
  versionInput,
  RECONDITIONERS,
} from './reconditioning.ts';
import { CENTRE } from '../../platform/auth/access.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };
const tags = ['hjälpmedelscentralen'];

/** Reconditioning of returned units. Thin routes. */
export async function reconditioningRoutes(app: App) {
  app.get(
    '/api/provision/reconditioning',
    {
      config: { access: CENTRE },
      schema: { tags, summary: 'Individer som väntar på eller är under rekonditionering', response: { 200: reconditioningList, ...errors } },
    },
    (req) => listReconditioning(req.ctx),
  );
  app.post(
    '/api/provision/units/:id/reconditioning/start',
    {
      config: { access: RECONDITIONERS },
      schema: {
        tags,
        summary: 'Ta in en återlämnad individ för rekonditionering',
        params: uuidParam,
        body: versionInput,
        response: { 200: reconditioningResult, ...writeErrors },
      },
    },
    (req) => startReconditioning(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/units/:id/reconditioning/finish',
    {
      config: { access: RECONDITIONERS },
      schema: {
        tags,
        summary: 'Rekonditionering klar: rengjord, kontrollerad, i lager',
        params: uuidParam,
        body: finishInput,
        response: { 200: reconditioningResult, ...writeErrors },
      },
    },
    (req) => finishReconditioning(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/units/:id/reconditioning/scrap',
    {
      config: { access: RECONDITIONERS },
      schema: {
        tags,
        summary: 'Kassera en uttjänt individ (avskrivning förbrukad)',
        params: uuidParam,
        body: scrapInput,
        response: { 200: reconditioningResult, ...writeErrors },
      },
    },
    (req) => scrapWornOut(req.ctx, req.params.id, req.body),
  );
}
