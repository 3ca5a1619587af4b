import type { AuditLabels, AuditLabelsEn } from '../../platform/audit/audit.ts';

/** The contract's HTTP adapters' audit actions with Swedish labels (CONVENTIONS 18). */
export const contractAuditActions = {
  'webhook.create': 'Webhook registrerad',
  'webhook.revoke': 'Webhook återkallad',
} as const satisfies AuditLabels;

/** The same in English, for the English page (issue 16 item 13). */
export const contractAuditActionsEn = {
  'webhook.create': 'Webhook registered',
  'webhook.revoke': 'Webhook revoked',
} as const satisfies AuditLabelsEn<typeof contractAuditActions>;

declare module '../../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof contractAuditActions, true> {}
}
