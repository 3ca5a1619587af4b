import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { periodParam } from '../runs/preview.ts';
import { basisFormats, basisListItem, downloadBasis, listBases, summaryWorkbook } from './download.ts';
import { BASIS_READERS, FINANCE } from '../roles.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const tags = ['fakturering'];

export async function basisRoutes(app: App) {
  app.get(
    '/api/billing/bases',
    {
      config: { access: BASIS_READERS },
      schema: {
        tags,
        summary: 'Fakturaunderlag som anroparen får se',
        description: 'Ekonomi ser alla kunders underlag (även utkast); kundens egna användare bara sina kundnummers underlag för stängda månader.',
        querystring: z.strictObject({ period: periodParam.shape.period.optional() }),
        response: { 200: z.array(basisListItem), ...errors },
      },
    },
    (req) => listBases(req.ctx, req.query.period),
  );
  app.get(
    '/api/billing/bases/:period/:customerNumber/:format',
    {
      config: { access: BASIS_READERS },
      schema: {
        tags,
        summary: 'Ladda ned ett kundnummers fakturaunderlag (xlsx, csv eller pdf)',
        params: z.strictObject({ period: periodParam.shape.period, customerNumber: z.string().min(1).max(40), format: z.enum(basisFormats) }),
        response: { 200: z.any().describe('Filen'), ...errors },
      },
    },
    async (req, reply) => {
      const f = await downloadBasis(req.ctx, req.params.period, req.params.customerNumber, req.params.format);
      return reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.body);
    },
  );
  app.get(
    '/api/billing/months/:period/summary.xlsx',
    {
      config: { access: FINANCE },
      schema: {
        tags,
        summary: 'Sammanställning av alla kunders underlag i en arbetsbok (ekonomi)',
        params: periodParam,
        response: { 200: z.any().describe('Arbetsboken'), ...errors },
      },
    },
    async (req, reply) => {
      const f = await summaryWorkbook(req.ctx, req.params.period);
      return reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.body);
    },
  );
}
