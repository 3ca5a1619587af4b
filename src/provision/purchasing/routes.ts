import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { okBody, uuidParam } from '../../platform/http/schemas.ts';
import { ORDER_HANDLERS, PURCHASE_READERS, PURCHASERS, STOCK_VALUE_READERS } from '../roles.ts';
import { cancelInput, cancelPurchaseOrder, closeLineInput, closeLineShort } from './close-and-cancel.ts';
import { confirmDeliveryDate, confirmInput } from './confirm-delivery-date.ts';
import { buyForLineInput, buyForOrderLine, createPurchaseOrder, createPurchaseOrderInput } from './create-purchase-order.ts';
import { getPurchaseOrder, getPurchaseOrderPdf, listPurchaseOrders } from './get-purchase-orders.ts';
import { orderPurchases, orderPurchasesView } from './order-purchases.ts';
import { purchaseProposals, proposalsView } from './proposals.ts';
import { purchaseListQuery, purchaseOrderSummary, purchaseOrderView } from './purchase-views.ts';
import { receiveGoods, receiveInput, receiveResult } from './receive-goods.ts';
import {
  listReorderPoints,
  removeReorderPoint,
  reorderPointInput,
  reorderPointParams,
  reorderPointQuery,
  reorderPointView,
  setReorderPoint,
} from './reorder-points.ts';
import { sendInput, sendPurchaseOrder } from './send-purchase-order.ts';
import { stockValuation, stockValuationXlsx, valuationQuery, valuationView } from './stock-valuation.ts';
import { agreementPageView, getAgreement, listSuppliersWithAgreements, supplierListView } from './suppliers.ts';
import { updateDraft, updateDraftInput } from './update-draft.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };
const file = z.any().describe('binary');

/** Purchasing (inköp, issue 17): suppliers' agreements, proposals, purchase orders, goods received, reorder points, stock value. Thin routes. */
export async function purchasingRoutes(app: App) {
  const tags = ['inköp'];
  const base = '/api/provision/purchasing';
  const poParam = uuidParam;

  app.get(
    `${base}/suppliers`,
    {
      config: { access: PURCHASE_READERS },
      schema: { tags, summary: 'Leverantörer med avtal och beställningsvillkor', response: { 200: supplierListView, ...errors } },
    },
    (req) => listSuppliersWithAgreements(req.ctx),
  );
  app.get(
    `${base}/agreements/:id`,
    {
      config: { access: PURCHASE_READERS },
      schema: {
        tags,
        summary: 'Ett avtal: villkor, artiklar med avtalspris och inköpsordrar',
        params: uuidParam,
        response: { 200: agreementPageView, ...errors },
      },
    },
    (req) => getAgreement(req.ctx, req.params.id),
  );
  app.get(
    `${base}/proposals`,
    {
      config: { access: PURCHASE_READERS },
      schema: {
        tags,
        summary: 'Inköpsförslag: beställningsvaror som väntar och lagervaror under beställningspunkten, per avtal',
        response: { 200: proposalsView, ...errors },
      },
    },
    (req) => purchaseProposals(req.ctx),
  );
  app.get(
    `${base}/reorder-points`,
    {
      config: { access: PURCHASE_READERS },
      schema: {
        tags,
        summary: 'Beställningspunkter med lagerläge',
        querystring: reorderPointQuery,
        response: { 200: z.array(reorderPointView), ...errors },
      },
    },
    (req) => listReorderPoints(req.ctx, req.query),
  );
  app.put(
    `${base}/reorder-points/:warehouseId/:articleId`,
    {
      config: { access: PURCHASERS },
      schema: {
        tags,
        summary: 'Ange beställningspunkt och beställningskvantitet för en artikel i ett lager',
        params: reorderPointParams,
        body: reorderPointInput,
        response: { 200: reorderPointView, ...writeErrors },
      },
    },
    (req) => setReorderPoint(req.ctx, req.params, req.body),
  );
  app.delete(
    `${base}/reorder-points/:warehouseId/:articleId`,
    {
      config: { access: PURCHASERS },
      schema: { tags, summary: 'Ta bort en beställningspunkt', params: reorderPointParams, response: { 200: okBody, ...writeErrors } },
    },
    (req) => removeReorderPoint(req.ctx, req.params),
  );

  app.get(
    `${base}/purchase-orders`,
    {
      config: { access: PURCHASE_READERS },
      schema: { tags, summary: 'Inköpsordrar, nyaste först', querystring: purchaseListQuery, response: { 200: z.array(purchaseOrderSummary), ...errors } },
    },
    (req) => listPurchaseOrders(req.ctx, req.query),
  );
  app.post(
    `${base}/purchase-orders`,
    {
      config: { access: PURCHASERS },
      schema: {
        tags,
        summary: 'Skapa en inköpsorder (utkast) under ett avtal',
        description:
          'Avtalet måste gälla i dag och varje artikel ha ett avtalspris i kraft i avtalet (annars 422 NO_VALID_AGREEMENT respektive 400). Rader med orderLineId köps till en väntande kundorderrad.',
        body: createPurchaseOrderInput,
        response: { 201: purchaseOrderView, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await createPurchaseOrder(req.ctx, req.body)),
  );
  app.post(
    `${base}/order-lines/:id/buy`,
    {
      config: { access: PURCHASERS },
      schema: {
        tags,
        summary: 'Köp in det en kundorderrad behöver: en inköpsorder (utkast) med ett klick',
        params: uuidParam,
        body: buyForLineInput,
        response: { 201: purchaseOrderView, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await buyForOrderLine(req.ctx, req.params.id, req.body)),
  );
  app.get(
    `${base}/purchase-orders/:id`,
    {
      config: { access: PURCHASE_READERS },
      schema: { tags, summary: 'Inköpsorder med rader och inleveranser', params: poParam, response: { 200: purchaseOrderView, ...errors } },
    },
    (req) => getPurchaseOrder(req.ctx, req.params.id),
  );
  app.get(
    `${base}/purchase-orders/:id/pdf`,
    {
      config: { access: PURCHASE_READERS },
      schema: { tags, summary: 'Inköpsordern som PDF (A4, svenska)', params: poParam, response: { 200: file, ...errors } },
    },
    async (req, reply) => {
      const { fileName, pdf } = await getPurchaseOrderPdf(req.ctx, req.params.id);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(pdf);
    },
  );
  app.put(
    `${base}/purchase-orders/:id`,
    {
      config: { access: PURCHASERS },
      schema: {
        tags,
        summary: 'Ändra ett utkast: antal (0 tar bort raden), leveransadress, meddelande',
        params: poParam,
        body: updateDraftInput,
        response: { 200: purchaseOrderView, ...writeErrors },
      },
    },
    (req) => updateDraft(req.ctx, req.params.id, req.body),
  );
  app.post(
    `${base}/purchase-orders/:id/send`,
    {
      config: { access: PURCHASERS },
      schema: {
        tags,
        summary: 'Skicka inköpsordern till leverantören (e-post med PDF, eller markera som skickad)',
        description:
          'Under avtalets minsta ordervärde: 409 BELOW_MINIMUM_ORDER tills acceptBelowMinimum är true. Avtal som inte gäller: 422 NO_VALID_AGREEMENT.',
        params: poParam,
        body: sendInput,
        response: { 200: purchaseOrderView, ...writeErrors },
      },
    },
    (req) => sendPurchaseOrder(req.ctx, req.params.id, req.body),
  );
  app.post(
    `${base}/purchase-orders/:id/confirmation`,
    {
      config: { access: PURCHASERS },
      schema: {
        tags,
        summary: 'Leverantörens bekräftade leveransdatum: blir de väntande kundorderradernas planerade datum',
        params: poParam,
        body: confirmInput,
        response: { 200: purchaseOrderView, ...writeErrors },
      },
    },
    (req) => confirmDeliveryDate(req.ctx, req.params.id, req.body),
  );
  app.post(
    `${base}/purchase-orders/:id/receipts`,
    {
      config: { access: PURCHASERS },
      schema: {
        tags,
        summary: 'Inleverans mot inköpsordern (dellevereras): individer reserveras för väntande rader, övrigt till lagersaldot',
        description: 'Mer än det som återstår: 409 OVER_DELIVERY tills confirmOverDelivery är true.',
        params: poParam,
        body: receiveInput,
        response: { 201: receiveResult, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await receiveGoods(req.ctx, req.params.id, req.body)),
  );
  app.post(
    `${base}/purchase-orders/:id/lines/:lineId/close`,
    {
      config: { access: PURCHASERS },
      schema: {
        tags,
        summary: 'Avsluta en rad med underleverans: resten kommer inte',
        params: z.strictObject({ id: z.uuid(), lineId: z.uuid() }),
        body: closeLineInput,
        response: { 200: purchaseOrderView, ...writeErrors },
      },
    },
    (req) => closeLineShort(req.ctx, req.params.id, req.params.lineId, req.body),
  );
  app.post(
    `${base}/purchase-orders/:id/cancel`,
    {
      config: { access: PURCHASERS },
      schema: {
        tags,
        summary: 'Makulera en inköpsorder utan inleveranser (annars 409 GOODS_RECEIVED)',
        params: poParam,
        body: cancelInput,
        response: { 200: purchaseOrderView, ...writeErrors },
      },
    },
    (req) => cancelPurchaseOrder(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/provision/orders/:id/purchases',
    {
      config: { access: ORDER_HANDLERS },
      schema: {
        tags,
        summary: 'Orderns rader: vad som behöver köpas in och inköpsordrarna för dem',
        params: uuidParam,
        response: { 200: orderPurchasesView, ...errors },
      },
    },
    (req) => orderPurchases(req.ctx, req.params.id),
  );

  app.get(
    `${base}/stock-valuation`,
    {
      config: { access: STOCK_VALUE_READERS },
      schema: { tags, summary: 'Lagervärde per lager (antal × inköpskostnad)', querystring: valuationQuery, response: { 200: valuationView, ...errors } },
    },
    (req) => stockValuation(req.ctx, req.query),
  );
  app.get(
    `${base}/stock-valuation.xlsx`,
    {
      config: { access: STOCK_VALUE_READERS },
      schema: { tags, summary: 'Lagervärdet som Excel', querystring: valuationQuery, response: { 200: file, ...errors } },
    },
    async (req, reply) => {
      const v = await stockValuation(req.ctx, req.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="lagervarde-${v.date}.xlsx"`)
        .send(await stockValuationXlsx(v));
    },
  );
}
