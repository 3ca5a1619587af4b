import type { AuditLabels } from '../platform/audit/audit.ts';

/** Governance's audit actions with Swedish labels (CONVENTIONS 18). */
export const governanceAuditActions = {
  'news.publish': 'Driftinformation publicerad',
  'news.withdraw': 'Driftinformation återkallad',
} as const satisfies AuditLabels;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof governanceAuditActions, true> {}
}
