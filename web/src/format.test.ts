import { describe, expect, it } from 'vitest';
import { formatMoney, formatPersonalNumber, professionLabel } from './format.ts';
import { translator } from './i18n/index.tsx';

const nbsp = (s: string) => s.replace(/ /g, '\u00a0');

describe('money, the Swedish way on every page (issue 16 item 11)', () => {
  it('two decimals, a space between thousands and before "kr", never wrapping', () => {
    expect(formatMoney(3720)).toBe(nbsp('3 720,00 kr'));
    expect(formatMoney('18450.5')).toBe(nbsp('18 450,50 kr'));
    expect(formatMoney(0)).toBe(nbsp('0,00 kr'));
    expect(formatMoney(1234567.891)).toBe(nbsp('1 234 567,89 kr'));
    expect(formatMoney(-250)).toBe(nbsp('\u2212250,00 kr'));
  });

  it('nothing to show for no amount or one that is not a number', () => {
    expect(formatMoney(null)).toBe('');
    expect(formatMoney(undefined)).toBe('');
    expect(formatMoney('')).toBe('');
    expect(formatMoney('tusen')).toBe('');
  });
});

describe('personnummer as YYYYMMDD-NNNN', () => {
  it('from the API’s 12 digits, and from a number already written with a separator', () => {
    expect(formatPersonalNumber('193804129827')).toBe('19380412-9827');
    expect(formatPersonalNumber('19380412-9827')).toBe('19380412-9827');
    expect(formatPersonalNumber('19900472 9910')).toBe('19900472-9910');
  });

  it('anything else is shown as it is, nothing as nothing', () => {
    expect(formatPersonalNumber('3804129827')).toBe('3804129827');
    expect(formatPersonalNumber(null)).toBe('');
  });
});

describe('professions by name, never the code', () => {
  const sv = translator('sv');
  const en = translator('en');
  const tMaybe = (t: typeof sv) => (key: string) => (t(key as never) === key ? null : t(key as never));
  it('the codes in Swedish and English; a text another system sent is kept', () => {
    expect(professionLabel({ tMaybe: tMaybe(sv) }, 'occupationalTherapist')).toBe('Arbetsterapeut');
    expect(professionLabel({ tMaybe: tMaybe(en) }, 'physiotherapist')).toBe('Physiotherapist');
    expect(professionLabel({ tMaybe: tMaybe(sv) }, 'Logoped')).toBe('Logoped');
    expect(professionLabel({ tMaybe: tMaybe(sv) }, null)).toBe('');
  });
});
