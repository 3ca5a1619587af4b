import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../platform/http/app.ts';
import { expectValidFhir } from './validate.ts';

/**
 * Another ordering system as the facade's tests play it: registered by system administration (through the API,
 * as an administrator would), it gets its token by OAuth2 client credentials and speaks FHIR JSON with it. Every
 * answer it reads is checked against the FHIR R4 definitions first.
 */
export interface ExternalSystem {
  clientId: string;
  token: string;
  /** A FHIR call with the system's token; the body is sent as application/fhir+json (a string is sent as it is). */
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** GET, expecting 200 and a valid resource (or Bundle) of `type`. */
  read<T = Record<string, unknown>>(url: string, type: string): Promise<T>;
}

export interface AdminClient {
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export async function registerExternalSystem(
  app: App,
  admin: AdminClient,
  o: { name: string; careProviderId: string; customerIds: string[]; roles?: string[] },
): Promise<ExternalSystem> {
  const res = await admin.post('/api/system-clients', {
    name: o.name,
    careProviderId: o.careProviderId,
    customerIds: o.customerIds,
    roles: o.roles ?? ['prescriber', 'orderer'],
  });
  if (res.statusCode !== 201) throw new Error(`registering ${o.name} failed: ${res.statusCode} ${res.body}`);
  const r = res.json() as { client: { id: string }; clientSecret: string };
  const tok = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: r.client.id, client_secret: r.clientSecret }).toString(),
  });
  if (tok.statusCode !== 200) throw new Error(`token for ${o.name} failed: ${tok.statusCode} ${tok.body}`);
  const token = (tok.json() as { access_token: string }).access_token;
  const call: ExternalSystem['call'] = (method, url, body, headers = {}) =>
    app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/fhir+json',
        ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return {
    clientId: r.client.id,
    token,
    call,
    async read<T>(url: string, type: string) {
      const res = await call('GET', url);
      if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
      if (!String(res.headers['content-type']).startsWith('application/fhir+json')) throw new Error(`GET ${url}: content-type ${res.headers['content-type']}`);
      const body = res.json() as { resourceType: string };
      if (body.resourceType !== type) throw new Error(`GET ${url}: expected ${type}, got ${body.resourceType}`);
      expectValidFhir(body);
      return body as T;
    },
  };
}

/** An error answer: its status, and the OperationOutcome checked against the definitions. */
export function outcomeOf(res: LightMyRequestResponse): { status: number; code: string | undefined; issueCode: string | undefined; text: string | undefined } {
  const body = res.json() as { resourceType: string; issue?: { code: string; details?: { coding?: { code: string }[]; text?: string } }[] };
  if (body.resourceType !== 'OperationOutcome') throw new Error(`expected an OperationOutcome, got ${res.statusCode} ${res.body.slice(0, 300)}`);
  if (!String(res.headers['content-type']).startsWith('application/fhir+json')) throw new Error(`content-type ${res.headers['content-type']}`);
  expectValidFhir(body);
  const first = body.issue?.[0];
  return { status: res.statusCode, code: first?.details?.coding?.[0]?.code, issueCode: first?.code, text: first?.details?.text };
}

/** A DeviceRequest as an external system would send it: one article for a patient named by personnummer. */
export function deviceRequest(o: {
  identifier: string;
  articleNumber?: string;
  articleId?: string;
  patient: string;
  customerNumber?: string;
  quantity?: number;
  priority?: 'routine' | 'urgent';
  note?: string;
  authoredOn?: string;
}): Record<string, unknown> {
  return {
    resourceType: 'DeviceRequest',
    identifier: [{ system: 'urn:oid:1.2.752.9999.1.7', value: o.identifier }],
    status: 'active',
    intent: 'order',
    priority: o.priority ?? 'routine',
    ...(o.articleId
      ? { codeReference: { reference: `DeviceDefinition/${o.articleId}` } }
      : { codeCodeableConcept: { coding: [{ system: 'urn:bista:fhir:identifier:article-number', code: o.articleNumber }] } }),
    parameter: [
      { code: { coding: [{ system: 'urn:bista:fhir:codesystem:device-request-parameter', code: 'quantity' }] }, valueQuantity: { value: o.quantity ?? 1 } },
    ],
    subject: { identifier: { system: 'urn:oid:1.2.752.129.2.1.3.1', value: o.patient } },
    authoredOn: o.authoredOn ?? '2026-11-25T09:30:00+01:00',
    ...(o.customerNumber ? { requester: { identifier: { system: 'urn:bista:fhir:identifier:customer-number', value: o.customerNumber } } } : {}),
    ...(o.note ? { note: [{ text: o.note }] } : {}),
  };
}
