// Failures as the user reads them: the web translates the server's error and issue codes (CONVENTIONS 19);
// the server's own words (Swedish prose, meant for logs and Swedish readers) never show on an English page.
import type { MessageKey } from '../i18n/index.tsx';
import { isApiError, type FieldIssue } from './client.ts';
import type { components } from './schema.d.ts';

/** Every issue code the server may send has a text: this fails to compile and names the codes without one. */
type IssueCode = components['schemas']['FieldIssue']['code'];
type UntranslatedIssueCodes = Exclude<`issue.${IssueCode}`, MessageKey>;
export const everyIssueCodeTranslated: [UntranslatedIssueCodes] extends [never] ? true : UntranslatedIssueCodes = true;

export interface ErrorTranslator {
  locale: 'sv' | 'en';
  t: (key: 'issue.invalid', vars?: Record<string, string | number>) => string;
  tMaybe: (key: string, vars?: Record<string, string | number>) => string | null;
}

/** The field an issue is about: its path without the `body.`/`querystring.`/`params.` prefix. */
export const issueField = (path: string) => path.replace(/^(body|querystring|params)\.?/, '');

/** The server's own text about a failure, for a Swedish page only (null on an English page or when it only repeats the code). */
export function serverDetail(i18n: Pick<ErrorTranslator, 'locale'>, err: unknown): string | null {
  if (!isApiError(err) || i18n.locale !== 'sv') return null;
  return err.message && err.message !== err.code ? err.message : null;
}

const asVars = (params: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(params ?? {}).flatMap(([k, v]) => (typeof v === 'string' || typeof v === 'number' ? [[k, v]] : [])));

/**
 * One issue's text. On a Swedish page the server's own wording (it is Swedish and names the rule exactly);
 * otherwise, and when the server gives none, by its code (`issue.<code>` with the issue's params); a general
 * "not valid" when the web does not know the code.
 */
export function issueText(i18n: ErrorTranslator, issue: FieldIssue): string {
  if (i18n.locale === 'sv' && issue.message) return issue.message;
  if (issue.code) {
    const text = i18n.tMaybe(`issue.${issue.code}`, asVars(issue.params));
    if (text) return text;
  }
  return i18n.t('issue.invalid');
}

// The translator of the page's language, set by the LocaleProvider: issues are read out in render, in many forms.
let current: ErrorTranslator | null = null;
export function setErrorTranslator(tr: ErrorTranslator) {
  current = tr;
}

const NO_ISSUES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const issuesOf = new WeakMap<object, { locale: string; byField: Record<string, string> }>();

/**
 * The server's field issues by field name, translated, for a react-aria Form's `validationErrors`. The same
 * error gives the same object (per language): react-aria shows a server error again whenever
 * `validationErrors` is a new object, so a fresh object on every render would put the error back on each
 * keystroke, and the browser would refuse to submit the corrected form.
 */
export function issuesByField(err: unknown): Record<string, string> {
  if (!isApiError(err) || !current) return NO_ISSUES;
  const known = issuesOf.get(err);
  if (known && known.locale === current.locale) return known.byField;
  const out: Record<string, string> = {};
  for (const i of err.issues) {
    const name = issueField(i.path);
    if (!name) continue;
    const text = issueText(current, i);
    out[name] = out[name] ? `${out[name]}; ${text}` : text;
  }
  issuesOf.set(err, { locale: current.locale, byField: out });
  return out;
}
