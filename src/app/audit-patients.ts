import { parsePersonalNumber } from '../ordering/patients/personal-number.ts';
import { patientsForAuditSearch } from '../ordering/patients/review-facts.ts';
import { nameWords } from '../platform/db/name-words.ts';
import type { AuditPatient, AuditPatientFinder } from '../platform/audit/search-audit-log.ts';
import { provisionPatientRefs } from '../provision/orders/patient-refs.ts';

const collator = new Intl.Collator('sv');

/**
 * Who a personnummer or a name is, for the audit log's search by patient (issue 16 item 13), over both sides that
 * hold patients: the ordering side's patient (its audit rows name the patient's id) and the centre's snapshots
 * (its rows name the snapshot of the order). Wired here, since the platform imports no domain module.
 */
export const auditPatients: AuditPatientFinder = {
  async find(db, text, today, limit) {
    let by: { identifier: string } | { words: string[] };
    if (/\d/.test(text)) {
      const parsed = parsePersonalNumber(text, today);
      if (!parsed.ok) return { ok: false, code: parsed.error.code, message: parsed.error.message };
      by = { identifier: parsed.value.identifier };
    } else {
      by = { words: nameWords(text) };
    }
    const [ordering, centre] = [await patientsForAuditSearch(db, by, limit + 1), await provisionPatientRefs(db, by, limit + 1)];
    const people = new Map<string, AuditPatient>();
    // The ordering side's snapshot is the fresher (it is refreshed from the directory at every read): its name wins,
    // and its id comes first, so the search's own audit row names the person as the ordering side's rows do.
    for (const { id, ...p } of ordering) people.set(p.identifier, { ...p, refs: [id] });
    for (const c of centre) {
      const p = people.get(c.identifier);
      if (p) p.refs.push(...c.refs);
      else people.set(c.identifier, { ...c });
    }
    const sorted = [...people.values()].sort(
      (a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName) || a.identifier.localeCompare(b.identifier),
    );
    return { ok: true, by: 'identifier' in by ? 'identifier' : 'name', patients: sorted.slice(0, limit), more: sorted.length > limit };
  },
};
