import fastifyHelmet from '@fastify/helmet';
import type { Config } from '../config.ts';
import type { App } from './app.ts';

/** True when the installation is reached over HTTPS (BISTA_PUBLIC_URL), the only case where HSTS is sent. */
export const servedOverHttps = (config: Config) => config.publicUrl?.startsWith('https://') ?? false;

/**
 * Security headers on every response, pages and API alike (@fastify/helmet):
 * - a Content-Security-Policy without inline scripts: the built web app (Vite) loads only its own files
 *   from /assets, its icon is a data: URI, images and media come from the same origin;
 * - frame protection twice over (frame-ancestors 'none' and X-Frame-Options: DENY);
 * - X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer;
 * - HSTS, and the upgrade of insecure requests, only when the public URL is https: sent over plain http
 *   (a test installation on an internal address) they would lock browsers out or break every asset.
 * The API docs (/api/docs, @fastify/swagger-ui) send their own CSP with the hashes of their inline
 * scripts; `swaggerUiCsp` brings its frame and upgrade rules in line with these.
 */
export async function registerSecurityHeaders(app: App, config: Config) {
  const https = servedOverHttps(config);
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}

/** The API docs' own CSP (script hashes from @fastify/swagger-ui), with framing refused and no upgrade over http. */
export function swaggerUiCsp(config: Config) {
  const https = servedOverHttps(config);
  return (header: string) => {
    let csp = header.replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'");
    if (!https) csp = csp.replace(/\s*upgrade-insecure-requests;?/, '');
    return csp;
  };
}
