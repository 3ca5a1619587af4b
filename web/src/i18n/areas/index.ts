// The message areas (see ../define.ts). Each area is one file here; add it to both objects below.
import { access } from './access.ts';
import { billingMessages } from './billing.ts';
import { governance } from './governance.ts';
import { issues } from './issues.ts';
import { matrix } from './matrix.ts';
import { quality } from './quality.ts';
import { support } from './support.ts';

export const areasSv = {
  ...issues.sv,
  ...access.sv,
  ...billingMessages.sv,
  ...support.sv,
  ...governance.sv,
  ...quality.sv,
  ...matrix.sv,
};

export const areasEn: Record<keyof typeof areasSv, string> = {
  ...issues.en,
  ...access.en,
  ...billingMessages.en,
  ...support.en,
  ...governance.en,
  ...quality.en,
  ...matrix.en,
};
