import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Browser tests drive Debian's Chromium; browsers are never downloaded. A missing Chromium is a failure,
// not a skip: the accessibility checks must run.
const CHROMIUM = '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  throw new Error(`Playwright: ${CHROMIUM} is missing. Install Debian's Chromium (apt-get install chromium); browsers are never downloaded.`);
}

// E2E_PORT lets two runs on one machine keep apart.
const PORT = Number(process.env.E2E_PORT ?? 4310);
const baseURL = `http://127.0.0.1:${PORT}`;
// Every run starts from a fresh demo database.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-e2e-'));
process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));

export default defineConfig({
  testDir: 'e2e',
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  use: {
    baseURL,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    // As a user who asks for reduced motion: no fades, so axe measures colours as they end up.
    reducedMotion: 'reduce',
    trace: 'off',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node bin/bista.js serve --demo',
    url: `${baseURL}/api/ready`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      BISTA_DATA_DIR: dataDir,
      BISTA_LOG_LEVEL: 'warn',
      // The suite logs in a few dozen times a minute from one address; the default per-IP limit (30/min) is for real traffic.
      BISTA_LOGIN_IP_PER_MINUTE: '1000',
      // The bounded queue in front of PGlite stays on, but a busy test machine may take longer than a second
      // to drain a page's burst of requests; a 503 there would be a flake, not a finding.
      BISTA_MAX_WAIT_MS: '10000',
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
    },
  },
});
