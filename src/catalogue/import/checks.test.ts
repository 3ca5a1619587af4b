import { describe, expect, it } from 'vitest';
import { swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { FieldError, gs1CheckDigitOk, parseAmount, parseBool, parseDate, parseGln, parseGtin, parseIso, parseUrl, withGs1CheckDigit } from './checks.ts';
import { articleHash, convert, articleFields } from './mapping.ts';
import { fastSortKey } from './sort-key-fast.ts';

const fails = (fn: () => unknown, message: RegExp) => expect(fn).toThrow(message);

describe('value checks of the import format', () => {
  it('GTIN and GLN carry a GS1 mod-10 check digit', () => {
    expect(gs1CheckDigitOk('7350000001013')).toBe(true);
    expect(gs1CheckDigitOk('7350000001014')).toBe(false);
    expect(withGs1CheckDigit('735000000101')).toBe('7350000001013');
    expect(parseGtin('96385074')).toBe('96385074'); // GTIN-8
    expect(parseGtin('036000291452')).toBe('036000291452'); // GTIN-12 (UPC-A)
    expect(parseGtin('10614141000415')).toBe('10614141000415'); // GTIN-14
    fails(() => parseGtin('7350000001014'), /GTIN 7350000001014 har fel kontrollsiffra/);
    fails(() => parseGtin('73500000010'), /8, 12, 13 eller 14 siffror/);
    expect(parseGln('7350000000016')).toBe('7350000000016');
    fails(() => parseGln('7350000000017'), /fel kontrollsiffra/);
    fails(() => parseGln('735000000001'), /13 siffror/);
  });

  it('prices are kronor with at most two decimals and never negative', () => {
    expect(parseAmount('1895')).toBe('1895');
    expect(parseAmount('2 450,50')).toBe('2450.50');
    expect(parseAmount('0')).toBe('0');
    fails(() => parseAmount('-1'), /priset får inte vara negativt/);
    fails(() => parseAmount('1.234'), /högst två decimaler/);
    fails(() => parseAmount('12345678901'), /för stort/);
    fails(() => parseAmount('ett tusen'), /inget belopp/);
  });

  it('dates are calendar dates written YYYY-MM-DD', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    fails(() => parseDate('2023-02-29'), /inget giltigt datum/);
    fails(() => parseDate('29/2/2024'), /ÅÅÅÅ-MM-DD/);
  });

  it('ISO 9999 codes are normalised to pairs of digits with spaces', () => {
    expect(parseIso('12 22 03')).toBe('12 22 03');
    expect(parseIso('122203')).toBe('12 22 03');
    expect(parseIso('12.22')).toBe('12 22');
    fails(() => parseIso('12 2'), /ingen ISO 9999-kod/);
  });

  it('booleans, URLs and enumerations', () => {
    expect(parseBool('ja')).toBe('t');
    expect(parseBool('false')).toBe('f');
    fails(() => parseBool('kanske'), /inget sanningsvärde/);
    fails(() => parseUrl('javascript:alert(1)'), /https:\/\//);
    const charging = articleFields.find((f) => f.col === 'charging_form')!;
    expect(convert(charging, 'rent')).toBe('rent');
    expect(convert(charging, 'Försäljning med retur', { excel: true })).toBe('saleWithReturn');
    expect(() => convert(charging, 'hyra')).toThrow(FieldError); // Swedish words only in the Excel template
    expect(() => convert(charging, undefined)).toThrow(/värde saknas \(obligatoriskt\)/);
  });
});

describe('fingerprints and sort keys', () => {
  it('an article fingerprint ignores the order of prices and fits, but not their content', () => {
    const v = { article_number: '1', name: 'Rullstol', article_type: 'H', product_number: 'P1' };
    const p1 = { kind: 'agreed', amount: '10', valid_from: '2025-01-01' };
    const p2 = { kind: 'general', amount: '5', valid_from: '2025-01-01' };
    const h = articleHash(v, [p1, p2], ['2', '3'], [], '2022');
    expect(articleHash(v, [p2, p1], ['3', '2'], [], '2022')).toBe(h);
    expect(articleHash(v, [p1, { ...p2, amount: '6' }], ['2', '3'], [], '2022')).not.toBe(h);
    expect(articleHash({ ...v, name: 'Rullstol 2' }, [p1, p2], ['2', '3'], [], '2022')).not.toBe(h);
    expect(articleHash(v, [p1, p2], ['2', '3'], [], '2011')).not.toBe(h);
  });

  it("the importer's cached sort key is the platform's Swedish sort key", () => {
    const names = [
      'Rullstol Ärla, sitsbredd 42 cm',
      'Öronpropp  Ödla',
      ' Ängel Å ä ö Ü ü é É ñ Ø æ ',
      'Duschstol Vinga\u00a0med armstöd',
      'Ljudslang 2,5 mm',
      'İstanbul ß ﬁ Ⅻ',
      '',
    ];
    for (const n of names) expect(fastSortKey(n), n).toBe(swedishSortKey(n));
  });
});
