import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { sendAttachment } from '../../platform/http/send-attachment.ts';
import { codeLabelSchema, orderMatrix, orderTypes, workOrderTypeSchema } from '../../contract/index.ts';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { noBody, uuidParam } from '../../platform/http/schemas.ts';
import { AppError } from '../../platform/errors.ts';
import { addAttachment, getAttachment, MAX_ATTACHMENT_BYTES, removeAttachment } from './attachments.ts';
import { answerQuote, answerQuoteInput } from './answer-quote.ts';
import { cancelOrder } from './cancel-order.ts';
import type { CentreLink } from './centre-link.ts';
import { createDraft } from './create-draft.ts';
import { orderConfirmationPdf } from './confirmation-pdf.ts';
import { cartEstimate, cartEstimateInput, estimateCart } from './estimate-cart.ts';
import { addFavourite, favouriteView, listFavourites, removeFavourite } from './favourites.ts';
import { reorder, reorderResult } from './reorder.ts';
import { getOrder } from './get-order.ts';
import { followUpDoneInput, followUpItem, listMyFollowUps, markFollowUpDone } from './follow-ups.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';
import { isoPrefixParam, listPrescriptionClasses, prescriptionClassInput, prescriptionClassView, putPrescriptionClass } from './prescription.ts';
import { listOrders } from './list-orders.ts';
import { listMessages, markMessageRead, messageView } from './order-messages.ts';
import { attachmentView, cancelInput, createDraftInput, draftInput, orderListItem, orderListQuery, orderView } from './order-schemas.ts';
import { getPatientOverview, patientOverview } from './patient-overview.ts';
import { deleteDraft, saveDraft } from './save-draft.ts';
import { requireOrderingActor } from './scope.ts';
import { submitOrder } from './submit-order.ts';
import { PATIENT_ROLES } from '../patients/access.ts';
import { PRESCRIPTION_CLASS_READERS } from '../roles.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 422: errorBody, 503: errorBody };
const tags = ['beställning'];

const orderTypeInfo = z.object({
  type: z.enum(orderTypes),
  sv: z.string(),
  en: z.string(),
  registeredBy: z.array(z.string()),
  patient: z.enum(['required', 'optional', 'none']),
  lines: z.enum(['article', 'unit', 'none']),
  urgentAllowed: z.boolean(),
  confirmations: z.array(z.string()),
  cancellable: z.boolean(),
});
const codeLabel = codeLabelSchema;
const workOrderTypeInfo = workOrderTypeSchema.extend({
  /** Installation: the prescriber says whether it needs two trades (the time limit applies only then). */
  fromDelivery: z.boolean(),
  /** De-installation: replaces a pick-up (the unit leaves the patient's device list when done). */
  endsHolding: z.boolean(),
});

/** The ordering side's orders: drafts, submit, cancel, lists, the patient's device list and the prescriber's messages. */
export async function orderRoutes(app: App, deps: { centre: CentreLink }) {
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1, fields: 5, parts: 6, fieldSize: 200 },
    throwFileSizeLimit: false,
  });

  app.get(
    '/api/ordering/order-types',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Beställningstyper (matrisen), arbetsordertyper och kodlistor (hjälpmedelscentralens regler)',
        response: {
          200: z.object({
            orderTypes: z.array(orderTypeInfo),
            workOrderTypes: z.array(workOrderTypeInfo),
            faultCategories: z.array(codeLabel),
            deviationKinds: z.array(codeLabel),
            cancelReasons: z.array(codeLabel),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requireOrderingActor(req.ctx);
      const [wo, lists] = await Promise.all([deps.centre.workOrderTypes(), deps.centre.codeLists()]);
      return {
        orderTypes: orderTypes.map((t) => ({
          ...orderMatrix[t],
          registeredBy: [...orderMatrix[t].registeredBy],
          confirmations: [...orderMatrix[t].confirmations],
        })),
        workOrderTypes: wo.map((t) => ({
          code: t.code,
          sv: t.sv,
          en: t.en,
          requiredAttachments: [...t.requiredAttachments],
          urgent: t.urgent,
          specialAdaptation: t.specialAdaptation,
          fromDelivery: !!t.fromDelivery,
          endsHolding: !!t.endsHolding,
        })),
        ...lists,
      };
    },
  );

  app.get(
    '/api/orders',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Mina beställningar / min kunds beställningar',
        querystring: orderListQuery,
        response: { 200: z.object({ items: z.array(orderListItem), nextCursor: z.string().nullable() }), ...errors },
      },
    },
    (req) => listOrders(req.ctx, req.query),
  );
  app.post(
    '/api/orders',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Påbörja beställning (utkast)', body: createDraftInput, response: { 201: orderView, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await createDraft(req.ctx, req.body)),
  );
  app.get(
    '/api/orders/:id',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Beställning med rader och händelser', params: uuidParam, response: { 200: orderView, ...errors } },
    },
    (req) => getOrder(req.ctx, req.params.id),
  );
  app.get(
    '/api/orders/:id/confirmation.pdf',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Orderbekräftelse att skriva ut (PDF, A4): beställningen, raderna och hjälpmedelscentralens bekräftelser',
        params: uuidParam,
        response: { 200: z.any().describe('binary'), ...errors },
      },
    },
    async (req, reply) => {
      const { fileName, pdf } = await orderConfirmationPdf(req.ctx, req.params.id);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );
  app.put(
    '/api/orders/:id',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Spara utkast', params: uuidParam, body: draftInput, response: { 200: orderView, ...errors } },
    },
    (req) => saveDraft(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/orders/:id',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Ta bort utkast', params: uuidParam, response: { 204: z.null().describe('Borttaget'), ...errors } },
    },
    async (req, reply) => {
      await deleteDraft(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/orders/:id/submit',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Skicka beställning till hjälpmedelscentralen', params: uuidParam, body: noBody, response: { 200: orderView, ...errors } },
    },
    (req) => submitOrder(req.ctx, { workOrderTypes: () => deps.centre.workOrderTypes() }, req.params.id),
  );
  app.post(
    '/api/orders/:id/estimate',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Varukorgens pris, lagerstatus och förväntade leveransdatum (utkast)',
        description:
          'Raderna som formuläret har dem nu: kundens pris i dag ur artikelregistret, och från hjälpmedelscentralen om raden finns i lager och när beställningen skulle levereras. Inget sparas.',
        params: uuidParam,
        body: cartEstimateInput,
        response: { 200: cartEstimate, ...errors },
      },
    },
    (req) =>
      estimateCart(
        req.ctx,
        { estimateDelivery: (r) => deps.centre.estimateDelivery(r, (err) => req.log.warn({ err }, 'the centre could not estimate a cart')) },
        req.params.id,
        req.body,
      ),
  );
  app.post(
    '/api/orders/:id/reorder',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Beställ igen: nytt utkast med samma rader',
        params: uuidParam,
        body: noBody,
        response: { 201: reorderResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await reorder(req.ctx, req.params.id)),
  );
  app.get(
    '/api/ordering/favourites',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Mina favoritartiklar', response: { 200: z.array(favouriteView), ...errors } },
    },
    (req) => listFavourites(req.ctx),
  );
  const favouriteParams = z.strictObject({ articleId: z.uuid() });
  app.put(
    '/api/ordering/favourites/:articleId',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Spara artikel som favorit', params: favouriteParams, body: noBody, response: { 204: z.null().describe('Sparad'), ...errors } },
    },
    async (req, reply) => {
      await addFavourite(req.ctx, req.params.articleId);
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/api/ordering/favourites/:articleId',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Ta bort artikel ur favoriter', params: favouriteParams, response: { 204: z.null().describe('Borttagen'), ...errors } },
    },
    async (req, reply) => {
      await removeFavourite(req.ctx, req.params.articleId);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/orders/:id/cancel',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Begär makulering', params: uuidParam, body: cancelInput, response: { 200: orderView, ...errors } },
    },
    (req) => cancelOrder(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/orders/:id/quote-answer',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Godkänn eller avböj hjälpmedelscentralens offert (specialanpassning)',
        params: uuidParam,
        body: answerQuoteInput,
        response: { 200: orderView, ...errors },
      },
    },
    (req) => answerQuote(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/orders/:id/attachments',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Lägg till bilaga',
        description: `multipart/form-data med fälten kind (instruction | riskAnalysis | motivation | incidentDescription | photo | other) och file. PDF eller bild, högst ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`,
        consumes: ['multipart/form-data'],
        params: uuidParam,
        response: { 201: attachmentView, 413: errorBody, 415: errorBody, ...errors },
      },
    },
    async (req, reply) => {
      requireOrderingActor(req.ctx);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Skicka bilagan som multipart/form-data med fälten kind och file');
      let kind: string | null = null;
      let file: { fileName: string | null; data: Buffer } | null = null;
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'kind') kind = String(part.value);
        } else {
          const data = await part.toBuffer().catch(() => null);
          if (!data || part.file.truncated || data.length > MAX_ATTACHMENT_BYTES) {
            reply.header('connection', 'close');
            throw new AppError('PAYLOAD_TOO_LARGE', `Bilagan är större än ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
          }
          file = { fileName: part.filename || null, data };
        }
      }
      if (!file) throw new AppError('VALIDATION', 'Ingen fil bifogades', { issues: [{ path: 'file', code: 'required', message: 'saknas' }] });
      return reply.status(201).send(await addAttachment(req.ctx, req.params.id, { kind: kind ?? 'other', ...file }));
    },
  );
  const attachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
  app.get(
    '/api/orders/:id/attachments/:attachmentId',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Hämta bilaga', params: attachmentParams, response: { 200: z.any().describe('Filens innehåll'), ...errors } },
    },
    async (req, reply) => {
      return sendAttachment(reply, await getAttachment(req.ctx, req.params.id, req.params.attachmentId));
    },
  );
  app.delete(
    '/api/orders/:id/attachments/:attachmentId',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Ta bort bilaga', params: attachmentParams, response: { 204: z.null().describe('Borttagen'), ...errors } },
    },
    async (req, reply) => {
      await removeAttachment(req.ctx, req.params.id, req.params.attachmentId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/patients/:id/overview',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Patientens hjälpmedelsbild och beställningar', params: uuidParam, response: { 200: patientOverview, ...errors } },
    },
    (req) => getPatientOverview(req.ctx, req.params.id),
  );

  app.get(
    '/api/messages',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Meddelanden om mina beställningar',
        querystring: z.strictObject({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.array(messageView), ...errors },
      },
    },
    (req) => listMessages(req.ctx, { unread: req.query.unread === 'true', limit: req.query.limit }),
  );
  app.post(
    '/api/messages/:id/read',
    {
      config: { access: PATIENT_ROLES },
      schema: { tags, summary: 'Markera meddelande som läst', params: uuidParam, body: noBody, response: { 204: z.null().describe('Markerat'), ...errors } },
    },
    async (req, reply) => {
      await markMessageRead(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  // Prescription details (issue 16 item 7): the measurements per ISO class, and the prescriber's follow-ups.
  app.get(
    '/api/ordering/prescription-classes',
    {
      config: { access: PRESCRIPTION_CLASS_READERS },
      schema: {
        tags,
        summary: 'Vad en förskrivning anger per ISO-klass: mått (enhet, intervall, obligatoriskt) och om mål och syfte krävs',
        response: { 200: z.array(prescriptionClassView), ...errors },
      },
    },
    (req) => listPrescriptionClasses(req.ctx),
  );
  app.put(
    '/api/ordering/prescription-classes/:prefix',
    {
      config: { access: SYSTEM_ADMIN },
      schema: {
        tags,
        summary: 'Ange vad en förskrivning i en ISO-klass anger (systemförvaltning): mått och om mål och syfte krävs',
        params: isoPrefixParam,
        body: prescriptionClassInput,
        response: { 200: prescriptionClassView, ...errors },
      },
    },
    (req) => putPrescriptionClass(req.ctx, req.params.prefix, req.body),
  );
  app.get(
    '/api/ordering/follow-ups',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Mina uppföljningar: förskrivningar att följa upp inom en vecka eller försenade (loggas som patientlista)',
        response: { 200: z.object({ items: z.array(followUpItem), horizon: z.string() }), ...errors },
      },
    },
    (req) => listMyFollowUps(req.ctx),
  );
  app.post(
    '/api/ordering/follow-ups/:id/done',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Markera en uppföljning som gjord, med en anteckning',
        params: uuidParam,
        body: followUpDoneInput,
        response: { 204: z.null().describe('Markerad'), ...errors },
      },
    },
    async (req, reply) => {
      await markFollowUpDone(req.ctx, req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );
}
