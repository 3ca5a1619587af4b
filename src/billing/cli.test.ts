import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../../test/global-setup.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-invoice-cli-'));
const SERVER = process.env.TEST_DATABASE_URL;
let dbName: string | null = null;

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (SERVER && dbName) {
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
});

async function env(): Promise<Record<string, string>> {
  if (!SERVER) return { BISTA_DATA_DIR: dir };
  dbName = `bista_t_${inject('runId')}_inv${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  return { DATABASE_URL: withDatabase(SERVER, dbName), BISTA_DATA_DIR: dir };
}

const bista = (args: string[], e: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/bista.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, BISTA_LOG_LEVEL: 'warn', ...e },
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('bista invoice-run', () => {
  it('computes the month as a draft; a malformed month is one clear line and exit code 2', { timeout: 180_000 }, async () => {
    const e = await env();
    const first = bista(['invoice-run', '2026-11'], e);
    expect(first.status).toBe(0);
    // Not a terminal: a plain line per step of the run on stderr; stdout has the summary only.
    expect(first.stderr).toMatch(/^Hyror 1\/3 · \d+,\d s\nEngångsavgifter 2\/3 · \d+,\d s\nSparar 3\/3 · \d+,\d s\n$/);
    expect(first.stderr).not.toContain('\r');
    expect(first.stdout).toMatch(/^Fakturaunderlag 2026-11 \(utkast\): 0 rader \(0 hyra, 0 övriga\) för 0 kundnummer, summa 0,00 kr/);
    const bad = bista(['invoice-run', '2026-13'], e);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('bista: ange en månad som ÅÅÅÅ-MM: bista invoice-run 2026-11');
  });
});
