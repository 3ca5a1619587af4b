import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * A small, real FHIR R4 server for tests (node:http, no framework): Patient search by identifier
 * (`GET /Patient?identifier=system|value` and `POST /Patient/_search` with a form body), Patient read,
 * Bundle searchset answers, OperationOutcome for errors. Tests can make it slow (`delayMs`) or failing
 * (`failWith`) at run time, and see the requests it got.
 */

export interface FhirTestServer {
  /** The FHIR base URL, e.g. http://127.0.0.1:41234/fhir */
  baseUrl: string;
  /** Patient resources by logical id; tests may add and remove. */
  patients: Map<string, Record<string, unknown>>;
  /** Wait this long before answering (to make a client time out). */
  delayMs: number;
  /** Answer every request with this HTTP status and an OperationOutcome. */
  failWith: number | null;
  /** Search answers list only fullUrl references, no resources (clients must read each). */
  referencesOnly: boolean;
  /** Answer every search with this resource instead (a misbehaving server). */
  searchAnswer: unknown;
  requests: { method: string; url: string; body: string }[];
  close(): Promise<void>;
}

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** A Patient resource from testing/fixtures (patient-ordinary, patient-protected, patient-samordningsnummer, patient-malformed). */
export function fixturePatient(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Record<string, unknown>;
}

const outcome = (severity: string, code: string, diagnostics: string) => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity, code, diagnostics }],
});

function identifiersOf(p: Record<string, unknown>): { system?: string; value?: string }[] {
  return Array.isArray(p.identifier) ? (p.identifier as { system?: string; value?: string }[]) : [];
}

export async function startFhirTestServer(opts: { patients?: Record<string, unknown>[] } = {}): Promise<FhirTestServer> {
  const state: Omit<FhirTestServer, 'baseUrl' | 'close'> = {
    patients: new Map(),
    delayMs: 0,
    failWith: null,
    referencesOnly: false,
    searchAnswer: null,
    requests: [],
  };
  for (const p of opts.patients ?? []) state.patients.set(String(p.id), p);
  let baseUrl = '';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      const answer = () => {
        if (res.destroyed) return;
        const [status, resource] = route(req.method ?? 'GET', req.url ?? '/', body, req.headers['content-type'] ?? '');
        res.writeHead(status, { 'content-type': 'application/fhir+json; charset=utf-8' });
        res.end(JSON.stringify(resource));
      };
      if (state.delayMs > 0) setTimeout(answer, state.delayMs);
      else answer();
    });
  });

  function route(method: string, rawUrl: string, body: string, contentType: string): [number, unknown] {
    if (state.failWith) return [state.failWith, outcome('fatal', 'transient', 'Tjänsten är tillfälligt otillgänglig')];
    const url = new URL(rawUrl, 'http://localhost');
    const path = url.pathname.replace(/^\/fhir/, '');
    if (method === 'GET' && path === '/metadata') {
      return [200, { resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'] }];
    }
    let params: URLSearchParams | null = null;
    if (method === 'GET' && path === '/Patient') params = url.searchParams;
    if (method === 'POST' && path === '/Patient/_search') {
      if (!contentType.startsWith('application/x-www-form-urlencoded')) {
        return [415, outcome('error', 'not-supported', 'POST _search kräver application/x-www-form-urlencoded')];
      }
      params = new URLSearchParams(body);
    }
    if (params && state.searchAnswer) return [200, state.searchAnswer];
    if (params) {
      const token = params.get('identifier');
      if (!token) return [400, outcome('error', 'required', 'Sökparametern identifier saknas')];
      const bar = token.indexOf('|');
      const [system, value] = bar < 0 ? [null, token] : [token.slice(0, bar) || null, token.slice(bar + 1)];
      const found = [...state.patients.values()].filter((p) => identifiersOf(p).some((i) => i.value === value && (system === null || i.system === system)));
      return [
        200,
        {
          resourceType: 'Bundle',
          type: 'searchset',
          total: found.length,
          entry: found.map((p) => ({
            fullUrl: `${baseUrl}/Patient/${String(p.id)}`,
            ...(state.referencesOnly ? {} : { resource: p }),
            search: { mode: 'match' },
          })),
        },
      ];
    }
    const read = method === 'GET' ? path.match(/^\/Patient\/([^/]+)$/) : null;
    if (read) {
      const p = state.patients.get(decodeURIComponent(read[1]!));
      return p ? [200, p] : [404, outcome('error', 'not-found', 'Resursen finns inte')];
    }
    return [404, outcome('error', 'not-supported', `Okänd interaktion: ${method} ${path}`)];
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;

  return Object.assign(state, {
    baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
