import http from 'node:http';
import https from 'node:https';

/**
 * One POST over a kept-alive connection (node:http; about twice the rate of fetch here), answering the status
 * or throwing the connection's error code (ECONNREFUSED, ETIMEDOUT …). Redirects are not followed.
 */
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

export function postJson(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  const request = secure ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent: secure ? agents.https : agents.http,
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port || (secure ? 443 : 80),
        path: `${u.pathname}${u.search}`,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}
