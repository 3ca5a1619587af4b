import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { noBody, uuidParam } from '../../platform/http/schemas.ts';
import { readEventFeed } from './read-feed.ts';
import { EVENT_READERS, WEBHOOK_ADMINS } from './roles.ts';
import { listWebhooks, ownWebhooks, registerWebhook, revokeWebhook } from './subscriptions.ts';
import { feedPage, feedQuery, newWebhookResult, webhookInput, webhookParams, webhookView } from './webhook-schemas.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/**
 * The contract's events out (issue 18): system administration's webhooks per system client, and what a client
 * reads itself (its events by the pull feed, its own webhooks). docs/contract.md describes both.
 */
export async function contractEventRoutes(app: App) {
  const admin = ['systemklienter'];
  app.get(
    '/api/system-clients/:id/webhooks',
    {
      config: { access: WEBHOOK_ADMINS },
      schema: {
        tags: admin,
        summary: 'Systemklientens webhooks, med antal ej kvitterade händelser och senaste fel',
        params: uuidParam,
        response: { 200: z.array(webhookView), ...errors },
      },
    },
    (req) => listWebhooks(req.ctx, req.params.id),
  );
  app.post(
    '/api/system-clients/:id/webhooks',
    {
      config: { access: WEBHOOK_ADMINS },
      schema: {
        tags: admin,
        summary: 'Registrera en webhook för systemklienten; svaret visar signeringshemligheten en enda gång',
        description: 'Händelserna för klientens kunders beställningar skickas dit signerade (HMAC-SHA256, docs/contract.md). Högst två aktiva per klient.',
        params: uuidParam,
        body: webhookInput,
        response: { 201: newWebhookResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await registerWebhook(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/system-clients/:id/webhooks/:webhookId/revoke',
    {
      config: { access: WEBHOOK_ADMINS },
      schema: {
        tags: admin,
        summary: 'Återkalla en webhook: inget mer skickas dit',
        params: webhookParams,
        body: noBody,
        response: { 200: webhookView, ...errors },
      },
    },
    (req) => revokeWebhook(req.ctx, req.params.id, req.params.webhookId),
  );

  const tags = ['kontrakt'];
  const security: { [k: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
  app.get(
    '/api/contract/v1/events',
    {
      config: { access: EVENT_READERS, systemClients: true },
      schema: {
        tags,
        security,
        summary: 'Händelseflödet: hjälpmedelscentralens händelser för anroparens kunders beställningar, äldst först',
        description:
          'För system som inte kan ta emot webhooks. Skicka next från svaret som after nästa gång; utan after börjar flödet från början. ' +
          'En beställnings händelser kommer i sekvensordning. Samma händelser skickas till klientens webhooks.',
        querystring: feedQuery,
        response: { 200: feedPage, ...errors },
      },
    },
    (req) => readEventFeed(req.ctx, req.query),
  );
  app.get(
    '/api/contract/v1/webhooks',
    {
      config: { access: EVENT_READERS, systemClients: true },
      schema: {
        tags,
        security,
        summary: 'Den anropande systemklientens webhooks (utan hemlighet), med antal ej kvitterade händelser och senaste fel',
        response: { 200: z.array(webhookView), ...errors },
      },
    },
    (req) => ownWebhooks(req.ctx),
  );
}
