// The one client for the Bistå API. Its types come from the server's route schemas (schema.d.ts, made by
// `npm run api:generate`); this file only adds what the browser needs around them: the session cookie, the
// CSRF token on every state-changing call (retried once with a fresh token when it went stale), the
// expired-session signal, and failures as ApiError (thrown, so a call either gives the answer or rejects).
import createFetchClient from 'openapi-fetch';
import createQueryClient from 'openapi-react-query';
import type { paths } from './schema.d.ts';

export type { paths };

/** A field issue as the server sends it; `code` where the server gives one (then the web translates it). */
export interface FieldIssue {
  path: string;
  code?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** A failed call: `code` is the API's error code (or NETWORK when the server could not be reached). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly issues: FieldIssue[] = [],
    readonly retryAfterSeconds: number | null = null,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when the session has ended (401 UNAUTHENTICATED): the app goes back to the login page. */
export function onUnauthorized(handler: (() => void) | null) {
  unauthorizedHandler = handler;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function toApiError(res: Response): Promise<ApiError> {
  const body: unknown = await res.json().catch(() => null);
  const e = isRecord(body) && isRecord(body.error) ? body.error : {};
  const fallbackCode = res.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
  const issues = Array.isArray(e.issues)
    ? e.issues.filter(isRecord).flatMap((i): FieldIssue[] =>
        typeof i.path === 'string'
          ? [
              {
                path: i.path,
                ...(typeof i.code === 'string' ? { code: i.code } : {}),
                ...(typeof i.message === 'string' ? { message: i.message } : {}),
                ...(isRecord(i.params) ? { params: i.params } : {}),
              },
            ]
          : [],
      )
    : [];
  const retry = typeof e.retryAfterSeconds === 'number' ? e.retryAfterSeconds : Number(res.headers.get('retry-after')) || null;
  return new ApiError(
    res.status,
    typeof e.code === 'string' ? e.code : fallbackCode,
    typeof e.message === 'string' ? e.message : res.statusText,
    typeof e.requestId === 'string' ? e.requestId : res.headers.get('x-request-id'),
    issues,
    retry,
    isRecord(e.params) ? e.params : {},
  );
}

async function send(request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set('accept', 'application/json');
  if (request.method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);
  try {
    return await fetch(new Request(request, { headers, credentials: 'same-origin' }));
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'Network error', null);
  }
}

/** The fetch every call goes through: it answers with a successful response or throws an ApiError. */
export async function bistaFetch(request: Request): Promise<Response> {
  // A copy to send again if the CSRF token went stale (a body can be read only once).
  const spare = request.method !== 'GET' ? request.clone() : null;
  let res = await send(request);
  if (res.ok) return res;
  let err = await toApiError(res);
  // A token that went stale (e.g. the session was renewed in another tab): fetch the current one and retry once.
  if (err.code === 'CSRF' && spare) {
    const s = await fetchClient.GET('/api/auth/session').catch(() => null);
    if (s?.data?.csrfToken) {
      setCsrfToken(s.data.csrfToken);
      res = await send(spare);
      if (res.ok) return res;
      err = await toApiError(res);
    }
  }
  if (err.code === 'UNAUTHENTICATED' && new URL(request.url).pathname !== '/api/auth/login') unauthorizedHandler?.();
  throw err;
}

/** Empty filters stay out of the query string, as a form's unset field means "any". */
function querySerializer(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
  }
  return params.toString();
}

const origin = typeof location === 'undefined' ? 'http://localhost' : location.origin;

/** Plain typed calls: `await api.GET('/api/users/{id}', { params: { path: { id } } })`. */
export const fetchClient = createFetchClient<paths>({ baseUrl: origin, fetch: bistaFetch, querySerializer });

/** Queries and mutations for TanStack Query: `$api.useQuery('get', '/api/me')`, `$api.queryOptions(...)`. */
export const $api = createQueryClient(fetchClient);

type Ok = 200 | 201 | 202 | 204;
type Methods<P extends keyof paths> = { [M in keyof paths[P]]: paths[P][M] extends { responses: object } ? M : never }[keyof paths[P]];
type SuccessOf<Op> = Op extends { responses: infer R }
  ? { [S in keyof R]: S extends Ok ? (R[S] extends { content: { 'application/json': infer B } } ? B : undefined) : never }[keyof R]
  : never;

/** The answer of a call, by path and method: `ApiData<'/api/users/{id}'>` (GET by default). */
export type ApiData<P extends keyof paths, M extends Methods<P> = Methods<P> & 'get'> = SuccessOf<paths[P][M]>;

/** The JSON body a call takes, by path and method. */
export type ApiBody<P extends keyof paths, M extends Methods<P>> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;

/** The query a GET takes, by path. */
export type ApiQuery<P extends keyof paths, M extends Methods<P> = Methods<P> & 'get'> = paths[P][M] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;

/**
 * A multipart upload (files), through the same fetch: the route schemas leave multipart bodies out, so the
 * answer's type is named by the path.
 */
export async function upload<P extends keyof paths>(
  path: P,
  pathParams: Record<string, string>,
  form: FormData,
  query?: Record<string, unknown>,
): Promise<ApiData<P, Methods<P> & 'post'>> {
  const filled = String(path).replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(pathParams[k] ?? ''));
  const qs = query ? querySerializer(query) : '';
  const res = await bistaFetch(new Request(`${origin}${filled}${qs ? `?${qs}` : ''}`, { method: 'POST', body: form }));
  return (res.status === 204 ? undefined : await res.json()) as ApiData<P, Methods<P> & 'post'>;
}

/** The answer of a `fetchClient` call: it throws on failure, so a settled call has its data. */
export const dataOf = <T>(r: { data?: T }): T => r.data as T;
