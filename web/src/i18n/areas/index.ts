// The message areas (see ../define.ts): every text of the web app. Each area is one file here; add it to both
// objects below. MessageKey (../index.tsx) is the union of their keys.
import { admin } from './admin.ts';
import { app } from './app.ts';
import { buffers } from './buffers.ts';
import { cases } from './cases.ts';
import { catalogueImport } from './catalogue-import.ts';
import { catalogue } from './catalogue.ts';
import { errors } from './errors.ts';
import { login } from './login.ts';
import { nav } from './nav.ts';
import { orders } from './orders.ts';
import { orderingFlows } from './ordering-flows.ts';
import { prescription } from './prescription.ts';
import { patients } from './patients.ts';
import { profile } from './profile.ts';
import { provision } from './provision.ts';
import { purchasing } from './purchasing.ts';
import { reconditioning } from './reconditioning.ts';
import { workOrders } from './work-orders.ts';
import { access } from './access.ts';
import { billingMessages } from './billing.ts';
import { governance } from './governance.ts';
import { handbook } from './handbook.ts';
import { issues } from './issues.ts';
import { matrix } from './matrix.ts';
import { quality } from './quality.ts';
import { rules } from './rules.ts';
import { support } from './support.ts';
import { transport } from './transport.ts';
import { maintenance } from './maintenance.ts';

export const areasSv = {
  ...admin.sv,
  ...app.sv,
  ...buffers.sv,
  ...cases.sv,
  ...catalogueImport.sv,
  ...catalogue.sv,
  ...errors.sv,
  ...login.sv,
  ...nav.sv,
  ...orders.sv,
  ...orderingFlows.sv,
  ...prescription.sv,
  ...patients.sv,
  ...profile.sv,
  ...provision.sv,
  ...purchasing.sv,
  ...reconditioning.sv,
  ...workOrders.sv,
  ...issues.sv,
  ...access.sv,
  ...billingMessages.sv,
  ...support.sv,
  ...governance.sv,
  ...quality.sv,
  ...matrix.sv,
  ...rules.sv,
  ...handbook.sv,
  ...transport.sv,
  ...maintenance.sv,
};

export const areasEn: Record<keyof typeof areasSv, string> = {
  ...admin.en,
  ...app.en,
  ...buffers.en,
  ...cases.en,
  ...catalogueImport.en,
  ...catalogue.en,
  ...errors.en,
  ...login.en,
  ...nav.en,
  ...orders.en,
  ...orderingFlows.en,
  ...prescription.en,
  ...patients.en,
  ...profile.en,
  ...provision.en,
  ...purchasing.en,
  ...reconditioning.en,
  ...workOrders.en,
  ...issues.en,
  ...access.en,
  ...billingMessages.en,
  ...support.en,
  ...governance.en,
  ...quality.en,
  ...matrix.en,
  ...rules.en,
  ...handbook.en,
  ...transport.en,
  ...maintenance.en,
};
