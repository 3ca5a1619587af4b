import type { AuditLabels } from '../platform/audit/audit.ts';

/** The centre's (provision) audit actions with Swedish labels (CONVENTIONS 18). */
export const provisionAuditActions = {
  'provision.order.receive': 'Order mottagen',
  'provision.order.read': 'Order visad',
  'provision.order.attachment.download': 'Bilaga till order hämtad',
  'provision.order.acknowledge': 'Brådskande order kvitterad',
  'provision.order.cancel': 'Orderrader makulerade',
  'provision.line.deliver': 'Orderrad levererad',
  'provision.line.planned-date': 'Planerat datum ändrat',
  'provision.equivalents.set': 'Likvärdiga artiklar satta',
  'provision.unit.receive': 'Individer inleverade',
  'provision.unit.read': 'Individkort visat',
  'provision.unit.write-off': 'Individ avskriven',
  'provision.work-order.read': 'Arbetsorder visad',
  'provision.work-order.book': 'Arbetsorder bokad',
  'provision.work-order.cancel': 'Arbetsorder makulerad',
  'provision.work-order.ce-question': 'CE-fråga i arbetsorder',
  'provision.work-order.close': 'Arbetsorder avslutad',
  'provision.work-order.done': 'Arbetsorder klar',
  'provision.work-order.quote': 'Offert i arbetsorder',
  'provision.work-order.quote-answer': 'Offertsvar i arbetsorder',
  'provision.work-order.risk-analysis': 'Riskanalys i arbetsorder',
  'provision.work-order.start': 'Arbetsorder påbörjad',
  'provision.stock.post': 'Lagerpost bokförd',
  'provision.time-limits.update': 'Tidsgränser ändrade',
  'provision.rules.update': 'Regler ändrade (ny version)',
  'provision.buffer.adjust': 'Buffertförråd justerat',
  'provision.buffer.propose': 'Påfyllnadsförslag skapat',
  'provision.buffer.refill': 'Buffertförråd påfyllt',
  'provision.buffer.safety-level': 'Säkerhetsnivå ändrad',
  'provision.buffer-store.place-units': 'Individer placerade i buffertförråd',
  'provision.buffer-withdrawal.register': 'Uttag ur buffertförråd registrerat',
  'provision.case.read': 'Ärende visat',
  'provision.case.answer': 'Ärende besvarat',
  'provision.case.assign': 'Ärende tilldelat',
  'provision.case.note': 'Anteckning i ärende',
  'provision.investigation.found': 'Utredning: hittad',
  'provision.investigation.write-off': 'Utredning: avskriven',
  'provision.lost-device.re-register': 'Förlorat hjälpmedel återregistrerat',
  'provision.lost-device.write-off': 'Förlorat hjälpmedel avskrivet',
  'provision.pick-up.deregister': 'Hämtning avregistrerad',
  'provision.pick-up.picked-up': 'Hjälpmedel hämtat',
  'provision.pick-up.undone': 'Hämtning ångrad',
  'provision.pick-up.unit-missing': 'Individ saknas vid hämtning',
  'provision.reconditioning.start': 'Rekonditionering påbörjad',
  'provision.reconditioning.finish': 'Rekonditionering klar',
  'provision.reconditioning.scrap': 'Individ kasserad',
  'provision.purchase-order.create': 'Inköpsorder skapad',
  'provision.purchase-order.update': 'Inköpsorder ändrad',
  'provision.purchase-order.send': 'Inköpsorder skickad',
  'provision.purchase-order.confirm': 'Leveransdatum bekräftat av leverantören',
  'provision.purchase-order.receive': 'Inleverans mot inköpsorder',
  'provision.purchase-order.close-line': 'Inköpsorderrad avslutad med underleverans',
  'provision.purchase-order.cancel': 'Inköpsorder makulerad',
  'provision.reorder-point.set': 'Beställningspunkt ändrad',
  'provision.reorder-point.remove': 'Beställningspunkt borttagen',
} as const satisfies AuditLabels;

/** Why the centre read patient data. */
export const provisionAuditPurposes = {
  'order-intake': 'Orderintag',
  'order-handling': 'Orderhantering',
  'unit-card': 'Individkort',
  'work-order': 'Arbetsorder',
  'report-handling': 'Ärendehantering',
} as const satisfies AuditLabels;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof provisionAuditActions, true> {}
  interface AuditPurposeNames extends Record<keyof typeof provisionAuditPurposes, true> {}
}
