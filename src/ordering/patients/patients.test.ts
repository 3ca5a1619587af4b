import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createSession } from '../../platform/auth/sessions.ts';
import type { Role } from '../../administration/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { isAppError } from '../../platform/errors.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { patient, registerPatient } from '../schema.ts';
import { patientSnapshot } from '../../contract/index.ts';
import { refreshPatientForOrder, requirePatientAccess } from './access.ts';
import { DEMO_PATIENTS, demoPopulation } from './demo-population.ts';
import { formatPersonalNumber } from './personal-number.ts';
import { fixturePatient, startFhirTestServer, type FhirTestServer } from '../testing/fhir-test-server.ts';
import { givenRegisterPerson, openPatient } from '../testing/patient-fixtures.ts';

// Patient access on the ordering side (DOMAIN §7), through the API on a real database: lookup by number,
// the care-relationship declaration once per patient and day, the audit row of every read, protected identity,
// and a patient directory that is down.

/** 2026-03-16 09:00 in Stockholm (CET). Tests move it. */
let clock = new Date('2026-03-16T08:00:00Z');
let t: TestApp;

interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

/** A session for a demo user that lives through the clock's moves (a real login would last 10 hours and end after 30 idle minutes). */
/** The clock jumps days back and forth; the sessions must not end as idle meanwhile. */
const LONG_IDLE = { sessionIdleMinutes: 365 * 24 * 60 };

async function as(app: TestApp, username: string): Promise<Client> {
  const [u] = await app.database.query<{ id: string }>('select id from app_user where username = $1', [username]);
  const s = await createSession(app.database.db, {
    userId: u!.id,
    now: new Date('2026-01-01T00:00:00Z'),
    hours: 24 * 365,
    ip: null,
    userAgent: 'patients test',
  });
  const headers = { cookie: `bista_sid=${s.token}` };
  return {
    get: (url) => app.app.inject({ method: 'GET', url, headers }),
    post: (url, body = {}) =>
      app.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      }),
  };
}

const auditRows = (app: TestApp, patientId: string, action: string) =>
  app.database.query<{
    actor_user_id: string;
    care_provider_id: string | null;
    patient_ref: string;
    purpose: string | null;
    details: Record<string, unknown> | null;
    entity_id: string;
  }>('select actor_user_id, care_provider_id, patient_ref, purpose, details, entity_id from audit_log where patient_ref = $1 and action = $2 order by id', [
    patientId,
    action,
  ]);

const careProviderOfCustomer = async (app: TestApp, customerNumber: string) =>
  (await app.database.query<{ id: string }>('select care_provider_id as id from customer where customer_number = $1', [customerNumber]))[0]!.id;

beforeAll(async () => {
  t = await startTestApp({ now: () => clock, config: LONG_IDLE });
});
afterAll(() => t.close());

/** A context for calling use cases directly, as the demo user (what the session loader builds). */
async function actorCtx(username: string, app: TestApp = t): Promise<Ctx> {
  const [u] = await app.database.query<{ id: string; username: string }>('select id, username from app_user where username = $1', [username]);
  const members = await app.database.query<{ customer_id: string; care_provider_id: string; is_default: boolean }>(
    'select m.customer_id, c.care_provider_id, m.is_default from membership m join customer c on c.id = m.customer_id where m.user_id = $1 order by m.is_default desc',
    [u!.id],
  );
  const userRoles = await app.database.query<{ role: Role }>('select role from user_role where user_id = $1', [u!.id]);
  return {
    ...app.ctx(() => clock),
    actor: {
      userId: u!.id,
      username,
      name: username,
      roles: new Set(userRoles.map((r) => r.role)),
      customerIds: members.map((m) => m.customer_id),
      defaultCustomerId: members[0]?.customer_id ?? null,
      careProviderIds: [...new Set(members.map((m) => m.care_provider_id))],
    },
  };
}

describe('looking a patient up by number', () => {
  it('an invalid personnummer is refused with 400 and the Swedish reason next to the field', async () => {
    const anna = await as(t, 'forskrivare');
    const res = await anna.post('/api/patients/lookup', { identifier: '121212-1213' });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('Kontrollsiffran (den sista siffran) stämmer inte. Kontrollera att numret är rätt skrivet.');
    expect(error.issues).toMatchObject([{ path: 'body.identifier', code: 'invalid_personal_number', message: error.message }]);

    const short = await anna.post('/api/patients/lookup', { identifier: '12345' });
    expect(short.json().error.message).toMatch(/10 eller 12 siffror/);
  });

  it('a valid number the register does not know gives 404 PATIENT_NOT_FOUND with a clear message, and stores nothing', async () => {
    const anna = await as(t, 'forskrivare');
    const res = await anna.post('/api/patients/lookup', { identifier: '19121212-1212' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({
      code: 'PATIENT_NOT_FOUND',
      message: 'Det finns ingen person med det personnumret i folkbokföringen. Kontrollera numret.',
    });
    expect(await t.database.query(`select 1 from patient where identifier = '191212121212'`)).toHaveLength(0);
  });

  it('answers with the internal id, the name (to confirm the care relationship for the right person) and whether it is confirmed: nothing more yet', async () => {
    const person = await givenRegisterPerson(t.database, { firstName: 'Ingrid', lastName: 'Hemligsson' });
    const anna = await as(t, 'forskrivare');
    const res = await anna.post('/api/patients/lookup', { identifier: formatPersonalNumber(person.identifier) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['careRelationshipConfirmedToday', 'firstName', 'lastName', 'patientId']);
    expect(body).toMatchObject({ firstName: 'Ingrid', lastName: 'Hemligsson', careRelationshipConfirmedToday: false });
    // The lookup itself is in the audit log, by internal id.
    expect(await auditRows(t, body.patientId, 'patient.lookup')).toHaveLength(1);
  });

  it('accepts the 10-digit form, spaces and a samordningsnummer (day + 60)', async () => {
    const anna = await as(t, 'forskrivare');
    const sam = DEMO_PATIENTS.coordination; // 12 digits, day 72
    const res = await anna.post('/api/patients/lookup', { identifier: ` ${sam.slice(2, 8)} - ${sam.slice(8)} ` });
    expect(res.statusCode).toBe(200);
    const id = res.json().patientId as string;
    await anna.post(`/api/patients/${id}/care-relationship`);
    const p = (await anna.get(`/api/patients/${id}`)).json();
    expect(p).toMatchObject({
      identifier: sam,
      kind: 'samordningsnummer',
      firstName: 'Yusuf',
      lastName: 'Haddad',
      homeMunicipality: null,
      protectedIdentity: false,
    });
  });

  it('looking up the same person twice gives the same patient', async () => {
    const anna = await as(t, 'forskrivare');
    const a = (await anna.post('/api/patients/lookup', { identifier: DEMO_PATIENTS.over100 })).json().patientId;
    const b = (await anna.post('/api/patients/lookup', { identifier: `${DEMO_PATIENTS.over100.slice(2, 8)}+${DEMO_PATIENTS.over100.slice(8)}` })).json()
      .patientId;
    expect(b).toBe(a);
  });
});

describe('the API description', () => {
  it('lists the three patient routes in OpenAPI; the number is only ever in a request body', async () => {
    const doc = (await t.app.inject('/api/docs/json')).json() as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>;
    };
    expect(
      Object.keys(doc.paths)
        .filter((p) => p.startsWith('/api/patients'))
        .sort(),
    ).toEqual(expect.arrayContaining(['/api/patients/lookup', '/api/patients/{id}', '/api/patients/{id}/care-relationship']));
    expect(Object.keys(doc.paths['/api/patients/lookup']!)).toEqual(['post']);
    expect(doc.paths['/api/patients/lookup']!.post!.requestBody!.content['application/json']!.schema.properties).toHaveProperty('identifier');
  });
});

describe('the care relationship', () => {
  it('is required before the patient can be read: 403 CARE_RELATIONSHIP_REQUIRED, and no audit row of a read', async () => {
    const person = await givenRegisterPerson(t.database);
    const anna = await as(t, 'forskrivare');
    const { patientId } = (await anna.post('/api/patients/lookup', { identifier: person.identifier })).json();
    const res = await anna.get(`/api/patients/${patientId}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'CARE_RELATIONSHIP_REQUIRED' });
    expect(res.body).not.toContain(person.lastName);
    expect(await auditRows(t, patientId, 'patient.read')).toHaveLength(0);
  });

  it('is declared once per patient, user and day, recorded with the customer and audited once', async () => {
    const person = await givenRegisterPerson(t.database);
    const anna = await as(t, 'forskrivare');
    const { patientId } = (await anna.post('/api/patients/lookup', { identifier: person.identifier })).json();
    const first = await anna.post(`/api/patients/${patientId}/care-relationship`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ patientId, day: '2026-03-16' });
    const again = await anna.post(`/api/patients/${patientId}/care-relationship`);
    expect(again.json().confirmedAt).toBe(first.json().confirmedAt);

    const rows = await t.database.query<{ customer_id: string; care_provider_id: string; day: string }>(
      `select customer_id, care_provider_id, day::text as day from care_relationship where patient_id = $1`,
      [patientId],
    );
    const [defaultCustomer] = await t.database.query<{ id: string }>(`select id from customer where customer_number = '10101'`);
    expect(rows).toEqual([{ customer_id: defaultCustomer!.id, care_provider_id: await careProviderOfCustomer(t, '10101'), day: '2026-03-16' }]);
    const audited = await auditRows(t, patientId, 'patient.care-relationship');
    expect(audited).toHaveLength(1);
    expect(audited[0]!.details).toMatchObject({ day: '2026-03-16', customerId: defaultCustomer!.id });
  });

  it('covers the rest of the Swedish calendar day only: after midnight in Stockholm it must be declared again', async () => {
    const person = await givenRegisterPerson(t.database);
    const anna = await as(t, 'forskrivare');
    // 23:30 in Stockholm (22:30 UTC in winter).
    clock = new Date('2026-03-16T22:30:00Z');
    const patientId = await openPatient(anna, person.identifier);
    expect((await anna.get(`/api/patients/${patientId}`)).statusCode).toBe(200);

    // 00:30 the next day in Stockholm, though still 16 March in UTC.
    clock = new Date('2026-03-16T23:30:00Z');
    expect((await anna.get(`/api/patients/${patientId}`)).json().error.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    expect((await anna.post('/api/patients/lookup', { identifier: person.identifier })).json().careRelationshipConfirmedToday).toBe(false);
    expect((await anna.post(`/api/patients/${patientId}/care-relationship`)).json().day).toBe('2026-03-17');
    expect((await anna.get(`/api/patients/${patientId}`)).statusCode).toBe(200);
    clock = new Date('2026-03-16T08:00:00Z');
  });

  it('holds for the configured number of days (BISTA_CARE_RELATIONSHIP_DAYS), then must be declared again', async () => {
    const person = await givenRegisterPerson(t.database);
    const anna = await as(t, 'forskrivare');
    t.config.ordering.careRelationshipDays = 3;
    try {
      clock = new Date('2026-03-16T08:00:00Z');
      const patientId = await openPatient(anna, person.identifier);
      clock = new Date('2026-03-18T15:00:00Z'); // the third day
      expect((await anna.get(`/api/patients/${patientId}`)).statusCode).toBe(200);
      expect((await anna.post('/api/patients/lookup', { identifier: person.identifier })).json().careRelationshipConfirmedToday).toBe(true);
      clock = new Date('2026-03-19T08:00:00Z'); // the fourth
      expect((await anna.get(`/api/patients/${patientId}`)).json().error.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    } finally {
      t.config.ordering.careRelationshipDays = 1;
      clock = new Date('2026-03-16T08:00:00Z');
    }
  });

  it("is the declaring user's own: a colleague at the same customer must declare it too", async () => {
    const person = await givenRegisterPerson(t.database);
    const anna = await as(t, 'forskrivare');
    const lisa = await as(t, 'anvandarstod');
    const patientId = await openPatient(anna, person.identifier);
    expect((await lisa.get(`/api/patients/${patientId}`)).json().error.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    expect((await lisa.post('/api/patients/lookup', { identifier: person.identifier })).json()).toMatchObject({
      patientId,
      careRelationshipConfirmedToday: false,
    });
  });

  it('an unknown patient id is 404 PATIENT_NOT_FOUND, for the declaration and the read', async () => {
    const anna = await as(t, 'forskrivare');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await anna.post(`/api/patients/${unknown}/care-relationship`)).json().error.code).toBe('PATIENT_NOT_FOUND');
    expect((await anna.get(`/api/patients/${unknown}`)).json().error.code).toBe('PATIENT_NOT_FOUND');
  });
});

describe('reading a patient', () => {
  it('gives name, number, kind, home municipality and address, refreshed from the directory', async () => {
    const anna = await as(t, 'forskrivare');
    const patientId = await openPatient(anna, DEMO_PATIENTS.ordinary);
    const res = await anna.get(`/api/patients/${patientId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: patientId,
      identifier: DEMO_PATIENTS.ordinary,
      kind: 'personnummer',
      firstName: 'Astrid',
      lastName: 'Lindqvist',
      protectedIdentity: false,
      homeMunicipality: { code: '9901', name: 'Norrvik' },
      address: { street: 'Storgatan 5 lgh 1201', postalCode: '990 10', city: 'Norrvik' },
      directory: { status: 'current', refreshedAt: clock.toISOString() },
    });
  });

  it('writes one patient.read audit row per read, with the patient ref, the care provider of the default customer and the purpose', async () => {
    const anna = await as(t, 'forskrivare');
    const patientId = await openPatient(anna, DEMO_PATIENTS.leapDay);
    for (let i = 0; i < 3; i++) expect((await anna.get(`/api/patients/${patientId}`)).statusCode).toBe(200);
    const rows = await auditRows(t, patientId, 'patient.read');
    expect(rows).toHaveLength(3);
    const [annaId] = await t.database.query<{ id: string }>(`select id from app_user where username = 'forskrivare'`);
    for (const r of rows) {
      expect(r).toMatchObject({
        actor_user_id: annaId!.id,
        patient_ref: patientId,
        entity_id: patientId,
        purpose: 'prescription',
        care_provider_id: await careProviderOfCustomer(t, '10101'),
      });
      // The audit log refers to the patient by internal id, never by number.
      expect(JSON.stringify(r)).not.toContain(DEMO_PATIENTS.leapDay);
    }
  });

  it('picks up changes in the register when the patient is opened', async () => {
    const person = await givenRegisterPerson(t.database, { lastName: 'Före' });
    const anna = await as(t, 'forskrivare');
    const patientId = await openPatient(anna, person.identifier);
    await t.database.db.update(registerPatient).set({ lastName: 'Efter', street: 'Nya gatan 1' }).where(eq(registerPatient.identifier, person.identifier));
    expect((await anna.get(`/api/patients/${patientId}`)).json()).toMatchObject({ lastName: 'Efter', address: { street: 'Nya gatan 1' } });
    const [stored] = await t.database.db.select().from(patient).where(eq(patient.id, patientId));
    expect(stored).toMatchObject({ lastName: 'Efter', street: 'Nya gatan 1' });
  });

  it('a person the register no longer knows is shown from the stored snapshot, marked notFound', async () => {
    // Outside Skatteverket's test series, which the embedded directory answers with a fictitious person of its own.
    const person = await givenRegisterPerson(t.database, { lastName: 'Utflyttad', birthNumber: 412 });
    const anna = await as(t, 'forskrivare');
    const patientId = await openPatient(anna, person.identifier);
    await t.database.db.delete(registerPatient).where(eq(registerPatient.identifier, person.identifier));
    expect((await anna.get(`/api/patients/${patientId}`)).json()).toMatchObject({ lastName: 'Utflyttad', directory: { status: 'notFound' } });
  });
});

describe('protected identity', () => {
  it('never gives the address in the API, even when the register has one, and never stores it', async () => {
    const person = await givenRegisterPerson(t.database, {
      firstName: 'Skyddad',
      lastName: 'Person',
      protectedIdentity: true,
      address: { street: 'Hemlig väg 7', postalCode: '990 77', city: 'Norrvik' },
    });
    const anna = await as(t, 'forskrivare');
    const lookup = await anna.post('/api/patients/lookup', { identifier: person.identifier });
    const patientId = lookup.json().patientId as string;
    await anna.post(`/api/patients/${patientId}/care-relationship`);
    const res = await anna.get(`/api/patients/${patientId}`);
    expect(res.json()).toMatchObject({ firstName: 'Skyddad', lastName: 'Person', protectedIdentity: true, address: null });
    for (const r of [lookup, res]) {
      expect(r.body).not.toContain('Hemlig');
      expect(r.body).not.toContain('990 77');
    }
    const [stored] = await t.database.db.select().from(patient).where(eq(patient.id, patientId));
    expect(stored).toMatchObject({ protectedIdentity: true, street: null, postalCode: null, city: null });
  });

  it('the database refuses an address on a protected patient', async () => {
    const person = await givenRegisterPerson(t.database, { protectedIdentity: true });
    const anna = await as(t, 'forskrivare');
    const patientId = await openPatient(anna, person.identifier);
    await expect(
      t.database.db.update(patient).set({ street: 'Storgatan 1', postalCode: '990 10', city: 'Norrvik' }).where(eq(patient.id, patientId)),
    ).rejects.toThrow();
  });

  it('the demo population has at least three protected people, none with an address, and they are in the register', async () => {
    const protectedPeople = demoPopulation().filter((p) => p.protectedIdentity);
    expect(protectedPeople.length).toBeGreaterThanOrEqual(3);
    expect(protectedPeople.every((p) => p.street === null && p.postalCode === null && p.city === null)).toBe(true);
    const inRegister = await t.database.query('select 1 from register_patient where protected_identity and identifier = any($1)', [
      protectedPeople.map((p) => p.identifier),
    ]);
    expect(inRegister).toHaveLength(protectedPeople.length);
  });
});

describe('requirePatientAccess, for the order code', () => {
  it("returns the snapshot (no address when protected) and writes the audit row in the caller's transaction", async () => {
    const anna = await as(t, 'forskrivare');
    const open = await openPatient(anna, DEMO_PATIENTS.ordinary);
    const prot = await openPatient(anna, DEMO_PATIENTS.protectedIdentity);
    const ctx = await actorCtx('forskrivare');
    const before = (await auditRows(t, open, 'patient.read')).length;
    const [a, b] = await ctx.db.transaction(async (tx) => [await requirePatientAccess(ctx, tx, open), await requirePatientAccess(ctx, tx, prot)]);
    expect(a).toMatchObject({ id: open, lastName: 'Lindqvist', address: { city: 'Norrvik' } });
    expect(b).toMatchObject({ id: prot, protectedIdentity: true, address: null });
    const rows = await auditRows(t, open, 'patient.read');
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)!.purpose).toBe('order');

    // A rolled-back transaction leaves no audit row behind.
    await ctx.db
      .transaction(async (tx) => {
        await requirePatientAccess(ctx, tx, open);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await auditRows(t, open, 'patient.read')).toHaveLength(before + 1);
  });

  it("refreshPatientForOrder gives the patient fresh from the directory in the contract's shape, and stores the new snapshot", async () => {
    const person = await givenRegisterPerson(t.database, { lastName: 'Beställd' });
    const prot = await givenRegisterPerson(t.database, { protectedIdentity: true, address: { street: 'Dold 1', postalCode: '990 11', city: 'Norrvik' } });
    const anna = await as(t, 'forskrivare');
    const id = await openPatient(anna, person.identifier);
    const protId = await openPatient(anna, prot.identifier);
    await t.database.db.update(registerPatient).set({ street: 'Flyttgatan 2' }).where(eq(registerPatient.identifier, person.identifier));
    const ctx = await actorCtx('forskrivare');
    const [a, b] = await ctx.db.transaction(async (tx) => [await refreshPatientForOrder(ctx, tx, id), await refreshPatientForOrder(ctx, tx, protId)]);
    expect(patientSnapshot.parse(a)).toEqual({
      identifier: person.identifier,
      identifierKind: 'personnummer',
      firstName: 'Test',
      lastName: 'Beställd',
      protectedIdentity: false,
      homeMunicipalityCode: '9901',
      address: { street: 'Flyttgatan 2', postalCode: '990 10', city: 'Norrvik' },
    });
    expect(patientSnapshot.parse(b)).toMatchObject({ protectedIdentity: true, address: null });
    const [stored] = await t.database.db.select().from(patient).where(eq(patient.id, id));
    expect(stored!.street).toBe('Flyttgatan 2');
    expect((await auditRows(t, id, 'patient.read')).at(-1)!.purpose).toBe('order');
  });

  it('refuses without a care relationship today, and refuses roles other than prescriber and orderer', async () => {
    const person = await givenRegisterPerson(t.database);
    const anna = await as(t, 'forskrivare');
    const { patientId } = (await anna.post('/api/patients/lookup', { identifier: person.identifier })).json();
    const ctx = await actorCtx('forskrivare');
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => (isAppError(e) ? e.code : String(e)),
      );
    expect(await code(ctx.db.transaction((tx) => requirePatientAccess(ctx, tx, patientId)))).toBe('CARE_RELATIONSHIP_REQUIRED');
    const admin = await actorCtx('admin');
    expect(await code(admin.db.transaction((tx) => requirePatientAccess(admin, tx, patientId)))).toBe('FORBIDDEN');
  });
});

describe('a patient directory that is down', () => {
  let fhir: FhirTestServer;
  let app: TestApp;

  beforeAll(async () => {
    fhir = await startFhirTestServer({ patients: ['patient-ordinary', 'patient-protected', 'patient-samordningsnummer'].map(fixturePatient) });
    app = await startTestApp({ now: () => clock, config: { ...LONG_IDLE, patientDirectory: { kind: 'fhir', baseUrl: fhir.baseUrl, timeoutMs: 300 } } });
  });
  afterAll(async () => {
    await app.close();
    await fhir.close();
  });

  it('works end to end through the FHIR directory: lookup, declaration, read (protected: no address)', async () => {
    const anna = await as(app, 'forskrivare');
    const id = await openPatient(anna, '194805179829');
    expect((await anna.get(`/api/patients/${id}`)).json()).toMatchObject({
      firstName: 'Märta Ingegerd',
      lastName: 'Åkesson',
      homeMunicipality: { code: '9902', name: 'Åby' },
      address: { street: 'Älvgatan 14 lgh 1102' },
      directory: { status: 'current' },
    });
    const prot = await openPatient(anna, '197511029873');
    const res = await anna.get(`/api/patients/${prot}`);
    expect(res.json()).toMatchObject({ protectedIdentity: true, address: null });
    expect(res.body).not.toContain('Hemliga');
  });

  it('a lookup gives 503 PATIENT_DIRECTORY_UNAVAILABLE with a clear Swedish message when it answers with an error or too slowly', async () => {
    const anna = await as(app, 'forskrivare');
    fhir.failWith = 500;
    try {
      const res = await anna.post('/api/patients/lookup', { identifier: '194805179829' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({
        code: 'PATIENT_DIRECTORY_UNAVAILABLE',
        message: 'Folkbokföringen (patientregistret) går inte att nå just nu. Försök igen om en stund.',
      });
    } finally {
      fhir.failWith = null;
    }
    fhir.delayMs = 1000;
    try {
      expect((await anna.post('/api/patients/lookup', { identifier: '194805179829' })).json().error.code).toBe('PATIENT_DIRECTORY_UNAVAILABLE');
    } finally {
      fhir.delayMs = 0;
    }
  });

  it('an opened patient is shown from the stored snapshot, marked unavailable, and the read is still audited', async () => {
    const anna = await as(app, 'forskrivare');
    const id = await openPatient(anna, '199004729910');
    fhir.failWith = 503;
    try {
      const res = await anna.get(`/api/patients/${id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ firstName: 'Yusuf', lastName: 'Haddad', kind: 'samordningsnummer', directory: { status: 'unavailable' } });
      expect(await auditRows(app, id, 'patient.read')).toHaveLength(1);
    } finally {
      fhir.failWith = null;
    }
  });

  it('refreshPatientForOrder refuses with PATIENT_DIRECTORY_UNAVAILABLE and its transaction writes nothing', async () => {
    const anna = await as(app, 'forskrivare');
    const id = await openPatient(anna, '194805179829');
    const ctx = await actorCtx('forskrivare', app);
    const before = (await auditRows(app, id, 'patient.read')).length;
    fhir.failWith = 503;
    try {
      const err = await ctx.db
        .transaction((tx) => refreshPatientForOrder(ctx, tx, id))
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(isAppError(err) && err.code).toBe('PATIENT_DIRECTORY_UNAVAILABLE');
    } finally {
      fhir.failWith = null;
    }
    expect(await auditRows(app, id, 'patient.read')).toHaveLength(before);
  });

  it('a refused connection is the same clear 503', async () => {
    await fhir.close();
    const anna = await as(app, 'forskrivare');
    const res = await anna.post('/api/patients/lookup', { identifier: '194805179829' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('PATIENT_DIRECTORY_UNAVAILABLE');
    fhir = await startFhirTestServer();
  });
});
