// Which prescription class an article belongs to (issue 16 item 7): pure, shared with the web's order form
// (web/src/pages/orders/Prescription.tsx), so the form asks for exactly what submit checks. Imports nothing.

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** The class an ISO code belongs to: the row whose prefix is the longest that starts the code (the most specific wins), or none. */
export function classFor<C extends { isoPrefix: string }>(classes: readonly C[], isoCode: string | null | undefined): C | null {
  if (!isoCode) return null;
  const code = digitsOf(isoCode);
  let best: C | null = null;
  for (const c of classes) {
    const p = digitsOf(c.isoPrefix);
    if (p && code.startsWith(p) && (!best || p.length > digitsOf(best.isoPrefix).length)) best = c;
  }
  return best;
}
