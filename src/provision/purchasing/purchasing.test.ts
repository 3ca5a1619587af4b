import { describe, expect, it } from 'vitest';
import { givenAgreement, givenArticle, givenPrice, givenSupplier } from '../../catalogue/testing/article-fixtures.ts';
import { pdfText } from '../../platform/documents/pdf-text.ts';
import { addDays, addWorkingDays, isWorkingDay, stockholmDateTime } from '../../platform/calendar/index.ts';
import { checkDueDates } from '../due-dates/check-due-dates.ts';
import { deliverLine } from '../orders/deliver-line.ts';
import { reserveUnits } from '../orders/fill-line.ts';
import { getCentreOrder } from '../orders/get-order.ts';
import { postStockTransaction } from '../stock/stock.ts';
import { as, givenReceivedOrder, givenUnits } from '../testing/given.ts';
import { orderLineFixture } from '../testing/order-lines.ts';
import { cancelPurchaseOrder, closeLineShort } from './close-and-cancel.ts';
import { confirmDeliveryDate } from './confirm-delivery-date.ts';
import { buyForOrderLine, createPurchaseOrder } from './create-purchase-order.ts';
import { getPurchaseOrderPdf, listPurchaseOrders } from './get-purchase-orders.ts';
import { orderPurchases } from './order-purchases.ts';
import { purchaseProposals } from './proposals.ts';
import { receiveGoods } from './receive-goods.ts';
import { listReorderPoints, removeReorderPoint, setReorderPoint } from './reorder-points.ts';
import { sendPurchaseOrder } from './send-purchase-order.ts';
import { stockValuation, stockValuationXlsx } from './stock-valuation.ts';
import { getAgreement, listSuppliersWithAgreements } from './suppliers.ts';
import { updateDraft } from './update-draft.ts';

// Purchasing (issue 17): suppliers' agreements, purchase orders from waiting order lines and reorder points, the
// supplier's confirmed date as the lines' planned date, goods received in parts, costs and the stock value.

const f = orderLineFixture();
const today = () => stockholmDateTime(new Date()).date;
/** The first working day on or after `d`. */
const workingDayFrom = (d: string) => (isWorkingDay(d) ? d : addWorkingDays(d, 1));

let n = 0;
/** A supplier with an agreement in force (and its terms), and articles with agreed prices under it. */
async function givenSupplierWithAgreement(terms: { days?: number | null; minimum?: number | null; email?: string | null; validTo?: string | null } = {}) {
  const s = await givenSupplier(f.t.database, `Leverantör Inköp ${++n}`);
  const a = await givenAgreement(f.t.database, {
    supplierId: s.id,
    validTo: terms.validTo ?? null,
    deliveryWorkingDays: terms.days === undefined ? 10 : terms.days,
    minimumOrderAmount: terms.minimum === undefined || terms.minimum === null ? null : terms.minimum.toFixed(2),
    orderEmail: terms.email === undefined ? `order${n}@leverantor.example` : terms.email,
  });
  return { supplier: s, agreement: a };
}
async function givenBuyable(
  sa: Awaited<ReturnType<typeof givenSupplierWithAgreement>>,
  name: string,
  o: { unitTracked?: boolean; stockForm?: 'stock' | 'orderItem'; price?: number; serialRequired?: boolean } = {},
) {
  const a = await givenArticle(f.t.database, {
    name,
    articleType: 'T',
    chargingForm: o.unitTracked ? 'rent' : 'sale',
    stockForm: o.stockForm ?? 'orderItem',
    unitTracked: o.unitTracked ?? false,
    serialRequired: o.serialRequired ?? false,
    supplierId: sa.supplier.id,
    supplierArticleNumber: `S-${name.slice(0, 6)}`,
    source: 'local',
  });
  await givenPrice(f.t.database, {
    articleId: a.id,
    kind: 'agreed',
    agreementId: sa.agreement.id,
    amount: (o.price ?? 1000).toFixed(2),
    validFrom: '2020-01-01',
  });
  return a;
}
const lineState = async (id: string) =>
  (
    await f.t.database.query<{ state: string; planned_date: string | null; expected_date: string | null; version: number }>(
      `SELECT state, planned_date::text, expected_date::text, version FROM provision_order_line WHERE id = $1`,
      [id],
    )
  )[0]!;
const mails = (reason: string) =>
  f.t.database.query<{ to: string; subject: string; body: string; attachments: { filename: string; contentType: string; contentBase64: string }[] | null }>(
    `SELECT "to", subject, body, attachments FROM outgoing_mail WHERE reason = $1 ORDER BY created_at`,
    [reason],
  );

describe('suppliers and agreements', () => {
  it('lists the suppliers with their agreements, terms and validity, and an agreement with its articles at the agreed price', async () => {
    const sa = await givenSupplierWithAgreement({ days: 12, minimum: 2500 });
    const old = await givenAgreement(f.t.database, { supplierId: sa.supplier.id, validFrom: '2018-01-01', validTo: '2019-12-31' });
    const cushion = await givenBuyable(sa, 'Sittdyna Avtal', { price: 2450.5 });
    const list = await listSuppliersWithAgreements(as(f.ctx, 'customerService'));
    const s = list.find((x) => x.id === sa.supplier.id)!;
    expect(s.agreements.map((a) => [a.agreementNumber, a.validToday])).toEqual(
      [
        [sa.agreement.agreementNumber, true],
        [old.agreementNumber, false],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(s.agreements.find((a) => a.id === sa.agreement.id)).toMatchObject({ deliveryWorkingDays: 12, minimumOrderAmount: '2500.00' });
    const page = await getAgreement(as(f.ctx, 'finance'), sa.agreement.id);
    expect(page.articles).toEqual([
      expect.objectContaining({ articleId: cushion.id, agreedPrice: '2450.50', supplierArticleNumber: 'S-Sittdy', stockForm: 'orderItem' }),
    ]);
    await expect(listSuppliersWithAgreements(as(f.ctx, 'technician'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('a purchase order for a waiting order line', () => {
  it('one click buys what an order-item line needs; a second click is refused while it is covered', async () => {
    const sa = await givenSupplierWithAgreement();
    const cushion = await givenBuyable(sa, 'Sittdyna Ettklick', { price: 2450 });
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: cushion.articleNumber, quantity: 2 }] });
    const before = await orderPurchases(f.warehouse, o.orderId);
    expect(before.lines[0]).toMatchObject({ need: 2, buyUnder: { agreementNumber: sa.agreement.agreementNumber, unitPrice: '2450.00' }, purchaseOrders: [] });

    const po = await buyForOrderLine(f.warehouse, o.lineIds[0]!, {});
    expect(po).toMatchObject({ status: 'draft', total: '4900.00', warehouseName: 'Centrallagret' });
    expect(po.number).toMatch(/^IO-\d+$/);
    expect(po.deliveryAddress).toContain('Lagervägen 4');
    expect(po.lines).toEqual([
      expect.objectContaining({
        quantity: 2,
        unitPrice: '2450.00',
        source: 'orderLine',
        orderLine: expect.objectContaining({ lineId: o.lineIds[0], lineNumber: 1 }),
      }),
    ]);
    await expect(buyForOrderLine(f.warehouse, o.lineIds[0]!, {})).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await orderPurchases(f.warehouse, o.orderId)).lines[0]).toMatchObject({
      need: 0,
      purchaseOrders: [expect.objectContaining({ number: po.number })],
    });
    // Only the warehouse buys.
    await expect(buyForOrderLine(as(f.ctx, 'customerService'), o.lineIds[0]!, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('two buyers clicking at once on the same line make one purchase order; the other is told the line is covered', async () => {
    const sa = await givenSupplierWithAgreement();
    const part = await givenBuyable(sa, 'Tillbehör Samtidigt');
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: part.articleNumber }] });
    const results = await Promise.allSettled([buyForOrderLine(f.warehouse, o.lineIds[0]!, {}), buyForOrderLine(as(f.ctx, 'warehouse'), o.lineIds[0]!, {})]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
    expect((await orderPurchases(f.warehouse, o.orderId)).lines[0]!.purchaseOrders).toHaveLength(1);
  });

  it('a supplier without a valid agreement cannot be ordered from (issue 17 item 8)', async () => {
    const sa = await givenSupplierWithAgreement({ validTo: '2021-12-31' });
    const old = await givenBuyable(sa, 'Tillbehör Utgånget Avtal');
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: old.articleNumber }] });
    const err = await buyForOrderLine(f.warehouse, o.lineIds[0]!, {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NO_VALID_AGREEMENT' });
    expect((err as Error).message).toContain(sa.agreement.agreementNumber);
    await expect(
      createPurchaseOrder(f.warehouse, { agreementId: sa.agreement.id, warehouseId: f.wh.main.id, lines: [{ articleId: old.id, quantity: 1 }] }),
    ).rejects.toMatchObject({ code: 'NO_VALID_AGREEMENT' });
    expect((await orderPurchases(f.warehouse, o.orderId)).lines[0]!.cannotBuy).toContain('gäller inte i dag');

    // An inactive supplier: no agreement of it is valid.
    const inactive = await givenSupplierWithAgreement();
    const part = await givenBuyable(inactive, 'Tillbehör Inaktiv Leverantör');
    await f.t.database.query(`UPDATE supplier SET active = false WHERE id = $1`, [inactive.supplier.id]);
    await expect(
      createPurchaseOrder(f.warehouse, { agreementId: inactive.agreement.id, warehouseId: f.wh.main.id, lines: [{ articleId: part.id, quantity: 1 }] }),
    ).rejects.toMatchObject({ code: 'NO_VALID_AGREEMENT' });

    // An article with no agreed price at all.
    const bare = await givenArticle(f.t.database, { name: 'Tillbehör Utan Avtalspris', stockForm: 'orderItem', source: 'local' });
    const o2 = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: bare.articleNumber }] });
    await expect(buyForOrderLine(f.warehouse, o2.lineIds[0]!, {})).rejects.toMatchObject({ code: 'NO_VALID_AGREEMENT' });
    // An article under another agreement is refused on this one, naming the line.
    const valid = await givenSupplierWithAgreement();
    await expect(
      createPurchaseOrder(f.warehouse, { agreementId: valid.agreement.id, warehouseId: f.wh.main.id, lines: [{ articleId: old.id, quantity: 1 }] }),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { issues: [expect.objectContaining({ path: 'body.lines.0.articleId' })] } });
  });

  it('the draft is edited (quantities, address); a line of another article or a closed line is refused', async () => {
    const sa = await givenSupplierWithAgreement();
    const a1 = await givenBuyable(sa, 'Tillbehör Utkast A', { price: 100 });
    const a2 = await givenBuyable(sa, 'Tillbehör Utkast B', { price: 200, stockForm: 'stock' });
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: a1.articleNumber }] });
    await expect(
      createPurchaseOrder(f.warehouse, {
        agreementId: sa.agreement.id,
        warehouseId: f.wh.main.id,
        lines: [{ articleId: a2.id, quantity: 1, orderLineId: o.lineIds[0] }],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const po = await createPurchaseOrder(f.warehouse, {
      agreementId: sa.agreement.id,
      warehouseId: f.wh.main.id,
      note: 'Leverera före jul',
      lines: [
        { articleId: a1.id, quantity: 1, orderLineId: o.lineIds[0] },
        { articleId: a2.id, quantity: 5 },
      ],
    });
    expect(po.lines.map((l) => [l.lineNumber, l.source, l.quantity])).toEqual([
      [1, 'orderLine', 1],
      [2, 'manual', 5],
    ]);
    const edited = await updateDraft(f.warehouse, po.id, {
      version: po.version,
      deliveryAddress: 'Hjälpmedelscentralen\nPort 3\n990 10 Norrvik',
      lines: [
        { id: po.lines[0]!.id, quantity: 0 },
        { id: po.lines[1]!.id, quantity: 8 },
      ],
    });
    expect(edited.lines.map((l) => [l.lineNumber, l.articleNumber, l.quantity])).toEqual([[1, a2.articleNumber, 8]]);
    expect(edited).toMatchObject({ total: '1600.00', deliveryAddress: 'Hjälpmedelscentralen\nPort 3\n990 10 Norrvik', note: 'Leverera före jul' });
    await expect(updateDraft(f.warehouse, po.id, { version: po.version, note: 'gammal version' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(updateDraft(f.warehouse, po.id, { version: edited.version, lines: [{ id: edited.lines[0]!.id, quantity: 0 }] })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});

describe('sending, the supplier’s date and the 17-working-day limit', () => {
  it('sends the order by e-mail with the PDF attached; the waiting line becomes "ordered from supplier"', async () => {
    const sa = await givenSupplierWithAgreement({ days: 10 });
    const cushion = await givenBuyable(sa, 'Sittdyna Skickas', { price: 2450 });
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: cushion.articleNumber }] });
    const po = await buyForOrderLine(f.warehouse, o.lineIds[0]!, {});
    const sent = await sendPurchaseOrder(f.warehouse, po.id, { version: po.version, via: 'email' });
    expect(sent).toMatchObject({ status: 'sent', sentVia: 'email', sentTo: sa.agreement.orderEmail, expectedDate: addWorkingDays(today(), 10) });
    expect(await lineState(o.lineIds[0]!)).toMatchObject({ state: 'orderedFromSupplier', planned_date: null });

    const [mail] = (await mails('provision.purchase-order.send')).filter((m) => m.subject.includes(po.number));
    expect(mail).toMatchObject({ to: sa.agreement.orderEmail, subject: `Inköpsorder ${po.number} från Hjälpmedelscentralen` });
    expect(mail!.body).toContain(`avser order ${o.receipt.centreOrderNumber} rad 1`);
    expect(mail!.attachments).toEqual([expect.objectContaining({ filename: `inkopsorder-${po.number}.pdf`, contentType: 'application/pdf' })]);
    const text = pdfText(Buffer.from(mail!.attachments![0]!.contentBase64, 'base64')).pages.flat().join('\n');
    for (const s of [`Inköpsorder ${po.number}`, sa.supplier.name, 'Lagervägen 4', `${o.receipt.centreOrderNumber} rad 1`, '2 450,00', 'Summa exklusive moms'])
      expect(text).toContain(s);

    // The same document as a download, and no second sending.
    const download = await getPurchaseOrderPdf(as(f.ctx, 'finance'), po.id);
    expect(download.fileName).toBe(`inkopsorder-${po.number}.pdf`);
    expect(pdfText(download.pdf).pages.flat().join('\n')).toContain(`Inköpsorder ${po.number}`);
    await expect(sendPurchaseOrder(f.warehouse, po.id, { version: sent.version, via: 'email' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('under the minimum order the buyer confirms; without an ordering e-mail it is sent another way; an expired agreement is refused', async () => {
    const sa = await givenSupplierWithAgreement({ minimum: 1000, email: null });
    const small = await givenBuyable(sa, 'Tillbehör Litet', { price: 99.5, stockForm: 'stock' });
    const po = await createPurchaseOrder(f.warehouse, {
      agreementId: sa.agreement.id,
      warehouseId: f.wh.main.id,
      lines: [{ articleId: small.id, quantity: 2 }],
    });
    expect(po).toMatchObject({ total: '199.00', belowMinimum: true });
    const below = await sendPurchaseOrder(f.warehouse, po.id, { version: po.version, via: 'manual' }).catch((e: unknown) => e);
    expect(below).toMatchObject({ code: 'BELOW_MINIMUM_ORDER', details: { total: '199.00', minimum: '1000.00' } });
    await expect(sendPurchaseOrder(f.warehouse, po.id, { version: po.version, via: 'email', acceptBelowMinimum: true })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { issues: [expect.objectContaining({ path: 'body.via' })] },
    });
    const sent = await sendPurchaseOrder(f.warehouse, po.id, { version: po.version, via: 'manual', acceptBelowMinimum: true });
    expect(sent).toMatchObject({ status: 'sent', sentVia: 'manual', sentTo: null, belowMinimumAccepted: true });

    // The agreement ran out after the draft was made: the draft cannot be sent.
    const other = await givenSupplierWithAgreement();
    const part = await givenBuyable(other, 'Tillbehör Avtal Går Ut', { stockForm: 'stock' });
    const draft = await createPurchaseOrder(f.warehouse, {
      agreementId: other.agreement.id,
      warehouseId: f.wh.main.id,
      lines: [{ articleId: part.id, quantity: 3 }],
    });
    await f.t.database.query(`UPDATE agreement SET valid_to = $2 WHERE id = $1`, [other.agreement.id, addDays(today(), -1)]);
    await expect(sendPurchaseOrder(f.warehouse, draft.id, { version: draft.version, via: 'email' })).rejects.toMatchObject({ code: 'NO_VALID_AGREEMENT' });
    expect((await listPurchaseOrders(f.warehouse, { limit: 500 })).find((x) => x.id === draft.id)!.status).toBe('draft');
  });

  it('the supplier’s confirmed date becomes the planned date sent to the prescriber, and "delayed" follows when it passes', async () => {
    const sa = await givenSupplierWithAgreement({ days: 5 });
    const part = await givenBuyable(sa, 'Tillbehör Bekräftas');
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: part.articleNumber }] });
    const po = await buyForOrderLine(f.warehouse, o.lineIds[0]!, {});
    const sent = await sendPurchaseOrder(f.warehouse, po.id, { version: po.version, via: 'manual' });
    const date = workingDayFrom(addDays(today(), 3));
    await expect(confirmDeliveryDate(f.warehouse, po.id, { version: sent.version, confirmedDate: addDays(today(), -1) })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { issues: [expect.objectContaining({ path: 'body.confirmedDate', code: 'date_too_early' })] },
    });
    const saturday = (() => {
      let d = addDays(today(), 1);
      while (new Date(`${d}T12:00:00Z`).getUTCDay() !== 6) d = addDays(d, 1);
      return d;
    })();
    await expect(confirmDeliveryDate(f.warehouse, po.id, { version: sent.version, confirmedDate: saturday })).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ code: 'not_a_working_day' })] },
    });
    const confirmed = await confirmDeliveryDate(f.warehouse, po.id, { version: sent.version, confirmedDate: date, supplierReference: 'SO-4711' });
    expect(confirmed).toMatchObject({ confirmedDate: date, supplierReference: 'SO-4711' });
    expect(await lineState(o.lineIds[0]!)).toMatchObject({ state: 'orderedFromSupplier', planned_date: date, expected_date: date });
    expect((await f.contractEvents(o.orderId)).at(-1)).toMatchObject({ type: 'plannedDate', lineId: o.lineIds[0], plannedDate: date });

    // Two working days after the supplier's date, with the goods not delivered, the daily job says 'delayed'.
    const later = new Date(`${addWorkingDays(date, 2)}T10:00:00+01:00`);
    await checkDueDates(f.t.ctx(() => later));
    // The job keeps one row per order for its lines (sent as one 'delayed' per line: orders/send-events.ts).
    const [delayed] = await f.t.database.query<{ type: string; data: { lineIds: string[] }; sequence: number }>(
      `SELECT type, data, sequence FROM provision_order_event WHERE order_id = $1 ORDER BY id DESC LIMIT 1`,
      [o.orderId],
    );
    expect(delayed).toMatchObject({ type: 'delayed', data: { lineIds: [o.lineIds[0]] } });
    expect(delayed!.sequence).toBeGreaterThan(0);
    expect((await lineState(o.lineIds[0]!)).expected_date! > date).toBe(true);
  });

  it('over 17 working days a planned date is required: a longer delivery time gives the line one when the order is sent', async () => {
    const sa = await givenSupplierWithAgreement({ days: 25 });
    const bed = await givenBuyable(sa, 'Specialbädd Lång Leveranstid', { unitTracked: true });
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: bed.articleNumber }] });
    const po = await buyForOrderLine(f.warehouse, o.lineIds[0]!, {});
    expect(po.needsPlannedDate).toBe(false);
    const sent = await sendPurchaseOrder(f.warehouse, po.id, { version: po.version, via: 'manual' });
    const expected = addWorkingDays(today(), 25);
    expect(sent.expectedDate).toBe(expected);
    expect(await lineState(o.lineIds[0]!)).toMatchObject({ state: 'orderedFromSupplier', planned_date: expected });
    const [step] = await f.t.database.query<{ data: { overLimit: boolean; purchaseOrder: string } }>(
      `SELECT data FROM provision_order_event WHERE line_id = $1 AND type = 'plannedDate'`,
      [o.lineIds[0]],
    );
    expect(step!.data).toMatchObject({ overLimit: true, purchaseOrder: po.number });
    expect((await f.contractEvents(o.orderId)).at(-1)).toMatchObject({ type: 'plannedDate', plannedDate: expected });
    const view = await getCentreOrder(as(f.ctx, 'customerService'), o.orderId);
    expect(view.lines[0]).toMatchObject({ needsPlannedDate: false, plannedDate: expected });
  });
});

describe('goods received against the purchase order', () => {
  it('unit-tracked goods become units reserved for the waiting line, which is then delivered as usual; in parts', async () => {
    const sa = await givenSupplierWithAgreement();
    const motor = await givenBuyable(sa, 'Drivaggregat Inleverans', { unitTracked: true, serialRequired: true, price: 17400 });
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: motor.articleNumber, quantity: 2 }] });
    const po = await buyForOrderLine(f.warehouse, o.lineIds[0]!, {});
    let v = await sendPurchaseOrder(f.warehouse, po.id, { version: po.version, via: 'manual' });
    const lineId = v.lines[0]!.id;

    await expect(
      receiveGoods(f.warehouse, po.id, { version: v.version, lines: [{ lineId, quantity: 1, units: [{ serialNumber: null }] }] }),
    ).rejects.toMatchObject({ details: { issues: [expect.objectContaining({ path: 'body.lines.0.units.0.serialNumber', code: 'required' })] } });
    await expect(
      receiveGoods(f.warehouse, po.id, { version: v.version, lines: [{ lineId, quantity: 2, units: [{ serialNumber: 'DA-1' }] }] }),
    ).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ code: 'unit_required' })] },
    });
    await expect(
      receiveGoods(f.warehouse, po.id, {
        version: v.version,
        receivedOn: addDays(today(), 1),
        lines: [{ lineId, quantity: 1, units: [{ serialNumber: 'DA-1' }] }],
      }),
    ).rejects.toMatchObject({ details: { issues: [expect.objectContaining({ code: 'date_in_future' })] } });

    const first = await receiveGoods(f.warehouse, po.id, {
      version: v.version,
      lines: [{ lineId, quantity: 1, unitCost: 17250, units: [{ serialNumber: 'DA-1' }] }],
    });
    expect(first.purchaseOrder).toMatchObject({ status: 'partlyReceived' });
    expect(first.units).toEqual([expect.objectContaining({ serialNumber: 'DA-1', reservedFor: `${o.receipt.centreOrderNumber} rad 1` })]);
    const [unit] = await f.t.database.query<{ status: string; purchase_cost: string; purchase_date: string; reserved_for_line_id: string }>(
      `SELECT status, purchase_cost::text, purchase_date::text, reserved_for_line_id FROM provision_unit WHERE id = $1`,
      [first.units[0]!.id],
    );
    expect(unit).toEqual({ status: 'reserved', purchase_cost: '17250.00', purchase_date: today(), reserved_for_line_id: o.lineIds[0] });
    // A serial number the article already has is refused.
    v = first.purchaseOrder;
    await expect(
      receiveGoods(f.warehouse, po.id, { version: v.version, lines: [{ lineId, quantity: 1, units: [{ serialNumber: 'DA-1' }] }] }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // Two receipts of the same delivery at once: one is taken, the other is refused as stale and writes nothing.
    const both = await Promise.allSettled([
      receiveGoods(f.warehouse, po.id, { version: v.version, lines: [{ lineId, quantity: 1, units: [{ serialNumber: 'DA-2' }] }] }),
      receiveGoods(as(f.ctx, 'warehouse'), po.id, { version: v.version, lines: [{ lineId, quantity: 1, units: [{ serialNumber: 'DA-2' }] }] }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
    const second = (both.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof receiveGoods>>>).value;
    expect(second.purchaseOrder).toMatchObject({ status: 'closed' });
    expect(second.purchaseOrder.lines[0]).toMatchObject({ receivedQuantity: 2, outstanding: 0 });
    expect(second.purchaseOrder.receipts.map((r) => [r.quantity, r.unitCost, r.reservedCount])).toEqual([
      [1, '17250.00', 1],
      [1, '17400.00', 1],
    ]);

    // The warehouse delivers the reserved units to the patient as usual.
    const view = await getCentreOrder(f.warehouse, o.orderId);
    expect(view.lines[0]!.reservedUnits.map((u) => u.serialNumber)).toEqual(['DA-1', 'DA-2']);
    const delivered = await deliverLine(f.warehouse, o.lineIds[0]!, {
      version: view.lines[0]!.version,
      units: view.lines[0]!.reservedUnits.map((u) => ({ unitId: u.id, serialNumber: u.serialNumber })),
    });
    expect(delivered).toMatchObject({ state: 'delivered', deliveredQuantity: 2 });
    expect((await f.contractEvents(o.orderId)).at(-1)).toMatchObject({
      type: 'delivered',
      units: [expect.objectContaining({ serialNumber: 'DA-1' }), expect.anything()],
    });
    const steps = await f.t.database.query<{ type: string }>(`SELECT type FROM provision_order_event WHERE line_id = $1 ORDER BY id`, [o.lineIds[0]]);
    expect(steps.map((s) => s.type)).toEqual(['purchaseOrdered', 'goodsReceived', 'goodsReceived', 'delivered']);
    const unitSteps = await f.t.database.query<{ type: string; to_status: string }>(
      `SELECT type, to_status FROM provision_unit_event WHERE unit_id = $1 ORDER BY id`,
      [first.units[0]!.id],
    );
    expect(unitSteps.map((s) => [s.type, s.to_status])).toEqual([
      ['received', 'newInStock'],
      ['reserved', 'reserved'],
      ['delivered', 'onPatient'],
    ]);
  });

  it('other goods enter the stock ledger at their purchase cost; the line is delivered from it; over-delivery asks for confirmation', async () => {
    const sa = await givenSupplierWithAgreement();
    const pads = await givenBuyable(sa, 'Inkontinensskydd Inleverans', { price: 12.5 });
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: pads.articleNumber, quantity: 4 }] });
    const po = await buyForOrderLine(f.warehouse, o.lineIds[0]!, {});
    const v = await sendPurchaseOrder(f.warehouse, po.id, { version: po.version, via: 'manual' });
    const lineId = v.lines[0]!.id;
    await expect(
      receiveGoods(f.warehouse, po.id, { version: v.version, lines: [{ lineId, quantity: 4, units: [{ serialNumber: 'X' }] }] }),
    ).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ code: 'not_unit_tracked' })] },
    });
    const over = await receiveGoods(f.warehouse, po.id, { version: v.version, lines: [{ lineId, quantity: 6 }] }).catch((e: unknown) => e);
    expect(over).toMatchObject({
      code: 'OVER_DELIVERY',
      details: { issues: [{ path: 'body.lines.0.quantity', code: 'quantity_exceeds', params: { max: 4 }, message: expect.any(String) }] },
    });
    // Nothing was received by the refused attempt.
    expect((await listPurchaseOrders(f.warehouse, { limit: 500 })).find((x) => x.id === po.id)).toMatchObject({ status: 'sent', outstanding: 4 });

    const r = await receiveGoods(f.warehouse, po.id, { version: v.version, confirmOverDelivery: true, lines: [{ lineId, quantity: 6, unitCost: 12 }] });
    expect(r.purchaseOrder).toMatchObject({ status: 'closed' });
    expect(r.purchaseOrder.lines[0]).toMatchObject({ receivedQuantity: 6, overQuantity: 2, outstanding: 0 });
    expect(r.purchaseOrder.receipts[0]).toMatchObject({ quantity: 6, overQuantity: 2, unitCost: '12.00' });
    const [entry] = await f.t.database.query<{ quantity: number; unit_cost: string; line_id: string; kind: string }>(
      `SELECT quantity, unit_cost::text, line_id, kind FROM provision_stock_transaction WHERE article_id = $1 ORDER BY id`,
      [pads.id],
    );
    expect(entry).toEqual({ quantity: 6, unit_cost: '12.0000', line_id: o.lineIds[0], kind: 'receipt' });

    const view = await getCentreOrder(f.warehouse, o.orderId);
    await deliverLine(f.warehouse, o.lineIds[0]!, { version: view.lines[0]!.version, quantity: 4, warehouseId: f.wh.main.id });
    const ledger = await f.t.database.query<{ quantity: number; unit_cost: string }>(
      `SELECT quantity, unit_cost::text FROM provision_stock_transaction WHERE article_id = $1 ORDER BY id`,
      [pads.id],
    );
    expect(ledger).toEqual([
      { quantity: 6, unit_cost: '12.0000' },
      { quantity: -4, unit_cost: '12.0000' },
    ]);
  });

  it('under-delivery: the rest of a line is closed short with a reason, and the waiting line needs buying again', async () => {
    const sa = await givenSupplierWithAgreement();
    const part = await givenBuyable(sa, 'Tillbehör Underleverans');
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: part.articleNumber, quantity: 3 }] });
    const po = await buyForOrderLine(f.warehouse, o.lineIds[0]!, {});
    let v = await sendPurchaseOrder(f.warehouse, po.id, { version: po.version, via: 'manual' });
    v = (await receiveGoods(f.warehouse, po.id, { version: v.version, lines: [{ lineId: v.lines[0]!.id, quantity: 1 }] })).purchaseOrder;
    // Nothing more comes: what was not delivered is recorded as short, and the order is closed.
    const closed = await closeLineShort(f.warehouse, po.id, v.lines[0]!.id, { version: v.version, reason: 'Utgått hos leverantören' });
    expect(closed).toMatchObject({ status: 'closed' });
    expect(closed.lines[0]).toMatchObject({ receivedQuantity: 1, shortQuantity: 2, shortReason: 'Utgått hos leverantören', outstanding: 0 });
    await expect(closeLineShort(f.warehouse, po.id, v.lines[0]!.id, { version: closed.version, reason: 'igen' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect((await orderPurchases(f.warehouse, o.orderId)).lines[0]!.need).toBe(2);
    const proposals = await purchaseProposals(f.warehouse);
    expect(proposals.groups.flatMap((g) => g.lines).find((l) => l.orderLine?.lineId === o.lineIds[0])).toMatchObject({ quantity: 2, kind: 'orderLine' });
  });
});

describe('cancelling a purchase order', () => {
  it('a sent order with goods received is refused; one without is cancelled, the supplier told, and the line needs buying again', async () => {
    const sa = await givenSupplierWithAgreement();
    const part = await givenBuyable(sa, 'Tillbehör Makulering', { stockForm: 'stock' });
    const a = await createPurchaseOrder(f.warehouse, { agreementId: sa.agreement.id, warehouseId: f.wh.main.id, lines: [{ articleId: part.id, quantity: 2 }] });
    const sentA = await sendPurchaseOrder(f.warehouse, a.id, { version: a.version, via: 'manual' });
    const partly = await receiveGoods(f.warehouse, a.id, { version: sentA.version, lines: [{ lineId: sentA.lines[0]!.id, quantity: 1 }] });
    const refused = await cancelPurchaseOrder(f.warehouse, a.id, { version: partly.purchaseOrder.version, reason: 'Fel' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'GOODS_RECEIVED' });
    expect((refused as Error).message).toContain('1 st');

    const item = await givenBuyable(sa, 'Tillbehör Makuleras Till Order');
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: item.articleNumber }] });
    const b = await buyForOrderLine(f.warehouse, o.lineIds[0]!, {});
    const sentB = await sendPurchaseOrder(f.warehouse, b.id, { version: b.version, via: 'email' });
    const cancelled = await cancelPurchaseOrder(f.warehouse, b.id, { version: sentB.version, reason: 'Beställd två gånger' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Beställd två gånger' });
    const [mail] = (await mails('provision.purchase-order.cancel')).filter((m) => m.subject.includes(b.number));
    expect(mail).toMatchObject({ to: sa.agreement.orderEmail, subject: `Makulerad: inköpsorder ${b.number} från Hjälpmedelscentralen` });
    expect(mail!.body).toContain('Beställd två gånger');
    expect((await orderPurchases(f.warehouse, o.orderId)).lines[0]!.need).toBe(1);
    await expect(cancelPurchaseOrder(f.warehouse, b.id, { version: cancelled.version, reason: 'igen' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(
      receiveGoods(f.warehouse, b.id, { version: cancelled.version, lines: [{ lineId: cancelled.lines[0]!.id, quantity: 1 }] }),
    ).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });
});

describe('proposals and reorder points', () => {
  it('collects waiting order-item lines and stock under its reorder point per agreement; a purchase order from them empties the proposal', async () => {
    const sa = await givenSupplierWithAgreement({ minimum: 100_000 });
    const item = await givenBuyable(sa, 'Tillbehör Förslag Beställningsvara', { price: 300 });
    const gloves = await givenBuyable(sa, 'Handskar Förslag Lagervara', { price: 50, stockForm: 'stock' });
    await postStockTransaction(f.warehouse, { warehouseId: f.wh.main.id, articleId: gloves.id, quantity: 3, kind: 'receipt', unitCost: 48 });
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: item.articleNumber, quantity: 2 }] });

    await expect(
      setReorderPoint(f.warehouse, { warehouseId: f.wh.main.id, articleId: item.id }, { reorderPoint: 1, reorderQuantity: 1 }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    const rp = await setReorderPoint(f.warehouse, { warehouseId: f.wh.main.id, articleId: gloves.id }, { reorderPoint: 10, reorderQuantity: 4 });
    // In stock 3, nothing on order: 8 brings it to the point (two reorder quantities).
    expect(rp).toMatchObject({ inStock: 3, onOrder: 0, proposed: 8 });
    await expect(
      setReorderPoint(as(f.ctx, 'customerService'), { warehouseId: f.wh.main.id, articleId: gloves.id }, { reorderPoint: 1, reorderQuantity: 1 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const proposals = await purchaseProposals(as(f.ctx, 'customerService'));
    const group = proposals.groups.find((g) => g.agreement.id === sa.agreement.id)!;
    expect(group).toMatchObject({ warehouseName: 'Centrallagret', total: '1000.00', belowMinimum: true });
    expect(group.lines.map((l) => [l.kind, l.articleNumber, l.quantity, l.orderLine?.lineId ?? null])).toEqual([
      ['orderLine', item.articleNumber, 2, o.lineIds[0]],
      ['reorder', gloves.articleNumber, 8, null],
    ]);

    const po = await createPurchaseOrder(f.warehouse, {
      agreementId: group.agreement.id,
      warehouseId: group.warehouseId,
      lines: group.lines.map((l) => ({ articleId: l.articleId, quantity: l.quantity, orderLineId: l.orderLine?.lineId ?? null, source: l.kind })),
    });
    expect(po.lines.map((l) => l.source)).toEqual(['orderLine', 'reorder']);
    const after = await purchaseProposals(f.warehouse);
    expect(after.groups.find((g) => g.agreement.id === sa.agreement.id)).toBeUndefined();
    expect((await listReorderPoints(f.warehouse, { warehouseId: f.wh.main.id })).find((r) => r.articleId === gloves.id)).toMatchObject({
      inStock: 3,
      onOrder: 8,
      proposed: 0,
    });
    await removeReorderPoint(f.warehouse, { warehouseId: f.wh.main.id, articleId: gloves.id });
    await expect(removeReorderPoint(f.warehouse, { warehouseId: f.wh.main.id, articleId: gloves.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists what needs buying but has no valid agreement apart, with the reason', async () => {
    const sa = await givenSupplierWithAgreement({ validTo: '2022-06-30' });
    const item = await givenBuyable(sa, 'Tillbehör Förslag Utan Avtal');
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: item.articleNumber }] });
    const proposals = await purchaseProposals(f.warehouse);
    expect(proposals.withoutAgreement.find((w) => w.articleId === item.id)).toMatchObject({
      kind: 'orderLine',
      quantity: 1,
      centreOrderNumber: o.receipt.centreOrderNumber,
      reason: expect.stringContaining(sa.agreement.agreementNumber),
    });
  });
});

describe('downloads', () => {
  it('the purchase order’s PDF and the stock value’s Excel file are downloads with their file names; refused to other roles', async () => {
    const sa = await givenSupplierWithAgreement();
    const part = await givenBuyable(sa, 'Tillbehör Nedladdning', { stockForm: 'stock' });
    const po = await createPurchaseOrder(f.warehouse, {
      agreementId: sa.agreement.id,
      warehouseId: f.wh.main.id,
      lines: [{ articleId: part.id, quantity: 1 }],
    });
    const finance = await f.t.login('ekonomi');
    const pdf = await finance.get(`/api/provision/purchasing/purchase-orders/${po.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="inkopsorder-${po.number}.pdf"`);
    expect(pdfText(pdf.rawPayload).pages.flat().join('\n')).toContain('Utkast – inte skickad till leverantören');
    const xlsx = await finance.get(`/api/provision/purchasing/stock-valuation.xlsx?warehouseId=${f.wh.main.id}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="lagervarde-${today()}.xlsx"`);
    const technician = await f.t.login('tekniker');
    expect((await technician.get(`/api/provision/purchasing/purchase-orders/${po.id}/pdf`)).statusCode).toBe(403);
    expect((await technician.get('/api/provision/purchasing/stock-valuation.xlsx')).statusCode).toBe(403);
  });
});

describe('purchase costs and the stock value', () => {
  it('values each warehouse at quantity × cost: the moving average of the ledger, each unit’s own cost; with an Excel export', async () => {
    const sa = await givenSupplierWithAgreement();
    const gel = await givenBuyable(sa, 'Gelkudde Värdering', { stockForm: 'stock', price: 10 });
    await postStockTransaction(f.warehouse, { warehouseId: f.wh.second.id, articleId: gel.id, quantity: 10, kind: 'receipt', unitCost: 10 });
    await postStockTransaction(f.warehouse, { warehouseId: f.wh.second.id, articleId: gel.id, quantity: 10, kind: 'receipt', unitCost: 13 });
    // Out at the average (11.50); the average stays.
    await postStockTransaction(f.warehouse, { warehouseId: f.wh.second.id, articleId: gel.id, quantity: -5, kind: 'adjustment' });
    await expect(
      postStockTransaction(f.warehouse, { warehouseId: f.wh.second.id, articleId: gel.id, quantity: -1, kind: 'adjustment', unitCost: 3 }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const lift = await givenBuyable(sa, 'Lyft Värdering', { stockForm: 'stock', unitTracked: true });
    await givenUnits(f.ctx, f.wh.second.id, lift.id, [
      { purchaseDate: '2024-01-01', cost: 30000 },
      { purchaseDate: '2025-01-01', cost: 32000.5 },
    ]);

    const v = await stockValuation(as(f.ctx, 'finance'), { warehouseId: f.wh.second.id });
    expect(v.warehouses).toHaveLength(1);
    const rows = v.warehouses[0]!.rows;
    expect(rows.find((r) => r.articleId === gel.id)).toMatchObject({ quantity: 15, unitCost: '11.50', value: '172.50' });
    expect(rows.find((r) => r.articleId === lift.id)).toMatchObject({ quantity: 2, unitTracked: true, value: '62000.50', unitCost: '31000.25' });
    expect(v.warehouses[0]!.value).toBe('62173.00');
    const [entries] = [
      await f.t.database.query<{ unit_cost: string }>(`SELECT unit_cost::text FROM provision_stock_transaction WHERE article_id = $1 ORDER BY id`, [gel.id]),
    ];
    expect(entries.map((e) => e.unit_cost)).toEqual(['10.0000', '13.0000', '11.5000']);
    // A unit reserved for an order still stands in the warehouse and counts; delivered it does not.
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: lift.articleNumber }] });
    await reserveUnits(f.warehouse, o.lineIds[0]!, { version: 1 });
    expect((await stockValuation(f.warehouse, { warehouseId: f.wh.second.id })).warehouses[0]!.value).toBe('62173.00');
    await expect(stockValuation(as(f.ctx, 'customerService'), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await stockValuationXlsx(v)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Lagervärde')!;
    const values = ws.getSheetValues().slice(1) as unknown[][];
    expect(values[0]!.slice(1)).toEqual(['Lager', 'Artikelnummer', 'Benämning', 'Individmärkt', 'Antal', 'Snittkostnad (kr)', 'Värde (kr)']);
    const gelRow = values.find((r) => r?.[2] === gel.articleNumber)!;
    expect(gelRow.slice(1)).toEqual([f.wh.second.name, gel.articleNumber, gel.name, 'Nej', 15, 11.5, 172.5]);
    expect(values.at(-1)!.slice(1)).toEqual(['Totalt', undefined, undefined, undefined, 17, undefined, 62173]);
  });
});
