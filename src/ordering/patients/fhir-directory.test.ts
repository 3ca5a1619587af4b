import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryUnavailable } from './directory.ts';
import { FhirPatientDirectory, PERSONNUMMER_SYSTEM, patientFromFhir } from './fhir-directory.ts';
import { fixturePatient, startFhirTestServer, type FhirTestServer } from '../testing/fhir-test-server.ts';

// The FHIR R4 Patient client against a real local FHIR server (testing/fhir-test-server.ts) serving the
// Patient resources in testing/fixtures.

const ORDINARY = '194805179829';
const PROTECTED = '197511029873';
const COORDINATION = '199004729910';
const MALFORMED = '196208309846';
const UNKNOWN = '191212121212';

let server: FhirTestServer;
let directory: FhirPatientDirectory;

beforeAll(async () => {
  server = await startFhirTestServer({
    patients: ['patient-ordinary', 'patient-protected', 'patient-samordningsnummer', 'patient-malformed'].map(fixturePatient),
  });
  directory = new FhirPatientDirectory({ baseUrl: server.baseUrl, timeoutMs: 500 });
});
afterAll(() => server.close());
afterEach(() => {
  server.delayMs = 0;
  server.failWith = null;
  server.referencesOnly = false;
  server.searchAnswer = null;
});

async function unavailable(p: Promise<unknown>): Promise<DirectoryUnavailable> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DirectoryUnavailable);
  return err as DirectoryUnavailable;
}

describe('the FHIR patient directory', () => {
  it('finds a person by personnummer: official name, home municipality and the physical home address', async () => {
    expect(await directory.find(ORDINARY)).toEqual({
      identifier: ORDINARY,
      kind: 'personnummer',
      firstName: 'Märta Ingegerd',
      lastName: 'Åkesson',
      protectedIdentity: false,
      homeMunicipality: { code: '9902', name: 'Åby' },
      address: { street: 'Älvgatan 14 lgh 1102', postalCode: '991 21', city: 'Åby' },
    });
  });

  it('searches with POST _search and the samordningsnummer system, so the number is never in a URL', async () => {
    server.requests.length = 0;
    const p = await directory.find(COORDINATION);
    expect(p).toMatchObject({ kind: 'samordningsnummer', firstName: 'Yusuf', lastName: 'Haddad', homeMunicipality: null, address: null });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.method).toBe('POST');
    expect(server.requests[0]!.url).toBe('/fhir/Patient/_search');
    expect(server.requests[0]!.url).not.toContain(COORDINATION);
    expect(new URLSearchParams(server.requests[0]!.body).get('identifier')).toBe(`urn:oid:1.2.752.129.2.1.3.3|${COORDINATION}`);
  });

  it('answers null for a number the register does not know', async () => {
    expect(await directory.find(UNKNOWN)).toBeNull();
  });

  it('marks a protected identity (security label R) and never returns its address, though the server sent one', async () => {
    const p = await directory.find(PROTECTED);
    expect(p).toMatchObject({ identifier: PROTECTED, firstName: 'Sofia', lastName: 'Öberg', protectedIdentity: true, address: null });
    expect(JSON.stringify(p)).not.toContain('Hemliga');
  });

  it('treats the very-restricted label V as protected too, and other labels as not', () => {
    const withLabel = (code: string) => ({
      ...fixturePatient('patient-ordinary'),
      meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code }] },
    });
    expect(patientFromFhir(withLabel('V'), ORDINARY)).toMatchObject({ protectedIdentity: true, address: null });
    expect(patientFromFhir(withLabel('N'), ORDINARY)).toMatchObject({ protectedIdentity: false });
  });

  it('reads a Patient by id, and follows references when the search answers without resources', async () => {
    expect(await directory.read('p-ordinary', ORDINARY)).toMatchObject({ lastName: 'Åkesson' });
    expect(await directory.read('finns-inte', ORDINARY)).toBeNull();
    server.referencesOnly = true;
    server.requests.length = 0;
    expect(await directory.find(ORDINARY)).toMatchObject({ lastName: 'Åkesson' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /fhir/Patient/_search', 'GET /fhir/Patient/p-ordinary']);
  });

  it('a malformed Patient is an invalid response, not a person with missing data', async () => {
    const e = await unavailable(directory.find(MALFORMED));
    expect(e.reason).toBe('invalid-response');
    expect(e.message).not.toContain(MALFORMED);
  });

  it('never returns a Patient whose identifier is not the one searched for (a server that ignores the search)', async () => {
    const other = { ...fixturePatient('patient-ordinary'), identifier: [{ system: PERSONNUMMER_SYSTEM, value: UNKNOWN }] };
    server.searchAnswer = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: other, search: { mode: 'match' } }] };
    expect((await unavailable(directory.find(ORDINARY))).reason).toBe('invalid-response');
  });

  it('two people with the same number is an invalid response, not a guess', async () => {
    const p = fixturePatient('patient-ordinary');
    server.searchAnswer = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: p }, { resource: { ...p, id: 'dubblett' } }] };
    expect((await unavailable(directory.find(ORDINARY))).reason).toBe('invalid-response');
  });

  it('an error status with an OperationOutcome gives DirectoryUnavailable naming the status only', async () => {
    server.failWith = 503;
    const e = await unavailable(directory.find(ORDINARY));
    expect(e.reason).toBe('error-response');
    expect(e.message).toBe('Patientregistret svarade med HTTP 503 (transient)');
  });

  it('a server that does not answer in time gives DirectoryUnavailable (timeout)', async () => {
    server.delayMs = 2000;
    const started = Date.now();
    const e = await unavailable(directory.find(ORDINARY));
    expect(e.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a refused connection gives DirectoryUnavailable (unreachable)', async () => {
    const port = await closedPort();
    const e = await unavailable(new FhirPatientDirectory({ baseUrl: `http://127.0.0.1:${port}/fhir`, timeoutMs: 2000 }).find(ORDINARY));
    expect(e.reason).toBe('unreachable');
  });

  it('an answer that is not a Bundle, or not JSON, is an invalid response', async () => {
    server.searchAnswer = fixturePatient('patient-ordinary');
    expect((await unavailable(directory.find(ORDINARY))).reason).toBe('invalid-response');
    server.searchAnswer = 'inte json';
    expect((await unavailable(directory.find(ORDINARY))).reason).toBe('invalid-response');
  });
});

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
