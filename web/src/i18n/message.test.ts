import { describe, expect, it } from 'vitest';
import { defineMessages } from './define.ts';
import { translator } from './index.tsx';
import { formatMessage } from './message.ts';

const sv = translator('sv');
const en = translator('en');

describe('messages', () => {
  it('fill in their placeholders in both languages', () => {
    expect(sv('common.editNamed', { name: 'Rollator' })).toBe('Ändra Rollator');
    expect(en('common.editNamed', { name: 'Rollator' })).toBe('Edit Rollator');
    expect(sv('billing.closeTitle', { period: '2026-11' })).toBe('Stäng 2026-11?');
    expect(sv('common.save')).toBe('Spara');
  });

  it('choose the plural form by the page language, with # as the number', () => {
    expect(sv('billing.closed', { period: '2026-11', lines: 1, total: '10,00 kr' })).toBe('Månaden 2026-11 är stängd: 1 rad, 10,00 kr.');
    expect(sv('billing.closed', { period: '2026-11', lines: 2, total: '20,00 kr' })).toBe('Månaden 2026-11 är stängd: 2 rader, 20,00 kr.');
    expect(en('billing.closed', { period: '2026-11', lines: 1, total: '10.00' })).toBe('The month 2026-11 is closed: 1 line, 10.00.');
    expect(en('billing.closed', { period: '2026-11', lines: 0, total: '0.00' })).toBe('The month 2026-11 is closed: 0 lines, 0.00.');
    expect(sv('cases.count', { count: 1 })).toBe('1 ärende');
    expect(sv('cases.count', { count: 3 })).toBe('3 ärenden');
    expect(sv('articles.count', { count: 1234, shown: 20 })).toBe('1\u00a0234 träffar, visar 20.');
    expect(en('articles.count', { count: 1234, shown: 20 })).toBe('1,234 matches, showing 20.');
  });

  it('take an exact form (=0) before the language’s category, and placeholders inside a form', () => {
    expect(sv('articles.count', { count: 0, shown: 0 })).toBe('Inga träffar.');
    expect(sv('articles.count', { count: 1, shown: 1 })).toBe('1 träff.');
    expect(sv('cart.removed', { name: 'Rollator', count: 0 })).toBe('Rollator är borttagen ur varukorgen.');
    expect(sv('cart.removed', { name: 'Rollator', count: 1 })).toBe('Rollator och 1 tillbehör är borttagna ur varukorgen.');
    expect(en('cart.removed', { name: 'Walker', count: 1 })).toBe('Walker and 1 accessory have been removed from the cart.');
    expect(en('cart.removed', { name: 'Walker', count: 2 })).toBe('Walker and 2 accessories have been removed from the cart.');
  });

  it('leave a placeholder without a value as written, and take a numeric string for a plural where values are untyped', () => {
    expect(formatMessage('sv', 'Hej {name}', {})).toBe('Hej {name}');
    expect(formatMessage('sv', '{n, plural, one {# rad} other {# rader}}', {})).toBe('{n, plural, one {# rad} other {# rader}}');
    expect(formatMessage('sv', '{n, plural, one {# rad} other {# rader}}', { n: '1' })).toBe('1 rad');
    expect(formatMessage('en', 'a # b {n}', { n: 5 })).toBe('a # b 5');
  });

  it('are typed: a call passes exactly the values its Swedish text names; English names the same', () => {
    // Compile-time checks (tsc -p tsconfig.json reads this file); the calls run too, which is harmless.
    // @ts-expect-error a missing value
    sv('billing.closed', { period: '2026-11', lines: 1 });
    // @ts-expect-error an extra value
    sv('common.editNamed', { name: 'x', extra: 1 });
    // @ts-expect-error no values for a message with placeholders
    sv('common.editNamed');
    // @ts-expect-error values for a message without placeholders
    sv('common.save', {});
    // @ts-expect-error a plural needs a number
    sv('cases.count', { count: '3' });
    // @ts-expect-error a key that is no message
    sv('common.noSuchKey');
    defineMessages(
      { 'x.a': 'Hej {name}', 'x.b': '{count, plural, one {# rad} other {# rader}}' },
      // @ts-expect-error English without a key Swedish has
      { 'x.a': 'Hi {name}' },
    );
    defineMessages(
      { 'x.a': 'Hej {name}' },
      // @ts-expect-error English with another placeholder
      { 'x.a': 'Hi {nmae}' },
    );
    defineMessages(
      { 'x.b': '{count, plural, one {# rad} other {# rader}}' },
      // @ts-expect-error English with a plain placeholder where Swedish has a plural
      { 'x.b': '{count} lines' },
    );
    const ok = defineMessages({ 'x.b': '{count, plural, one {# rad} other {# rader}}' }, { 'x.b': '{count, plural, one {# line} other {# lines}}' });
    expect(ok.en['x.b']).toContain('plural');
  });
});
