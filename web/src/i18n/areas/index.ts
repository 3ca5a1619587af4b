// The message areas (see ../define.ts). Each area is one file here; add it to both objects below.
import { billingMessages } from './billing.ts';

export const areasSv = { ...billingMessages.sv };

export const areasEn: Record<keyof typeof areasSv, string> = { ...billingMessages.en };
