import type { AuditLabels } from '../platform/audit/audit.ts';

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

export const billingAuditPurposes = {
  'invoice-basis': 'Fakturaunderlag',
} as const satisfies AuditLabels;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof billingAuditActions, true> {}
  interface AuditPurposeNames extends Record<keyof typeof billingAuditPurposes, true> {}
}
