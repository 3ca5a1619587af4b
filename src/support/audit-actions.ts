/** Support's audit actions with Swedish labels (CONVENTIONS 18). */
export const supportAuditActions = {
  'support-ticket.create': 'Supportärende skapat',
  'support-ticket.escalate': 'Supportärende eskalerat',
  'support-ticket.return': 'Supportärende tillbakaskickat',
  'support-ticket.status': 'Supportärendets status ändrad',
  'support-ticket.add-attachment': 'Bilaga till supportärende',
} as const satisfies Readonly<Record<string, string>>;

/** The same in English, for the English page (issue 16 item 13). */
export const supportAuditActionsEn = {
  'support-ticket.create': 'Support ticket created',
  'support-ticket.escalate': 'Support ticket escalated',
  'support-ticket.return': 'Support ticket sent back',
  'support-ticket.status': 'Support ticket status changed',
  'support-ticket.add-attachment': 'Attachment to support ticket',
} as const satisfies Readonly<Record<keyof typeof supportAuditActions, string>>;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof supportAuditActions, true> {}
}
