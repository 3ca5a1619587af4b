// The message areas (see ../define.ts). Each area is one file here; add it to both objects below.
import { quality } from './quality.ts';

export const areasSv = { ...quality.sv };

export const areasEn: Record<keyof typeof areasSv, string> = { ...quality.en };
