import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { sendAttachment } from '../platform/http/send-attachment.ts';
import type { App } from '../platform/http/app.ts';
import { errorBody } from '../platform/http/app.ts';
import { AppError } from '../platform/errors.ts';
import { uuidParam } from '../platform/http/schemas.ts';
import { addTicketAttachment, getTicketAttachment, MAX_SUPPORT_ATTACHMENT_BYTES } from './attachments.ts';
import {
  addNote,
  changeLevel,
  changeStatus,
  getTicket,
  levelChangeInput,
  listTickets,
  noteInput,
  raiseTicket,
  raiseTicketInput,
  registerTicket,
  registerTicketInput,
  replyInput,
  replyToTicket,
  statusInput,
  ticketListQuery,
  ticketSummary,
  ticketView,
  SUPPORT_STAFF,
} from './tickets.ts';

export async function supportRoutes(app: App) {
  const tags = ['support'];
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_SUPPORT_ATTACHMENT_BYTES + 1, files: 1, fields: 2, parts: 3, fieldSize: 200 },
    throwFileSizeLimit: false,
  });
  const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
  app.post(
    '/api/support/tickets',
    {
      config: { access: 'loggedIn' },
      schema: { tags, summary: 'Skapa ett supportärende (formuläret i appen)', body: raiseTicketInput, response: { 201: ticketView, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await raiseTicket(req.ctx, req.body)),
  );
  app.post(
    '/api/support/tickets/register',
    {
      config: { access: SUPPORT_STAFF },
      schema: {
        tags,
        summary: 'Registrera ett supportärende från telefon, e-post eller arbetsorder (supporten)',
        body: registerTicketInput,
        response: { 201: ticketView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await registerTicket(req.ctx, req.body)),
  );
  app.get(
    '/api/support/tickets',
    {
      config: { access: 'loggedIn' },
      schema: {
        tags,
        summary: 'Supportärenden: mina, eller de jag handlägger',
        querystring: ticketListQuery,
        response: { 200: z.array(ticketSummary), ...errors },
      },
    },
    (req) => listTickets(req.ctx, req.query),
  );
  app.get(
    '/api/support/tickets/:id',
    {
      config: { access: 'loggedIn' },
      schema: { tags, summary: 'Ett supportärende med historik och klocka', params: uuidParam, response: { 200: ticketView, ...errors } },
    },
    (req) => getTicket(req.ctx, req.params.id),
  );
  app.post(
    '/api/support/tickets/:id/replies',
    {
      config: { access: 'loggedIn' },
      schema: { tags, summary: 'Svara i ärendet (supporten eller anmälaren)', params: uuidParam, body: replyInput, response: { 200: ticketView, ...errors } },
    },
    (req) => replyToTicket(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/support/tickets/:id/notes',
    {
      config: { access: SUPPORT_STAFF },
      schema: { tags, summary: 'Intern anteckning (syns inte för anmälaren)', params: uuidParam, body: noteInput, response: { 200: ticketView, ...errors } },
    },
    (req) => addNote(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/support/tickets/:id/escalate',
    {
      config: { access: SUPPORT_STAFF },
      schema: { tags, summary: 'Eskalera en nivå upp, med en anteckning', params: uuidParam, body: levelChangeInput, response: { 200: ticketView, ...errors } },
    },
    (req) => changeLevel(req.ctx, req.params.id, 'escalate', req.body),
  );
  app.post(
    '/api/support/tickets/:id/return',
    {
      config: { access: SUPPORT_STAFF },
      schema: {
        tags,
        summary: 'Skicka tillbaka en nivå ner, med en anteckning',
        params: uuidParam,
        body: levelChangeInput,
        response: { 200: ticketView, ...errors },
      },
    },
    (req) => changeLevel(req.ctx, req.params.id, 'return', req.body),
  );
  app.post(
    '/api/support/tickets/:id/status',
    {
      config: { access: SUPPORT_STAFF },
      schema: { tags, summary: 'Ändra ärendets status', params: uuidParam, body: statusInput, response: { 200: ticketView, ...errors } },
    },
    (req) => changeStatus(req.ctx, req.params.id, req.body),
  );
  const attachmentView = z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), size: z.number(), at: z.date() });
  app.post(
    '/api/support/tickets/:id/attachments',
    {
      config: { access: 'loggedIn' },
      schema: {
        tags,
        summary: 'Bifoga en fil till ärendet',
        description: `multipart/form-data med fältet file. PDF eller bild (JPEG, PNG, WebP, GIF), högst ${MAX_SUPPORT_ATTACHMENT_BYTES / 1024 / 1024} MB; typen avgörs av innehållet.`,
        consumes: ['multipart/form-data'],
        params: uuidParam,
        response: { 201: attachmentView, 413: errorBody, 415: errorBody, ...errors },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Skicka bilagan som multipart/form-data med fältet file');
      let file: { fileName: string | null; data: Buffer } | null = null;
      for await (const part of req.parts()) {
        if (part.type !== 'file') continue;
        const data = await part.toBuffer().catch(() => null);
        if (!data || part.file.truncated || data.length > MAX_SUPPORT_ATTACHMENT_BYTES) {
          reply.header('connection', 'close');
          throw new AppError('PAYLOAD_TOO_LARGE', `Bilagan är större än ${MAX_SUPPORT_ATTACHMENT_BYTES / 1024 / 1024} MB`);
        }
        file = { fileName: part.filename || null, data };
      }
      if (!file) throw new AppError('VALIDATION', 'Ingen fil bifogades', { issues: [{ path: 'file', code: 'required', message: 'saknas' }] });
      return reply.status(201).send(await addTicketAttachment(req.ctx, req.params.id, file));
    },
  );
  const attachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
  app.get(
    '/api/support/tickets/:id/attachments/:attachmentId',
    {
      config: { access: 'loggedIn' },
      schema: { tags, summary: 'Hämta en bilaga', params: attachmentParams, response: { 200: z.any().describe('Filens innehåll'), ...errors } },
    },
    async (req, reply) => {
      return sendAttachment(reply, await getTicketAttachment(req.ctx, req.params.id, req.params.attachmentId));
    },
  );
}
