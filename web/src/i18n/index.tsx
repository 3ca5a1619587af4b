import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nProvider } from 'react-aria-components';
import type { Locale } from '../api/types.ts';
import { setErrorTranslator } from '../api/errors.ts';
import { areasEn, areasSv } from './areas/index.ts';
import { formatMessage, type PlaceholderValue, type VarsArg } from './message.ts';

/** The Swedish texts by key, each as its literal type (which the placeholder types are read from). */
export type Messages = typeof areasSv;
export type MessageKey = keyof Messages;
/** Keys of the messages without placeholders (e.g. a menu entry's label). */
export type PlainMessageKey = { [K in MessageKey]: VarsArg<Messages[K]> extends [] ? K : never }[MessageKey];

const catalogues: Record<Locale, Record<MessageKey, string>> = { sv: areasSv, en: areasEn };
const STORAGE_KEY = 'bista.locale';

/** Translates a key; the values after it are exactly the placeholders its Swedish text names (see message.ts). */
export type Translate = <K extends MessageKey>(key: K, ...vars: VarsArg<Messages[K]>) => string;
type LooseVars = Readonly<Record<string, PlaceholderValue>>;

/** The translation function of a language (outside a LocaleProvider, e.g. in the error boundary, Swedish's). */
export function translator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, ...vars) => formatMessage(locale, messages[key] ?? key, vars[0]);
}

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  /** Whether the user has chosen a language in this browser (otherwise the profile's language may apply). */
  chosen: boolean;
  t: Translate;
  /** Looks up a key built at run time (e.g. `error.${code}`); null when there is no such key. */
  tMaybe: (key: string, vars?: LooseVars) => string | null;
  formatDateTime: (iso: string | Date | null | undefined) => string;
  formatDate: (iso: string | Date | null | undefined) => string;
  collator: Intl.Collator;
}

function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'sv' || v === 'en' ? v : null;
  } catch {
    return null;
  }
}

// Dates are always written the Swedish way (2026-03-05 14:30), which reads the same in both languages.
const dateTimeFormat = new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', day: '2-digit' });
// Lists are sorted the Swedish way (Å, Ä, Ö last) whatever the language of the page.
const collator = new Intl.Collator('sv');

function fmt(f: Intl.DateTimeFormat, v: string | Date | null | undefined) {
  if (!v) return '';
  const d = typeof v === 'string' ? new Date(v) : v;
  return Number.isNaN(d.getTime()) ? '' : f.format(d);
}

const I18nContext = createContext<I18n | null>(null);

export function LocaleProvider({ children }: { children: ReactNode }) {
  const initial = storedLocale();
  const [locale, setLocaleState] = useState<Locale>(initial ?? 'sv');
  const [chosen, setChosen] = useState(initial !== null);

  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    setChosen(true);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18n>(() => {
    const messages = catalogues[locale];
    // A key built at run time is a message key when the catalogue has it.
    const isKey = (key: string): key is MessageKey => Object.hasOwn(messages, key);
    const tMaybe = (key: string, vars?: LooseVars) => (isKey(key) ? formatMessage(locale, messages[key], vars) : null);
    const t = translator(locale);
    setErrorTranslator({ locale, t, tMaybe });
    return {
      locale,
      setLocale,
      chosen,
      t,
      tMaybe,
      formatDateTime: (v) => fmt(dateTimeFormat, v),
      formatDate: (v) => fmt(dateFormat, v),
      collator,
    };
  }, [locale, setLocale, chosen]);

  return (
    <I18nContext.Provider value={value}>
      <I18nProvider locale={locale === 'sv' ? 'sv-SE' : 'en-GB'}>{children}</I18nProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside LocaleProvider');
  return v;
}

export { I18nContext };
