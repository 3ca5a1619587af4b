/**
 * Pure checks of single values in an import file. Each returns the canonical text that is staged (the
 * form PostgreSQL's COPY text format reads) or throws a `FieldError` with the Swedish message.
 */

export class FieldError extends Error {
  override name = 'FieldError';
}

/** GS1 mod-10 check digit over all digits but the last (GTIN-8/12/13/14 and GLN use the same rule). */
export function gs1CheckDigitOk(digits: string): boolean {
  let sum = 0;
  const n = digits.length;
  for (let i = n - 2, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += (digits.charCodeAt(i) - 48) * w;
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(n - 1) - 48;
}

/** Appends the GS1 check digit to a string of digits (for generators and tests). */
export function withGs1CheckDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += (body.charCodeAt(i) - 48) * w;
  return body + String((10 - (sum % 10)) % 10);
}

export function parseGln(raw: string): string {
  const v = raw.trim();
  if (!/^\d{13}$/.test(v)) throw new FieldError('GLN ska vara 13 siffror');
  if (!gs1CheckDigitOk(v)) throw new FieldError(`GLN ${v} har fel kontrollsiffra`);
  return v;
}

export function parseGtin(raw: string): string {
  const v = raw.trim();
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(v)) throw new FieldError('GTIN ska vara 8, 12, 13 eller 14 siffror');
  if (!gs1CheckDigitOk(v)) throw new FieldError(`GTIN ${v} har fel kontrollsiffra`);
  return v;
}

const CODE = /^[A-Za-z0-9ÅÄÖåäö][A-Za-z0-9ÅÄÖåäö._\-/]{0,39}$/;

/** Article, product and agreement numbers: 1–40 letters, digits and . _ - / (no spaces). */
export function parseCode(raw: string, what = 'numret'): string {
  const v = raw.trim();
  if (!CODE.test(v)) throw new FieldError(`${what} får bara innehålla bokstäver, siffror och . _ - / (högst 40 tecken, inga mellanslag)`);
  return v;
}

/**
 * The local article-number range: 'L' and six digits (L000001–L999999), for articles that are not in the
 * national database (entered in Bistå, which hands out the next free number, or delivered in a supplier's
 * Excel file). The national file may not use numbers that start with L at all.
 */
export { LOCAL_NUMBER } from '../articles/create-article.ts';
export const LOCAL_RANGE_TEXT = 'L000001–L999999';
export const startsLikeLocal = (n: string) => n.startsWith('L') || n.startsWith('l');

export function parseBool(raw: string): string {
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'ja' || v === 'j' || v === 'x' || v === 'yes') return 't';
  if (v === 'false' || v === '0' || v === 'nej' || v === 'n' || v === 'no') return 'f';
  throw new FieldError(`"${short(raw)}" är inget sanningsvärde (använd true/false eller ja/nej)`);
}

export function parseInteger(raw: string, min: number, max: number): string {
  const v = raw.trim();
  if (!/^-?\d{1,6}$/.test(v)) throw new FieldError(`"${short(raw)}" är inget heltal`);
  const n = Number(v);
  if (n < min || n > max) throw new FieldError(`värdet ska vara mellan ${min} och ${max}`);
  return String(n);
}

/** ISO date YYYY-MM-DD that exists in the calendar. */
export function parseDate(raw: string): string {
  const v = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) throw new FieldError(`"${short(raw)}" är inget datum (skriv ÅÅÅÅ-MM-DD)`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || y > 2200 || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) throw new FieldError(`${v} är inget giltigt datum`);
  return v;
}

/** Kronor with at most two decimals; a decimal comma is accepted. numeric(12,2) holds < 10^10. */
export function parseAmount(raw: string): string {
  const v = raw.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d{1,12}(\.\d{1,2})?$/.test(v)) {
    if (/^-?\d+(\.\d+)?$/.test(v) && v.includes('.') && v.split('.')[1]!.length > 2) throw new FieldError('beloppet får ha högst två decimaler');
    throw new FieldError(`"${short(raw)}" är inget belopp (skriv t.ex. 1234.50)`);
  }
  if (v.startsWith('-')) throw new FieldError('priset får inte vara negativt');
  const [int] = v.split('.');
  if (int!.replace(/^0+/, '').length > 10) throw new FieldError('beloppet är för stort');
  return v;
}

/** '12 22 03' (also accepts '122203' and '12.22.03'); class, subclass or division. */
export function parseIso(raw: string): string {
  const digits = raw.trim().replace(/[\s.]/g, '');
  if (!/^\d{2}(\d{2}(\d{2})?)?$/.test(digits)) throw new FieldError(`"${short(raw)}" är ingen ISO 9999-kod (skriv t.ex. 12 22 03)`);
  return digits.match(/\d{2}/g)!.join(' ');
}

export function parseUrl(raw: string): string {
  const v = raw.trim();
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new FieldError(`"${short(raw)}" är ingen webbadress`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new FieldError('webbadressen ska börja med https:// eller http://');
  if (v.length > 2000) throw new FieldError('webbadressen är längre än 2000 tecken');
  return v;
}

export function parseText(raw: string, max: number): string {
  const v = raw.trim();
  if (v.length > max) throw new FieldError(`texten är ${v.length} tecken, högst ${max} tillåts`);
  // Control characters other than tab and newline have no place in a catalogue text.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v)) throw new FieldError('texten innehåller otillåtna styrtecken');
  return v;
}

/** Article types: H, T, R and open codes such as Tj and I (a capital letter, then up to 9 letters). */
export function parseArticleType(raw: string): string {
  const v = raw.trim();
  if (!/^[A-ZÅÄÖ][A-Za-zåäö]{0,9}$/.test(v)) throw new FieldError(`"${short(raw)}" är ingen artikeltyp (H, T, R, Tj, I …)`);
  return v;
}

export function parseOrganisationNumber(raw: string): string {
  const v = raw.trim();
  if (!/^\d{6}-?\d{4}$/.test(v)) throw new FieldError('organisationsnumret ska skrivas NNNNNN-NNNN');
  return v.includes('-') ? v : `${v.slice(0, 6)}-${v.slice(6)}`;
}

const short = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
