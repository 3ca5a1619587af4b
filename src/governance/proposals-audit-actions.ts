/** Audit actions of change proposals and upgrade test rounds (CONVENTIONS 18), beside news' in audit-actions.ts. */
export const changeAuditActions = {
  'change-proposal.prepare': 'Förändringsförslag berett',
  'change-proposal.decide': 'Beslut om förändringsförslag',
  'test-round.plan': 'Uppgraderingstest planerat',
  'test-round.sign-off': 'Uppgraderingstest godkänt',
} as const satisfies Readonly<Record<string, string>>;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof changeAuditActions, true> {}
}
