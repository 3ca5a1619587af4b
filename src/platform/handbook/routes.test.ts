import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { HANDBOOK_DIR } from './routes.ts';

// The handbook's routes serve docs/handbok to logged-in users, and nothing outside it whatever the name.
let t: TestApp;
let user: Client;

beforeAll(async () => {
  t = await startTestApp();
  user = await t.login('chauffor');
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/handbook/:doc and /api/handbook/bilder/:name', () => {
  it('serves a page of docs/handbok as Markdown, and its images as PNG', async () => {
    const res = await user.get('/api/handbook/forskrivare');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { name: string; markdown: string };
    expect(body.name).toBe('forskrivare');
    expect(body.markdown).toBe(fs.readFileSync(path.join(HANDBOOK_DIR, 'forskrivare.md'), 'utf8'));

    const image = await user.get('/api/handbook/bilder/forskrivare-patientsidan.png');
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('answers 404 for any name that is not a page or picture of the handbook', async () => {
    for (const url of [
      '/api/handbook/finns-inte',
      '/api/handbook/README',
      '/api/handbook/..%2F..%2F..%2Fpackage',
      '/api/handbook/..%2Fbilling',
      '/api/handbook/index.md',
      '/api/handbook/bilder%2F..%2Findex',
      '/api/handbook/bilder/..%2F..%2F..%2Fpackage.json',
      '/api/handbook/bilder/..%2Findex.md',
      '/api/handbook/bilder/finns-inte.png',
      '/api/handbook/bilder/forskrivare-patientsidan.PNG',
    ]) {
      const res = await user.get(url);
      expect(res.statusCode, url).toBe(404);
      expect((res.json() as { error: { message: string } }).error.message, url).toBe('Handbokens sida finns inte');
    }
  });

  it('is open before logging in too (the login page links to its section on logging in)', async () => {
    const doc = await t.anonymous.get('/api/handbook/index');
    expect(doc.statusCode).toBe(200);
    expect((doc.json() as { markdown: string }).markdown).toContain('## Logga in');
    expect((await t.anonymous.get('/api/handbook/bilder/forskrivare-patientsidan.png')).statusCode).toBe(200);
    expect((await t.anonymous.get('/api/handbook/..%2F..%2Fpackage.json')).statusCode).toBe(404);
  });
});
