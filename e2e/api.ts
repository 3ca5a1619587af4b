import { expect, request as playwrightRequest } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * An API session as a demo user (cookie + CSRF token), for the test data a spec makes before it walks the pages:
 * `call` sends a request and checks its status, naming the request and the answer when it differs.
 */
export async function apiAs(baseURL: string, username: string) {
  const ctx = await playwrightRequest.newContext({ baseURL });
  expect((await ctx.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } })).status(), `API login as ${username}`).toBe(200);
  const { csrfToken } = (await (await ctx.get('/api/auth/session')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const call = async <T>(method: Method, path: string, data?: unknown, status = 200): Promise<T> => {
    const res = method === 'get' ? await ctx.get(path) : await ctx[method](path, { data: data ?? {}, headers });
    expect(res.status(), `${method.toUpperCase()} ${path}: ${await res.text()}`).toBe(status);
    return (await res.json()) as T;
  };
  return { ctx, headers, call };
}

export type Api = Awaited<ReturnType<typeof apiAs>>;

/**
 * Before a contract message names a patient, the sending user declares a care relationship with them, as on the
 * web (POST /api/contract/v1/messages checks the patient against the directory: src/provision/README.md). The
 * patient must be in the demo directory (src/ordering/patients/demo-population.ts).
 */
export async function declareCareRelationship(api: Api, identifier: string): Promise<string> {
  const { patientId } = await api.call<{ patientId: string }>('post', '/api/patients/lookup', { identifier });
  await api.call('post', `/api/patients/${patientId}/care-relationship`, {});
  return patientId;
}

/** A main device for rent, unit-tracked, published, orderable and in the assortment: made by the assortment role (`api`). */
export function givenRentArticle(api: Api, name: string, isoCode: string): Promise<{ id: string; articleNumber: string }> {
  return api.call(
    'post',
    '/api/catalogue/articles',
    { name, articleType: 'H', isoCode, chargingForm: 'rent', unitTracked: true, serialRequired: false, published: true, orderable: true, inAssortment: true },
    201,
  );
}
