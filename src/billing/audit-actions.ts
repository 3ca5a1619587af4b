import type { AuditLabels, AuditLabelsEn } from '../platform/audit/audit.ts';

/** Billing's audit actions with Swedish labels (CONVENTIONS 18). */
export const billingAuditActions = {
  'billing.basis.download': 'Fakturaunderlag hämtat',
  'billing.basis.summary': 'Sammanställning av fakturaunderlag visad',
  'billing.contact.set': 'Kontaktadress för fakturaunderlag ändrad',
  'billing.cost-rule.create': 'Kostnadsregel skapad',
  'billing.cost-rule.update': 'Kostnadsregel ändrad',
  'billing.it-cost.set': 'IT-kostnad för period angiven',
  'billing.line.correct': 'Fakturarad rättad',
  'billing.month.close': 'Månad stängd',
  'billing.month.run': 'Månadskörning',
  'billing.statistics.export': 'Kostnadsstatistik exporterad',
  'billing.service-price.add': 'Tjänstepris tillagt',
  'billing.settings.update': 'Faktureringsinställning ändrad',
} as const satisfies AuditLabels;

/** The same in English, for the English page (issue 16 item 13). */
export const billingAuditActionsEn = {
  'billing.basis.download': 'Invoice basis downloaded',
  'billing.basis.summary': 'Invoice basis summary viewed',
  'billing.contact.set': 'Invoice basis contact address changed',
  'billing.cost-rule.create': 'Cost rule created',
  'billing.cost-rule.update': 'Cost rule changed',
  'billing.it-cost.set': 'IT cost for a period set',
  'billing.line.correct': 'Invoice line corrected',
  'billing.month.close': 'Month closed',
  'billing.month.run': 'Monthly run',
  'billing.statistics.export': 'Cost statistics exported',
  'billing.service-price.add': 'Service price added',
  'billing.settings.update': 'Billing setting changed',
} as const satisfies AuditLabelsEn<typeof billingAuditActions>;

export const billingAuditPurposes = {
  'invoice-basis': 'Fakturaunderlag',
} as const satisfies AuditLabels;

/** The same in English, for the English page (issue 16 item 13). */
export const billingAuditPurposesEn = {
  'invoice-basis': 'Invoice basis',
} as const satisfies AuditLabelsEn<typeof billingAuditPurposes>;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof billingAuditActions, true> {}
  interface AuditPurposeNames extends Record<keyof typeof billingAuditPurposes, true> {}
}
