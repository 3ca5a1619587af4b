import type { AuditLabels } from '../platform/audit/audit.ts';

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

/** Purposes administration's own reads give. */
export const administrationAuditPurposes = {
  'log-review': 'Logggranskning',
  'access-extract': 'Registerutdrag till patienten',
} as const satisfies AuditLabels;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof administrationAuditActions, true> {}
  interface AuditPurposeNames extends Record<keyof typeof administrationAuditPurposes, true> {}
}
