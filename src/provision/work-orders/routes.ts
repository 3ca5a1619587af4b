import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { uuidParam } from '../../platform/http/schemas.ts';
import { workOrderStates } from './schema.ts';
import { bookInput, bookWorkOrder } from './book-work-order.ts';
import { cancelWorkOrder, cancelWorkOrderInput } from './cancel-work-order.ts';
import { closeWorkOrder, finishInput, finishWorkOrder } from './finish-work-order.ts';
import { getWorkOrder, workOrderView } from './get-work-order.ts';
import { ceQuestionInput, noteCeQuestion, quoteInput, recordRiskAnalysis, riskAnalysisInput, sendQuote } from './special-adaptation.ts';
import { startWorkOrder, versionInput } from './start-work-order.ts';
import type { Access } from '../../platform/auth/access.ts';
import { ORDER_HANDLERS, WORK_ORDER_CANCELLERS, WORK_ORDER_HANDLERS } from '../roles.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };
const stepResult = z.object({ orderId: z.uuid(), state: z.enum(workOrderStates), version: z.number() });
const tags = ['arbetsorder'];

/**
 * The technician's work orders (thin routes). There is deliberately no route that changes a work order's
 * type: a wrong type is cancelled with the reason 'wrongWorkOrderType' and the prescriber sends a new one.
 */
export async function workOrderRoutes(app: App) {
  const step = <B extends z.ZodType>(
    path: string,
    access: Access,
    summary: string,
    body: B,
    run: (ctx: Parameters<typeof getWorkOrder>[0], id: string, input: z.infer<B>) => Promise<z.infer<typeof stepResult>>,
  ) =>
    app.post(
      `/api/provision/work-orders/:id/${path}`,
      { config: { access }, schema: { tags, summary, params: uuidParam, body, response: { 200: stepResult, ...writeErrors } } },
      (req) => run(req.ctx, req.params.id, req.body as z.infer<B>),
    );

  app.get(
    '/api/provision/work-orders/:id',
    {
      config: { access: ORDER_HANDLERS },
      schema: { tags, summary: 'Arbetsorder: uppdrag, enheter, tidsgränser, steg', params: uuidParam, response: { 200: workOrderView, ...errors } },
    },
    (req) => getWorkOrder(req.ctx, req.params.id),
  );
  step('book', WORK_ORDER_HANDLERS, 'Boka tid med tekniker (skickar workOrderBooked)', bookInput, bookWorkOrder);
  step('start', WORK_ORDER_HANDLERS, 'Påbörja arbetet / tillverkningen (skickar workOrderStarted)', versionInput, startWorkOrder);
  step('done', WORK_ORDER_HANDLERS, 'Utfört: anteckningar, tid och material (skickar workOrderDone)', finishInput, finishWorkOrder);
  step('close', WORK_ORDER_HANDLERS, 'Avsluta en utförd arbetsorder', versionInput, closeWorkOrder);
  step('cancel', WORK_ORDER_CANCELLERS, 'Makulera med orsak (fel typ, patienten gick inte att nå, underlag saknas)', cancelWorkOrderInput, cancelWorkOrder);
  step('risk-analysis', WORK_ORDER_HANDLERS, 'Specialanpassning: teknisk riskanalys', riskAnalysisInput, recordRiskAnalysis);
  step('quote', WORK_ORDER_HANDLERS, 'Specialanpassning: skicka offert till kostnadsansvarig (skickar quoteSent)', quoteInput, sendQuote);
  step('ce-question', WORK_ORDER_HANDLERS, 'Specialanpassning: CE-fråga till tillverkaren', ceQuestionInput, noteCeQuestion);
}
