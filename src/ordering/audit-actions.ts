import type { AuditLabels } from '../platform/audit/audit.ts';

/** The ordering side's audit actions with Swedish labels (CONVENTIONS 18). */
export const orderingAuditActions = {
  'patient.read': 'Läsning av patientuppgifter',
  'patient.read-refused': 'Läsning av patientuppgifter nekad (ingen vårdrelation)',
  'patient.lookup': 'Patientsökning',
  'patient.list': 'Patienter i beställningslista',
  'patient.care-relationship': 'Vårdrelation intygad',
  'order.create-draft': 'Beställningsutkast skapat',
  'order.save-draft': 'Beställningsutkast sparat',
  'order.delete-draft': 'Beställningsutkast borttaget',
  'order.submit': 'Beställning skickad',
  'order.split': 'Beställning delad: rader skickade som egen beställning',
  'order.cancel-request': 'Makulering begärd',
  'order.quote-answer': 'Offert besvarad',
  'order.attachment.add': 'Bilaga tillagd',
  'order.attachment.download': 'Bilaga hämtad',
  'prescription-class.update': 'Förskrivningsklass ändrad (mått och mål per ISO-klass)',
  'order.follow-up-done': 'Uppföljning av förskrivning markerad som gjord',
} as const satisfies AuditLabels;

/** Why patient data was read on the ordering side. */
export const orderingAuditPurposes = {
  order: 'Beställning',
  prescription: 'Förskrivning',
  'order-list': 'Beställningslista',
  'device-overview': 'Hjälpmedelsbild',
  'order-cancellation': 'Makulering',
  attachment: 'Bilaga',
  'quote-answer': 'Offertsvar',
  'follow-up-list': 'Mina uppföljningar',
} as const satisfies AuditLabels;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof orderingAuditActions, true> {}
  interface AuditPurposeNames extends Record<keyof typeof orderingAuditPurposes, true> {}
}
