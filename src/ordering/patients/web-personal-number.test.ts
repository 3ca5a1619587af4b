import { describe, expect, it } from 'vitest';
import { checkPersonalNumber } from '../../../web/src/pages/patients/personal-number.ts';
import { areasEn, areasSv } from '../../../web/src/i18n/areas/index.ts';
import type { PersonalNumberErrorCode } from './personal-number.ts';

// The web app checks a number as it is typed with the server's own parser; what it needs besides is a code and
// the values for its translated message.
describe("the web app's personnummer check", () => {
  const today = '2026-03-16';

  it('gives the canonical number and kind of a valid number', () => {
    expect(checkPersonalNumber('121212-1212', today)).toEqual({ ok: true, identifier: '201212121212', kind: 'personnummer' });
    expect(checkPersonalNumber('900472-9910', today)).toEqual({ ok: true, identifier: '199004729910', kind: 'samordningsnummer' });
  });

  it('gives the code and the values its message names', () => {
    expect(checkPersonalNumber('12345', today)).toEqual({ ok: false, code: 'WRONG_LENGTH', vars: { count: 5 } });
    expect(checkPersonalNumber('121312-1212', today)).toEqual({ ok: false, code: 'INVALID_MONTH', vars: { month: '13' } });
    expect(checkPersonalNumber('230229-9986', today)).toEqual({ ok: false, code: 'INVALID_DAY', vars: { date: '2023-02-29' } });
    expect(checkPersonalNumber('261224-9980', today)).toMatchObject({ ok: false, code: 'FUTURE_DATE', vars: { date: '2026-12-24' } });
    expect(checkPersonalNumber('121212-1213', today)).toEqual({ ok: false, code: 'WRONG_CHECK_DIGIT', vars: {} });
  });

  it('has a Swedish and an English message for every code, naming the same values', () => {
    const codes: PersonalNumberErrorCode[] = [
      'EMPTY',
      'INVALID_CHARACTERS',
      'WRONG_LENGTH',
      'MISPLACED_SEPARATOR',
      'INVALID_CENTURY',
      'INVALID_MONTH',
      'INVALID_DAY',
      'FUTURE_DATE',
      'PLUS_UNDER_100',
      'INVALID_BIRTH_NUMBER',
      'WRONG_CHECK_DIGIT',
    ];
    for (const code of codes) {
      const key = `personalNumber.${code}` as const;
      expect(areasSv[key], key).toBeTruthy();
      expect(areasEn[key], key).toBeTruthy();
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(areasEn[key]), key).toEqual(names(areasSv[key]));
    }
  });
});
