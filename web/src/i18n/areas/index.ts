// The message areas (see ../define.ts). Each area is one file here; add it to both objects below.

export const areasSv = {};

export const areasEn: Record<keyof typeof areasSv, string> = {};
