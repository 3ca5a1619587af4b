import { ResponseSerializationError, serializerCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import type { Ctx } from '../../platform/context.ts';
import { errorBody } from '../../platform/http/app.ts';
import { listUsers, type UserListItem } from './list-users.ts';
import { isUserPage, userPageSerializerCompiler } from './user-page-json.ts';
import { userPage } from './user-schemas.ts';

/**
 * GET /api/users writes its 200 response with a hand-written serializer (a page of 1 000 users went through
 * zod for a tenth of the request). It must write exactly what the zod serializer writes for the same
 * schema, and fail exactly where that one fails.
 */

let t: TestApp;
let ctx: Ctx;
const route = { schema: userPage, method: 'GET', url: '/api/users', httpStatus: '200' };
const viaZod = serializerCompiler(route) as (data: unknown) => string;
const fast = userPageSerializerCompiler(route);

type Page = { items: UserListItem[]; nextCursor: string | null };

async function everyPage(limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const page = await listUsers(ctx, { limit, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 200);
  return pages;
}

beforeAll(async () => {
  t = await startTestApp();
  const [admin] = await t.database.query<{ id: string }>(`select id from app_user where username = 'admin'`);
  ctx = {
    ...t.ctx(),
    actor: {
      userId: admin!.id,
      username: 'admin',
      name: 'Admin',
      roles: new Set(['systemAdmin']),
      customerIds: [],
      defaultCustomerId: null,
      careProviderIds: [],
    },
  };
  // Names JSON has to escape, users with several roles, none, an HSA-id, logins with microseconds.
  await t.database.exec(`
    INSERT INTO app_user (username, first_name, last_name, sort_key, profession, hsa_id, active, last_login_at) VALUES
      ('json.1', 'Åsa "Citat"', 'Öberg\\bak', 'oberg', 'nurse', 'SE2321000016-A1B2', true, '2026-03-29 01:30:00.123999+01'),
      ('json.2', E'Rad\\nbrytning', 'Ängel 🦔', 'angel', null, null, false, null),
      ('json.3', 'Zoë', 'Ek </script>', 'ek', 'other', null, true, '1999-12-31 23:59:59.999999+00'),
      ('json.4', E'Tab\\tbar\\u0001', 'Åberg', 'aberg', null, null, true, now());
    INSERT INTO user_role (user_id, role) SELECT id, r FROM app_user, unnest(ARRAY['technician', 'prescriber', 'consultant']) r WHERE username = 'json.1';
    INSERT INTO user_role (user_id, role) SELECT id, 'warehouse' FROM app_user WHERE username = 'json.3';
  `);
});
afterAll(() => t.close());

describe('the users page as JSON', () => {
  it('is the text the zod serializer writes, for every page of the list and page size', async () => {
    for (const limit of [1000, 7, 1]) {
      const pages = await everyPage(limit);
      expect(pages.flatMap((p) => p.items).some((u) => u.username === 'json.1')).toBe(true);
      for (const page of pages) {
        // Written by the fast path, not handed on to zod.
        expect(isUserPage(page)).toBe(true);
        expect(fast(page)).toBe(viaZod(page));
      }
    }
  });

  it('is what the API answers for GET /api/users', async () => {
    const client = await t.login('admin');
    const res = await client.get('/api/users?limit=1000');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(viaZod(await listUsers(ctx, { limit: 1000 })));
    const json1 = (res.json() as { items: Record<string, unknown>[] }).items.find((u) => u.username === 'json.1');
    expect(json1).toEqual({
      id: expect.any(String),
      username: 'json.1',
      firstName: 'Åsa "Citat"',
      lastName: 'Öberg\\bak',
      profession: 'nurse',
      hsaId: 'SE2321000016-A1B2',
      active: true,
      lastLoginAt: '2026-03-29T00:30:00.123Z',
      roles: ['consultant', 'prescriber', 'technician'],
    });
  });

  it('leaves out what the schema does not have, as zod does', async () => {
    const page = await listUsers(ctx, { limit: 3 });
    const extra = { ...page, total: 99, items: page.items.map((u) => ({ ...u, sortKey: 'x', passwordHash: 'secret' })) };
    expect(isUserPage(extra)).toBe(true);
    expect(fast(extra)).toBe(viaZod(extra));
    expect(fast(extra)).not.toContain('secret');
  });

  it('a page that breaks the schema fails as it does through zod', async () => {
    const page = await listUsers(ctx, { limit: 3 });
    const item = page.items[0]!;
    const broken: unknown[] = [
      { ...page, items: [{ ...item, roles: ['emperor'] }] },
      { ...page, items: [{ ...item, id: 'not-a-uuid' }] },
      { ...page, items: [{ ...item, lastLoginAt: new Date('nonsense') }] },
      { ...page, items: [{ ...item, lastLoginAt: '2026-01-01T00:00:00.000Z' }] },
      { ...page, items: [{ ...item, active: 'yes' }] },
      { ...page, items: [{ ...item, hsaId: undefined }] },
      { ...page, items: [null] },
      { items: page.items },
      { ...page, items: 'none' },
      null,
    ];
    for (const data of broken) {
      expect(isUserPage(data)).toBe(false);
      expect(() => viaZod(data), JSON.stringify(data)?.slice(0, 80)).toThrow(ResponseSerializationError);
      expect(() => fast(data), JSON.stringify(data)?.slice(0, 80)).toThrow(ResponseSerializationError);
    }
  });

  it('other statuses are written by the zod serializer', () => {
    const forbidden = { schema: errorBody, method: 'GET', url: '/api/users', httpStatus: '403' };
    const body = { error: { code: 'FORBIDDEN', message: 'Nej', requestId: 'r1', extra: 1 } };
    expect(userPageSerializerCompiler(forbidden)(body)).toBe((serializerCompiler(forbidden) as (d: unknown) => string)(body));
  });
});
