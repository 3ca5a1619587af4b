// The message syntax, a small part of ICU's: `{name}` is replaced by the value of `name`;
// `{count, plural, one {# rad} other {# rader}}` chooses a form by the number `count` with the page language's
// plural rules (Intl.PluralRules), `=0 {…}` matching one number exactly, and `#` in the form is the number
// (written in the page language's way, e.g. 1 234 or 1,234).
// The types read the placeholders from a message's literal text, so a call names exactly the values its message
// needs (a number for a plural).

type NotInName = ' ' | '{' | '}' | '#' | ',' | '\n';
type IsName<N extends string> = N extends '' ? false : N extends `${string}${NotInName}${string}` ? false : true;

// Scans the text for placeholders, collecting plural (number) and plain names; tail-recursive, so long texts are fine.
type Scan<S extends string, Num extends string = never, Plain extends string = never> = S extends `${string}{${infer R}`
  ? R extends `${infer N}, plural,${infer More}`
    ? IsName<N> extends true
      ? Scan<More, Num | N, Plain>
      : ScanPlain<R, Num, Plain>
    : ScanPlain<R, Num, Plain>
  : { num: Num; plain: Plain };
type ScanPlain<R extends string, Num extends string, Plain extends string> = R extends `${infer N}}${infer More}`
  ? IsName<N> extends true
    ? Scan<More, Num, Plain | N>
    : Scan<R, Num, Plain>
  : Scan<R, Num, Plain>;

export type PlaceholderValue = string | number;

/** The values a message text needs: a number for each plural, a string or number for each other placeholder. */
export type MessageVars<S extends string> = S extends string ? VarsOf<Scan<S>> : never;
type VarsOf<X extends { num: string; plain: string }> = { [K in X['num'] | X['plain']]: K extends X['num'] ? number : PlaceholderValue };

type HasVars<S extends string> = S extends string ? ([keyof MessageVars<S>] extends [never] ? false : true) : never;

/**
 * The arguments after the key: none for a message without placeholders, else exactly its values. For a key
 * that may be one of several messages, values are needed when any of them has placeholders.
 */
export type VarsArg<S extends string> = true extends HasVars<S> ? [vars: MessageVars<S>] : [];

/** The placeholders of a text as a comparable shape (English must have the same as Swedish). */
export type PlaceholderShape<S extends string> = Scan<S> extends { num: infer N; plain: infer P } ? [N, Exclude<P, N>] : never;

const numberRules = new Map<string, { plural: Intl.PluralRules; format: Intl.NumberFormat }>();
function rulesOf(locale: string) {
  let rules = numberRules.get(locale);
  if (!rules) numberRules.set(locale, (rules = { plural: new Intl.PluralRules(locale), format: new Intl.NumberFormat(locale) }));
  return rules;
}

// The index just after the `}` that closes the `{` at `open`.
function closing(text: string, open: number) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function plural(locale: string, n: number, forms: string, vars: Readonly<Record<string, PlaceholderValue>>): string | null {
  const chosen = new Map<string, string>();
  let i = 0;
  while (i < forms.length) {
    const open = forms.indexOf('{', i);
    if (open < 0) break;
    const end = closing(forms, open);
    if (end < 0) return null;
    chosen.set(forms.slice(i, open).trim(), forms.slice(open + 1, end - 1));
    i = end;
  }
  const rules = rulesOf(locale);
  const form = chosen.get(`=${n}`) ?? chosen.get(rules.plural.select(n)) ?? chosen.get('other');
  return form === undefined ? null : formatMessage(locale, form, vars, rules.format.format(n));
}

/**
 * Fills in a message's placeholders and plurals. A placeholder without a value is left as it is written,
 * so a missing value shows instead of vanishing.
 */
export function formatMessage(locale: string, text: string, vars: Readonly<Record<string, PlaceholderValue>> = {}, hash?: string): string {
  if (!text.includes('{') && (hash === undefined || !text.includes('#'))) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#' && hash !== undefined) {
      out += hash;
      i++;
    } else if (c === '{') {
      const end = closing(text, i);
      if (end < 0) return out + text.slice(i);
      const inner = text.slice(i + 1, end - 1);
      const m = /^(\w+)(?:, plural,(.*))?$/s.exec(inner);
      const value = m ? vars[m[1]!] : undefined;
      // A plural's value may come as a numeric string where the values are not typed (tMaybe's, from the server).
      const n = typeof value === 'number' ? value : value !== undefined && value.trim() !== '' ? Number(value) : NaN;
      if (m?.[2] !== undefined && Number.isFinite(n)) out += plural(locale, n, m[2], vars) ?? text.slice(i, end);
      else if (m && m[2] === undefined && value !== undefined) out += String(value);
      else out += text.slice(i, end);
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
