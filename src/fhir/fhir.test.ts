import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../test/app.ts';
import { DEMO_PATIENTS } from '../ordering/patients/demo-population.ts';
import { makePersonalNumber } from '../ordering/patients/personal-number.ts';
import { patientFromFhir } from '../ordering/patients/fhir-directory.ts';
import { seedIsoCodes } from '../catalogue/iso/seed-iso-codes.ts';
import { issueAccessToken } from '../platform/auth/access-tokens.ts';
import { givenUnitArticle } from '../provision/testing/given.ts';
import { deviceRequest, outcomeOf, registerExternalSystem, type ExternalSystem } from './testing/external-system.ts';
import { expectValidFhir, fhirProblems } from './testing/validate.ts';

/**
 * The FHIR R4 facade over HTTP (issue 18 item 3): every resource it returns is checked against the official R4
 * definitions (testing/validate.ts), and every refusal is an OperationOutcome with its 4xx and nothing stored.
 */

let t: TestApp;
let admin: Client;
let own: ExternalSystem;
let foreign: ExternalSystem;
let chair = { id: '', articleNumber: '' };
const org = { own: '', ownCareProvider: '', otherCustomer: '', otherCareProvider: '' };

type Json = Record<string, unknown> & { id: string; resourceType: string };
type Bundle = { total?: number; entry?: { fullUrl: string; resource: Json }[] };
const resources = (b: Bundle) => (b.entry ?? []).map((e) => e.resource);

const counts = async () => {
  const [r] = await t.database.query<{ orders: number; audits: number; patients: number }>(
    `SELECT (SELECT count(*)::int FROM provision_order) AS orders, (SELECT count(*)::int FROM audit_log) AS audits, (SELECT count(*)::int FROM patient) AS patients`,
  );
  return r!;
};

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
  const rows = await t.database.query<{ id: string; customer_number: string; care_provider_id: string }>(
    `SELECT id, customer_number, care_provider_id FROM customer WHERE customer_number IN ('20101', '10101')`,
  );
  const by = (n: string) => rows.find((r) => r.customer_number === n)!;
  Object.assign(org, {
    own: by('20101').id,
    ownCareProvider: by('20101').care_provider_id,
    otherCustomer: by('10101').id,
    otherCareProvider: by('10101').care_provider_id,
  });
  own = await registerExternalSystem(t.app, admin, { name: 'Omsorgsjournal Norrvik FHIR', careProviderId: org.ownCareProvider, customerIds: [org.own] });
  foreign = await registerExternalSystem(t.app, admin, {
    name: 'Journal Annan Vårdgivare FHIR',
    careProviderId: org.otherCareProvider,
    customerIds: [org.otherCustomer],
  });
  await seedIsoCodes(t.database.db);
  chair = await givenUnitArticle(t.database, { name: 'Rullstol Fhir 48' });
});
afterAll(() => t?.close());

describe('the validator', () => {
  it('finds what is wrong with an invalid resource: an unknown element, a missing required one, a code outside a required value set, a bad id', () => {
    expect(fhirProblems({ resourceType: 'Patient', id: 'p1', gender: 'female' })).toEqual([]);
    expect(fhirProblems({ resourceType: 'Patient', foo: 1 }).join()).toContain('foo');
    expect(fhirProblems({ resourceType: 'Task', intent: 'order' }).join()).toContain('Task.status');
    expect(fhirProblems({ resourceType: 'Task', status: 'delivered', intent: 'order' }).join()).toContain('task-status');
    expect(fhirProblems({ resourceType: 'Device', id: 'U_1' }).join()).toContain('not a FHIR id');
    expect(fhirProblems({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Patient', gender: 'x' } }] }).join()).toContain(
      'administrative-gender',
    );
    expect(() => expectValidFhir({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'oops' }] })).toThrow(/issue-type/);
  });
});

describe('CapabilityStatement', () => {
  it('is public, valid, and names every resource and search the facade serves', async () => {
    const res = await t.anonymous.get('/fhir/R4/metadata');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const cs = res.json() as {
      fhirVersion: string;
      rest: { resource: { type: string; interaction: { code: string }[]; searchParam?: { name: string }[] }[] }[];
    };
    expectValidFhir(cs);
    expect(cs.fhirVersion).toBe('4.0.1');
    const declared = cs.rest[0]!.resource;
    const served = t.app.apiRoutes.filter((r) => r.url.startsWith('/fhir/R4/') && r.url !== '/fhir/R4/metadata');
    for (const r of served) {
      const [, , , type, id] = r.url.split('/');
      const resource = declared.find((d) => d.type === type);
      expect(resource, r.url).toBeDefined();
      const interaction = r.method === 'POST' ? 'create' : id ? 'read' : 'search-type';
      expect(
        resource!.interaction.map((i) => i.code),
        `${r.method} ${r.url}`,
      ).toContain(interaction);
    }
    for (const d of declared)
      for (const i of d.interaction) {
        const url = i.code === 'read' ? `/fhir/R4/${d.type}/:id` : `/fhir/R4/${d.type}`;
        const method = i.code === 'create' ? 'POST' : 'GET';
        expect(
          served.some((r) => r.url === url && r.method === method),
          `${d.type} ${i.code}`,
        ).toBe(true);
      }
  });
});

describe('ordering over FHIR', () => {
  let created: Json;
  const body = () =>
    deviceRequest({ identifier: 'BEST-1001', articleNumber: chair.articleNumber, patient: DEMO_PATIENTS.ordinary!, customerNumber: '20101', quantity: 1 });

  it('a DeviceRequest becomes an order at the centre (201), the same again is the same order (200), other content under its identifier is 409', async () => {
    const before = await counts();
    const res = await own.call('POST', '/fhir/R4/DeviceRequest', body());
    expect(res.statusCode, res.body).toBe(201);
    created = res.json() as Json;
    expectValidFhir(created);
    expect(res.headers.location).toBe(`http://localhost:80/fhir/R4/DeviceRequest/${created.id}`);
    expect(created).toMatchObject({
      status: 'active',
      intent: 'order',
      identifier: [{ system: 'urn:bista:fhir:identifier:order-number', value: 'BEST-1001' }],
      groupIdentifier: { system: 'urn:bista:fhir:identifier:centre-order-number', value: expect.stringMatching(/^K-\d+$/) },
      codeReference: { reference: `DeviceDefinition/${chair.id}` },
      requester: { reference: `Organization/${org.own}` },
      subject: { reference: expect.stringMatching(/^Patient\/[0-9a-f-]{36}$/) },
    });
    expect((await counts()).orders).toBe(before.orders + 1);

    const again = await own.call('POST', '/fhir/R4/DeviceRequest', body());
    expect(again.statusCode, again.body).toBe(200);
    expect((again.json() as Json).id).toBe(created.id);
    const changed = await own.call('POST', '/fhir/R4/DeviceRequest', { ...body(), priority: 'urgent' });
    expect(outcomeOf(changed)).toMatchObject({ status: 409, code: 'MESSAGE_ID_CONFLICT', issueCode: 'duplicate' });
    expect((await counts()).orders).toBe(before.orders + 1);
  });

  it('reads it back, finds it by patient, status and identifier, and its Task says the centre received it', async () => {
    expect(await own.read<Json>(`/fhir/R4/DeviceRequest/${created.id}`, 'DeviceRequest')).toEqual(created);
    const patient = (created.subject as { reference: string }).reference;
    for (const q of [
      `patient=${patient}`,
      `patient=${patient}&status=active`,
      'identifier=urn:oid:1.2.752.9999.1.7|BEST-1001',
      'identifier=BEST-1001',
      `_id=${created.id}`,
    ]) {
      const b = await own.read<Bundle>(`/fhir/R4/DeviceRequest?${q}`, 'Bundle');
      expect(
        resources(b).map((r) => r.id),
        q,
      ).toEqual([created.id]);
    }
    expect(resources(await own.read<Bundle>(`/fhir/R4/DeviceRequest?patient=${patient}&status=completed,revoked`, 'Bundle'))).toEqual([]);
    const task = await own.read<Json>(`/fhir/R4/Task/${created.id}`, 'Task');
    expect(task).toMatchObject({ status: 'accepted', businessStatus: { coding: [{ code: 'received' }] }, focus: { reference: `DeviceRequest/${created.id}` } });
    expect(resources(await own.read<Bundle>(`/fhir/R4/Task?focus=DeviceRequest/${created.id}`, 'Bundle')).map((r) => r.id)).toEqual([created.id]);
  });

  it('reads the patient through the patient directory, audited under the client', async () => {
    const id = (created.subject as { reference: string }).reference.split('/')[1]!;
    const p = await own.read<Json>(`/fhir/R4/Patient/${id}`, 'Patient');
    expect(p).toMatchObject({
      identifier: [{ system: 'urn:oid:1.2.752.129.2.1.3.1', value: DEMO_PATIENTS.ordinary }],
      name: [{ family: 'Lindqvist', given: ['Astrid'] }],
    });
    const [row] = await t.database.query<{ actor_label: string; actor_client_id: string }>(
      `SELECT actor_label, actor_client_id FROM audit_log WHERE action = 'patient.read' AND patient_ref = $1 AND entity_type = 'patient' ORDER BY id DESC LIMIT 1`,
      [id],
    );
    expect(row).toEqual({ actor_label: 'Omsorgsjournal Norrvik FHIR', actor_client_id: own.clientId });
  });

  it('organisations, articles by name and ISO code', async () => {
    const orgs = resources(await own.read<Bundle>('/fhir/R4/Organization', 'Bundle'));
    expect(orgs.map((o) => o.id).sort()).toEqual([org.own, org.ownCareProvider].sort());
    await own.read(`/fhir/R4/Organization/${org.own}`, 'Organization');
    await own.read(`/fhir/R4/Organization/${org.ownCareProvider}`, 'Organization');
    expect(resources(await own.read<Bundle>('/fhir/R4/Organization?identifier=20101', 'Bundle')).map((o) => o.id)).toEqual([org.own]);
    const def = await own.read<Json>(`/fhir/R4/DeviceDefinition/${chair.id}`, 'DeviceDefinition');
    expect(def).toMatchObject({ deviceName: [{ name: 'Rullstol Fhir 48' }], type: { coding: [{ system: 'urn:iso:std:iso:9999', code: '12 22 03' }] } });
    expect(resources(await own.read<Bundle>('/fhir/R4/DeviceDefinition?name=fhir', 'Bundle')).map((r) => r.id)).toContain(chair.id);
    expect(
      resources(await own.read<Bundle>(`/fhir/R4/DeviceDefinition?type=${encodeURIComponent('urn:iso:std:iso:9999|12 22')}`, 'Bundle')).map((r) => r.id),
    ).toContain(chair.id);
  });
});

describe('patients', () => {
  it('a protected identity is marked restricted and never has an address; the Patient is what Bistå’s own FHIR directory client reads', async () => {
    const res = await own.call(
      'POST',
      '/fhir/R4/DeviceRequest',
      deviceRequest({ identifier: 'SKYDD-1', articleNumber: chair.articleNumber, patient: DEMO_PATIENTS.protectedIdentity!, customerNumber: '20101' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = ((res.json() as Json).subject as { reference: string }).reference.split('/')[1]!;
    const p = await own.read<Json>(`/fhir/R4/Patient/${id}`, 'Patient');
    expect(p.meta).toMatchObject({ security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] });
    expect(p).not.toHaveProperty('address');
    expect(patientFromFhir(p, DEMO_PATIENTS.protectedIdentity!)).toMatchObject({ protectedIdentity: true, address: null, lastName: 'Öberg' });

    const ordinary = resources(await own.read<Bundle>('/fhir/R4/DeviceRequest?identifier=BEST-1001', 'Bundle'))[0]!;
    const o = await own.read<Json>(`/fhir/R4/${(ordinary.subject as { reference: string }).reference}`, 'Patient');
    expect(patientFromFhir(o, DEMO_PATIENTS.ordinary!)).toMatchObject({
      protectedIdentity: false,
      firstName: 'Astrid',
      address: { street: expect.any(String) },
    });
  });

  it('a person goes by the web app’s rule: no care relationship today, no patient (refusal audited); a POST without the CSRF token is refused', async () => {
    const ordinary = resources(await own.read<Bundle>('/fhir/R4/DeviceRequest?identifier=BEST-1001', 'Bundle'))[0]!;
    const patientId = (ordinary.subject as { reference: string }).reference.split('/')[1]!;
    const prescriber = await t.login('forskrivare');
    const refused = await prescriber.get(`/fhir/R4/Patient/${patientId}`);
    expect(outcomeOf(refused)).toMatchObject({ status: 403, code: 'CARE_RELATIONSHIP_REQUIRED' });
    const [row] = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'patient.read-refused' AND patient_ref = $1 AND actor_client_id IS NULL`,
      [patientId],
    );
    expect(row!.n).toBeGreaterThan(0);
    // The order line is hidden from a colleague without the care relationship, as the web's order page hides it.
    expect(outcomeOf(await prescriber.get(`/fhir/R4/DeviceRequest/${ordinary.id}`))).toMatchObject({ status: 403, code: 'CARE_RELATIONSHIP_REQUIRED' });

    expect((await prescriber.post(`/api/patients/${patientId}/care-relationship`, {})).statusCode).toBe(200);
    const read = await prescriber.get(`/fhir/R4/Patient/${patientId}`);
    expect(read.statusCode, read.body).toBe(200);
    expectValidFhir(read.json());
    expectValidFhir((await prescriber.get(`/fhir/R4/DeviceRequest/${ordinary.id}`)).json());

    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/DeviceRequest',
      headers: { cookie: prescriber.cookie!, 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(deviceRequest({ identifier: 'CSRF-1', articleNumber: chair.articleNumber, patient: DEMO_PATIENTS.ordinary! })),
    });
    expect(outcomeOf(noCsrf)).toMatchObject({ status: 403, code: 'CSRF', issueCode: 'security' });
  });
});

describe('refusals: an OperationOutcome with its 4xx, never a 5xx, nothing stored', () => {
  it('another care provider’s client is refused the patient, the order, the customer, and ordering for a customer not its own', async () => {
    const mine = resources(await own.read<Bundle>('/fhir/R4/DeviceRequest?identifier=BEST-1001', 'Bundle'))[0]!;
    const patientId = (mine.subject as { reference: string }).reference.split('/')[1]!;
    const before = await counts();
    expect(outcomeOf(await foreign.call('GET', `/fhir/R4/Patient/${patientId}`))).toMatchObject({
      status: 403,
      code: 'CARE_RELATIONSHIP_REQUIRED',
      issueCode: 'forbidden',
    });
    const [refusal] = await t.database.query<{ actor_client_id: string; details: { reason: string } }>(
      `SELECT actor_client_id, details FROM audit_log WHERE action = 'patient.read-refused' AND patient_ref = $1 ORDER BY id DESC LIMIT 1`,
      [patientId],
    );
    expect(refusal).toMatchObject({ actor_client_id: foreign.clientId, details: { reason: 'otherCareProvider' } });
    expect(outcomeOf(await foreign.call('GET', `/fhir/R4/Device?patient=Patient/${patientId}`))).toMatchObject({ status: 403 });
    expect(outcomeOf(await foreign.call('GET', `/fhir/R4/DeviceRequest/${mine.id}`))).toMatchObject({ status: 404, issueCode: 'not-found' });
    expect(outcomeOf(await foreign.call('GET', `/fhir/R4/Task/${mine.id}`))).toMatchObject({ status: 404 });
    expect(resources(await foreign.read<Bundle>('/fhir/R4/DeviceRequest?identifier=BEST-1001', 'Bundle'))).toEqual([]);
    expect(outcomeOf(await foreign.call('GET', `/fhir/R4/Organization/${org.own}`))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(outcomeOf(await foreign.call('GET', `/fhir/R4/Organization/${org.ownCareProvider}`))).toMatchObject({ status: 403 });
    const after = await counts();
    expect(after.orders).toBe(before.orders);

    const theirs = deviceRequest({ identifier: 'X-1', articleNumber: chair.articleNumber, patient: DEMO_PATIENTS.ordinary!, customerNumber: '20101' });
    expect(outcomeOf(await foreign.call('POST', '/fhir/R4/DeviceRequest', theirs))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(outcomeOf(await foreign.call('POST', '/fhir/R4/DeviceRequest', { ...theirs, requester: { reference: `Organization/${org.own}` } }))).toMatchObject({
      status: 403,
    });
    expect((await counts()).orders).toBe(before.orders);
  });

  it('a missing, expired, forged or foreign token is 401', async () => {
    const before = await counts();
    const send = (authorization?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/fhir/R4/DeviceRequest',
        headers: { 'content-type': 'application/fhir+json', ...(authorization ? { authorization } : {}) },
        payload: JSON.stringify(deviceRequest({ identifier: 'T-401', articleNumber: chair.articleNumber, patient: DEMO_PATIENTS.ordinary! })),
      });
    const [secret] = await t.database.query<{ id: string }>(`SELECT id FROM system_client_secret WHERE client_id = $1`, [own.clientId]);
    const expired = await issueAccessToken(t.database.db, { clientId: own.clientId, secretId: secret!.id }, new Date(Date.now() - 11 * 60_000));
    const forged = `${own.token.split('.').slice(0, 2).join('.')}.${Buffer.from('not the signature').toString('base64url')}`;
    const otherServer = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMCJ9.e30.c2lnbmF0dXJl';
    for (const [what, h] of [
      ['none', undefined],
      ['expired', `Bearer ${expired.token}`],
      ['forged', `Bearer ${forged}`],
      ['another server’s', `Bearer ${otherServer}`],
    ] as const) {
      const res = await send(h);
      expect(outcomeOf(res), what).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', issueCode: 'login' });
    }
    expect(await counts()).toEqual(before);
  });

  it('malformed JSON, the wrong resource, unknown elements, bad codes and search parameters are 400; unknown resources and ids 404', async () => {
    const before = await counts();
    const good = deviceRequest({ identifier: 'BAD-1', articleNumber: chair.articleNumber, patient: DEMO_PATIENTS.ordinary! });
    const cases: [string, Promise<import('fastify').LightMyRequestResponse>, number, string][] = [
      ['malformed JSON', own.call('POST', '/fhir/R4/DeviceRequest', '{"resourceType": "DeviceRequest",'), 400, 'BAD_REQUEST'],
      ['a JSON array', own.call('POST', '/fhir/R4/DeviceRequest', '[]'), 400, 'VALIDATION'],
      ['the wrong resource type', own.call('POST', '/fhir/R4/DeviceRequest', { ...good, resourceType: 'Patient' }), 400, 'VALIDATION'],
      ['an element DeviceRequest does not have', own.call('POST', '/fhir/R4/DeviceRequest', { ...good, colour: 'red' }), 400, 'VALIDATION'],
      ['a status it does not take', own.call('POST', '/fhir/R4/DeviceRequest', { ...good, status: 'draft' }), 400, 'VALIDATION'],
      ['no identifier', own.call('POST', '/fhir/R4/DeviceRequest', { ...good, identifier: [] }), 400, 'VALIDATION'],
      [
        'a quantity that is not a whole number',
        own.call(
          'POST',
          '/fhir/R4/DeviceRequest',
          deviceRequest({ identifier: 'BAD-2', articleNumber: chair.articleNumber, patient: DEMO_PATIENTS.ordinary!, quantity: 1.5 }),
        ),
        400,
        'VALIDATION',
      ],
      ['text/plain', own.call('POST', '/fhir/R4/DeviceRequest', 'hello', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [
        'a personnummer with a wrong check digit',
        own.call('POST', '/fhir/R4/DeviceRequest', deviceRequest({ identifier: 'BAD-3', articleNumber: chair.articleNumber, patient: '194001079121' })),
        422,
        'INVALID',
      ],
      [
        'a person the directory does not know',
        own.call(
          'POST',
          '/fhir/R4/DeviceRequest',
          deviceRequest({ identifier: 'BAD-4', articleNumber: chair.articleNumber, patient: makePersonalNumber('1900-01-01', 123) }),
        ),
        422,
        'INVALID',
      ],
      [
        'an unknown article',
        own.call('POST', '/fhir/R4/DeviceRequest', deviceRequest({ identifier: 'BAD-5', articleNumber: 'NOPE-1', patient: DEMO_PATIENTS.ordinary! })),
        422,
        'INVALID',
      ],
      ['a NUL in a field', own.call('POST', '/fhir/R4/DeviceRequest', { ...good, note: [{ text: 'a\u0000b' }] }), 400, 'INVALID_TEXT'],
      ['an unknown search parameter', own.call('GET', '/fhir/R4/DeviceRequest?colour=red'), 400, 'VALIDATION'],
      ['an unknown status', own.call('GET', '/fhir/R4/DeviceRequest?status=lost'), 400, 'VALIDATION'],
      ['an unknown resource type', own.call('GET', '/fhir/R4/Medication/1'), 404, 'NOT_FOUND'],
      ['an unsupported interaction', own.call('DELETE', '/fhir/R4/DeviceRequest/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND'],
      ['an unknown DeviceRequest', own.call('GET', '/fhir/R4/DeviceRequest/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND'],
      ['a DeviceRequest id that is no UUID', own.call('GET', '/fhir/R4/DeviceRequest/abc'), 404, 'NOT_FOUND'],
      ['an id FHIR does not allow', own.call('GET', '/fhir/R4/Patient/a_b'), 400, 'VALIDATION'],
      ['an unknown patient', own.call('GET', '/fhir/R4/Patient/00000000-0000-4000-8000-000000000000'), 404, 'PATIENT_NOT_FOUND'],
      ['an unknown article', own.call('GET', '/fhir/R4/DeviceDefinition/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND'],
      ['an article search without name or type', own.call('GET', '/fhir/R4/DeviceDefinition'), 400, 'VALIDATION'],
    ];
    for (const [what, pending, status, code] of cases) {
      const res = await pending;
      expect(outcomeOf(res), `${what}: ${res.body}`).toMatchObject({ status, code });
    }
    const after = await counts();
    expect(after.orders).toBe(before.orders);
    // The directory look-ups of the refused orders wrote nothing either.
    expect(after.patients).toBe(before.patients);
  });

  it('a client registered without the ordering roles is refused', async () => {
    const finance = await registerExternalSystem(t.app, admin, {
      name: 'Ekonomisystem FHIR',
      careProviderId: org.ownCareProvider,
      customerIds: [org.own],
      roles: ['finance'],
    });
    expect(outcomeOf(await finance.call('GET', '/fhir/R4/Organization'))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await finance.call('GET', '/fhir/R4/metadata')).statusCode).toBe(200);
  });
});
