import { z } from 'zod';
import type { App } from '../platform/http/app.ts';
import { sendAttachment } from '../platform/http/send-attachment.ts';
import type { AttachmentSource } from '../contract/index.ts';
import { getOrderAttachment } from './orders/order-attachments.ts';
import { errorBody } from '../platform/http/app.ts';
import { noBody, uuidParam } from '../platform/http/schemas.ts';
import { getTimeLimits, loadTimeLimits, timeLimitsInput, timeLimitsView } from './due-dates/time-limits.ts';
import { setRuleTimeLimits } from './rules/edit-rules.ts';
import { ruleRoutes } from './rules/routes.ts';
import type { SenderDeps } from './intake/check-sender.ts';
import { submitContractMessage } from './intake/submit-over-rest.ts';
import { acknowledgeResult, acknowledgeUrgent } from './orders/acknowledge-urgent.ts';
import { cancelInput, cancelCentreOrder } from './orders/cancel-lines.ts';
import { deliverInput, deliverLine, deliverResult } from './orders/deliver-line.ts';
import { equivalentsInput, equivalentsView, getEquivalents, setEquivalents } from './orders/equivalents.ts';
import { fillResult, releaseInput, releaseUnits, reserveInput, reserveUnits, suggestionsView, suggestUnits } from './orders/fill-line.ts';
import { getCentreOrder, centreOrderView } from './orders/get-order.ts';
import { handoverReceiptPdf } from './orders/handover-receipt.ts';
import { plannedDateInput, plannedDateResult, setPlannedDate } from './orders/set-planned-date.ts';
import { listQueue, queueParams, queuePage, queueQuery } from './queues/list-queue.ts';
import { ledgerQuery, ledgerView, listStock, postStockTransaction, stockLedger, stockQuery, stockRow, stockTransactionInput } from './stock/stock.ts';
import { getUnit, unitCard } from './units/get-unit.ts';
import { listUnits, unitListPage, unitListQuery } from './units/list-units.ts';
import { goodsReceiptInput, goodsReceiptResult, receiveUnits } from './units/receive-units.ts';
import { listWarehouses, warehouseView } from './units/warehouses.ts';
import { writeOffInput, writeOffResult, writeOffUnit } from './units/write-off-unit.ts';
import { workOrderRoutes } from './work-orders/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { bufferRoutes } from './buffers/routes.ts';
import { pickUpRoutes } from './pickups/routes.ts';
import { reconditioningRoutes } from './reconditioning/routes.ts';
import { bufferWithdrawalRoutes } from './buffer-withdrawals/routes.ts';
import { purchasingRoutes } from './purchasing/routes.ts';
import { transportRoutes } from './transport/routes.ts';
import { maintenanceRoutes } from './maintenance/routes.ts';
import { CUSTOMER_SERVICE, EQUIVALENT_EDITORS, MESSAGE_SENDERS, ORDER_HANDLERS, PLANNERS, RULE_EDITORS, WAREHOUSE } from './roles.ts';
import { CENTRE } from '../platform/auth/access.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };

const receipt = z.object({ accepted: z.literal(true), duplicate: z.boolean(), centreOrderNumber: z.string().nullable() });

/**
 * Thin routes: validate, call one use case, return its result. `deps` are what the composition root passes in
 * from the other side through the contract (the patient directory the REST intake checks a patient against).
 */
/** What the provision side's routes are given at composition (src/app/routes.ts): the contract's ports to the ordering side. */
export interface ProvisionDeps extends SenderDeps {
  /** The files orders were sent with, kept by the ordering side (src/contract/attachment-source.ts). */
  attachments: AttachmentSource;
}

export async function provisionRoutes(app: App, deps: ProvisionDeps) {
  await workOrderRoutes(app);
  await reportRoutes(app);
  await bufferRoutes(app);
  await pickUpRoutes(app);
  await reconditioningRoutes(app);
  await bufferWithdrawalRoutes(app);
  await purchasingRoutes(app);
  await transportRoutes(app);
  await maintenanceRoutes(app);
  app.post(
    '/api/contract/v1/messages',
    {
      // Registered systems call it with a bearer token (issue 18); their scope is checked like a user's.
      config: { access: MESSAGE_SENDERS, systemClients: true },
      schema: {
        tags: ['kontrakt'],
        // A system client's bearer token (POST /oauth/token), or a user's session with its CSRF token.
        security: [{ bearer: [] }, { session: [], csrf: [] }],
        summary: 'Skicka ett ordermeddelande till hjälpmedelscentralen (order.submit, order.cancel)',
        description:
          'Kroppen är ett meddelande enligt kontraktet (src/contract/messages.ts, version 1). Idempotent på messageId: samma meddelande igen ger samma kvitto med duplicate: true. ' +
          'Samma messageId med annat innehåll ger 409 (MESSAGE_ID_CONFLICT). ' +
          'Fel version eller okänd typ ger 400 (UNSUPPORTED_VERSION, UNKNOWN_TYPE); ett ogiltigt eller otillåtet meddelande 422 (INVALID, NOT_ALLOWED, UNKNOWN_ORDER), och inget sparas. ' +
          'Anroparen är förskrivare eller beställare (inloggad användare eller systemklient med de rollerna) och kopplad till meddelandets kund. Meddelandet kontrolleras som webbens beställning: ' +
          'ordertypen mot anroparens roller (403 FORBIDDEN), individer, leveranspunkt och buffertförråd inom kundens vårdgivare (403 UNIT_OTHER_CARE_PROVIDER, 422 INVALID), ' +
          'patienten mot folkbokföringen med vårdrelation (404 PATIENT_NOT_FOUND, 403 CARE_RELATIONSHIP_REQUIRED) och läsningen loggas. Beställaren (orderedBy, by) är alltid anroparen, aldrig kroppens uppgift.',
        body: z.looseObject({ contractVersion: z.unknown(), type: z.unknown() }).describe('Ordermeddelande enligt kontraktet'),
        response: { 202: receipt, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(202).send(await submitContractMessage(req.ctx, deps, req.body)),
  );

  const tags = ['hjälpmedelscentralen'];
  app.get(
    '/api/provision/queues/:queue',
    {
      config: { access: ORDER_HANDLERS },
      schema: {
        tags,
        summary: 'Arbetskö: öppna orderrader, kortast tidsfrist först',
        params: queueParams,
        querystring: queueQuery,
        response: { 200: queuePage, ...errors },
      },
    },
    (req) => listQueue(req.ctx, req.params.queue, req.query),
  );
  app.get(
    '/api/provision/orders/:id',
    {
      config: { access: ORDER_HANDLERS },
      schema: { tags, summary: 'Order med rader, patient och händelser', params: uuidParam, response: { 200: centreOrderView, ...errors } },
    },
    (req) => getCentreOrder(req.ctx, req.params.id),
  );
  app.get(
    '/api/provision/orders/:id/handover-receipt.pdf',
    {
      config: { access: ORDER_HANDLERS },
      schema: {
        tags,
        summary: 'Utlämningskvitto (PDF, A4) för det som har levererats på ordern, att skriva under vid lämningen',
        params: uuidParam,
        response: { 200: z.any().describe('binary'), ...errors, 409: errorBody },
      },
    },
    async (req, reply) => {
      const { fileName, pdf } = await handoverReceiptPdf(req.ctx, req.params.id);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );
  app.get(
    '/api/provision/orders/:id/attachments/:attachmentId',
    {
      config: { access: ORDER_HANDLERS },
      schema: {
        tags,
        summary: 'Bilaga som ordern skickades med (foto, dokument)',
        params: z.strictObject({ id: z.uuid(), attachmentId: z.uuid() }),
        response: { 200: z.any().describe('Filens innehåll'), ...errors },
      },
    },
    async (req, reply) => sendAttachment(reply, await getOrderAttachment(req.ctx, deps.attachments, req.params.id, req.params.attachmentId)),
  );
  app.post(
    '/api/provision/orders/:id/cancel',
    {
      config: { access: CUSTOMER_SERVICE },
      schema: {
        tags,
        summary: 'Makulera order eller rader med orsak (t.ex. bomkörning)',
        params: uuidParam,
        body: cancelInput,
        response: { 200: z.object({ cancelledLineIds: z.array(z.uuid()) }), ...writeErrors },
      },
    },
    (req) => cancelCentreOrder(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/orders/:id/acknowledge',
    {
      config: { access: CUSTOMER_SERVICE },
      schema: { tags, summary: 'Kvittera en akut order', params: uuidParam, body: noBody, response: { 200: acknowledgeResult, ...writeErrors } },
    },
    (req) => acknowledgeUrgent(req.ctx, req.params.id),
  );
  app.post(
    '/api/provision/lines/:id/planned-date',
    {
      config: { access: PLANNERS },
      schema: {
        tags,
        summary: 'Sätt planerat leveransdatum (skickar plannedDate)',
        params: uuidParam,
        body: plannedDateInput,
        response: { 200: plannedDateResult, ...writeErrors },
      },
    },
    (req) => setPlannedDate(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/provision/lines/:id/suggestions',
    {
      config: { access: PLANNERS },
      schema: { tags, summary: 'Ersättningskedjans förslag på individer för raden', params: uuidParam, response: { 200: suggestionsView, ...errors } },
    },
    (req) => suggestUnits(req.ctx, req.params.id),
  );
  app.post(
    '/api/provision/lines/:id/reserve',
    {
      config: { access: WAREHOUSE },
      schema: {
        tags,
        summary: 'Reservera individer för raden (utan unitIds: ersättningskedjan väljer)',
        params: uuidParam,
        body: reserveInput,
        response: { 200: fillResult, ...writeErrors },
      },
    },
    (req) => reserveUnits(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/lines/:id/release',
    {
      config: { access: WAREHOUSE },
      schema: { tags, summary: 'Släpp radens reservationer', params: uuidParam, body: releaseInput, response: { 200: fillResult, ...writeErrors } },
    },
    (req) => releaseUnits(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/lines/:id/deliver',
    {
      config: { access: WAREHOUSE },
      schema: {
        tags,
        summary: 'Leveranskvittens (med serienummer); delleverans möjlig',
        params: uuidParam,
        body: deliverInput,
        response: { 200: deliverResult, ...writeErrors },
      },
    },
    (req) => deliverLine(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/provision/warehouses',
    { config: { access: CENTRE }, schema: { tags, summary: 'Lager', response: { 200: z.array(warehouseView), ...errors } } },
    (req) => listWarehouses(req.ctx),
  );
  app.post(
    '/api/provision/units/receipts',
    {
      config: { access: WAREHOUSE },
      schema: { tags, summary: 'Inleverans av nya individer', body: goodsReceiptInput, response: { 201: goodsReceiptResult, ...writeErrors } },
    },
    async (req, reply) => reply.status(201).send(await receiveUnits(req.ctx, req.body)),
  );
  app.get(
    '/api/provision/units',
    { config: { access: CENTRE }, schema: { tags, summary: 'Individer', querystring: unitListQuery, response: { 200: unitListPage, ...errors } } },
    (req) => listUnits(req.ctx, req.query),
  );
  app.get(
    '/api/provision/units/:id',
    { config: { access: CENTRE }, schema: { tags, summary: 'Individkort', params: uuidParam, response: { 200: unitCard, ...errors } } },
    (req) => getUnit(req.ctx, req.params.id),
  );
  app.post(
    '/api/provision/units/:id/write-off',
    {
      config: { access: WAREHOUSE },
      schema: { tags, summary: 'Skriv av en individ med kod', params: uuidParam, body: writeOffInput, response: { 200: writeOffResult, ...writeErrors } },
    },
    (req) => writeOffUnit(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/provision/stock',
    {
      config: { access: CENTRE },
      schema: { tags, summary: 'Lagersaldon och individer i lager', querystring: stockQuery, response: { 200: z.array(stockRow), ...errors } },
    },
    (req) => listStock(req.ctx, req.query),
  );
  app.get(
    '/api/provision/stock/ledger',
    {
      config: { access: CENTRE },
      schema: { tags, summary: 'Lagerreskontra för en artikel i ett lager', querystring: ledgerQuery, response: { 200: ledgerView, ...errors } },
    },
    (req) => stockLedger(req.ctx, req.query),
  );
  app.post(
    '/api/provision/stock/transactions',
    {
      config: { access: WAREHOUSE },
      schema: {
        tags,
        summary: 'Inleverans eller justering av lagersaldo (ej individmärkta)',
        body: stockTransactionInput,
        response: { 201: z.object({ balance: z.number() }), ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await postStockTransaction(req.ctx, req.body)),
  );

  app.get(
    '/api/provision/equivalents/:articleId',
    {
      config: { access: CENTRE },
      schema: {
        tags,
        summary: 'Likvärdiga artiklar (ersättningskedjan)',
        params: z.strictObject({ articleId: z.uuid() }),
        response: { 200: equivalentsView, ...errors },
      },
    },
    (req) => getEquivalents(req.ctx, req.params.articleId),
  );
  app.put(
    '/api/provision/equivalents/:articleId',
    {
      config: { access: EQUIVALENT_EDITORS },
      schema: {
        tags,
        summary: 'Ange likvärdiga artiklar',
        params: z.strictObject({ articleId: z.uuid() }),
        body: equivalentsInput,
        response: { 200: equivalentsView, ...writeErrors },
      },
    },
    (req) => setEquivalents(req.ctx, req.params.articleId, req.body),
  );
  app.get(
    '/api/provision/settings/time-limits',
    { config: { access: CENTRE }, schema: { tags, summary: 'Tidsgränser', response: { 200: timeLimitsView, ...errors } } },
    (req) => getTimeLimits(req.ctx),
  );
  app.put(
    '/api/provision/settings/time-limits',
    {
      config: { access: RULE_EDITORS },
      schema: {
        tags,
        summary: 'Ändra tidsgränser (ny regelversion, som PUT /api/provision/rules/time-limits)',
        body: timeLimitsInput,
        response: { 200: timeLimitsView, ...writeErrors },
      },
    },
    async (req) => {
      await setRuleTimeLimits(req.ctx, req.body);
      return loadTimeLimits(req.ctx.db);
    },
  );
  await ruleRoutes(app);
}
