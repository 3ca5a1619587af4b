import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../test/app.ts';
import { givenArticle } from '../catalogue/testing/article-fixtures.ts';
import type { OrderView } from '../ordering/orders/order-schemas.ts';
import { DEMO_PATIENTS } from '../ordering/patients/demo-population.ts';
import { Worker } from '../platform/jobs/jobs.ts';
import { createLogger } from '../platform/logger.ts';
import { wireContract } from './start.ts';

/**
 * The audit log searched by patient (issue 16 item 13): a personnummer in any usual form, or a name, finds every
 * access to the person on both sides (the ordering side names them by its patient id, the centre by its order's
 * patient snapshot), with both languages' labels; the search itself is audited.
 */
let t: TestApp;
let admin: Client;
let anna: Client;
let orderId = '';

interface Found {
  items: { action: string; actionLabel: string; actionLabelEn: string; purposeLabelEn: string | null; patient: { name: string; identifier: string } | null }[];
  patients: { name: string; identifier: string; protectedIdentity: boolean }[] | null;
  morePatients: boolean;
}
const search = async (body: Record<string, unknown>, c = admin) => c.post('/api/audit/search?limit=500', body);
const found = async (body: Record<string, unknown>) => {
  const r = await search(body);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Found;
};

beforeAll(async () => {
  t = await startTestApp();
  const log = createLogger('silent');
  const { handlers } = await wireContract(t.database, t.config, log, t.centre);
  const worker = new Worker({ database: t.database, log, handlers });
  const articleId = (await givenArticle(t.database, { name: 'Rollator Logg', source: 'local' })).id;
  const customerId = (await t.database.query<{ id: string }>(`select id from customer where customer_number = '20101'`))[0]!.id;
  admin = await t.login('admin');
  anna = await t.login('forskrivare');
  for (const identifier of [DEMO_PATIENTS.ordinary!, DEMO_PATIENTS.protectedIdentity!]) {
    const patientId = ((await anna.post('/api/patients/lookup', { identifier })).json() as { patientId: string }).patientId;
    await anna.post(`/api/patients/${patientId}/care-relationship`, {});
    if (identifier !== DEMO_PATIENTS.ordinary) continue;
    const d = (await anna.post('/api/orders', { orderType: 'customerOrder', customerId, patientId })).json() as OrderView;
    const s = await anna.put(`/api/orders/${d.id}`, {
      version: d.version,
      customerId,
      patientId,
      delivery: { kind: 'patientAddress' },
      contactName: 'Anna Åberg',
      contactPhone: '070-123 45 67',
      lines: [{ articleId }],
    });
    expect(s.statusCode, s.body).toBe(200);
    expect((await anna.post(`/api/orders/${d.id}/submit`, {})).statusCode).toBe(200);
    orderId = d.id;
  }
  await worker.runDue(); // the centre's intake (audited with its own snapshot of the patient)
  const centre = await t.login('kundtjanst');
  expect((await centre.get(`/api/provision/orders/${orderId}`)).statusCode).toBe(200);
});
afterAll(() => t?.close());

describe('the audit log searched by patient', () => {
  it('a personnummer finds the reads on both sides, named, with Swedish and English labels; every usual form finds the same', async () => {
    const r = await found({ patient: '19380412-9827' });
    expect(r.patients).toEqual([{ name: 'Astrid Lindqvist', identifier: '19380412-9827', protectedIdentity: false }]);
    const actions = new Set(r.items.map((i) => i.action));
    for (const a of ['patient.lookup', 'patient.care-relationship', 'order.submit', 'provision.order.receive', 'provision.order.read'])
      expect(actions, a).toContain(a);
    expect(r.items.every((i) => i.patient?.name === 'Astrid Lindqvist' && i.patient.identifier === '19380412-9827')).toBe(true);
    const read = r.items.find((i) => i.action === 'provision.order.read')!;
    expect([read.actionLabel, read.actionLabelEn, read.purposeLabelEn]).toEqual(['Order visad', 'Order viewed', 'Order handling']);
    // The searches themselves are accesses too (the first one is in the log for the later ones).
    const ids = (x: Found) =>
      x.items
        .map((i) => i.action)
        .filter((a) => a !== 'audit-log.patient-search')
        .sort();
    for (const form of ['193804129827', '3804129827', '380412-9827', ' 19380412 9827 ']) expect(ids(await found({ patient: form })), form).toEqual(ids(r));
  });

  it('a name finds the person in any case and word order, also with Å, Ä and Ö; a protected identity is marked', async () => {
    const byName = await found({ patient: 'lindqvist ASTRID' });
    expect(byName.patients?.map((p) => p.identifier)).toEqual(['19380412-9827']);
    expect(byName.items.some((i) => i.action === 'provision.order.read')).toBe(true);
    const protectedOne = await found({ patient: 'öberg' });
    expect(protectedOne.patients).toEqual([{ name: 'Sofia Öberg', identifier: '19751102-9881', protectedIdentity: true }]);
    expect(protectedOne.items.map((i) => i.action)).toContain('patient.lookup');
    expect((await found({ patient: 'Lind' })).patients?.map((p) => p.name)).toContain('Astrid Lindqvist');
  });

  it('with the other filters: only the named action for the person', async () => {
    const r = await found({ patient: '19380412-9827', action: 'patient.lookup' });
    expect(r.items.length).toBeGreaterThan(0);
    expect(new Set(r.items.map((i) => i.action))).toEqual(new Set(['patient.lookup']));
  });

  it('a malformed number is refused on the field with the reason; a valid number Bistå does not hold finds no one', async () => {
    const bad = await search({ patient: '19380412-9820' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues).toMatchObject([{ path: 'body.patient', code: 'invalid_personal_number', params: { reason: 'WRONG_CHECK_DIGIT' } }]);
    expect((await search({ patient: '1938-0412' })).json().error.issues[0].params.reason).toBe('WRONG_LENGTH');
    expect(await found({ patient: '19121212-1212' })).toMatchObject({ patients: [], items: [] });
  });

  it('the search is audited per person found, without the personnummer; only system administration may search', async () => {
    const before = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'audit-log.patient-search'`);
    await found({ patient: '19380412-9827' });
    const rows = await t.database.query<{ n: number; details: Record<string, unknown> }>(
      `select count(*) over ()::int as n, details from audit_log where action = 'audit-log.patient-search' order by id desc limit 1`,
    );
    expect(rows[0]!.n).toBe(before[0]!.n + 1);
    expect(rows[0]!.details).toMatchObject({ by: 'identifier' });
    expect(JSON.stringify(rows[0]!.details)).not.toContain('9827');
    expect((await search({ patient: '19380412-9827' }, anna)).statusCode).toBe(403);
  });

  it('every action and purpose the log may hold is listed with a Swedish and an English label', async () => {
    const r = await admin.get('/api/audit/actions');
    expect(r.statusCode).toBe(200);
    const { actions, purposes } = r.json() as { actions: { name: string; sv: string; en: string }[]; purposes: { name: string; sv: string; en: string }[] };
    expect(actions.find((a) => a.name === 'audit-log.patient-search')).toEqual({
      name: 'audit-log.patient-search',
      sv: 'Sökning i loggen på patient',
      en: 'Log searched for a patient',
    });
    expect(purposes.length).toBeGreaterThan(5);
  });
});
