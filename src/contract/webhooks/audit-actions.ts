import type { AuditLabels } from '../../platform/audit/audit.ts';

/** The contract's HTTP adapters' audit actions with Swedish labels (CONVENTIONS 18). */
export const contractAuditActions = {
  'webhook.create': 'Webhook registrerad',
  'webhook.revoke': 'Webhook återkallad',
} as const satisfies AuditLabels;

declare module '../../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof contractAuditActions, true> {}
}
