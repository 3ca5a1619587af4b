import { describe, expect, it } from 'vitest';
import { ApiError } from '../web/src/api/client.ts';
import { issuesByField, issueText, serverDetail, setErrorTranslator, type ErrorTranslator } from '../web/src/api/errors.ts';
import { issueCodes } from '../src/platform/errors.ts';
import { areasEn as en, areasSv as sv } from '../web/src/i18n/areas/index.ts';
import { formatMessage } from '../web/src/i18n/message.ts';

const translator = (locale: 'sv' | 'en'): ErrorTranslator => {
  const messages: Record<string, string> = locale === 'sv' ? sv : en;
  const tMaybe = (key: string, vars?: Record<string, string | number>) => (Object.hasOwn(messages, key) ? formatMessage(locale, messages[key]!, vars) : null);
  return { locale, tMaybe, t: (key, ...vars) => tMaybe(key, vars[0]) ?? key };
};

const refused = (issues: ApiError['issues'], message = 'Kontrollera fälten') => new ApiError(400, 'VALIDATION', message, 'r1', issues);

describe('errors as the web shows them', () => {
  it('translate an issue by its code on an English page, with its params; a Swedish page keeps the server’s exact wording', () => {
    const issue = { path: 'body.name', code: 'too_small', message: 'för kort' };
    expect(issueText(translator('en'), issue)).toBe(en['issue.too_small']);
    expect(issueText(translator('sv'), issue)).toBe('för kort');
    expect(issueText(translator('sv'), { path: 'body.name', code: 'too_small' })).toBe(sv['issue.too_small']);
    expect(issueText(translator('en'), { path: 'body.quantity', code: 'quantity_exceeds', message: 'högst 3', params: { max: 3 } })).toBe(
      'The quantity is too large (at most 3).',
    );
  });

  it('never put the server’s Swedish text on an English page', () => {
    const issue = { path: 'body.name', message: 'Namnet är upptaget' };
    expect(issueText(translator('en'), issue)).toBe(en['issue.invalid']);
    expect(issueText(translator('sv'), issue)).toBe('Namnet är upptaget');
    expect(issueText(translator('en'), { path: 'body.x', code: 'SOMETHING_NEW' })).toBe(en['issue.invalid']);
    expect(serverDetail({ locale: 'en' }, refused([]))).toBeNull();
    expect(serverDetail({ locale: 'sv' }, refused([]))).toBe('Kontrollera fälten');
  });

  it('key issues by field, the same object for the same error and language', () => {
    setErrorTranslator(translator('en'));
    const err = refused([
      { path: 'body.email', code: 'invalid_format' },
      { path: 'body.email', message: 'ogiltig' },
      { path: 'body', message: 'hela' },
    ]);
    const byField = issuesByField(err);
    expect(byField).toEqual({ email: `${en['issue.invalid_format']}; ${en['issue.invalid']}` });
    expect(issuesByField(err)).toBe(byField);
    setErrorTranslator(translator('sv'));
    expect(issuesByField(err)).toEqual({ email: `${sv['issue.invalid_format']}; ogiltig` });
  });

  it('have a text in both languages for every issue code the server sends (checked by the compiler too)', () => {
    for (const code of issueCodes) {
      expect(en[`issue.${code}`], code).toBeTruthy();
      expect(sv[`issue.${code}`], code).toBeTruthy();
    }
  });
});
