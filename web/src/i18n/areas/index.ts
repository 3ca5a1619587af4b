// The message areas (see ../define.ts). Each area is one file here; add it to both objects below.
import { issues } from './issues.ts';

export const areasSv = {
  ...issues.sv,
};

export const areasEn: Record<keyof typeof areasSv, string> = {
  ...issues.en,
};
