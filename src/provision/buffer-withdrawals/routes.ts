import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { uuidParam } from '../../platform/http/schemas.ts';
import {
  bufferUnitsView,
  listBufferUnitsForLine,
  placeInBufferInput,
  placeInBufferResult,
  placeInBufferStore,
  registerWithdrawal,
  registerWithdrawalInput,
  registerWithdrawalResult,
  BUFFER_STAFF,
} from './register-withdrawal.ts';
import { BUFFER_REFILLERS } from '../roles.ts';
import { CENTRE } from '../../platform/auth/access.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };
const tags = ['hjälpmedelscentralen'];

/** Buffer withdrawals and the units kept in customers' buffer stores. Thin routes. */
export async function bufferWithdrawalRoutes(app: App) {
  app.post(
    '/api/provision/buffer-units',
    {
      config: { access: BUFFER_REFILLERS },
      schema: {
        tags,
        summary: 'Ställ individer ur lager i en kunds buffertförråd',
        body: placeInBufferInput,
        response: { 201: placeInBufferResult, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await placeInBufferStore(req.ctx, req.body)),
  );
  app.get(
    '/api/provision/lines/:id/buffer-units',
    {
      config: { access: CENTRE },
      schema: { tags, summary: 'Individer i buffertuttagets förråd som passar raden', params: uuidParam, response: { 200: bufferUnitsView, ...errors } },
    },
    (req) => listBufferUnitsForLine(req.ctx, req.params.id),
  );
  app.post(
    '/api/provision/lines/:id/register-withdrawal',
    {
      config: { access: BUFFER_STAFF },
      schema: {
        tags,
        summary: 'Registrera uttagna individer på patienten (hyran börjar, skickar registeredOnPatient)',
        params: uuidParam,
        body: registerWithdrawalInput,
        response: { 200: registerWithdrawalResult, ...writeErrors },
      },
    },
    (req) => registerWithdrawal(req.ctx, req.params.id, req.body),
  );
}
