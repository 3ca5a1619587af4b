import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { basisFormats, basisListItem, downloadBasis, listBases } from '../basis/download.ts';
import { periodParam } from '../runs/preview.ts';
import { BASIS_READERS } from '../roles.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const tags = ['fakturering – kundernas system'];
const security: { [k: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

/**
 * The invoice bases for the customers' own systems (issue 12 item 6), version 1 of a documented API
 * (docs/billing.md, "Customer API"). A registered system client (POST /oauth/token, roles prescriber or
 * orderer, tied to its customer numbers) or a logged-in user lists a period's bases and fetches the files.
 * The scope is the same as on the web: only the caller's own customer numbers, closed months only.
 * Version 1 is kept as it is: a change that breaks a receiver is a new /v2 beside it.
 */
export async function customerApiRoutes(app: App) {
  app.get(
    '/api/billing/v1/bases',
    {
      config: { access: BASIS_READERS, systemClients: true },
      schema: {
        tags,
        security,
        summary: 'v1: en periods fakturaunderlag för anroparens kundnummer',
        description:
          'Listar de stängda månadernas underlag för anroparens kundnummer (utan period: alla). Varje post har länkar till filerna (xlsx, csv, pdf). ' +
          'Ett underlag ändras aldrig när månaden är stängd; rättelser kommer som kreditrader i en senare månads underlag.',
        querystring: z.strictObject({ period: periodParam.shape.period.optional() }),
        response: {
          200: z.object({
            apiVersion: z.literal(1),
            bases: z.array(basisListItem.extend({ files: z.object({ xlsx: z.string(), csv: z.string(), pdf: z.string() }) })),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const bases = await listBases(req.ctx, req.query.period);
      return {
        apiVersion: 1 as const,
        bases: bases.map((b) => {
          const base = `/api/billing/v1/bases/${b.period}/${encodeURIComponent(b.customerNumber)}`;
          return { ...b, files: { xlsx: `${base}/xlsx`, csv: `${base}/csv`, pdf: `${base}/pdf` } };
        }),
      };
    },
  );
  app.get(
    '/api/billing/v1/bases/:period/:customerNumber/:format',
    {
      config: { access: BASIS_READERS, systemClients: true },
      schema: {
        tags,
        security,
        summary: 'v1: ett fakturaunderlag som fil (xlsx, csv eller pdf)',
        description: 'Ett annat kundnummers underlag, eller en månad som inte är stängd, ger 404. Varje hämtning loggas.',
        params: z.strictObject({ period: periodParam.shape.period, customerNumber: z.string().min(1).max(40), format: z.enum(basisFormats) }),
        response: { 200: z.any().describe('Filen'), ...errors },
      },
    },
    async (req, reply) => {
      const f = await downloadBasis(req.ctx, req.params.period, req.params.customerNumber, req.params.format);
      return reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.body);
    },
  );
}
