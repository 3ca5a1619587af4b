import type { AuditLabels, AuditLabelsEn } from '../platform/audit/audit.ts';

/** Administration's audit actions with Swedish labels (CONVENTIONS 18). */
export const administrationAuditActions = {
  'user.create': 'Användare skapad',
  'user.read': 'Användare visad',
  'user.list': 'Användarlista visad',
  'user.update': 'Användare ändrad',
  'user.update-profile': 'Egen profil ändrad',
  'user.change-password': 'Eget lösenord bytt',
  'user.reset-password': 'Lösenord återställt',
  'user.activate': 'Användare aktiverad',
  'user.inactivate': 'Användare inaktiverad',
  'care-provider.create': 'Vårdgivare skapad',
  'care-provider.update': 'Vårdgivare ändrad',
  'customer.create': 'Kund skapad',
  'customer.update': 'Kund ändrad',
  'delivery-area.create': 'Leveransområde skapat',
  'delivery-area.update': 'Leveransområde ändrat',
  'system-client.create': 'Systemklient registrerad',
  'system-client.revoke': 'Systemklient återkallad',
  'system-client.secret.create': 'Klienthemlighet skapad',
  'system-client.secret.revoke': 'Klienthemlighet återkallad',
  'system-client.token': 'Åtkomsttoken utfärdad',
  'system-client.token.refused': 'Åtkomsttoken nekad',
  'access-application.submit': 'Behörighetsansökan inskickad',
  'access-application.approve': 'Behörighetsansökan godkänd',
  'access-application.refuse': 'Behörighetsansökan avslagen',
  'setting.update': 'Inställning ändrad',
  'log-review.report': 'Logggranskningsrapport tagen fram',
  'log-review.export': 'Logggranskningsrapport exporterad',
  'log-review.sign-off': 'Logggranskning signerad',
  'patient.access-extract': 'Registerutdrag över åtkomst',
} as const satisfies AuditLabels;

/** The same in English, for the English page (issue 16 item 13). */
export const administrationAuditActionsEn = {
  'user.create': 'User created',
  'user.read': 'User viewed',
  'user.list': 'User list viewed',
  'user.update': 'User changed',
  'user.update-profile': 'Own profile changed',
  'user.change-password': 'Own password changed',
  'user.reset-password': 'Password reset',
  'user.activate': 'User activated',
  'user.inactivate': 'User inactivated',
  'care-provider.create': 'Care provider created',
  'care-provider.update': 'Care provider changed',
  'customer.create': 'Customer created',
  'customer.update': 'Customer changed',
  'delivery-area.create': 'Delivery area created',
  'delivery-area.update': 'Delivery area changed',
  'system-client.create': 'System client registered',
  'system-client.revoke': 'System client revoked',
  'system-client.secret.create': 'Client secret created',
  'system-client.secret.revoke': 'Client secret revoked',
  'system-client.token': 'Access token issued',
  'system-client.token.refused': 'Access token refused',
  'access-application.submit': 'Access application submitted',
  'access-application.approve': 'Access application approved',
  'access-application.refuse': 'Access application refused',
  'setting.update': 'Setting changed',
  'log-review.report': 'Log review report produced',
  'log-review.export': 'Log review report exported',
  'log-review.sign-off': 'Log review signed off',
  'patient.access-extract': 'Access extract for the patient',
} as const satisfies AuditLabelsEn<typeof administrationAuditActions>;

/** Purposes administration's own reads give. */
export const administrationAuditPurposes = {
  'log-review': 'Logggranskning',
  'access-extract': 'Registerutdrag till patienten',
} as const satisfies AuditLabels;

/** The same in English, for the English page (issue 16 item 13). */
export const administrationAuditPurposesEn = {
  'log-review': 'Log review',
  'access-extract': 'Access extract for the patient',
} as const satisfies AuditLabelsEn<typeof administrationAuditPurposes>;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof administrationAuditActions, true> {}
  interface AuditPurposeNames extends Record<keyof typeof administrationAuditPurposes, true> {}
}
