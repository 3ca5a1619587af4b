/** Support's audit actions with Swedish labels (CONVENTIONS 18). */
export const supportAuditActions = {
  'support-ticket.create': 'Supportärende skapat',
  'support-ticket.escalate': 'Supportärende eskalerat',
  'support-ticket.return': 'Supportärende tillbakaskickat',
  'support-ticket.status': 'Supportärendets status ändrad',
  'support-ticket.add-attachment': 'Bilaga till supportärende',
} as const satisfies Readonly<Record<string, string>>;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof supportAuditActions, true> {}
}
