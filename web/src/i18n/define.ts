// A message area: the Swedish and English texts of one part of the app, side by side in one file, so
// that an area is added, moved or removed as a whole. The compiler checks that English has every key.
// Keys start with the area's prefix (e.g. 'access.'); `{name}` is replaced by the value of `name`.

export interface MessageArea<S extends Record<string, string>> {
  sv: S;
  en: { [K in keyof S]: string };
}

export function defineMessages<const S extends Record<string, string>>(sv: S, en: { [K in keyof S]: string }): MessageArea<S> {
  return { sv, en };
}
