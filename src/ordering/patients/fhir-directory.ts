import { z } from 'zod';
import { DirectoryUnavailable, withoutProtectedAddress, type DirectoryPatient, type PatientDirectory } from './directory.ts';
import { kindOf } from './personal-number.ts';

/**
 * A FHIR R4 client for the customers' patient service (population register behind FHIR Patient).
 *
 * - Search: `POST [base]/Patient/_search` with the form body `identifier=<system>|<12 digits>`, the same
 *   search as `GET [base]/Patient?identifier=...` but with the personnummer in the body, so it never lands
 *   in an access log on either side. Read: `GET [base]/Patient/{id}`.
 * - Identifier systems: personnummer urn:oid:1.2.752.129.2.1.3.1, samordningsnummer urn:oid:1.2.752.129.2.1.3.3.
 * - Protected identity: a `meta.security` label R (restricted) or V (very restricted) of
 *   http://terminology.hl7.org/CodeSystem/v3-Confidentiality. The address of such a patient is never read.
 * - Home municipality: the Patient extension HOME_MUNICIPALITY_EXTENSION with a valueCoding (code = the
 *   four-digit municipality code, display = its name).
 * The mapping is in this file only (`patientFromFhir`); a region whose service uses other profiles changes it here.
 */

export const PERSONNUMMER_SYSTEM = 'urn:oid:1.2.752.129.2.1.3.1';
export const SAMORDNINGSNUMMER_SYSTEM = 'urn:oid:1.2.752.129.2.1.3.3';
export const CONFIDENTIALITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const PROTECTED_CONFIDENTIALITY_CODES: readonly string[] = ['R', 'V'];
export const HOME_MUNICIPALITY_EXTENSION = 'urn:bista:fhir:extension:home-municipality';

export const systemFor = (identifier12: string) => (kindOf(identifier12) === 'samordningsnummer' ? SAMORDNINGSNUMMER_SYSTEM : PERSONNUMMER_SYSTEM);

const coding = z.object({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });

/** The part of a FHIR R4 Patient that Bistå reads; other elements are ignored. */
const fhirPatient = z.object({
  resourceType: z.literal('Patient'),
  id: z.string().optional(),
  meta: z.object({ security: z.array(coding).optional() }).optional(),
  identifier: z.array(z.object({ system: z.string().optional(), value: z.string().optional() })).optional(),
  name: z.array(z.object({ use: z.string().optional(), family: z.string().optional(), given: z.array(z.string()).optional() })).optional(),
  address: z
    .array(
      z.object({
        use: z.string().optional(),
        type: z.string().optional(),
        line: z.array(z.string()).optional(),
        postalCode: z.string().optional(),
        city: z.string().optional(),
      }),
    )
    .optional(),
  extension: z.array(z.object({ url: z.string(), valueCoding: coding.optional() })).optional(),
});
type FhirPatient = z.infer<typeof fhirPatient>;

const bundle = z.object({
  resourceType: z.literal('Bundle'),
  type: z.string().optional(),
  entry: z
    .array(
      z.object({
        fullUrl: z.string().optional(),
        resource: z.looseObject({ resourceType: z.string() }).optional(),
        search: z.object({ mode: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});

const invalid = (what: string) => new DirectoryUnavailable('invalid-response', `Patientregistret svarade med en ogiltig Patient-resurs: ${what}`);

/** Maps a FHIR Patient to a DirectoryPatient (throws DirectoryUnavailable 'invalid-response' if it cannot). */
export function patientFromFhir(resource: unknown, identifier12: string): DirectoryPatient {
  const parsed = fhirPatient.safeParse(resource);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const p: FhirPatient = parsed.data;
  if (!hasIdentifier(p, identifier12)) throw invalid('identifieraren saknas eller är en annan');

  const names = (p.name ?? []).filter((n) => n.use !== 'old');
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use === 'usual') ?? names[0];
  const firstName = name?.given?.join(' ').trim();
  const lastName = name?.family?.trim();
  if (!firstName || !lastName) throw invalid('förnamn eller efternamn saknas');

  const protectedIdentity = (p.meta?.security ?? []).some(
    (s) => s.system === CONFIDENTIALITY_SYSTEM && !!s.code && PROTECTED_CONFIDENTIALITY_CODES.includes(s.code),
  );
  const muni = p.extension?.find((e) => e.url === HOME_MUNICIPALITY_EXTENSION)?.valueCoding;
  const homeMunicipality = muni?.code && muni.display ? { code: muni.code, name: muni.display } : null;
  if (homeMunicipality && !/^\d{4}$/.test(homeMunicipality.code)) throw invalid('kommunkoden ska ha fyra siffror');

  let address: DirectoryPatient['address'] = null;
  if (!protectedIdentity) {
    const addresses = (p.address ?? []).filter((a) => a.type !== 'postal' && (a.use === undefined || a.use === 'home'));
    const a = addresses.find((x) => x.use === 'home') ?? addresses[0];
    const street = a?.line?.join(', ').trim();
    if (a && street && a.postalCode && a.city) address = { street, postalCode: a.postalCode.trim(), city: a.city.trim() };
  }
  return withoutProtectedAddress({ identifier: identifier12, kind: kindOf(identifier12), firstName, lastName, protectedIdentity, homeMunicipality, address });
}

function hasIdentifier(p: FhirPatient, identifier12: string): boolean {
  return (p.identifier ?? []).some(
    (i) =>
      (i.system === PERSONNUMMER_SYSTEM || i.system === SAMORDNINGSNUMMER_SYSTEM) &&
      typeof i.value === 'string' &&
      i.value.replace(/[\s+-]/g, '') === identifier12,
  );
}

export interface FhirDirectoryOptions {
  /** The FHIR base, e.g. https://fhir.region.example/r4 (no trailing /Patient). */
  baseUrl: string;
  /** Each request (connect, answer and body) must finish within this. */
  timeoutMs?: number;
}

export class FhirPatientDirectory implements PatientDirectory {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(opts: FhirDirectoryOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 5000;
  }

  async find(identifier12: string): Promise<DirectoryPatient | null> {
    const body = new URLSearchParams({ identifier: `${systemFor(identifier12)}|${identifier12}` }).toString();
    const res = await this.request('POST', '/Patient/_search', body);
    if (res.status !== 200) throw this.errorStatus(res.status, res.body);
    const parsed = bundle.safeParse(parseJson(res.body));
    if (!parsed.success || (parsed.data.type && parsed.data.type !== 'searchset')) {
      throw new DirectoryUnavailable('invalid-response', 'Patientregistret svarade inte med en sökträfflista (Bundle searchset)');
    }
    const matches: DirectoryPatient[] = [];
    for (const e of parsed.data.entry ?? []) {
      if (e.search?.mode && e.search.mode !== 'match') continue;
      let resource: unknown = e.resource;
      if (!resource) {
        // A server that answers with references only: read each one.
        const id = e.fullUrl?.match(/Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/.*)?$/)?.[1];
        if (!id) throw invalid('sökträffen saknar både resurs och adress');
        resource = await this.readResource(id);
        if (!resource) continue;
      }
      if ((resource as { resourceType?: unknown }).resourceType !== 'Patient') continue;
      matches.push(patientFromFhir(resource, identifier12));
    }
    if (matches.length > 1) throw invalid('flera personer har samma nummer');
    return matches[0] ?? null;
  }

  /** FHIR read: the Patient with this logical id, or null if the server does not have it (404, 410). */
  async read(id: string, identifier12: string): Promise<DirectoryPatient | null> {
    const resource = await this.readResource(id);
    return resource ? patientFromFhir(resource, identifier12) : null;
  }

  private async readResource(id: string): Promise<unknown> {
    const res = await this.request('GET', `/Patient/${encodeURIComponent(id)}`);
    if (res.status === 404 || res.status === 410) return null;
    if (res.status !== 200) throw this.errorStatus(res.status, res.body);
    return parseJson(res.body);
  }

  private async request(method: 'GET' | 'POST', path: string, form?: string): Promise<{ status: number; body: string }> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          accept: 'application/fhir+json',
          ...(form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form !== undefined ? { body: form } : {}),
        signal,
        redirect: 'error',
      });
      return { status: res.status, body: await res.text() };
    } catch (err) {
      if (signal.aborted) {
        throw new DirectoryUnavailable('timeout', `Patientregistret svarade inte inom ${this.timeoutMs} ms`, { cause: err });
      }
      throw new DirectoryUnavailable('unreachable', 'Patientregistret går inte att nå', { cause: err });
    }
  }

  private errorStatus(status: number, body: string): DirectoryUnavailable {
    // The OperationOutcome's issue code only: its diagnostics may repeat the personnummer.
    const outcome = parseJsonOrNull(body) as { resourceType?: string; issue?: { code?: unknown }[] } | null;
    const code = outcome?.resourceType === 'OperationOutcome' && typeof outcome.issue?.[0]?.code === 'string' ? ` (${outcome.issue[0].code})` : '';
    return new DirectoryUnavailable('error-response', `Patientregistret svarade med HTTP ${status}${code}`);
  }
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parseJson(text: string): unknown {
  const v = parseJsonOrNull(text);
  if (v === null) throw new DirectoryUnavailable('invalid-response', 'Patientregistret svarade inte med JSON');
  return v;
}
