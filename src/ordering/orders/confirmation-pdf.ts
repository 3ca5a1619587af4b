import { addressLine, orderMatrix } from '../../contract/index.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { startPdf, writeFacts, writeTable } from '../../platform/documents/pdf.ts';
import { AppError } from '../../platform/errors.ts';
import { formatPersonalNumber } from '../patients/personal-number.ts';
import { getOrder } from './get-order.ts';
import type { OrderView } from './order-schemas.ts';
import type { LineStatus, OrderStatus } from './schema.ts';

/** The words of the printed confirmation: what the prescriber's order page says, in Swedish. */
const ORDER_STATUS: Record<OrderStatus, string> = {
  draft: 'Utkast',
  submitted: 'Skickad',
  received: 'Mottagen av hjälpmedelscentralen',
  inProgress: 'Pågår',
  delivered: 'Levererad',
  done: 'Klar',
  cancelled: 'Makulerad',
};
const LINE_STATUS: Record<LineStatus, string> = {
  draft: 'Utkast',
  submitted: 'Skickad',
  received: 'Mottagen',
  planned: 'Planerad',
  delivered: 'Levererad',
  pickedUp: 'Hämtad',
  deregistered: 'Avregistrerad',
  cancelled: 'Makulerad',
  done: 'Klar',
};
const EVENT: Record<string, string> = {
  submitted: 'Skickad',
  received: 'Mottagen av hjälpmedelscentralen',
  acknowledged: 'Akut beställning kvitterad',
  plannedDate: 'Planerat leveransdatum',
  delayed: 'Försenad',
  delivered: 'Levererad',
  cancelled: 'Makulerad',
  cancelRequested: 'Makulering begärd',
  refused: 'Avvisad',
  workOrderBooked: 'Arbetsorder bokad',
  workOrderStarted: 'Arbetsorder påbörjad',
  workOrderDone: 'Arbetsorder klar',
  quoteSent: 'Offert skickad',
  quoteAnswered: 'Offert besvarad',
  pickedUp: 'Hämtad',
  deregistered: 'Borttagen ur hjälpmedelsbilden',
  pickUpUndone: 'Hämtningen ångrad',
  unitFailedInspection: 'Underkänd vid besiktning',
  unitBackInUse: 'Godkänd vid ny besiktning: i bruk igen',
  registeredOnPatient: 'Registrerad på patienten',
  writtenOff: 'Avskriven',
  answered: 'Besvarad',
};
const DELIVERY: Record<string, string> = {
  patientAddress: 'Patientens adress',
  otherAddress: 'Annan adress',
  deliveryPoint: 'Kundens leveransadress',
  bufferStore: 'Buffertförråd',
  none: 'Ingen leverans',
};

const dateOf = (at: string | Date) => stockholmDateTime(typeof at === 'string' ? new Date(at) : at).date;
const dateTimeOf = (at: string | Date) => {
  const d = stockholmDateTime(typeof at === 'string' ? new Date(at) : at);
  const hhmm = (n: number) => String(n).padStart(2, '0');
  return `${d.date} ${hhmm(Math.floor(d.minutes / 60))}:${hhmm(d.minutes % 60)}`;
};

/** What an event says beyond its name: the planned or new date, the delivery day and units, the reason. */
function eventDetail(e: OrderView['timeline'][number]): string {
  const d = e.data;
  const parts: string[] = [];
  if (typeof d.plannedDate === 'string') parts.push(d.plannedDate);
  if (typeof d.newDate === 'string') parts.push(`nytt datum ${d.newDate}`);
  if (typeof d.deliveredOn === 'string') parts.push(d.deliveredOn);
  if (Array.isArray(d.units) && d.units.length)
    parts.push(`individ ${(d.units as { unitNumber?: string }[]).map((u) => u.unitNumber ?? (typeof u === 'string' ? u : '')).join(', ')}`);
  else if (typeof d.unitNumber === 'string') parts.push(`individ ${d.unitNumber}`);
  if (typeof d.reason === 'string') parts.push(d.reason);
  if (typeof d.answer === 'string') parts.push(d.answer);
  return parts.join(' · ');
}

/**
 * GET /api/orders/:id/confirmation.pdf: the printable order confirmation (issue 16 item 14) of a sent order,
 * read through getOrder (the same scope, care-relationship check and patient-data audit as the order page).
 * A4 in Swedish: the order and who ordered it, the patient (a protected identity's address never), the
 * delivery, the lines with their status and planned date, and what the centre has confirmed so far.
 */
export async function orderConfirmationPdf(ctx: Ctx, orderId: string): Promise<{ fileName: string; pdf: Buffer }> {
  const o = await getOrder(ctx, orderId);
  if (o.status === 'draft') throw new AppError('INVALID_TRANSITION', 'Ett utkast har ingen orderbekräftelse: skicka beställningen först');
  const title = `Orderbekräftelse ${o.orderNumber ?? ''}`.trim();
  const { doc, finish } = await startPdf({ title, margin: 50 });
  doc.fontSize(16).text(title);
  doc
    .moveDown(0.2)
    .fontSize(9)
    .text(`Utskriven ${dateTimeOf(ctx.now())} av ${ctx.actor?.name ?? ''}`.trim());
  doc.moveDown(0.8);
  const delivery = o.delivery as Record<string, unknown>;
  const protectedPatient = o.patient?.protectedIdentity ?? false;
  writeFacts(doc, [
    ['Beställning', `${o.orderNumber ?? ''} · ${orderMatrix[o.orderType].sv}${o.urgent ? ' · AKUT' : ''}`],
    ['Hjälpmedelscentralens nr', o.centreOrderNumber],
    ['Status', ORDER_STATUS[o.status]],
    ['Skickad', o.submittedAt ? dateTimeOf(o.submittedAt) : null],
    ['Beräknad leverans', o.expectedDate],
    ['Beställare', o.createdBy.name],
    ['Kund', `${o.customer.customerNumber} ${o.customer.name}`],
    ['Patient', o.patient ? `${o.patient.name}, ${formatPersonalNumber(o.patient.identifier)}` : null],
    ['Skyddad identitet', protectedPatient ? 'Ja: adressen skrivs aldrig ut' : null],
    ['Leverans', DELIVERY[String(delivery.kind)] ?? null],
    ['Adress', protectedPatient ? null : addressLine(delivery.address)],
    ['Kontakt', [o.contactName, o.contactPhone].filter(Boolean).join(', ') || null],
    ['Meddelande', o.messageToCentre],
  ]);
  writeTable(doc, {
    title: 'Rader',
    columns: [
      { title: 'Rad', width: 30 },
      { title: 'Artikel/individ', width: 80 },
      { title: 'Benämning', width: 170 },
      { title: 'Antal', width: 40, align: 'right' },
      { title: 'Status', width: 85 },
      { title: 'Planerat', width: 90 },
    ],
    rows: o.lines.map((l) => [
      String(l.lineNumber),
      l.articleNumber ?? l.unitNumber ?? '',
      [l.articleName, l.accessoryForLine ? `(tillbehör till rad ${l.accessoryForLine})` : null].filter(Boolean).join(' '),
      l.deliveredQuantity ? `${l.deliveredQuantity} av ${l.quantity}` : String(l.quantity),
      LINE_STATUS[l.status],
      l.plannedDate ?? '',
    ]),
    empty: 'Inga rader',
  });
  writeTable(doc, {
    title: 'Bekräftelser och händelser',
    columns: [
      { title: 'Datum', width: 95 },
      { title: 'Rad', width: 30 },
      { title: 'Händelse', width: 150 },
      { title: 'Uppgifter', width: 220 },
    ],
    rows: o.timeline.map((e) => [dateOf(e.at), e.lineNumber ? String(e.lineNumber) : '', EVENT[e.type] ?? e.type, eventDetail(e)]),
    empty: 'Inga händelser ännu',
  });
  return { fileName: `orderbekraftelse-${o.orderNumber ?? o.id}.pdf`, pdf: await finish({ align: 'right' }) };
}
