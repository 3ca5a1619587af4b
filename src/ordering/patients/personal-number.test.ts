import { describe, expect, it } from 'vitest';
import { formatPersonalNumber, kindOf, luhnCheckDigit, makePersonalNumber, parsePersonalNumber, type PersonalNumberErrorCode } from './personal-number.ts';

const TODAY = '2026-03-15';

const ok = (input: string, today = TODAY) => {
  const r = parsePersonalNumber(input, today);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to be valid, got ${r.error.code}: ${r.error.message}`);
  return r.value;
};
const err = (input: string, today = TODAY) => {
  const r = parsePersonalNumber(input, today);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be invalid, got ${r.value.identifier}`);
  return r.error;
};

describe('the Luhn check digit', () => {
  it("is Skatteverket's modulus-10 with weights 2 and 1 (their example 640823-323 gives 4)", () => {
    expect(luhnCheckDigit('640823323')).toBe(4);
    expect(luhnCheckDigit('121212121')).toBe(2);
    expect(luhnCheckDigit('811218987')).toBe(6);
  });
});

describe('a valid personnummer', () => {
  it.each([
    ['121212-1212', '201212121212', '2012-12-12'],
    ['1212121212', '201212121212', '2012-12-12'],
    ['121212+1212', '191212121212', '1912-12-12'],
    ['19121212-1212', '191212121212', '1912-12-12'],
    ['191212121212', '191212121212', '1912-12-12'],
    ['20121212-1212', '201212121212', '2012-12-12'],
    ['811218-9876', '198112189876', '1981-12-18'],
    ['640823-3234', '196408233234', '1964-08-23'],
  ])('%s is %s, born %s', (input, identifier, birthDate) => {
    expect(ok(input)).toEqual({ identifier, kind: 'personnummer', birthDate });
  });

  it('ignores spaces around and inside the number, also no-break spaces', () => {
    expect(ok('  19121212-1212  ').identifier).toBe('191212121212');
    expect(ok('19121212 1212').identifier).toBe('191212121212');
    expect(ok('\u00a0811218 - 9876\t').identifier).toBe('198112189876');
  });
});

describe('the century of a 10-digit number follows from today and the separator', () => {
  it("'-' or no separator means born in the last hundred years, up to this year", () => {
    expect(ok('260101-' + checkTail('260101', '998'), TODAY).birthDate).toBe('2026-01-01');
    // 27 is after this year, so it is 1927.
    expect(ok('270101-' + checkTail('270101', '998'), TODAY).birthDate).toBe('1927-01-01');
    expect(ok('991231' + checkTail('991231', '998'), TODAY).birthDate).toBe('1999-12-31');
    expect(ok('000101' + checkTail('000101', '998'), TODAY).birthDate).toBe('2000-01-01');
  });

  it("'+' means a hundred years earlier: the person turns 100 or more this year", () => {
    expect(ok('260101+' + checkTail('260101', '998'), TODAY).birthDate).toBe('1926-01-01');
    expect(ok('270101+' + checkTail('270101', '998'), TODAY).birthDate).toBe('1827-01-01');
    expect(ok('121212+1212', TODAY).identifier).toBe('191212121212');
  });

  it('moves with today: 12 is 2012 until 2112, when it becomes 2112', () => {
    expect(ok('1212121212', '2111-12-31').birthDate).toBe('2012-12-12');
    expect(ok('1212121212', '2112-12-31').birthDate).toBe('2112-12-12');
    expect(ok('121212+1212', '2112-12-31').birthDate).toBe('2012-12-12');
  });

  it('a birth date later this year is refused, not read as a hundred years ago', () => {
    const e = err('261224-' + checkTail('261224', '998'), TODAY);
    expect(e.code).toBe('FUTURE_DATE');
    expect(e.message).toContain('2026-12-24');
  });

  it('a 12-digit number keeps its century; a 12-digit number may not use + for someone under 100', () => {
    expect(ok('19260101-' + checkTail('260101', '998'), TODAY).birthDate).toBe('1926-01-01');
    expect(ok('19260101+' + checkTail('260101', '998'), TODAY).birthDate).toBe('1926-01-01');
    expect(err('19270101+' + checkTail('270101', '998'), TODAY).code).toBe('PLUS_UNDER_100');
  });
});

describe('leap days', () => {
  it('29 February exists in 2000 and 2024', () => {
    expect(ok('000229-' + checkTail('000229', '998')).birthDate).toBe('2000-02-29');
    expect(ok('20240229' + checkTail('240229', '998')).birthDate).toBe('2024-02-29');
  });
  it('but not in 1900 (a century year not divisible by 400) or 2023', () => {
    expect(err('000229+' + checkTail('000229', '998')).code).toBe('INVALID_DAY');
    expect(err('19000229' + checkTail('000229', '998')).code).toBe('INVALID_DAY');
    const e = err('230229-' + checkTail('230229', '998'));
    expect(e.code).toBe('INVALID_DAY');
    expect(e.message).toBe('Datumet 2023-02-29 finns inte. Kontrollera födelsedatumet.');
  });
});

describe('samordningsnummer: the day plus 60', () => {
  it.each([
    ['701063-' + checkTail('701063', '998'), '1970-10-03'],
    ['19700161' + checkTail('700161', '998'), '1970-01-01'],
    ['19700191' + checkTail('700191', '998'), '1970-01-31'],
    ['20000289' + checkTail('000289', '998'), '2000-02-29'],
  ])('%s is a samordningsnummer, born %s', (input, birthDate) => {
    const v = ok(input);
    expect(v.kind).toBe('samordningsnummer');
    expect(v.birthDate).toBe(birthDate);
    // The canonical form keeps the day + 60.
    expect(v.identifier.slice(6, 8)).toBe(String(Number(birthDate.slice(8)) + 60));
    expect(kindOf(v.identifier)).toBe('samordningsnummer');
  });

  it('day 92 or a day past the end of the month is refused, with the rule in the message', () => {
    const e = err('19700192' + checkTail('700192', '998'));
    expect(e.code).toBe('INVALID_DAY');
    expect(e.message).toContain('61–91');
    expect(err('19700291' + checkTail('700291', '998')).code).toBe('INVALID_DAY');
    expect(err('19000289' + checkTail('000289', '998')).code).toBe('INVALID_DAY');
  });

  it('days 32–60 are neither a personnummer nor a samordningsnummer', () => {
    expect(err('19700132' + checkTail('700132', '998')).code).toBe('INVALID_DAY');
    expect(err('19700160' + checkTail('700160', '998')).code).toBe('INVALID_DAY');
  });
});

describe('an invalid number gets a clear Swedish message', () => {
  it.each<[string, PersonalNumberErrorCode, RegExp]>([
    ['', 'EMPTY', /^Ange ett personnummer eller samordningsnummer\.$/],
    ['   ', 'EMPTY', /Ange ett personnummer/],
    ['19121212-121A', 'INVALID_CHARACTERS', /bara innehålla siffror/],
    ['1912/12/12-1212', 'INVALID_CHARACTERS', /bara innehålla siffror/],
    ['121212-121', 'WRONG_LENGTH', /10 eller 12 siffror.*har 9/],
    ['19121212-12123', 'WRONG_LENGTH', /har 13/],
    ['12121212121', 'WRONG_LENGTH', /har 11/],
    ['1912-12121212', 'MISPLACED_SEPARATOR', /före de fyra sista/],
    ['121212--1212', 'MISPLACED_SEPARATOR', /före de fyra sista/],
    ['121212-+1212', 'MISPLACED_SEPARATOR', /före de fyra sista/],
    ['17121212-1212', 'INVALID_CENTURY', /18, 19 eller 20/],
    ['21121212-1212', 'INVALID_CENTURY', /18, 19 eller 20/],
    ['121312-1212', 'INVALID_MONTH', /Månaden 13 finns inte/],
    ['120012-1212', 'INVALID_MONTH', /Månaden 00 finns inte/],
    ['121200-1212', 'INVALID_DAY', /Datumet 2012-12-00 finns inte/],
    ['120431-1212', 'INVALID_DAY', /Datumet 2012-04-31 finns inte/],
    ['121212-0000', 'INVALID_BIRTH_NUMBER', /000/],
    ['121212-1213', 'WRONG_CHECK_DIGIT', /^Kontrollsiffran \(den sista siffran\) stämmer inte/],
    ['19121212-1211', 'WRONG_CHECK_DIGIT', /Kontrollsiffran/],
    // Two digits swapped: the Luhn check catches it.
    ['811218-9867', 'WRONG_CHECK_DIGIT', /Kontrollsiffran/],
  ])('%j: %s', (input, code, message) => {
    const e = err(input);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('the check digit is over the ten digits without the century', () => {
    // 191212121212 is valid; the same ten digits under another century are valid too.
    expect(ok('201212121212').identifier).toBe('201212121212');
  });
});

describe('formatting and building numbers', () => {
  it('shows the canonical form as YYYYMMDD-NNNN', () => {
    expect(formatPersonalNumber('191212121212')).toBe('19121212-1212');
  });
  it('makePersonalNumber builds valid numbers that parse back to the same date and kind', () => {
    for (const [date, kind] of [
      ['1950-01-01', 'personnummer'],
      ['2000-02-29', 'personnummer'],
      ['1988-07-31', 'samordningsnummer'],
      ['1919-12-31', 'personnummer'],
    ] as const) {
      const n = makePersonalNumber(date, 983, kind);
      expect(n).toHaveLength(12);
      expect(ok(n)).toEqual({ identifier: n, kind, birthDate: date });
    }
  });
});

/** The four last digits (birth number + check digit) for a date written YYMMDD. */
function checkTail(yymmdd: string, birthNumber: string): string {
  return `${birthNumber}${luhnCheckDigit(yymmdd + birthNumber)}`;
}
