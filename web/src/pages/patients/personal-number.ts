// Client-side check of a personnummer or samordningsnummer, so the user gets the reason at once (in the page's
// language) before anything is sent: the server's own parser (pure, no I/O), with the error as a code and the
// values its message names. The server checks again.
import { parsePersonalNumber, type PersonalNumberErrorCode } from '../../../../src/ordering/patients/personal-number.ts';

// One way to write the number on every page (web/src/format.ts).
export { formatPersonalNumber } from '../../format.ts';
export type { PersonalNumberErrorCode };

export type CheckResult =
  | { ok: true; identifier: string; kind: 'personnummer' | 'samordningsnummer' }
  | { ok: false; code: PersonalNumberErrorCode; vars: Record<string, string | number> };

const pad = (n: number) => String(n).padStart(2, '0');

/** The local date as 'YYYY-MM-DD' (the browser runs in Swedish time for Swedish users). */
export function localToday(d = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function checkPersonalNumber(input: string, today: string = localToday()): CheckResult {
  const r = parsePersonalNumber(input, today);
  return r.ok ? { ok: true, identifier: r.value.identifier, kind: r.value.kind } : { ok: false, code: r.error.code, vars: r.error.vars };
}
