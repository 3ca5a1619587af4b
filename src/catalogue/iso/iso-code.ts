/**
 * ISO 9999 codes are stored as '12 22 03' (pairs of digits separated by one space). Users and URLs give them
 * as '122203', '12 22 03', '12.22.03' or '12-22-03'; anything else is not a code.
 */
export function normalizeIsoCode(input: string): string | null {
  const digits = input.trim().replace(/[\s.\-_]/g, '');
  if (!/^\d{2}(\d{2}){0,2}$/.test(digits)) return null;
  return digits.match(/\d{2}/g)!.join(' ');
}

export function isoLevel(code: string): 1 | 2 | 3 {
  return code.split(' ').length as 1 | 2 | 3;
}

/** The codes from the class down to `code`: '12 22 03' → ['12', '12 22', '12 22 03']. */
export function isoAncestry(code: string): string[] {
  const parts = code.split(' ');
  return parts.map((_, i) => parts.slice(0, i + 1).join(' '));
}
