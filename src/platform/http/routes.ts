import { administrationRoutes } from '../../administration/routes.ts';
import { billingRoutes } from '../../billing/routes.ts';
import { catalogueRoutes } from '../../catalogue/routes.ts';
import { governanceRoutes } from '../../governance/routes.ts';
import { orderRoutes } from '../../ordering/orders/routes.ts';
import { contractPatientCheck } from '../../ordering/patients/contract-patient-check.ts';
import { patientRoutes } from '../../ordering/patients/routes.ts';
import { provisionRoutes } from '../../provision/routes.ts';
import { auditRoutes } from '../audit/routes.ts';
import { authRoutes } from '../auth/routes.ts';
import { mailRoutes } from '../mail/routes.ts';
import type { App } from './app.ts';

/** Bearer tokens of system clients resolve to their actor through the administration module (AppDeps.authenticateClient). */
export { authenticateClient } from '../../administration/clients/authenticate-client.ts';

/**
 * Every module's routes. A new module adds its plugin here. The centre's REST intake checks a message's patient
 * against the ordering side's patient directory through the contract's PatientCheck, wired here.
 */
export const allRoutes: ((app: App) => Promise<void>)[] = [
  authRoutes,
  administrationRoutes,
  governanceRoutes,
  auditRoutes,
  mailRoutes,
  catalogueRoutes,
  patientRoutes,
  orderRoutes,
  (app) => provisionRoutes(app, { patients: contractPatientCheck }),
  billingRoutes,
];
