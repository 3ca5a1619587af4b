import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/db.ts';
import type { Database } from '../platform/db/client.ts';
import { readMigrations } from '../platform/db/migrate.ts';
import { migrate } from '../platform/db/migrate.ts';
import { auditVocabulary } from './routes.ts';
import { searchAuditEntries } from '../platform/audit/search-audit-log.ts';

let db: Database & { drop(): Promise<void> };
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db.drop());

const NAME = /^[a-z]+(-[a-z]+)*(\.[a-z]+(-[a-z]+)*)+$/;

describe('audit actions and purposes from fixed lists', () => {
  it('every action and purpose has a Swedish and an English label, under the same names (issue 16 item 13)', () => {
    expect(Object.keys(auditVocabulary.actionsEn).sort()).toEqual(Object.keys(auditVocabulary.actions).sort());
    expect(Object.keys(auditVocabulary.purposesEn).sort()).toEqual(Object.keys(auditVocabulary.purposes).sort());
    for (const [k, v] of [...Object.entries(auditVocabulary.actionsEn), ...Object.entries(auditVocabulary.purposesEn)]) {
      expect(v.trim().length, k).toBeGreaterThan(3);
      expect(v, k).not.toMatch(/[åäöÅÄÖ]/);
    }
  });

  it('every listed action has one naming style and a Swedish label; purposes are kebab-case words', () => {
    for (const [k, v] of Object.entries(auditVocabulary.actions)) {
      expect(k, k).toMatch(NAME);
      expect(v.length, k).toBeGreaterThan(3);
    }
    for (const [k, v] of Object.entries(auditVocabulary.purposes)) {
      expect(k, k).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(v.length, k).toBeGreaterThan(3);
    }
  });

  it('migration 0016 rewrites older rows to the new names, and the log is append-only again afterwards', async () => {
    const insert = (action: string, purpose: string | null) =>
      db.query<{ id: number }>(`INSERT INTO audit_log (actor_label, action, entity_type, purpose) VALUES ('u', $1, 'x', $2) RETURNING id::int AS id`, [
        action,
        purpose,
      ]);
    const old = [
      ['accessApplication.approve', null],
      ['system_client.token.refused', null],
      ['user.update_profile', null],
      ['session.login_failed', null],
      ['provision.units.receive', 'order intake'],
      ['order.add-attachment', 'bilaga'],
      ['patient.read', 'beställning'],
      ['patient.read', 'hjälpmedelsbild'],
      ['billing.basis.download', 'invoiceBasis'],
      ['provision.work-order.read', 'work order'],
      ['patient.read', 'prescription'],
    ] as const;
    const ids: number[] = [];
    for (const [a, p] of old) ids.push((await insert(a, p))[0]!.id);
    const m = readMigrations().find((x) => x.tag === '0016_audit_fixed_names')!;
    // Applied already when the database was made; run the same statements again on the older rows.
    expect(await migrate(db, [...readMigrations(), { ...m, tag: '9999_audit_names_again' }])).toEqual(['9999_audit_names_again']);
    const rows = await db.query<{ action: string; purpose: string | null }>(`SELECT action, purpose FROM audit_log WHERE id = ANY($1::bigint[]) ORDER BY id`, [
      ids,
    ]);
    expect(rows).toEqual([
      { action: 'access-application.approve', purpose: null },
      { action: 'system-client.token.refused', purpose: null },
      { action: 'user.update-profile', purpose: null },
      { action: 'session.login-failed', purpose: null },
      { action: 'provision.unit.receive', purpose: 'order-intake' },
      { action: 'order.attachment.add', purpose: 'attachment' },
      { action: 'patient.read', purpose: 'order' },
      { action: 'patient.read', purpose: 'device-overview' },
      { action: 'billing.basis.download', purpose: 'invoice-basis' },
      { action: 'provision.work-order.read', purpose: 'work-order' },
      { action: 'patient.read', purpose: 'prescription' },
    ]);
    for (const r of rows) {
      expect(auditVocabulary.actions[r.action], r.action).toBeDefined();
      if (r.purpose) expect(auditVocabulary.purposes[r.purpose], r.purpose).toBeDefined();
    }
    await expect(db.exec(`UPDATE audit_log SET action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(db.exec(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('the search API gives the Swedish and English labels of action and purpose', async () => {
    const [{ id }] = (await db.query<{ id: number }>(
      `INSERT INTO audit_log (actor_label, action, entity_type, purpose, patient_ref) VALUES ('u', 'patient.read', 'patient', 'prescription', 'p-label') RETURNING id::int AS id`,
    )) as [{ id: number }];
    const { items } = await searchAuditEntries(db.db, { patientRef: 'p-label' }, auditVocabulary);
    expect(items.map((i) => [i.id, i.actionLabel, i.purposeLabel, i.actionLabelEn, i.purposeLabelEn])).toEqual([
      [id, 'Läsning av patientuppgifter', 'Förskrivning', 'Patient data read', 'Prescription'],
    ]);
  });
});
