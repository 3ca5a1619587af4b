/** Audit actions of change proposals and upgrade test rounds (CONVENTIONS 18), beside news' in audit-actions.ts. */
export const changeAuditActions = {
  'change-proposal.prepare': 'Förändringsförslag berett',
  'change-proposal.decide': 'Beslut om förändringsförslag',
  'test-round.plan': 'Uppgraderingstest planerat',
  'test-round.sign-off': 'Uppgraderingstest godkänt',
} as const satisfies Readonly<Record<string, string>>;

/** The same in English, for the English page (issue 16 item 13). */
export const changeAuditActionsEn = {
  'change-proposal.prepare': 'Change proposal prepared',
  'change-proposal.decide': 'Decision on change proposal',
  'test-round.plan': 'Upgrade test planned',
  'test-round.sign-off': 'Upgrade test signed off',
} as const satisfies Readonly<Record<keyof typeof changeAuditActions, string>>;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof changeAuditActions, true> {}
}
