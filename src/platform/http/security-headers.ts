import crypto from 'node:crypto';
import fastifyHelmet from '@fastify/helmet';
import type { Config } from '../config.ts';
import type { App } from './app.ts';

/**
 * The only inline styles the web app has: React Aria (usePress on every pressable element, usePreventScroll
 * on iOS) puts these exact rules in a <style> element of its own. They are allowed by their hashes rather
 * than with 'unsafe-inline'; security-headers.test.ts checks that the library still injects exactly these.
 */
export const REACT_ARIA_STYLES = [
  '@layer {\n  [data-react-aria-pressable] {\n    touch-action: pan-x pan-y pinch-zoom;\n  }\n}',
  '@layer {\n  * {\n    overscroll-behavior: contain;\n  }\n}',
] as const;
const styleHashes = REACT_ARIA_STYLES.map((css) => `'sha256-${crypto.createHash('sha256').update(css).digest('base64')}'`);

/** True when the installation is reached over HTTPS (BISTA_PUBLIC_URL), the only case where HSTS is sent. */
export const servedOverHttps = (config: Config) => config.publicUrl?.startsWith('https://') ?? false;

/**
 * Security headers on every response, pages and API alike (@fastify/helmet):
 * - a Content-Security-Policy without inline scripts: the built web app (Vite) loads only its own files
 *   from /assets, its icon is a data: URI, images and media come from the same origin, and the only
 *   inline styles are React Aria's two, allowed by hash;
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
        styleSrc: ["'self'", ...styleHashes],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  // A PDF opened in the browser (user manuals are served inline) is shown by Chromium's built-in viewer,
  // which the page's own `object-src 'none'` would block. Only PDFs get `object-src 'self'`.
  app.addHook('onSend', async (_req, reply, payload) => {
    const type = reply.getHeader('content-type');
    const csp = reply.getHeader('content-security-policy');
    if (typeof type === 'string' && type.startsWith('application/pdf') && typeof csp === 'string') {
      reply.header('content-security-policy', csp.replace("object-src 'none'", "object-src 'self'"));
    }
    return payload;
  });
}

/**
 * The API docs' own CSP (script hashes from @fastify/swagger-ui), with framing refused and no upgrade over
 * http. Swagger UI sets inline styles as it renders, so the docs (and only they: no personal data is shown
 * there) allow inline styles; their scripts stay limited to their own files and hashes.
 */
export function swaggerUiCsp(config: Config) {
  const https = servedOverHttps(config);
  return (header: string) => {
    let csp = header.replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'").replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'");
    if (!https) csp = csp.replace(/\s*upgrade-insecure-requests;?/, '');
    return csp;
  };
}
