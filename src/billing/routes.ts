import { z } from 'zod';
import type { App } from '../platform/http/app.ts';
import { errorBody } from '../platform/http/app.ts';
import { uuidParam } from '../platform/http/schemas.ts';
import { costRuleInput, costRuleUpdate, costRuleView, createCostRule, listCostRules, updateCostRule } from './cost-rules/cost-rules.ts';
import { addServicePrice, listServicePrices, servicePriceInput, servicePriceView } from './prices/service-prices.ts';
import { closeInput, closeMonth, closeResult } from './runs/close-month.ts';
import { correctInput, correctLine, correctResult } from './runs/correct-line.ts';
import { getMonth, listMonths, monthView, periodParam } from './runs/preview.ts';
import { RUN_STEPS, runMonth, runProgress } from './runs/run-month.ts';
import { billingSettingsInput, billingSettingsView, getBillingSettings, setBillingSettings } from './settings.ts';
import { basisRoutes } from './basis/routes.ts';
import { customerApiRoutes } from './customer-api/routes.ts';
import { getItCostSplit, itCostEntry, itCostInput, itCostParams, itCostSplit, itCostSplitWorkbook, listItCosts, setItCost } from './it-cost/it-cost.ts';
import { customerContact, customerContactInput, listCustomerContacts, setCustomerContact } from './notices/close-notice.ts';
import { getMonthLines, monthLines, monthLinesQuery } from './runs/month-lines.ts';
import { costStatistics, costStatisticsWorkbook, getCostStatistics, statisticsQuery } from './statistics/cost-statistics.ts';
import { BASIS_READERS, FINANCE, PRICE_EDITORS } from './roles.ts';
import { CENTRE } from '../platform/auth/access.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };
const tags = ['fakturering'];

/** Billing's thin routes (issue 12): prices and rules, the monthly run, close, corrections, the bases. */
export async function billingRoutes(app: App) {
  await basisRoutes(app);
  await customerApiRoutes(app);
  app.get(
    '/api/billing/months/:period/lines',
    {
      config: { access: FINANCE },
      schema: {
        tags,
        summary: 'Ett kundnummers rader i en månad (ekonomi)',
        params: periodParam,
        querystring: monthLinesQuery,
        response: { 200: monthLines, ...errors },
      },
    },
    (req) => getMonthLines(req.ctx, req.params.period, req.query.customerNumber),
  );
  app.get(
    '/api/billing/customer-contacts',
    {
      config: { access: FINANCE },
      schema: { tags, summary: 'Kontaktadresser för besked om stängd månad', response: { 200: z.array(customerContact), ...errors } },
    },
    (req) => listCustomerContacts(req.ctx),
  );
  app.put(
    '/api/billing/customer-contacts',
    {
      config: { access: FINANCE },
      schema: {
        tags,
        summary: 'Ange eller ta bort ett kundnummers kontaktadress (ekonomi)',
        body: customerContactInput,
        response: { 200: z.array(customerContact), ...writeErrors },
      },
    },
    (req) => setCustomerContact(req.ctx, req.body),
  );
  app.get(
    '/api/billing/it-costs',
    { config: { access: FINANCE }, schema: { tags, summary: 'Angivna IT-kostnader per period', response: { 200: z.array(itCostEntry), ...errors } } },
    (req) => listItCosts(req.ctx),
  );
  app.put(
    '/api/billing/it-costs/:from/:to',
    {
      config: { access: FINANCE },
      schema: {
        tags,
        summary: 'Ange en periods IT-kostnad (ekonomi)',
        params: itCostParams,
        body: itCostInput,
        response: { 200: itCostEntry, ...writeErrors },
      },
    },
    (req) => setItCost(req.ctx, req.params.from, req.params.to, req.body),
  );
  app.get(
    '/api/billing/it-costs/:from/:to/split',
    {
      config: { access: FINANCE },
      schema: {
        tags,
        summary: 'IT-kostnaden fördelad på vårdgivarna efter deras andel av hjälpmedelskostnaden',
        description: 'Delarna summerar exakt till IT-kostnaden (största rest). Bara stängda månader räknas.',
        params: itCostParams,
        response: { 200: itCostSplit, ...errors },
      },
    },
    (req) => getItCostSplit(req.ctx, req.params.from, req.params.to),
  );
  app.get(
    '/api/billing/it-costs/:from/:to/split.xlsx',
    {
      config: { access: FINANCE },
      schema: { tags, summary: 'Fördelningen som Excel', params: itCostParams, response: { 200: z.any().describe('Arbetsboken'), ...errors } },
    },
    async (req, reply) => {
      const f = await itCostSplitWorkbook(req.ctx, req.params.from, req.params.to);
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.body);
    },
  );
  app.get(
    '/api/billing/statistics',
    {
      config: { access: BASIS_READERS },
      schema: {
        tags,
        summary: 'Kostnadsstatistik per kundnummer, månad och ISO-klass (stängda månader)',
        querystring: statisticsQuery,
        response: { 200: costStatistics, ...errors },
      },
    },
    (req) => getCostStatistics(req.ctx, req.query),
  );
  app.get(
    '/api/billing/statistics.xlsx',
    {
      config: { access: BASIS_READERS },
      schema: { tags, summary: 'Kostnadsstatistiken som Excel', querystring: statisticsQuery, response: { 200: z.any().describe('Arbetsboken'), ...errors } },
    },
    async (req, reply) => {
      const f = await costStatisticsWorkbook(req.ctx, req.query);
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.body);
    },
  );
  app.get(
    '/api/billing/service-prices',
    {
      config: { access: CENTRE },
      schema: { tags, summary: 'Tjänsteprislistan med giltighetsversioner', response: { 200: z.array(servicePriceView), ...errors } },
    },
    (req) => listServicePrices(req.ctx),
  );
  app.post(
    '/api/billing/service-prices',
    {
      config: { access: PRICE_EDITORS },
      schema: {
        tags,
        summary: 'Ny prisversion för en tjänst eller avgift (ekonomi, sortiment)',
        body: servicePriceInput,
        response: { 201: servicePriceView, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await addServicePrice(req.ctx, req.body)),
  );
  app.get(
    '/api/billing/settings',
    { config: { access: PRICE_EDITORS }, schema: { tags, summary: 'Faktureringens inställningar', response: { 200: billingSettingsView, ...errors } } },
    (req) => getBillingSettings(req.ctx),
  );
  app.put(
    '/api/billing/settings',
    {
      config: { access: FINANCE },
      schema: {
        tags,
        summary: 'Ändra delmånadsberäkning och patientuppgifter i underlaget (ekonomi)',
        body: billingSettingsInput,
        response: { 200: billingSettingsView, ...writeErrors },
      },
    },
    (req) => setBillingSettings(req.ctx, req.body),
  );
  app.get(
    '/api/billing/cost-rules',
    { config: { access: PRICE_EDITORS }, schema: { tags, summary: 'Regler för kostnadsansvar', response: { 200: z.array(costRuleView), ...errors } } },
    (req) => listCostRules(req.ctx),
  );
  app.post(
    '/api/billing/cost-rules',
    {
      config: { access: PRICE_EDITORS },
      schema: { tags, summary: 'Ny regel för kostnadsansvar', body: costRuleInput, response: { 201: costRuleView, ...writeErrors } },
    },
    async (req, reply) => reply.status(201).send(await createCostRule(req.ctx, req.body)),
  );
  app.put(
    '/api/billing/cost-rules/:id',
    {
      config: { access: PRICE_EDITORS },
      schema: { tags, summary: 'Ändra en regel för kostnadsansvar', params: uuidParam, body: costRuleUpdate, response: { 200: costRuleView, ...writeErrors } },
    },
    (req) => updateCostRule(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/billing/months',
    {
      config: { access: FINANCE },
      schema: {
        tags,
        summary: 'Faktureringsmånader',
        response: {
          200: z.array(z.object({ period: z.string(), state: z.enum(['draft', 'closed']), version: z.number(), closedAt: z.string().nullable() })),
          ...errors,
        },
      },
    },
    (req) => listMonths(req.ctx),
  );
  app.get(
    '/api/billing/months/:period',
    {
      config: { access: FINANCE },
      schema: { tags, summary: 'En månads underlag: summor per kund och saknade priser', params: periodParam, response: { 200: monthView, ...errors } },
    },
    (req) => getMonth(req.ctx, req.params.period),
  );
  app.post(
    '/api/billing/months/:period/run',
    {
      config: { access: FINANCE },
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
  app.get(
    '/api/billing/months/:period/run-progress',
    {
      config: { access: FINANCE },
      schema: {
        tags,
        summary: 'Hur långt en pågående körning av månaden har kommit (null när ingen körs)',
        description: 'Stegen är rent (hyror), oneTime (engångsavgifter) och save (sparar); elapsedMs är tiden sedan körningen började.',
        params: periodParam,
        response: {
          200: z.object({
            progress: z.object({ step: z.number(), steps: z.number(), key: z.enum(RUN_STEPS), elapsedMs: z.number() }).nullable(),
          }),
          ...errors,
        },
      },
    },
    (req) => {
      const p = runProgress(req.params.period);
      return { progress: p ? { ...p, key: p.key as (typeof RUN_STEPS)[number] } : null };
    },
  );
  app.post(
    '/api/billing/months/:period/close',
    {
      config: { access: FINANCE },
      schema: {
        tags,
        summary: 'Stäng månaden: underlaget låses och ändras aldrig',
        description:
          'Vägras (409) om något saknar pris (listan säger vad), om månaden räknats om sedan förhandsgranskningen, eller om någon annan just stängt den.',
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
      config: { access: FINANCE },
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
