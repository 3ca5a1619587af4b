import type { AuditLabels, AuditLabelsEn } from '../platform/audit/audit.ts';

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

/** The same in English, for the English page (issue 16 item 13). */
export const orderingAuditActionsEn = {
  'patient.read': 'Patient data read',
  'patient.read-refused': 'Patient data read refused (no care relationship)',
  'patient.lookup': 'Patient look-up',
  'patient.list': 'Patients in an order list',
  'patient.care-relationship': 'Care relationship declared',
  'order.create-draft': 'Order draft created',
  'order.save-draft': 'Order draft saved',
  'order.delete-draft': 'Order draft deleted',
  'order.submit': 'Order sent',
  'order.cancel-request': 'Cancellation requested',
  'order.quote-answer': 'Quote answered',
  'order.attachment.add': 'Attachment added',
  'order.attachment.download': 'Attachment downloaded',
  'order.split': 'Order split: lines sent as an order of their own',
  'prescription-class.update': 'Prescription class changed (measurements and aim per ISO class)',
  'order.follow-up-done': 'Prescription follow-up marked done',
} as const satisfies AuditLabelsEn<typeof orderingAuditActions>;

/** Why patient data was read on the ordering side. */
export const orderingAuditPurposes = {
  order: 'Beställning',
  prescription: 'Förskrivning',
  'order-list': 'Beställningslista',
  'order-messages': 'Meddelanden om beställningar',
  'device-overview': 'Hjälpmedelsbild',
  'order-cancellation': 'Makulering',
  attachment: 'Bilaga',
  'quote-answer': 'Offertsvar',
  'follow-up-list': 'Mina uppföljningar',
} as const satisfies AuditLabels;

/** The same in English, for the English page (issue 16 item 13). */
export const orderingAuditPurposesEn = {
  order: 'Order',
  prescription: 'Prescription',
  'order-list': 'Order list',
  'order-messages': 'Messages about orders',
  'device-overview': 'Device overview',
  'order-cancellation': 'Cancellation',
  attachment: 'Attachment',
  'quote-answer': 'Quote answer',
  'follow-up-list': 'My follow-ups',
} as const satisfies AuditLabelsEn<typeof orderingAuditPurposes>;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof orderingAuditActions, true> {}
  interface AuditPurposeNames extends Record<keyof typeof orderingAuditPurposes, true> {}
}
