import { z } from 'zod';
import type { App } from '../platform/http/app.ts';
import { errorBody } from '../platform/http/app.ts';
import { uuidParam } from '../platform/http/schemas.ts';
import { costRuleInput, costRuleUpdate, costRuleView, createCostRule, listCostRules, updateCostRule } from './cost-rules/cost-rules.ts';
import { addServicePrice, listServicePrices, servicePriceInput, servicePriceView } from './prices/service-prices.ts';
import { closeInput, closeMonth, closeResult } from './runs/close-month.ts';
import { correctInput, correctLine, correctResult } from './runs/correct-line.ts';
import { getMonth, listMonths, monthView, periodParam } from './runs/preview.ts';
import { runMonth } from './runs/run-month.ts';
import { billingSettingsInput, billingSettingsView, getBillingSettings, setBillingSettings } from './settings.ts';
import { basisRoutes } from './basis/routes.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };
const tags = ['fakturering'];

/** Billing's thin routes (issue 12): prices and rules, the monthly run, close, corrections, the bases. */
export async function billingRoutes(app: App) {
  await basisRoutes(app);
  app.get('/api/billing/service-prices', { schema: { tags, summary: 'Tjänsteprislistan med giltighetsversioner', response: { 200: z.array(servicePriceView), ...errors } } }, (req) =>
    listServicePrices(req.ctx),
  );
  app.post(
    '/api/billing/service-prices',
    { schema: { tags, summary: 'Ny prisversion för en tjänst eller avgift (ekonomi, sortiment)', body: servicePriceInput, response: { 201: servicePriceView, ...writeErrors } } },
    async (req, reply) => reply.status(201).send(await addServicePrice(req.ctx, req.body)),
  );
  app.get('/api/billing/settings', { schema: { tags, summary: 'Faktureringens inställningar', response: { 200: billingSettingsView, ...errors } } }, (req) => getBillingSettings(req.ctx));
  app.put(
    '/api/billing/settings',
    { schema: { tags, summary: 'Ändra delmånadsberäkning och patientuppgifter i underlaget (ekonomi)', body: billingSettingsInput, response: { 200: billingSettingsView, ...writeErrors } } },
    (req) => setBillingSettings(req.ctx, req.body),
  );
  app.get('/api/billing/cost-rules', { schema: { tags, summary: 'Regler för kostnadsansvar', response: { 200: z.array(costRuleView), ...errors } } }, (req) => listCostRules(req.ctx));
  app.post(
    '/api/billing/cost-rules',
    { schema: { tags, summary: 'Ny regel för kostnadsansvar', body: costRuleInput, response: { 201: costRuleView, ...writeErrors } } },
    async (req, reply) => reply.status(201).send(await createCostRule(req.ctx, req.body)),
  );
  app.put(
    '/api/billing/cost-rules/:id',
    { schema: { tags, summary: 'Ändra en regel för kostnadsansvar', params: uuidParam, body: costRuleUpdate, response: { 200: costRuleView, ...writeErrors } } },
    (req) => updateCostRule(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/billing/months',
    { schema: { tags, summary: 'Faktureringsmånader', response: { 200: z.array(z.object({ period: z.string(), state: z.enum(['draft', 'closed']), version: z.number(), closedAt: z.string().nullable() })), ...errors } } },
    (req) => listMonths(req.ctx),
  );
  app.get('/api/billing/months/:period', { schema: { tags, summary: 'En månads underlag: summor per kund och saknade priser', params: periodParam, response: { 200: monthView, ...errors } } }, (req) =>
    getMonth(req.ctx, req.params.period),
  );
  app.post(
    '/api/billing/months/:period/run',
    {
      schema: {
        tags,
        summary: 'Förhandsgranska: räkna (om) månadens utkast',
        description: 'Räknar alla rader ur händelserna; ett utkast kan räknas om, en stängd månad inte (409). Samma månad två gånger ger samma underlag.',
        params: periodParam,
        body: z.strictObject({}).nullish(),
        response: { 200: monthView, ...writeErrors },
      },
    },
    async (req) => {
      await runMonth(req.ctx, req.params.period);
      return getMonth(req.ctx, req.params.period);
    },
  );
  app.post(
    '/api/billing/months/:period/close',
    {
      schema: {
        tags,
        summary: 'Stäng månaden: underlaget låses och ändras aldrig',
        description: 'Vägras (409) om något saknar pris (listan säger vad), om månaden räknats om sedan förhandsgranskningen, eller om någon annan just stängt den.',
        params: periodParam,
        body: closeInput,
        response: { 200: closeResult, ...writeErrors },
      },
    },
    (req) => closeMonth(req.ctx, req.params.period, req.body),
  );
  app.post(
    '/api/billing/lines/:id/correct',
    {
      schema: {
        tags,
        summary: 'Rätta en rad i en stängd månad: kreditrad och ny rad i nästa öppna månad',
        params: z.strictObject({ id: z.coerce.number().int().min(1) }),
        body: correctInput,
        response: { 200: correctResult, ...writeErrors },
      },
    },
    (req) => correctLine(req.ctx, req.params.id, req.body),
  );
}
