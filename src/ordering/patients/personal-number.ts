/**
 * Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).
 *
 * Accepted forms: 10 digits (ÅÅMMDDNNNK) or 12 digits (ÅÅÅÅMMDDNNNK), with or without a separator before the
 * last four digits: '-' normally, '+' from the year the person turns 100 (folkbokföringslagen 18 §). In the
 * 10-digit form the century follows from today's date and the separator. A samordningsnummer is written like a
 * personnummer with 60 added to the day (61–91). The last digit is a Luhn (modulus 10, weights 2 and 1) check
 * digit over the ten digits without the century.
 *
 * Pure: no I/O, no clock (today is passed in), so the web app uses this very module for its check as you type.
 */

export type PersonalNumberKind = 'personnummer' | 'samordningsnummer';

export interface PersonalNumber {
  /** The canonical 12-digit form, YYYYMMDDNNNC (a samordningsnummer keeps its day + 60). */
  identifier: string;
  kind: PersonalNumberKind;
  /** The birth date, 'YYYY-MM-DD' (for a samordningsnummer: the day minus 60). */
  birthDate: string;
}

export type PersonalNumberErrorCode =
  | 'EMPTY'
  | 'INVALID_CHARACTERS'
  | 'WRONG_LENGTH'
  | 'MISPLACED_SEPARATOR'
  | 'INVALID_CENTURY'
  | 'INVALID_MONTH'
  | 'INVALID_DAY'
  | 'FUTURE_DATE'
  | 'PLUS_UNDER_100'
  | 'INVALID_BIRTH_NUMBER'
  | 'WRONG_CHECK_DIGIT';

export interface PersonalNumberError {
  code: PersonalNumberErrorCode;
  /** A clear Swedish message for the person who typed the number. */
  message: string;
  /** The values the message names, for a translated message (the web app's i18n). */
  vars: Record<string, string | number>;
}

export type ParseResult = { ok: true; value: PersonalNumber } | { ok: false; error: PersonalNumberError };

const fail = (code: PersonalNumberErrorCode, message: string, vars: Record<string, string | number> = {}): ParseResult => ({
  ok: false,
  error: { code, message, vars },
});

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The Luhn check digit of `digits` (weights 2, 1, 2, ... from the left, as Skatteverket describes it). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let p = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (p > 9) p -= 9;
    sum += p;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Parses and validates a personnummer or samordningsnummer typed by a person.
 * `today` is the local date ('YYYY-MM-DD', Europe/Stockholm) that decides the century of a 10-digit number.
 */
export function parsePersonalNumber(input: string, today: string): ParseResult {
  // Spaces (also no-break spaces) anywhere are ignored: "19121212 1212", " 121212-1212 ".
  const s = input.replace(/[\s\u00a0]/g, '');
  if (!s) return fail('EMPTY', 'Ange ett personnummer eller samordningsnummer.');
  if (!/^[0-9+-]+$/.test(s)) {
    return fail('INVALID_CHARACTERS', 'Numret får bara innehålla siffror och ett bindestreck (-) eller plustecken (+) före de fyra sista siffrorna.');
  }
  const digits = s.replace(/[+-]/g, '');
  if (digits.length !== 10 && digits.length !== 12) {
    return fail('WRONG_LENGTH', `Numret ska ha 10 eller 12 siffror (ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN), men har ${digits.length}.`, { count: digits.length });
  }
  const separators = s.length - digits.length;
  const sepIndex = s.search(/[+-]/);
  if (separators > 1 || (separators === 1 && sepIndex !== s.length - 5)) {
    return fail('MISPLACED_SEPARATOR', 'Skiljetecknet (- eller +) ska stå före de fyra sista siffrorna, t.ex. 19121212-1212.');
  }
  const plus = separators === 1 && s[sepIndex] === '+';

  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let year: number;
  const ten = digits.length === 12 ? digits.slice(2) : digits;
  const yy = Number(ten.slice(0, 2));
  if (digits.length === 12) {
    year = Number(digits.slice(0, 4));
    const century = Math.floor(year / 100);
    if (century < 18 || century > 20) return fail('INVALID_CENTURY', 'Födelseåret ska börja på 18, 19 eller 20.');
    if (plus && ty - year < 100) {
      return fail('PLUS_UNDER_100', 'Plustecken används bara för personer som fyller 100 år eller mer i år. Använd bindestreck.');
    }
  } else {
    // '-': born within the last 100 years (up to and including this year); '+': 100 years earlier.
    year = ty - ((((ty - yy) % 100) + 100) % 100);
    if (plus) year -= 100;
  }

  const month = Number(ten.slice(2, 4));
  const rawDay = Number(ten.slice(4, 6));
  if (month < 1 || month > 12) return fail('INVALID_MONTH', `Månaden ${ten.slice(2, 4)} finns inte. Kontrollera födelsedatumet.`, { month: ten.slice(2, 4) });
  const kind: PersonalNumberKind = rawDay > 60 ? 'samordningsnummer' : 'personnummer';
  const day = kind === 'samordningsnummer' ? rawDay - 60 : rawDay;
  if (day < 1 || day > daysInMonth(year, month)) {
    return fail(
      'INVALID_DAY',
      kind === 'samordningsnummer'
        ? `Dagen ${pad(rawDay)} ger inget giltigt datum ${year}-${pad(month)} (i ett samordningsnummer är dagen födelsedagen + 60, alltså 61–91).`
        : `Datumet ${year}-${pad(month)}-${pad(rawDay)} finns inte. Kontrollera födelsedatumet.`,
      { date: `${year}-${pad(month)}-${pad(rawDay)}` },
    );
  }
  const birthDate = `${year}-${pad(month)}-${pad(day)}`;
  if (birthDate > `${ty}-${pad(tm)}-${pad(td)}`) {
    return fail('FUTURE_DATE', `Födelsedatumet ${birthDate} har inte inträffat än. Kontrollera numret.`, { date: birthDate });
  }
  if (ten.slice(6, 9) === '000') return fail('INVALID_BIRTH_NUMBER', 'Födelsenumret (de tre siffrorna efter datumet) kan inte vara 000.');
  if (luhnCheckDigit(ten.slice(0, 9)) !== Number(ten[9])) {
    return fail('WRONG_CHECK_DIGIT', 'Kontrollsiffran (den sista siffran) stämmer inte. Kontrollera att numret är rätt skrivet.');
  }
  return { ok: true, value: { identifier: `${year}${ten.slice(2)}`, kind, birthDate } };
}

/** The kind of a canonical 12-digit identifier (day 61–91 means samordningsnummer). */
export function kindOf(identifier12: string): PersonalNumberKind {
  return Number(identifier12.slice(6, 8)) > 60 ? 'samordningsnummer' : 'personnummer';
}

/** 'YYYYMMDDNNNC' → 'YYYYMMDD-NNNC', the form shown on pages. */
export function formatPersonalNumber(identifier12: string): string {
  return `${identifier12.slice(0, 8)}-${identifier12.slice(8)}`;
}

/** A valid 12-digit number for a date and a three-digit birth number (demo data and tests). */
export function makePersonalNumber(birthDate: string, birthNumber: number, kind: PersonalNumberKind = 'personnummer'): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const nine = `${pad(y % 100)}${pad(m)}${pad(kind === 'samordningsnummer' ? d + 60 : d)}${pad(birthNumber, 3)}`;
  return `${pad(y, 4)}${nine.slice(2)}${luhnCheckDigit(nine)}`;
}
