import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { uuidParam } from '../../platform/http/schemas.ts';
import {
  applicationInput,
  applicationListQuery,
  applicationPage,
  applicationView,
  approveInput,
  refuseInput,
  registrationMonth,
  registrationQuery,
} from './application-schemas.ts';
import { z } from 'zod';
import { approveApplication, refuseApplication } from './decide-application.ts';
import { getApplication, listApplications } from './list-applications.ts';
import { registrationWithinTarget } from './registration-within-target.ts';
import { submitApplication } from './submit-application.ts';
import { QUALITY_READERS, USER_ADMINS } from '../roles.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 422: errorBody };

/** Behörighetsansökan: thin routes; who may do what is checked in each use case. */
export async function applicationRoutes(app: App) {
  const tags = ['behörighetsansökan'];
  app.post(
    '/api/access-applications',
    {
      config: { access: USER_ADMINS },
      schema: { tags, summary: 'Ansök om behörighet (ny användare, ändring, avslut)', body: applicationInput, response: { 201: applicationView, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await submitApplication(req.ctx, req.body)),
  );
  app.get(
    '/api/access-applications',
    {
      config: { access: USER_ADMINS },
      schema: {
        tags,
        summary: 'Ansökningar: kön (äldst först) eller beslutade',
        querystring: applicationListQuery,
        response: { 200: applicationPage, ...errors },
      },
    },
    (req) => listApplications(req.ctx, req.query),
  );
  app.get(
    '/api/access-applications/registration-statistics',
    {
      config: { access: QUALITY_READERS },
      schema: {
        tags,
        summary: 'Andel registrerade inom målet, per månad',
        querystring: registrationQuery,
        response: { 200: z.array(registrationMonth), ...errors },
      },
    },
    (req) => registrationWithinTarget(req.ctx, req.query),
  );
  app.get(
    '/api/access-applications/:id',
    { config: { access: USER_ADMINS }, schema: { tags, summary: 'Ansökan', params: uuidParam, response: { 200: applicationView, ...errors } } },
    (req) => getApplication(req.ctx, req.params.id),
  );
  app.post(
    '/api/access-applications/:id/approve',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Bevilja och registrera', params: uuidParam, body: approveInput, response: { 200: applicationView, ...errors } },
    },
    (req) => approveApplication(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/access-applications/:id/refuse',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Avslå med skäl', params: uuidParam, body: refuseInput, response: { 200: applicationView, ...errors } },
    },
    (req) => refuseApplication(req.ctx, req.params.id, req.body),
  );
}
