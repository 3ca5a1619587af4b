import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { AppError } from '../../platform/errors.ts';

export interface FetchOptions {
  maxBytes: number;
  /** Too large: the error to throw (the caller words it for the kind of file). */
  tooLarge: () => AppError;
  timeoutMs?: number;
  maxRedirects?: number;
  /**
   * Whether addresses in private, loopback and link-local ranges may be fetched. Off by default: a
   * link in an import file must not make the server reach its own network (SSRF). Tests turn it on.
   */
  allowPrivateNetwork?: boolean;
}

/** A failure worth retrying later (the server or the network), as opposed to a link that is simply wrong. */
const retryable = (message: string, extra: Record<string, unknown> = {}) =>
  new AppError('BAD_REQUEST', message, { retryable: true, issues: [{ path: 'url', code: 'url_unreachable', message }], ...extra });
const permanent = (code: 'BAD_REQUEST' | 'NOT_FOUND' | 'VALIDATION', message: string) =>
  new AppError(code, message, { retryable: false, issues: [{ path: 'url', code: 'url_refused', message }] });

const blocked = new net.BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net4, prefix, 'ipv4');
for (const [net6, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net6, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** dns.lookup that refuses names resolving to a private address, checked on the address actually connected to. */
const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as dns.LookupAddress[];
    if (list.length === 0 || list.some((a) => isPrivateAddress(a.address))) {
      const e = Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' });
      return callback(e, '', 0);
    }
    if ((options as dns.LookupAllOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/**
 * GETs an http(s) URL into memory, at most `maxBytes` (a larger Content-Length is refused before the body
 * is read; a body that grows past it is cut off), within `timeoutMs` in all, following at most
 * `maxRedirects` redirects to http(s) only.
 */
export async function fetchUrl(rawUrl: string, opts: FetchOptions): Promise<Buffer> {
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 20_000);
  let url = parseUrl(rawUrl);
  for (let redirects = 0; ; redirects++) {
    const res = await get(url, opts, signal);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (redirects >= (opts.maxRedirects ?? 5)) throw permanent('BAD_REQUEST', 'Adressen skickar vidare för många gånger');
      url = parseUrl(new URL(res.headers.location, url).toString());
      continue;
    }
    if (status === 404 || status === 410) {
      res.resume();
      throw permanent('NOT_FOUND', `Filen finns inte på adressen (HTTP ${status})`);
    }
    if (status < 200 || status >= 300) {
      res.resume();
      const message = `Servern svarade HTTP ${status} när filen hämtades`;
      throw status >= 500 || status === 408 || status === 429 ? retryable(message, { httpStatus: status }) : permanent('BAD_REQUEST', message);
    }
    return readBody(res, opts, signal);
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw permanent('VALIDATION', 'Adressen är inte en giltig URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw permanent('VALIDATION', 'Bara http- och https-adresser kan hämtas');
  if (url.username || url.password) throw permanent('VALIDATION', 'Adressen får inte innehålla användarnamn eller lösenord');
  return url;
}

function get(url: URL, opts: FetchOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivateNetwork && net.isIP(host) && isPrivateAddress(host)) {
    return Promise.reject(permanent('BAD_REQUEST', 'Adressen pekar på ett internt nät och hämtas inte'));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(
      url,
      {
        signal,
        headers: { 'user-agent': 'Bista-media-import/1', accept: 'image/*, application/pdf;q=0.9, */*;q=0.1', 'accept-encoding': 'identity' },
        ...(opts.allowPrivateNetwork ? {} : { lookup: publicOnlyLookup }),
      },
      resolve,
    );
    req.on('error', (err) => reject(networkError(err, signal)));
  });
}

function networkError(err: unknown, signal: AbortSignal): AppError {
  if (err instanceof AppError) return err;
  if (signal.aborted) return retryable('Hämtningen tog för lång tid och avbröts');
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EPRIVATE') return permanent('BAD_REQUEST', 'Adressen pekar på ett internt nät och hämtas inte');
  if (code === 'ENOTFOUND') return retryable('Servernamnet i adressen finns inte');
  return retryable(`Filen kunde inte hämtas (${code ?? 'nätverksfel'})`);
}

async function readBody(res: http.IncomingMessage, opts: FetchOptions, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    res.destroy();
    throw opts.tooLarge();
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > opts.maxBytes) {
        res.destroy();
        throw opts.tooLarge();
      }
      chunks.push(chunk);
    }
  } catch (err) {
    throw networkError(err, signal);
  }
  if (!res.complete) throw retryable('Anslutningen bröts innan hela filen hämtats');
  return Buffer.concat(chunks);
}
