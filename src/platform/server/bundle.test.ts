import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../../../test/global-setup.ts';
import { buildServer } from './build-server.mjs';
import { bundleIsCurrent } from './bundle-current.mjs';

/**
 * `npm start` runs the server from a bundle (dist/server) that `npm run build` makes; the tests otherwise run
 * the sources through tsx. These build a bundle of their own and run it the way bin/bista.js does, so that
 * what only the bundle can get wrong (files found next to the sources, the import parser's worker thread,
 * the bundled packages) is tried on every test run.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
// Inside the project, where the bundle's packages resolve from node_modules as dist/server's do.
const BUNDLE = path.join(ROOT, 'dist', `.test-bundle-${crypto.randomBytes(4).toString('hex')}`);
const SERVER = process.env.TEST_DATABASE_URL;
const dirs: string[] = [];
const databases: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-bundle-'));
  dirs.push(d);
  return d;
};

/** A data directory, and with TEST_DATABASE_URL a new database on that server. */
async function newStore(): Promise<Record<string, string>> {
  if (!SERVER) return { BISTA_DATA_DIR: tmp() };
  const name = `bista_t_${inject('runId')}_bundle${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  databases.push(name);
  return { DATABASE_URL: withDatabase(SERVER, name), BISTA_DATA_DIR: tmp() };
}

const env = (store: Record<string, string>) => ({ ...process.env, BISTA_LOG_LEVEL: 'warn', ...store });

beforeAll(async () => {
  await buildServer({ quiet: true, outDir: BUNDLE });
}, 120_000);

afterAll(async () => {
  fs.rmSync(BUNDLE, { recursive: true, force: true });
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  if (SERVER) {
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
});

describe('the server bundle', () => {
  it('serves from the bundle: migrations applied, the API, an upload, its OpenAPI description and docs page, and the web app', async () => {
    const port = String(5900 + Math.floor(Math.random() * 90));
    const child = spawn(process.execPath, [path.join(BUNDLE, 'main.js'), 'serve', '--demo'], { cwd: ROOT, env: { ...env(await newStore()), PORT: port } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.resume();
    const url = `http://127.0.0.1:${port}`;
    try {
      for (let i = 0; i < 600; i++) {
        if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
        if (
          await fetch(`${url}/api/ready`)
            .then((r) => r.ok)
            .catch(() => false)
        )
          break;
        await new Promise((r) => setTimeout(r, 100));
      }
      // The start-up lines are written after the server listens (and answers /api/ready): wait for the whole block.
      await expect.poll(() => stderr, { timeout: 10_000 }).toMatch(/Demopatienter att söka fram/);
      expect(stderr).toMatch(/Bistå kör på http:\/\/127\.0\.0\.1:\d+ {2}\(startade på \d+ ms/);
      expect(stderr).toContain('Demodata inlagd.');

      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'bista-demo-2026' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const users = await fetch(`${url}/api/users?limit=5`, { headers: { cookie } });
      expect(users.status).toBe(200);
      expect(((await users.json()) as { items: unknown[] }).items).toHaveLength(5);
      // Bad input still gets its Swedish message (zod's locale, set in the bundled zod).
      const bad = await fetch(`${url}/api/users?limit=0`, { headers: { cookie } });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');

      // A multipart upload (the bundled multipart parser) of an image, as the assortment manager does it.
      const assortment = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'sortiment', password: 'bista-demo-2026' }),
      });
      const session = {
        cookie: assortment.headers.get('set-cookie')!.split(';')[0]!,
        'x-csrf-token': ((await assortment.json()) as { csrfToken: string }).csrfToken,
      };
      const found = (await (await fetch(`${url}/api/catalogue/articles/search?limit=1`, { headers: session })).json()) as { items: { id: string }[] };
      expect(found.items).toHaveLength(1);
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a6' } })
        .png()
        .toBuffer();
      const form = new FormData();
      form.append('kind', 'image');
      form.append('title', 'Framsida');
      form.append('file', new Blob([png], { type: 'image/png' }), 'bild.png');
      const uploaded = await fetch(`${url}/api/catalogue/articles/${found.items[0]!.id}/media`, { method: 'POST', headers: session, body: form });
      expect(uploaded.status, await uploaded.clone().text()).toBe(201);

      const openapi = (await (await fetch(`${url}/api/docs/json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(openapi.paths)).toContain('/api/users');
      const docs = await fetch(`${url}/api/docs/`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger');
      if (fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) {
        const page = await fetch(`${url}/`);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
      }
    } finally {
      await new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')));
    }
  }, 120_000);

  it('finds files next to the sources as the sources do (migrations, web app, the import worker)', () => {
    // Every import.meta in the bundle stands for the source file it was written in (a URL relative to the bundle).
    const refs = new Set<string>();
    for (const m of fs.readFileSync(path.join(BUNDLE, 'server.cjs'), 'utf8').matchAll(/new URL\("([^"]+)", __bistaBundleUrl\)/g)) refs.add(m[1]!);
    const sources = [...refs].map((r) => path.relative(ROOT, path.resolve(BUNDLE, r)));
    expect(sources).toEqual(expect.arrayContaining(['src/platform/db/migrate.ts', 'src/platform/http/app.ts', 'src/catalogue/import/read-in-worker.ts']));
    for (const s of sources) expect(fs.existsSync(path.join(ROOT, s)), s).toBe(true);
  });

  it('saves its compiled code once the server answers, and the next start runs from it (V8 accepts it)', async () => {
    const caches = () => fs.readdirSync(BUNDLE).filter((f) => f.endsWith('.v8cache'));
    const store = await newStore();
    const serve = async () => {
      const port = String(5900 + Math.floor(Math.random() * 90));
      const child = spawn(process.execPath, [path.join(BUNDLE, 'main.js'), 'serve'], { cwd: ROOT, env: { ...env(store), PORT: port } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.stdout.resume();
      try {
        for (let i = 0; ; i++) {
          if (child.exitCode !== null || i === 600) throw new Error(`server did not start: ${stderr}`);
          if (
            await fetch(`http://127.0.0.1:${port}/api/ready`)
              .then((r) => r.ok)
              .catch(() => false)
          )
            break;
          await new Promise((r) => setTimeout(r, 100));
        }
        // The cache is written just after the start line (by the first start of a build, or when V8 refused it).
        for (let i = 0; i < 50 && !stderr.includes('Bistå kör på'); i++) await new Promise((r) => setTimeout(r, 100));
        await new Promise((r) => setTimeout(r, 1000));
      } finally {
        await new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')));
      }
    };
    await serve();
    expect(caches()).toHaveLength(1);
    const file = path.join(BUNDLE, caches()[0]!);
    const made = fs.statSync(file).mtimeMs;
    await serve();
    // A cache V8 refused would have been made again.
    expect(caches()).toHaveLength(1);
    expect(fs.statSync(file).mtimeMs).toBe(made);
  }, 120_000);

  it('imports a catalogue file (a command whose code loads only when it runs)', async () => {
    const store = await newStore();
    const fixture = path.join(ROOT, 'src', 'catalogue', 'import', 'fixtures', 'catalogue-small.xml');
    const r = spawnSync(process.execPath, [path.join(BUNDLE, 'main.js'), 'import-catalogue', fixture, '--dry-run'], {
      cwd: ROOT,
      env: env(store),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).not.toMatch(/Cannot find|ERR_MODULE_NOT_FOUND/);
    expect(r.status, r.stderr + r.stdout).toBe(0);
  }, 120_000);
});

describe('bin/bista.js uses the bundle', () => {
  function project() {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'src'));
    fs.mkdirSync(path.join(dir, 'bundle'));
    const file = path.join(dir, 'src', 'a.ts');
    fs.writeFileSync(file, 'export const a = 1;\n');
    const stat = fs.statSync(file);
    const sha1 = crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex');
    fs.writeFileSync(path.join(dir, 'bundle', 'manifest.json'), JSON.stringify({ inputs: { 'src/a.ts': { size: stat.size, mtimeMs: stat.mtimeMs, sha1 } } }));
    const root = pathToFileURL(`${dir}/`);
    return { file, current: () => bundleIsCurrent(root, new URL('bundle/', root)) };
  }

  it('while every source it was built from is as it was', () => {
    const p = project();
    expect(p.current()).toBe(true);
    // A checkout or a copy touches the file without changing it.
    fs.utimesSync(p.file, new Date(), new Date(Date.now() + 5000));
    expect(p.current()).toBe(true);
  });

  it('not after a source changed, even to the same size, nor when one is gone', () => {
    const p = project();
    fs.writeFileSync(p.file, 'export const a = 2;\n');
    expect(p.current()).toBe(false);
    fs.rmSync(p.file);
    expect(p.current()).toBe(false);
  });

  it('not when there is no bundle', () => {
    const root = pathToFileURL(`${tmp()}/`);
    expect(bundleIsCurrent(root, new URL('dist/server/', root))).toBe(false);
  });
});
