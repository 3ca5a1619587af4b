import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startTestIdp, type TestIdp } from '../src/platform/testing/idp.ts';

/**
 * A Bistå of a spec's own with a real IdP (oidc-provider) beside it, for the specs that log in with SITHS: the
 * suite's shared server has no IdP. The same command as the shared server (`bista serve --demo`), a demo
 * database of its own.
 */
export interface OwnServer {
  origin: string;
  idp: TestIdp;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startServerWithIdp(name: string, accounts: Parameters<typeof startTestIdp>[0]['accounts']): Promise<OwnServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const idp = await startTestIdp({
    clients: [
      {
        clientId: 'bista',
        clientSecret: 'e2e-hemlighet',
        redirectUris: [`${origin}/api/auth/oidc/callback`],
        postLogoutRedirectUris: [`${origin}/logga-in?utloggad=1`],
      },
    ],
    accounts,
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bista-e2e-${name}-`));
  const server: ChildProcess = spawn(process.execPath, ['bin/bista.js', 'serve', '--demo'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BISTA_DATA_DIR: dataDir,
      BISTA_LOG_LEVEL: 'warn',
      BISTA_PUBLIC_URL: origin,
      BISTA_MAX_WAIT_MS: '10000',
      BISTA_LOGIN_IP_PER_MINUTE: '1000',
      BISTA_OIDC_ISSUER: idp.issuer,
      BISTA_OIDC_CLIENT_ID: 'bista',
      BISTA_OIDC_CLIENT_SECRET: 'e2e-hemlighet',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await idp.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = await fetch(`${origin}/api/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline || server.exitCode !== null) {
      await stop();
      throw new Error(`the ${name} test server did not start`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { origin, idp, stop };
}
