import { PassThrough } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { uuidParam } from '../../platform/http/schemas.ts';
import { requireTemplateAccess, TEMPLATE_FILE_NAME, writeImportTemplate, XLSX_CONTENT_TYPE } from './excel-template.ts';
import { importBatchListItem, importBatchView, importListQuery, uploadQuery } from './import-schemas.ts';
import { importLimits } from './limits.ts';
import { getImportBatch, listImportBatches } from './list-imports.ts';
import { publishImportBatch } from './publish-import.ts';
import { uploadCatalogueImport } from './upload-import.ts';
import { IMPORTERS } from '../articles/visibility.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** Catalogue import for the assortment role (and system administrators): thin routes over the use cases. */
export async function importRoutes(app: App) {
  const tags = ['artikelregister'];
  // Multipart only for this plugin's routes; the size is checked per request (importLimits.uploadBytes).
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 0, parts: 2, fieldSize: 1024, headerPairs: 100 } });

  app.post(
    '/api/catalogue/imports',
    {
      config: { access: IMPORTERS },
      schema: {
        tags,
        summary: 'Ladda upp en katalogfil (Bistå-XML eller leverantörsmallen i Excel) som multipart/form-data',
        description:
          'Filen valideras (och publiceras med ?publish=true om den är giltig). Svaret är importen med valideringsrapporten; ' +
          'status invalid betyder fel i filen och att katalogen är oförändrad. Högst 200 MB; större filer med bista import-catalogue.',
        consumes: ['multipart/form-data'],
        querystring: uploadQuery,
        response: { 201: importBatchView, ...errors, 413: errorBody, 415: errorBody },
      },
    },
    async (req, reply) => {
      const batch = await uploadCatalogueImport(req.ctx, {
        publish: req.query.publish === 'true',
        receive: async () => {
          const part = await req.file({ limits: { fileSize: importLimits.uploadBytes } });
          return part ? { filename: part.filename, file: part.file } : undefined;
        },
      });
      return reply.status(201).send(batch);
    },
  );

  app.get(
    '/api/catalogue/imports',
    {
      config: { access: IMPORTERS },
      schema: { tags, summary: 'Importer, senaste först', querystring: importListQuery, response: { 200: z.array(importBatchListItem), ...errors } },
    },
    (req) => listImportBatches(req.ctx, req.query),
  );

  app.get(
    '/api/catalogue/imports/template.xlsx',
    {
      config: { access: IMPORTERS },
      schema: {
        tags,
        summary: 'Leverantörsmallen i Excel (bladen Artiklar, Priser och Instruktioner)',
        produces: [XLSX_CONTENT_TYPE],
      },
    },
    async (req, reply) => {
      requireTemplateAccess(req.ctx);
      const out = new PassThrough();
      void writeImportTemplate(out).catch((err) => out.destroy(err as Error));
      return reply
        .type(XLSX_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="${TEMPLATE_FILE_NAME}"`)
        .header('cache-control', 'no-cache')
        .send(out);
    },
  );

  app.get(
    '/api/catalogue/imports/:id',
    {
      config: { access: IMPORTERS },
      schema: { tags, summary: 'En import med valideringsrapport och ändringsrapport', params: uuidParam, response: { 200: importBatchView, ...errors } },
    },
    (req) => getImportBatch(req.ctx, req.params.id),
  );

  app.post(
    '/api/catalogue/imports/:id/publish',
    {
      config: { access: IMPORTERS },
      schema: {
        tags,
        summary: 'Publicera en validerad import (valideras igen mot katalogen som den är nu; allt eller inget)',
        params: uuidParam,
        response: { 200: importBatchView, ...errors },
      },
    },
    (req) => publishImportBatch(req.ctx, req.params.id),
  );
}
