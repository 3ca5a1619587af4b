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
