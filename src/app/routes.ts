import { administrationRoutes } from '../administration/routes.ts';
import { logReviewRoutes } from '../administration/log-review/routes.ts';
import { billingRoutes } from '../billing/routes.ts';
import { catalogueRoutes } from '../catalogue/routes.ts';
import { governanceRoutes } from '../governance/routes.ts';
import type { CentreLink } from '../ordering/orders/centre-link.ts';
import { orderRoutes } from '../ordering/orders/routes.ts';
import { contractAttachmentSource } from '../ordering/orders/contract-attachments.ts';
import { contractPatientCheck } from '../ordering/patients/contract-patient-check.ts';
import { patientRoutes } from '../ordering/patients/routes.ts';
import { provisionRoutes } from '../provision/routes.ts';
import { supportRoutes } from '../support/routes.ts';
import { supportAuditActions, supportAuditActionsEn } from '../support/audit-actions.ts';
import { changeAuditActions, changeAuditActionsEn } from '../governance/proposals-audit-actions.ts';
import {
  administrationAuditActions,
  administrationAuditActionsEn,
  administrationAuditPurposes,
  administrationAuditPurposesEn,
} from '../administration/audit-actions.ts';
import { billingAuditActions, billingAuditActionsEn, billingAuditPurposes, billingAuditPurposesEn } from '../billing/audit-actions.ts';
import { catalogueAuditActions, catalogueAuditActionsEn } from '../catalogue/audit-actions.ts';
import { governanceAuditActions, governanceAuditActionsEn } from '../governance/audit-actions.ts';
import { orderingAuditActions, orderingAuditActionsEn, orderingAuditPurposes, orderingAuditPurposesEn } from '../ordering/audit-actions.ts';
import { provisionAuditActions, provisionAuditActionsEn, provisionAuditPurposes, provisionAuditPurposesEn } from '../provision/audit-actions.ts';
import { mergeAuditVocabulary, platformAuditActions, platformAuditActionsEn } from '../platform/audit/audit.ts';
import { auditRoutes } from '../platform/audit/routes.ts';
import { authRoutes } from '../platform/auth/routes.ts';
import { oidcRoutes } from '../platform/auth/oidc-routes.ts';
import { findUserByHsaId } from '../administration/users/find-by-hsa-id.ts';
import { mailRoutes } from '../platform/mail/routes.ts';
import { handbookRoutes } from '../platform/handbook/routes.ts';
import { contractEventRoutes } from '../contract/webhooks/routes.ts';
import { contractAuditActions, contractAuditActionsEn } from '../contract/webhooks/audit-actions.ts';
import { fhirRoutes } from '../fhir/routes.ts';
import type { App } from '../platform/http/app.ts';
import { auditPatients } from './audit-patients.ts';

/** Bearer tokens of system clients resolve to their actor through the administration module (AppDeps.authenticateClient). */
export { authenticateClient } from '../administration/clients/authenticate-client.ts';

/** Every module's audit actions and purposes with their Swedish labels (CONVENTIONS 18), for the audit search and the log review. */
export const auditVocabulary = mergeAuditVocabulary(
  { actions: platformAuditActions, actionsEn: platformAuditActionsEn },
  {
    actions: administrationAuditActions,
    actionsEn: administrationAuditActionsEn,
    purposes: administrationAuditPurposes,
    purposesEn: administrationAuditPurposesEn,
  },
  { actions: catalogueAuditActions, actionsEn: catalogueAuditActionsEn },
  { actions: governanceAuditActions, actionsEn: governanceAuditActionsEn },
  { actions: supportAuditActions, actionsEn: supportAuditActionsEn },
  { actions: changeAuditActions, actionsEn: changeAuditActionsEn },
  { actions: orderingAuditActions, actionsEn: orderingAuditActionsEn, purposes: orderingAuditPurposes, purposesEn: orderingAuditPurposesEn },
  { actions: provisionAuditActions, actionsEn: provisionAuditActionsEn, purposes: provisionAuditPurposes, purposesEn: provisionAuditPurposesEn },
  { actions: billingAuditActions, actionsEn: billingAuditActionsEn, purposes: billingAuditPurposes, purposesEn: billingAuditPurposesEn },
  { actions: contractAuditActions, actionsEn: contractAuditActionsEn },
);

/**
 * Every module's routes. A new module adds its plugin here. The centre's REST intake checks a message's patient
 * against the ordering side's patient directory through the contract's PatientCheck, wired here; the ordering
 * side reaches the centre through `centre`, which the contract's wiring sets (src/app/start.ts).
 */
export const appRoutes = (centre: CentreLink): ((app: App) => Promise<void>)[] => [
  authRoutes,
  // SITHS login matches the IdP's HSA-id to a user through the administration module.
  (app) => oidcRoutes(app, { findUserByHsaId }),
  administrationRoutes,
  governanceRoutes,
  supportRoutes,
  (app) => auditRoutes(app, auditVocabulary, auditPatients),
  (app) => logReviewRoutes(app, auditVocabulary),
  mailRoutes,
  // The user handbook (docs/handbok) for the pages' "Hjälp" links.
  handbookRoutes,
  catalogueRoutes,
  patientRoutes,
  (app) => orderRoutes(app, { centre }),
  (app) => provisionRoutes(app, { patients: contractPatientCheck, attachments: contractAttachmentSource }),
  contractEventRoutes,
  // The FHIR R4 facade over the contract and the modules' use cases (issue 18).
  fhirRoutes,
  billingRoutes,
];
