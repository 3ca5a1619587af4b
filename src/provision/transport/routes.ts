import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { DRIVERS, TRANSPORT_PLANNERS, TRANSPORT_READERS } from '../roles.ts';
import { confirmInput, confirmResult, confirmStop } from './confirm-stop.ts';
import { addStop, addStopInput, editResult, moveInput, moveStop, removeStop } from './edit-run.ts';
import { planInput, planResult, planRuns } from './plan-runs.ts';
import { getRun, listDriverRuns, listRuns, runSummary, runView, runsQuery } from './runs.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };
const tags = ['hjälpmedelscentralen'];
const runParam = z.strictObject({ id: z.uuid() });
const stopParams = z.strictObject({ id: z.uuid(), stopId: z.uuid() });

/** Delivery runs (körningar): planning and editing at the centre, the driver's page. Thin routes. */
export async function transportRoutes(app: App) {
  app.post(
    '/api/provision/transport/plan',
    {
      config: { access: TRANSPORT_PLANNERS },
      schema: {
        tags,
        summary: 'Planera dagens körningar (nya stopp läggs till, kvitterade lämnas orörda)',
        body: planInput,
        response: { 200: planResult, ...writeErrors },
      },
    },
    (req) => planRuns(req.ctx, req.body),
  );
  app.get(
    '/api/provision/transport/runs',
    {
      config: { access: TRANSPORT_READERS },
      schema: {
        tags,
        summary: 'Dagens körningar per område med hur många stopp som är klara',
        querystring: runsQuery,
        response: { 200: z.array(runSummary), ...errors },
      },
    },
    (req) => listRuns(req.ctx, req.query),
  );
  app.get(
    '/api/provision/transport/my-runs',
    {
      config: { access: DRIVERS },
      schema: { tags, summary: 'Chaufförens körningar i dag (egna och ännu inte tagna)', response: { 200: z.array(runSummary), ...errors } },
    },
    (req) => listDriverRuns(req.ctx),
  );
  app.get(
    '/api/provision/transport/runs/:id',
    {
      config: { access: [...TRANSPORT_READERS, ...DRIVERS] },
      schema: {
        tags,
        summary: 'Körningen: stoppen i turordning med adresser, och lastlistan (läsningen loggas)',
        params: runParam,
        response: { 200: runView, ...errors },
      },
    },
    (req) => getRun(req.ctx, req.params.id),
  );
  app.post(
    '/api/provision/transport/runs/:id/stops',
    {
      config: { access: TRANSPORT_PLANNERS },
      schema: {
        tags,
        summary: 'Lägg till en order som stopp sist i körningen',
        params: runParam,
        body: addStopInput,
        response: { 200: editResult, ...writeErrors },
      },
    },
    (req) => addStop(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/transport/runs/:id/stops/:stopId/move',
    {
      config: { access: TRANSPORT_PLANNERS },
      schema: {
        tags,
        summary: 'Flytta ett ej kvitterat stopp i turordningen',
        params: stopParams,
        body: moveInput,
        response: { 200: editResult, ...writeErrors },
      },
    },
    (req) => moveStop(req.ctx, req.params.id, req.params.stopId, req.body),
  );
  app.delete(
    '/api/provision/transport/runs/:id/stops/:stopId',
    {
      config: { access: TRANSPORT_PLANNERS },
      schema: {
        tags,
        summary: 'Ta bort ett ej kvitterat stopp från körningen',
        params: stopParams,
        response: { 200: editResult, ...writeErrors },
      },
    },
    (req) => removeStop(req.ctx, req.params.id, req.params.stopId),
  );
  app.post(
    '/api/provision/transport/runs/:id/stops/:stopId/confirm',
    {
      config: { access: DRIVERS },
      schema: {
        tags,
        summary: 'Chauffören kvitterar ett stopp: levererat, hämtat eller ingen hemma (idempotent på confirmationId)',
        params: stopParams,
        body: confirmInput,
        response: { 200: confirmResult, ...writeErrors },
      },
    },
    (req) => confirmStop(req.ctx, req.params.id, req.params.stopId, req.body),
  );
}
