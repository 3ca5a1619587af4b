import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { uuidParam } from '../../platform/http/schemas.ts';
import {
  adjustBuffer,
  bufferAdjustInput,
  bufferLevelRow,
  bufferStoreSummary,
  bufferStoreView,
  getBufferStore,
  listBufferStores,
  safetyLevelInput,
  safetyLevelParams,
  setSafetyLevel,
} from './levels.ts';
import { acceptInput, acceptProposal, listProposals, proposalListQuery, proposalView, proposeInput, proposeRefill } from './refill-proposals.ts';
import { CENTRE } from '../../platform/auth/access.ts';
import { BUFFER_LEVEL_EDITORS, BUFFER_REFILLERS } from '../roles.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };

/** Buffer stores (buffertförråd): levels, safety levels and refill proposals. Thin routes. */
export async function bufferRoutes(app: App) {
  const tags = ['hjälpmedelscentralen'];
  app.get(
    '/api/provision/buffer-stores',
    {
      config: { access: CENTRE },
      schema: { tags, summary: 'Buffertförråd med antal artiklar under säkerhetsnivån', response: { 200: z.array(bufferStoreSummary), ...errors } },
    },
    (req) => listBufferStores(req.ctx),
  );
  app.get(
    '/api/provision/buffer-stores/:id',
    {
      config: { access: CENTRE },
      schema: { tags, summary: 'Ett buffertförråds nivåer och senaste transaktioner', params: uuidParam, response: { 200: bufferStoreView, ...errors } },
    },
    (req) => getBufferStore(req.ctx, req.params.id),
  );
  app.put(
    '/api/provision/buffer-stores/:id/levels/:articleId',
    {
      config: { access: BUFFER_LEVEL_EDITORS },
      schema: {
        tags,
        summary: 'Ange säkerhetsnivå för en artikel i förrådet',
        params: safetyLevelParams,
        body: safetyLevelInput,
        response: { 200: bufferLevelRow, ...writeErrors },
      },
    },
    (req) => setSafetyLevel(req.ctx, req.params, req.body),
  );
  app.post(
    '/api/provision/buffer-stores/:id/transactions',
    {
      config: { access: BUFFER_REFILLERS },
      schema: {
        tags,
        summary: 'Inventering/justering av en ej individmärkt artikel i förrådet',
        params: uuidParam,
        body: bufferAdjustInput,
        response: {
          201: z.object({ quantity: z.number().describe('Saldot efteråt'), change: z.number().describe('Ändringen som bokades (0 = räkningen stämde)') }),
          ...writeErrors,
        },
      },
    },
    async (req, reply) => reply.status(201).send(await adjustBuffer(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/provision/buffer-proposals',
    {
      config: { access: CENTRE },
      schema: { tags, summary: 'Påfyllnadsförslag per leveransområde', querystring: proposalListQuery, response: { 200: z.array(proposalView), ...errors } },
    },
    (req) => listProposals(req.ctx, req.query),
  );
  app.post(
    '/api/provision/buffer-proposals',
    {
      config: { access: BUFFER_LEVEL_EDITORS },
      schema: {
        tags,
        summary: 'Gör påfyllnadsförslag för leveransområdets nästa leveransdag',
        body: proposeInput,
        response: { 201: proposalView, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await proposeRefill(req.ctx, req.body)),
  );
  app.post(
    '/api/provision/buffer-proposals/:id/accept',
    {
      config: { access: BUFFER_REFILLERS },
      schema: {
        tags,
        summary: 'Godkänn och leverera påfyllnaden (flyttar från lagret till förråden)',
        params: uuidParam,
        body: acceptInput,
        response: { 200: proposalView, ...writeErrors },
      },
    },
    (req) => acceptProposal(req.ctx, req.params.id, req.body),
  );
}
