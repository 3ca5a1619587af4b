import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { noBody, uuidParam } from '../../platform/http/schemas.ts';
import { caseListQuery, caseSummary, caseView, getCase, listCases } from './cases.ts';
import { addCaseNote, answerCase, assignCase, caseAnswerInput, caseNoteInput, caseStepResult } from './handle-case.ts';
import { handleLostDevice, lostDeviceInput, lostDeviceResult, reRegisterInput, reRegisterLostUnit, reRegisterResult } from './lost-device.ts';
import { CASE_HANDLERS, LOST_DEVICE_HANDLERS } from '../roles.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };

/** Reports (ärenden): fault reports, deviations and lost-device reports. Thin routes. */
export async function reportRoutes(app: App) {
  const tags = ['hjälpmedelscentralen'];
  app.get(
    '/api/provision/cases',
    {
      config: { access: CASE_HANDLERS },
      schema: {
        tags,
        summary: 'Ärenden: felrapporter, avvikelser och förkomna hjälpmedel',
        querystring: caseListQuery,
        response: { 200: z.array(caseSummary), ...errors },
      },
    },
    (req) => listCases(req.ctx, req.query),
  );
  app.get(
    '/api/provision/cases/:id',
    {
      config: { access: CASE_HANDLERS },
      schema: { tags, summary: 'Ett ärende med anteckningar, individer och händelser', params: uuidParam, response: { 200: caseView, ...errors } },
    },
    (req) => getCase(req.ctx, req.params.id),
  );
  app.post(
    '/api/provision/cases/:id/assign',
    {
      config: { access: CASE_HANDLERS },
      schema: { tags, summary: 'Ta ärendet (bli handläggare)', params: uuidParam, body: noBody, response: { 200: caseStepResult, ...writeErrors } },
    },
    (req) => assignCase(req.ctx, req.params.id),
  );
  app.post(
    '/api/provision/cases/:id/notes',
    {
      config: { access: CASE_HANDLERS },
      schema: {
        tags,
        summary: 'Anteckning i ärendet',
        params: uuidParam,
        body: caseNoteInput,
        response: { 201: z.object({ id: z.uuid(), text: z.string(), at: z.string(), actorLabel: z.string() }), ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await addCaseNote(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/provision/cases/:id/answer',
    {
      config: { access: CASE_HANDLERS },
      schema: {
        tags,
        summary: 'Avsluta felrapport eller avvikelse med svar till rapportören (skickar answered)',
        params: uuidParam,
        body: caseAnswerInput,
        response: { 200: caseStepResult, ...writeErrors },
      },
    },
    (req) => answerCase(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/cases/:id/write-off',
    {
      config: { access: LOST_DEVICE_HANDLERS },
      schema: {
        tags,
        summary: 'Hantera anmälan om förkommet: skriv av individerna (förlust enligt anmälan, skickar writtenOff)',
        params: uuidParam,
        body: lostDeviceInput,
        response: { 200: lostDeviceResult, ...writeErrors },
      },
    },
    (req) => handleLostDevice(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/provision/lines/:id/re-register',
    {
      config: { access: LOST_DEVICE_HANDLERS },
      schema: {
        tags,
        summary: 'Återfunnen individ: registrera den på patienten igen inom tre månader (skickar registeredOnPatient)',
        params: uuidParam,
        body: reRegisterInput,
        response: { 200: reRegisterResult, ...writeErrors },
      },
    },
    (req) => reRegisterLostUnit(req.ctx, req.params.id, req.body),
  );
}
