// The message areas (see ../define.ts). Each area is one file here; add it to both objects below.
import { access } from './access.ts';

export const areasSv = { ...access.sv };

export const areasEn: Record<keyof typeof areasSv, string> = { ...access.en };
