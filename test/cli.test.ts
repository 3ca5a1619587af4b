import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from './global-setup.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-cli-'));
  dirs.push(d);
  return d;
};
const databases: string[] = [];
afterAll(async () => {
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  if (SERVER) {
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
});

/** With TEST_DATABASE_URL the commands run against new databases on that server, else on new data directories. */
const SERVER = process.env.TEST_DATABASE_URL;
async function newStore(): Promise<Record<string, string>> {
  if (!SERVER) return { BISTA_DATA_DIR: tmp() };
  const name = `bista_t_${inject('runId')}_cli${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  databases.push(name);
  return { DATABASE_URL: withDatabase(SERVER, name), BISTA_DATA_DIR: tmp() };
}

const bista = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/bista.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, BISTA_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

async function serve(env: Record<string, string>): Promise<{ url: string; stderr: () => string; stop: () => Promise<void> }> {
  const port = String(5100 + Math.floor(Math.random() * 800));
  const child = spawn(process.execPath, ['bin/bista.js', 'serve', '--demo'], {
    cwd: ROOT,
    env: { ...process.env, BISTA_LOG_LEVEL: 'warn', PORT: port, ...env },
  });
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  child.stdout.resume();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${err}`);
    const ok = await fetch(`${url}/api/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // The server answers /api/ready as soon as it listens; the start-up lines (the URL, the demo logins) are written
  // to stderr after that, in one write. Wait for them: a fast restart was read before they came (CI, PostgreSQL).
  for (let i = 0; i < 300 && !/Demopatienter att söka fram[\s\S]*\n\n/.test(err); i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${err}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url,
    stderr: () => err,
    stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))),
  };
}

describe('the bista command', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
  ])('a wrong setting (%o) gives one clear line and exit code 2, no stack trace', (env, variable) => {
    const r = bista(['serve'], { ...env, BISTA_DATA_DIR: tmp() });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(r.stderr).not.toMatch(/\s+at /);
  });

  it('a database server that is not there gives one clear line', () => {
    const r = bista(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^bista: Kan inte ansluta till databasen .*nekades/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown command is explained', () => {
    const r = bista(['frobnicate'], {});
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("okänt kommando 'frobnicate'");
  });

  it('serve --demo prints the URL, the demo logins and the start-up time; data persists across a restart', async () => {
    const store = await newStore();
    const first = await serve(store);
    let created: string;
    try {
      expect(first.stderr()).toMatch(/Bistå kör på http:\/\/127\.0\.0\.1:\d+ {2}\(startade på \d+ ms/);
      expect(first.stderr()).toMatch(/forskrivare\s+prescriber/);
      expect(first.stderr()).toMatch(/admin\s+systemAdmin/);
      const login = await fetch(`${first.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'bista-demo-2026' }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const area = await fetch(`${first.url}/api/delivery-areas`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ name: 'Område Persistens', weekday: 3 }),
      });
      expect(area.status).toBe(201);
      created = ((await area.json()) as { id: string }).id;

      if (!SERVER) {
        // The embedded database belongs to one process; a second one on the same directory is refused.
        const second = bista(['serve'], { ...store, PORT: '0' });
        expect(second.status).toBe(1);
        expect(second.stderr).toMatch(/används redan av process/);
      } else {
        // On a PostgreSQL server several app processes share the database.
        const second = await serve({ ...store, BISTA_DATA_DIR: tmp() });
        const r = await fetch(`${second.url}/api/delivery-areas`, { headers: { cookie } });
        expect(r.status).toBe(200);
        await second.stop();
      }
    } finally {
      await first.stop();
    }
    const again = await serve(store);
    try {
      expect(again.stderr()).toContain('Demodata finns sedan tidigare');
      const login = await fetch(`${again.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'bista-demo-2026' }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const areas = (await (await fetch(`${again.url}/api/delivery-areas`, { headers: { cookie } })).json()) as { id: string }[];
      expect(areas.map((a) => a.id)).toContain(created);
    } finally {
      await again.stop();
    }
  }, 120_000);

  it('backup of one database and restore into a new one gives the same data', async () => {
    const a = await newStore();
    const b = await newStore();
    const file = path.join(tmp(), 'bista.backup.gz');
    expect(bista(['seed', '--demo'], a).status).toBe(0);
    const out = bista(['backup', file], a);
    expect(out.stdout).toMatch(/Säkerhetskopia skriven till .*: \d+ tabeller, \d+ rader/);
    const rows = /(\d+) rader/.exec(out.stdout)![1];
    const back = bista(['restore', file], b);
    expect(back.status).toBe(0);
    expect(back.stdout).toContain(`${rows} rader`);
    const twice = bista(['restore', file], b);
    expect(twice.status).toBe(1);
    expect(twice.stderr.trim()).toMatch(/^bista: Databasen är inte tom/);
  }, 120_000);
});
