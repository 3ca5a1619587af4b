// A message area: the Swedish and English texts of one part of the app, side by side in one file, so
// that an area is added, moved or removed as a whole. The compiler checks that English has every key and
// names the same placeholders as Swedish. Keys start with the area's prefix (e.g. 'access.'); for the
// placeholder and plural syntax see ./message.ts.

import type { PlaceholderShape } from './message.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Where English names other placeholders than Swedish, the English text must be this (which no string is). */
interface PlaceholdersAsSwedish<S extends string> {
  englishMustNameThePlaceholdersOf: S;
}

type EnglishOf<S extends Record<string, string>, E> = {
  [K in keyof S]: K extends keyof E
    ? E[K] extends string
      ? Same<PlaceholderShape<S[K]>, PlaceholderShape<E[K]>> extends true
        ? E[K]
        : PlaceholdersAsSwedish<S[K]>
      : string
    : string;
} & { [K in Exclude<keyof E, keyof S>]: never };

export interface MessageArea<S extends Record<string, string>> {
  sv: S;
  en: { [K in keyof S]: string };
}

export function defineMessages<const S extends Record<string, string>, const E extends Record<string, string>>(sv: S, en: E & EnglishOf<S, E>): MessageArea<S> {
  return { sv, en };
}
