import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { timeLimitsInput } from '../due-dates/time-limits.ts';
import { checklistsInput } from '../maintenance/checklists.ts';
import { CENTRE_READERS, RULE_EDITORS } from '../roles.ts';
import {
  codeLabelInput,
  codeListParam,
  getRules,
  officeHoursInput,
  queueRoutingInput,
  rulesView,
  setCodeLabel,
  setInspectionChecklists,
  setOfficeHours,
  setQueueRouting,
  setRuleTimeLimits,
  setWorkOrderType,
  workOrderTypeInput,
} from './edit-rules.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };
const tags = ['provision'];

/** The rules as data (issue 15): read by the centre, changed by system administration and the function coordinator. */
export async function ruleRoutes(app: App) {
  app.get(
    '/api/provision/rules',
    { config: { access: CENTRE_READERS }, schema: { tags, summary: 'Regler: aktuell version och senaste ändringar', response: { 200: rulesView, ...errors } } },
    (req) => getRules(req.ctx),
  );
  app.put(
    '/api/provision/rules/work-order-types/:code',
    {
      config: { access: RULE_EDITORS },
      schema: {
        tags,
        summary: 'Ändra en arbetsordertyp (ny regelversion)',
        params: z.strictObject({ code: z.string().max(40) }),
        body: workOrderTypeInput,
        response: { 200: rulesView, ...writeErrors },
      },
    },
    (req) => setWorkOrderType(req.ctx, req.params.code, req.body),
  );
  app.put(
    '/api/provision/rules/time-limits',
    {
      config: { access: RULE_EDITORS },
      schema: { tags, summary: 'Ändra tidsgränser (ny regelversion)', body: timeLimitsInput, response: { 200: rulesView, ...writeErrors } },
    },
    (req) => setRuleTimeLimits(req.ctx, req.body),
  );
  app.put(
    '/api/provision/rules/office-hours',
    {
      config: { access: RULE_EDITORS },
      schema: {
        tags,
        summary: 'Ändra kontorstid för gränser i arbetstimmar (ny regelversion)',
        body: officeHoursInput,
        response: { 200: rulesView, ...writeErrors },
      },
    },
    (req) => setOfficeHours(req.ctx, req.body),
  );
  app.put(
    '/api/provision/rules/code-lists/:list/:code',
    {
      config: { access: RULE_EDITORS },
      schema: {
        tags,
        summary: 'Ändra en felkategori, ett avvikelseslag eller en makuleringsorsak (ny regelversion)',
        params: z.strictObject({ list: codeListParam, code: z.string().max(40) }),
        body: codeLabelInput,
        response: { 200: rulesView, ...writeErrors },
      },
    },
    (req) => setCodeLabel(req.ctx, req.params.list, req.params.code, req.body),
  );
  app.put(
    '/api/provision/rules/queue-routing',
    {
      config: { access: RULE_EDITORS },
      schema: { tags, summary: 'Ändra vilken kö som hanterar vad (ny regelversion)', body: queueRoutingInput, response: { 200: rulesView, ...writeErrors } },
    },
    (req) => setQueueRouting(req.ctx, req.body),
  );
  app.put(
    '/api/provision/rules/inspection-checklists',
    {
      config: { access: RULE_EDITORS },
      schema: {
        tags,
        summary: 'Ändra besiktningsprotokollen per ISO-klass (ny regelversion)',
        body: checklistsInput,
        response: { 200: rulesView, ...writeErrors },
      },
    },
    (req) => setInspectionChecklists(req.ctx, req.body),
  );
}
