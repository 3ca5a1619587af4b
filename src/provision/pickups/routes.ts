import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { uuidParam } from '../../platform/http/schemas.ts';
import {
  foundInput,
  investigationQuery,
  investigationView,
  listInvestigations,
  markFound,
  writeOffAfterInvestigation,
  writeOffInvestigationInput,
} from './investigations.ts';
import { getOrderPickUps, orderPickUpsView } from './order-pick-ups.ts';
import {
  confirmPickUp,
  deregisterInput,
  deregisterPickUp,
  pickUpInput,
  pickUpStepResult,
  reportUnitMissing,
  undoPickUp,
  undoPickUpInput,
  unitMissingInput,
} from './pick-up-actions.ts';
import { ORDER_HANDLERS } from '../roles.ts';
import { INVESTIGATORS, PICK_UP_STAFF } from './roles.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };
const tags = ['hjälpmedelscentralen'];

/** Pick-ups (hämtorder) and the investigations of units missing at pick-up. Thin routes. */
export async function pickUpRoutes(app: App) {
  app.get(
    '/api/provision/orders/:id/pick-ups',
    {
      config: { access: ORDER_HANDLERS },
      schema: {
        tags,
        summary: 'Hämtorderns rader: individ, hyrans stoppdag, tidsgränser, utredning',
        params: uuidParam,
        response: { 200: orderPickUpsView, ...errors },
      },
    },
    (req) => getOrderPickUps(req.ctx, req.params.id),
  );
  app.post(
    '/api/provision/lines/:id/picked-up',
    {
      config: { access: PICK_UP_STAFF },
      schema: {
        tags,
        summary: 'Individen hämtad (skickar pickedUp; med deregister även avregistrerad)',
        params: uuidParam,
        body: pickUpInput,
        response: { 200: pickUpStepResult, ...writeErrors },
      },
    },
    (req) => confirmPickUp(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/lines/:id/deregister',
    {
      config: { access: PICK_UP_STAFF },
      schema: {
        tags,
        summary: 'Avregistrera den hämtade individen från patienten (innehavet upphör, skickar deregistered)',
        params: uuidParam,
        body: deregisterInput,
        response: { 200: pickUpStepResult, ...writeErrors },
      },
    },
    (req) => deregisterPickUp(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/lines/:id/undo-pick-up',
    {
      config: { access: PICK_UP_STAFF },
      schema: {
        tags,
        summary: 'Ångra en hämtning samma dag (bara den som registrerade den): raden väntar på hämtning igen, skickar pickUpUndone',
        params: uuidParam,
        body: undoPickUpInput,
        response: { 200: pickUpStepResult, ...writeErrors },
      },
    },
    (req) => undoPickUp(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/lines/:id/unit-missing',
    {
      config: { access: PICK_UP_STAFF },
      schema: {
        tags,
        summary: 'Individen saknades vid hämtning: raden makuleras, hyran fortsätter, utredning öppnas',
        params: uuidParam,
        body: unitMissingInput,
        response: { 200: pickUpStepResult, ...writeErrors },
      },
    },
    (req) => reportUnitMissing(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/provision/investigations',
    {
      config: { access: ORDER_HANDLERS },
      schema: {
        tags,
        summary: 'Utredningar av individer som saknades vid hämtning',
        querystring: investigationQuery,
        response: { 200: z.array(investigationView), ...errors },
      },
    },
    (req) => listInvestigations(req.ctx, req.query),
  );
  app.post(
    '/api/provision/investigations/:id/found',
    {
      config: { access: INVESTIGATORS },
      schema: {
        tags,
        summary: 'Individen återfunnen och hämtad (skickar pickedUp och deregistered)',
        params: uuidParam,
        body: foundInput,
        response: { 200: investigationView, ...writeErrors },
      },
    },
    (req) => markFound(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/investigations/:id/write-off',
    {
      config: { access: INVESTIGATORS },
      schema: {
        tags,
        summary: 'Avsluta utredningen: skriv av individen (förlust efter utredning, skickar writtenOff)',
        params: uuidParam,
        body: writeOffInvestigationInput,
        response: { 200: investigationView, ...writeErrors },
      },
    },
    (req) => writeOffAfterInvestigation(req.ctx, req.params.id, req.body),
  );
}
