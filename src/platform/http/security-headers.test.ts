import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.ts';
import { testConfig, type Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { createLogger } from '../logger.ts';
import { buildApp, type App } from './app.ts';
import { REACT_ARIA_STYLES } from './security-headers.ts';

/**
 * Security headers on pages and API alike (issue 10, item 8). The app is built with a small web/dist of
 * its own (an index.html and one asset), so the page routes are there without building the web app.
 */

let database: Database & { drop(): Promise<void> };
let webDist: string;
const apps: App[] = [];

async function appWith(config: Partial<Config> = {}) {
  const app = await buildApp({ config: testConfig(config), database, log: createLogger('silent'), routes: [], webDist });
  await app.ready();
  apps.push(app);
  return app;
}

beforeAll(async () => {
  database = await freshDatabase();
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-headers-'));
  fs.mkdirSync(path.join(webDist, 'assets'));
  fs.writeFileSync(
    path.join(webDist, 'index.html'),
    '<!doctype html><html lang="sv"><head><script type="module" src="/assets/index-abc.js"></script></head><body><div id="root"></div></body></html>',
  );
  fs.writeFileSync(path.join(webDist, 'assets', 'index-abc.js'), 'console.log("bistå")');
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await database.drop();
  fs.rmSync(webDist, { recursive: true, force: true });
});

/** Each kind of response: a page, a client-side route, an asset, API data, a refusal before any route, an API 404. */
const responses = [
  ['the start page', 'GET', '/'],
  ['a page the web app routes (index.html served for it)', 'GET', '/anvandare/123'],
  ['a hashed asset', 'GET', '/assets/index-abc.js'],
  ['API data', 'GET', '/api/health'],
  ['a refusal before any route (403, cross-site post)', 'POST', '/api/health'],
  ['an API 404', 'GET', '/api/finns-inte'],
] as const;

function directives(csp: string) {
  return Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(' ')];
      }),
  );
}

describe('security headers', () => {
  it.each(responses)('%s (%s %s) carries CSP without inline scripts, nosniff, frame protection and a referrer policy', async (_what, method, url) => {
    const app = await appWith();
    const res = await app.inject({ method, url, headers: { 'sec-fetch-site': 'cross-site' } });
    if (method === 'POST') expect(res.statusCode).toBe(403);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const csp = directives(String(res.headers['content-security-policy']));
    expect(csp).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'script-src-attr': "'none'",
      // React Aria's two <style> rules by hash (below), nothing else inline.
      'style-src': `'self' ${REACT_ARIA_STYLES.map((css) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`).join(' ')}`,
      'object-src': "'none'",
      'frame-ancestors': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
    });
    expect(JSON.stringify(csp)).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('the inline styles allowed by hash are exactly the ones React Aria injects (an upgrade that changes them fails here)', () => {
    const dist = path.join(path.dirname(createRequire(import.meta.url).resolve('react-aria/package.json')), 'dist', 'private');
    const injected = (file: string) => {
      const src = fs.readFileSync(path.join(dist, file), 'utf8');
      const css = /style\.textContent = `([\s\S]*?)`\.trim\(\)/.exec(src)![1]!;
      const attribute = /PRESSABLE_ATTRIBUTE = '([^']+)'/.exec(src)?.[1];
      return (attribute ? css.replace(/\$\{[^}]*PRESSABLE_ATTRIBUTE\}/, attribute) : css).trim();
    };
    expect([injected('interactions/usePress.mjs'), injected('overlays/usePreventScroll.mjs')]).toEqual([...REACT_ARIA_STYLES]);
  });

  it('the built page has no inline script for the CSP to block', () => {
    // The real build (web/dist) when it is there; web/index.html, its source, always.
    for (const file of ['../../../web/index.html', '../../../web/dist/index.html'].map((f) => new URL(f, import.meta.url))) {
      if (!fs.existsSync(file)) continue;
      const html = fs.readFileSync(file, 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs, String(file)).toMatch(/\bsrc=/);
        expect(body!.trim(), String(file)).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it("a PDF may be shown by the browser's own viewer (object-src 'self'), everything else keeps object-src 'none'", async () => {
    const app = await buildApp({
      config: testConfig(),
      database,
      log: createLogger('silent'),
      webDist,
      routes: [
        async (a) =>
          void a.get('/api/test-pdf', { config: { access: 'public' } }, (_req, reply) => reply.type('application/pdf').send(Buffer.from('%PDF-1.4\n%%EOF\n'))),
      ],
    });
    apps.push(app);
    const pdf = await app.inject({ method: 'GET', url: '/api/test-pdf' });
    expect(pdf.headers['content-security-policy']).toContain("object-src 'self'");
    expect(pdf.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.headers['content-security-policy']).toContain("object-src 'none'");
  });

  it('no HSTS over plain http (a test installation on an internal address), nor an upgrade of insecure requests', async () => {
    for (const publicUrl of [undefined, 'http://bista.test.local']) {
      const app = await appWith({ publicUrl });
      const res = await app.inject({ method: 'GET', url: '/' });
      expect(res.headers['strict-transport-security'], String(publicUrl)).toBeUndefined();
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    }
  });

  it('HSTS for a year when the public URL is https, on pages and API alike', async () => {
    const app = await appWith({ publicUrl: 'https://bista.region.example' });
    for (const url of ['/', '/api/health', '/api/finns-inte']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    }
  });

  it('the API docs keep working: their own CSP allows their scripts by hash, and they may not be framed either', async () => {
    const app = await appWith();
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    const csp = directives(String(page.headers['content-security-policy']));
    expect(csp['script-src']).toMatch(/^'self'/);
    expect(csp['frame-ancestors']).toBe("'none'");
    expect(csp['style-src']).toBe("'self' 'unsafe-inline'");
    expect(csp['upgrade-insecure-requests']).toBeUndefined();
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // Every inline script of the docs page is one the CSP names by its hash.
    for (const [, attrs, body] of page.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      if (/\bsrc=/.test(attrs!)) continue;
      expect(csp['script-src']).toContain(`'sha256-${createHash('sha256').update(body!).digest('base64')}'`);
    }
    for (const asset of ['/api/docs/static/swagger-initializer.js', '/api/docs/static/swagger-ui-bundle.js']) {
      const res = await app.inject({ method: 'GET', url: asset });
      expect(res.statusCode, asset).toBe(200);
      expect(res.headers['content-security-policy'], asset).toContain("frame-ancestors 'none'");
    }
    expect((await app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(200);
  });
});
