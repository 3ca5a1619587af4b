import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { pdfText } from '../../platform/documents/pdf-text.ts';
import { formatPersonalNumber, makePersonalNumber } from '../../ordering/patients/personal-number.ts';

let t: TestApp;
let admin: Client;
let reviewer: Client;
let regionReviewer: Client;
const ids: Record<string, string> = {};
const pnr: Record<string, string> = {};

const q = <T>(sql: string, params: unknown[] = []) => t.database.query<T>(sql, params);

/** A user with one role, member of one demo customer, with the demo password. */
async function user(username: string, first: string, last: string, role: string, customerNumber: string) {
  const [u] = await q<{ id: string }>(
    `INSERT INTO app_user (username, first_name, last_name, sort_key, password_hash) SELECT $1, $2, $3, $3, password_hash FROM app_user WHERE username = 'admin' RETURNING id`,
    [username, first, last],
  );
  await q(`INSERT INTO user_role (user_id, role) VALUES ($1, $2)`, [u!.id, role]);
  await q(`INSERT INTO membership (user_id, customer_id, is_default) SELECT $1, id, true FROM customer WHERE customer_number = $2`, [u!.id, customerNumber]);
  return u!.id;
}

async function patient(key: string, first: string, last: string, opts: { protectedIdentity?: boolean; n: number }) {
  pnr[key] = makePersonalNumber('1950-03-0' + ((opts.n % 9) + 1), 100 + opts.n);
  const [p] = await q<{ id: string }>(
    `INSERT INTO patient (identifier, kind, first_name, last_name, protected_identity, street, postal_code, refreshed_at) VALUES ($1, 'personnummer', $2, $3, $4, $5, $6, now()) RETURNING id`,
    [pnr[key], first, last, opts.protectedIdentity ?? false, opts.protectedIdentity ? null : 'Storgatan 1', opts.protectedIdentity ? null : '99010'],
  );
  ids[key] = p!.id;
}

/** A patient read as the ordering side audits it: the reader's unit in details, purpose 'prescription'. */
async function read(readerKey: string, patientKey: string, at: string, careProvider = 'norrvik', entityType = 'patient') {
  await q(
    `INSERT INTO audit_log (at, actor_user_id, actor_label, action, entity_type, entity_id, care_provider_id, patient_ref, purpose, details)
     VALUES ($1, $2, (SELECT username FROM app_user WHERE id = $2), 'patient.read', $5, $3, $4, $3, 'prescription', jsonb_build_object('customerId', (SELECT customer_id FROM membership WHERE user_id = $2 LIMIT 1)))`,
    [at, ids[readerKey], ids[patientKey], ids[careProvider], entityType],
  );
}

async function care(readerKey: string, patientKey: string, day: string) {
  await q(`INSERT INTO care_relationship (user_id, patient_id, day, confirmed_at) VALUES ($1, $2, $3, now())`, [ids[readerKey], ids[patientKey], day]);
}

type Report = {
  reads: { readerName: string; patientName: string; outliers: string[]; unit: string; purposeLabel: string; actionLabel: string }[];
  outliers: number;
  careProviderName: string;
};
const report = async (c: Client, query = 'from=2026-11-02&to=2026-11-06') => {
  const res = await c.get(`/api/log-review/report?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Report;
};
const flagsOf = (r: Report, patientName: string, reader?: string) =>
  r.reads.filter((x) => x.patientName === patientName && (!reader || x.readerName.includes(reader))).map((x) => x.outliers);

beforeAll(async () => {
  t = await startTestApp();
  const cps = await q<{ id: string; customer_number: string }>(
    `SELECT care_provider_id AS id, customer_number FROM customer WHERE customer_number IN ('20101', '10101')`,
  );
  ids.norrvik = cps.find((c) => c.customer_number === '20101')!.id;
  ids.region = cps.find((c) => c.customer_number === '10101')!.id;
  await user('granskare', 'Greta', 'Granskog', 'logReviewer', '20101');
  await user('regiongranskare', 'Rut', 'Rask', 'logReviewer', '10101');
  ids.per = await user('per.holm', 'Per', 'Holm', 'prescriber', '20101');
  ids.eva = await user('eva.lind', 'Eva', 'Lind', 'prescriber', '20101');
  ids.ola = await user('ola.ek', 'Ola', 'Ek', 'prescriber', '10101');
  await patient('secret', 'Sigrid', 'Dold', { protectedIdentity: true, n: 1 });
  await patient('karin', 'Karin', 'Holm', { n: 2 });
  await patient('a', 'Adam', 'Alm', { n: 3 });
  await patient('b', 'Bea', 'Björk', { n: 4 });
  await patient('c', 'Cilla', 'Cederlund', { n: 5 });
  await patient('stranger', 'Sten', 'Främling', { n: 6 });
  for (const p of ['secret', 'karin', 'a', 'b', 'c']) for (const d of ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-06']) await care('eva', p, d);
  await care('per', 'karin', '2026-11-02');
  // Monday 10:00 Stockholm (UTC+1): a protected identity, with a care relationship.
  await read('eva', 'secret', '2026-11-02T09:00:00Z');
  // A reader looks up a patient with their own surname.
  await read('per', 'karin', '2026-11-02T09:30:00Z');
  // Three distinct patients within five minutes, then one more 30 minutes later.
  await read('eva', 'a', '2026-11-03T09:00:00Z');
  await read('eva', 'b', '2026-11-03T09:02:00Z');
  await read('eva', 'c', '2026-11-03T09:04:00Z');
  await read('eva', 'karin', '2026-11-03T09:40:00Z');
  // No order, no care relationship.
  await read('per', 'stranger', '2026-11-04T10:00:00Z');
  // The centre reads through an order: bound to the order, no care relationship needed.
  await read('per', 'stranger', '2026-11-04T10:30:00Z', 'norrvik', 'provision_order');
  // 20:30 and 06:00 local time.
  await read('eva', 'a', '2026-11-04T19:30:00Z');
  await read('eva', 'b', '2026-11-06T05:00:00Z');
  // Another care provider's patient read: never in Norrvik's review.
  await read('ola', 'stranger', '2026-11-04T09:00:00Z', 'region');
  admin = await t.login('admin');
  for (const [key, value] of [
    ['logReview.manyPatients.count', 3],
    ['logReview.manyPatients.windowMinutes', 10],
    ['logReview.officeHours.start', 7],
    ['logReview.officeHours.end', 18],
  ] as const) {
    const res = await admin.put(`/api/admin/settings/${key}`, { value });
    expect(res.statusCode, res.body).toBe(200);
  }
  reviewer = await t.login('granskare');
  regionReviewer = await t.login('regiongranskare');
}, 120_000);
afterAll(() => t.close());

describe('PDL log review', () => {
  it('flags a protected identity', async () => {
    expect(flagsOf(await report(reviewer), 'Sigrid Dold')).toEqual([['protectedIdentity']]);
  });

  it('flags a patient with the reader’s surname (users have no stored address: the surname alone)', async () => {
    expect(flagsOf(await report(reviewer), 'Karin Holm', 'Per Holm')).toEqual([['sameSurname']]);
    expect(flagsOf(await report(reviewer), 'Karin Holm', 'Eva Lind')).toEqual([[]]);
  });

  it('flags every read inside a window with the threshold’s number of distinct patients (a setting), not the later one', async () => {
    const r = await report(reviewer);
    const day3 = r.reads.filter((x) => x.readerName.includes('Eva Lind') && ['Adam Alm', 'Bea Björk', 'Cilla Cederlund', 'Karin Holm'].includes(x.patientName));
    expect(day3.slice(0, 4).map((x) => [x.patientName, x.outliers.includes('manyPatients')])).toEqual([
      ['Adam Alm', true],
      ['Bea Björk', true],
      ['Cilla Cederlund', true],
      ['Karin Holm', false],
    ]);
    expect((await admin.put('/api/admin/settings/logReview.manyPatients.count', { value: 4 })).statusCode).toBe(200);
    expect((await report(reviewer)).reads.some((x) => x.outliers.includes('manyPatients'))).toBe(false);
    expect((await admin.put('/api/admin/settings/logReview.manyPatients.count', { value: 3 })).statusCode).toBe(200);
  });

  it('flags a read with no order and no care relationship, but not the centre’s read through an order', async () => {
    expect(flagsOf(await report(reviewer), 'Sten Främling')).toEqual([['noOrderNoCareRelationship'], []]);
  });

  it('flags reads outside office hours (settings) and on days off', async () => {
    const r = await report(reviewer);
    expect(r.reads.filter((x) => x.outliers.includes('outsideOfficeHours')).map((x) => x.patientName)).toEqual(['Adam Alm', 'Bea Björk']);
    expect((await admin.put('/api/admin/settings/logReview.officeHours.end', { value: 21 })).statusCode).toBe(200);
    expect((await report(reviewer)).reads.filter((x) => x.outliers.includes('outsideOfficeHours')).map((x) => x.patientName)).toEqual(['Bea Björk']);
    expect((await admin.put('/api/admin/settings/logReview.officeHours.end', { value: 18 })).statusCode).toBe(200);
    // Saturday 7 November at noon: a day off.
    const sat = await report(reviewer, 'from=2026-11-07&to=2026-11-07');
    expect(sat.reads).toEqual([]);
  });

  it('shows only the reviewer’s own care provider, with Swedish labels; another care provider is refused', async () => {
    const r = await report(reviewer);
    expect(r.careProviderName).toBe('Norrviks kommun');
    expect(r.reads).toHaveLength(10);
    expect(r.reads.every((x) => !x.readerName.includes('Ola Ek'))).toBe(true);
    expect(r.reads[0]).toMatchObject({
      actionLabel: 'Läsning av patientuppgifter',
      purposeLabel: 'Förskrivning',
      unit: 'Hemtjänst Norrvik centrum, Norrviks kommun',
    });
    const other = await reviewer.get(`/api/log-review/report?from=2026-11-02&to=2026-11-06&careProviderId=${ids.region}`);
    expect(other.statusCode).toBe(403);
    const region = await report(regionReviewer);
    expect(region.reads.map((x) => x.readerName)).toEqual(['Ola Ek (ola.ek)']);
    expect((await admin.get('/api/log-review/report?from=2026-11-02&to=2026-11-06')).statusCode).toBe(403);
  });

  it('exports the report as Excel and PDF that read back, and audits the exports', async () => {
    const x = await reviewer.get('/api/log-review/report.xlsx?from=2026-11-02&to=2026-11-06');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Åtkomster')!;
    expect(ws.rowCount).toBe(11);
    expect(ws.getRow(1).values).toEqual([undefined, 'Tid', 'Användare', 'Enhet', 'Patient', 'Händelse', 'Ändamål', 'Avvikelser']);
    expect(ws.getRow(2).values).toEqual([
      undefined,
      '2026-11-02 10:00',
      'Eva Lind (eva.lind)',
      'Hemtjänst Norrvik centrum, Norrviks kommun',
      'Sigrid Dold',
      'Läsning av patientuppgifter',
      'Förskrivning',
      'Skyddad identitet',
    ]);
    const p = await reviewer.get('/api/log-review/report.pdf?from=2026-11-02&to=2026-11-06');
    expect(p.headers['content-type']).toBe('application/pdf');
    const text = pdfText(p.rawPayload).pages.flat().join('\n');
    expect(text).toContain('Logggranskning');
    expect(text).toContain('Samma efternamn som användaren (möjlig anhörig)');
    expect(text).toContain('Cilla Cederlund');
    const audited = await q<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'log-review.%' GROUP BY action ORDER BY action`,
    );
    expect(audited.find((a) => a.action === 'log-review.export')?.n).toBe(2);
  });

  it('records the sign-off once per period, with its audit row', async () => {
    const res = await reviewer.post('/api/log-review/sign-offs', { from: '2026-11-02', to: '2026-11-06', comment: 'Avvikelserna utredda med enhetschef.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      careProviderId: ids.norrvik,
      periodFrom: '2026-11-02',
      periodTo: '2026-11-06',
      reads: 10,
      outliers: 8,
      signedByName: 'Greta Granskog',
    });
    const again = await reviewer.post('/api/log-review/sign-offs', { from: '2026-11-02', to: '2026-11-06' });
    expect(again.statusCode).toBe(409);
    expect((await reviewer.get('/api/log-review/sign-offs')).json()).toHaveLength(1);
    expect((await regionReviewer.get('/api/log-review/sign-offs')).json()).toHaveLength(0);
    const [row] = await q<{ entity_id: string; care_provider_id: string; purpose: string }>(
      `SELECT entity_id, care_provider_id, purpose FROM audit_log WHERE action = 'log-review.sign-off'`,
    );
    expect(row).toEqual({ entity_id: res.json().id, care_provider_id: ids.norrvik, purpose: 'log-review' });
  });
});

describe('the patient’s access extract', () => {
  it('lists every access to the patient at the care provider as a PDF, and is itself audited without the personnummer', async () => {
    const res = await reviewer.post('/api/log-review/access-extract', {
      personnummer: formatPersonalNumber(pnr.stranger!),
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload).pages.flat().join('\n');
    expect(text).toContain('Registerutdrag');
    expect(text).toContain('Sten Främling');
    expect(text).toContain('Per Holm (per.holm)');
    expect(text).toContain('Förskrivning');
    expect(text).toContain('Åtkomster: 2');
    expect(text).not.toContain('Ola Ek');
    const [row] = await q<{ patient_ref: string; purpose: string; details: Record<string, unknown> }>(
      `SELECT patient_ref, purpose, details FROM audit_log WHERE action = 'patient.access-extract'`,
    );
    expect(row).toMatchObject({ patient_ref: ids.stranger, purpose: 'access-extract', details: { accesses: 2 } });
    expect(JSON.stringify(row)).not.toContain(pnr.stranger!.slice(2));
    // The other care provider's extract shows that care provider's accesses only.
    const region = await regionReviewer.post('/api/log-review/access-extract', { personnummer: pnr.stranger, from: '2026-11-01', to: '2026-11-30' });
    expect(pdfText(region.rawPayload).pages.flat().join('\n')).toContain('Ola Ek (ola.ek)');
  });

  it('refuses an unknown patient and a malformed number with Swedish messages', async () => {
    const unknown = await reviewer.post('/api/log-review/access-extract', {
      personnummer: makePersonalNumber('1931-01-01', 999),
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('PATIENT_NOT_FOUND');
    const bad = await reviewer.post('/api/log-review/access-extract', { personnummer: '19500101-0000', from: '2026-11-01', to: '2026-11-30' });
    expect(bad.statusCode).toBe(422);
  });
});
