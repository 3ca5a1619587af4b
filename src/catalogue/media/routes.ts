import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { uuidParam } from '../../platform/http/schemas.ts';
import { deleteMedia } from './delete-media.ts';
import { contentDisposition, getMediaContent, notModified } from './get-media-content.ts';
import { listMedia } from './list-media.ts';
import { MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, MB } from './limits.ts';
import { mediaUpdate, mediaView } from './media-schemas.ts';
import { MULTIPART_LIMITS, readUpload } from './multipart.ts';
import { updateMedia } from './update-media.ts';
import { checkUploadAllowed, uploadMedia } from './upload-media.ts';
import { ARTICLE_EDITORS } from '../articles/visibility.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const tags = ['artikelregister'];
/** The bytes are streamed, never serialised; the schema only documents the response. */
const binary = z.any().describe('Filens innehåll');
const PRODUCES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/svg+xml', 'application/pdf'];

/** Images and documents of articles: upload, list, reorder, remove, and serve with long-lived caching. */
export async function mediaRoutes(app: App) {
  // Multipart only here (this plugin's encapsulated context): the rest of the API speaks JSON only.
  await app.register(fastifyMultipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: false });

  app.get(
    '/api/catalogue/articles/:id/media',
    {
      config: { access: 'loggedIn' },
      schema: { tags, summary: 'Artikelns bilder och dokument', params: uuidParam, response: { 200: z.array(mediaView), ...errors } },
    },
    (req) => listMedia(req.ctx, req.params.id),
  );

  app.post(
    '/api/catalogue/articles/:id/media',
    {
      config: { access: ARTICLE_EDITORS },
      schema: {
        tags,
        summary: 'Ladda upp bild eller dokument',
        description:
          `multipart/form-data med fälten kind (image | userManual | prescriberInfo | serviceManual), title (valfri) och file. ` +
          `Bilder: JPEG, PNG, WebP, GIF eller SVG utan skript, högst ${MAX_IMAGE_BYTES / MB} MB. Dokument: PDF, högst ${MAX_DOCUMENT_BYTES / MB} MB. ` +
          `Filtypen avgörs av innehållet. Samma fil två gånger på samma artikel ger den befintliga (200).`,
        consumes: ['multipart/form-data'],
        params: uuidParam,
        response: { 200: mediaView, 201: mediaView, 413: errorBody, 415: errorBody, ...errors },
      },
    },
    async (req, reply) => {
      // Permission and the article first, so a refused upload is not read at all.
      await checkUploadAllowed(req.ctx, req.params.id);
      let upload;
      try {
        upload = await readUpload(req);
      } catch (err) {
        // The rest of an oversized body is not worth reading: answer and close the connection.
        reply.header('connection', 'close');
        throw err;
      }
      const { media, created } = await uploadMedia(req.ctx, { articleId: req.params.id, ...upload });
      return reply.status(created ? 201 : 200).send(media);
    },
  );

  app.patch(
    '/api/catalogue/media/:id',
    {
      config: { access: ARTICLE_EDITORS },
      schema: { tags, summary: 'Ändra titel eller ordning', params: uuidParam, body: mediaUpdate, response: { 200: mediaView, ...errors } },
    },
    (req) => updateMedia(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/catalogue/media/:id',
    {
      config: { access: ARTICLE_EDITORS },
      schema: { tags, summary: 'Ta bort bild eller dokument', params: uuidParam, response: { 204: z.null().describe('Borttagen'), ...errors } },
    },
    async (req, reply) => {
      await deleteMedia(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  for (const variant of ['original', 'thumbnail'] as const) {
    app.get(
      variant === 'original' ? '/api/catalogue/media/:id' : '/api/catalogue/media/:id/thumbnail',
      {
        config: { access: 'loggedIn' },
        schema: {
          tags,
          summary: variant === 'original' ? 'Bild eller dokument' : 'Miniatyrbild (WebP; SVG visas som sig själv)',
          params: uuidParam,
          produces: variant === 'original' ? PRODUCES : ['image/webp', 'image/svg+xml'],
          response: { 200: binary, 304: z.null().describe('Oförändrad'), ...errors },
        },
      },
      async (req, reply) => {
        const content = await getMediaContent(req.ctx, req.params.id, variant);
        reply
          .header('etag', content.etag)
          .header('cache-control', `${content.shared ? 'public' : 'private'}, max-age=31536000, immutable`)
          .header('x-content-type-options', 'nosniff')
          .header('cross-origin-resource-policy', 'same-origin');
        if (notModified(req.headers['if-none-match'], content.etag)) return reply.status(304).send(null);
        const { stream, size } = await content.open();
        reply.type(content.contentType).header('content-length', String(size));
        if (content.isSvg) reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
        if (content.isPdf) reply.header('content-disposition', contentDisposition(content.title, 'pdf'));
        return reply.send(stream);
      },
    );
  }
}
