import type { AuditLabels, AuditLabelsEn } from '../platform/audit/audit.ts';

/** Governance's audit actions with Swedish labels (CONVENTIONS 18). */
export const governanceAuditActions = {
  'news.publish': 'Driftinformation publicerad',
  'news.withdraw': 'Driftinformation återkallad',
} as const satisfies AuditLabels;

/** The same in English, for the English page (issue 16 item 13). */
export const governanceAuditActionsEn = {
  'news.publish': 'Operational news published',
  'news.withdraw': 'Operational news withdrawn',
} as const satisfies AuditLabelsEn<typeof governanceAuditActions>;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof governanceAuditActions, true> {}
}
