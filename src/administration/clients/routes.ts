import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { AppError } from '../../platform/errors.ts';
import { errorBody, sendError } from '../../platform/http/app.ts';
import { noBody, uuidParam } from '../../platform/http/schemas.ts';
import { clientInput, clientSecretParams, clientView, newSecretResult } from './client-schemas.ts';
import { issueClientToken } from './issue-token.ts';
import { listClients } from './list-clients.ts';
import { addSecret, revokeSecret } from './manage-secrets.ts';
import { registerClient } from './register-client.ts';
import { revokeClient } from './revoke-client.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['systemklienter'];

/** System administration of system clients, and the OAuth2 token endpoint they use. */
export async function clientRoutes(app: App) {
  app.get(
    '/api/system-clients',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Registrerade systemklienter (systemadministratör)', response: { 200: z.array(clientView), ...errors } },
    },
    (req) => listClients(req.ctx),
  );
  app.post(
    '/api/system-clients',
    {
      config: { access: SYSTEM_ADMIN },
      schema: {
        tags,
        summary: 'Registrera en systemklient; svaret visar dess hemlighet en enda gång',
        body: clientInput,
        response: { 201: newSecretResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await registerClient(req.ctx, req.body)),
  );
  app.post(
    '/api/system-clients/:id/secrets',
    {
      config: { access: SYSTEM_ADMIN },
      schema: {
        tags,
        summary: 'Ny hemlighet (rotation): den gamla fungerar tills den återkallas; högst två aktiva',
        params: uuidParam,
        body: noBody,
        response: { 201: newSecretResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await addSecret(req.ctx, req.params.id)),
  );
  app.post(
    '/api/system-clients/:id/secrets/:secretId/revoke',
    {
      config: { access: SYSTEM_ADMIN },
      schema: {
        tags,
        summary: 'Återkalla en hemlighet; token utfärdade med den nekas genast',
        params: clientSecretParams,
        body: noBody,
        response: { 200: clientView, ...errors },
      },
    },
    (req) => revokeSecret(req.ctx, req.params.id, req.params.secretId),
  );
  app.post(
    '/api/system-clients/:id/revoke',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Återkalla klienten; alla dess token nekas genast', params: uuidParam, body: noBody, response: { 200: clientView, ...errors } },
    },
    (req) => revokeClient(req.ctx, req.params.id),
  );

  await app.register(tokenEndpoint);
}

const tokenForm = z.looseObject({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  scope: z.string().optional(),
});
const tokenResponse = z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int() });
const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * POST /oauth/token, OAuth2 client credentials (RFC 6749 §4.4) with its own error shape (§5.2). In a plugin
 * of its own so that the form body parser it needs serves this route only; the API stays JSON.
 */
/** Requests whose form repeats a parameter. */
const repeated = new WeakSet<object>();

async function tokenEndpoint(app: App) {
  // Whatever refuses a request here before the handler (a body that is not a form object, text the edge
  // refuses) answers in the shape of RFC 6749 §5.2 too; server faults go the usual way.
  app.setErrorHandler((err: unknown, req, reply) => {
    const e = err as { statusCode?: number; validation?: unknown; message?: string };
    const status = err instanceof AppError ? err.status : e.validation ? 400 : (e.statusCode ?? 500);
    if (status < 400 || status >= 500 || status === 429) return sendError(err, req, reply);
    // error_description is ASCII only (RFC 6749 §5.2): the code, not the Swedish message.
    const description = err instanceof AppError ? err.code : 'Malformed request';
    return reply.status(400).header('cache-control', 'no-store').send({ error: 'invalid_request', error_description: description });
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (req, body, done) => {
    const form: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(body as string)) {
      // RFC 6749 §3.2: a parameter sent twice makes the request invalid; noted here, refused below.
      if (Object.hasOwn(form, k)) repeated.add(req);
      form[k] = v;
    }
    done(null, form);
  });

  app.post(
    '/oauth/token',
    {
      schema: {
        tags,
        summary: 'Åtkomsttoken för en systemklient (OAuth2 client credentials)',
        description:
          'grant_type=client_credentials som application/x-www-form-urlencoded. Klient-id och hemlighet med HTTP Basic (rekommenderas) eller som client_id och client_secret i formuläret. ' +
          'Svaret är en Bearer-token som gäller i expires_in sekunder; skicka den i Authorization: Bearer mot /api/contract/v1. Fel enligt RFC 6749 §5.2.',
        consumes: ['application/x-www-form-urlencoded'],
        body: tokenForm.optional(),
        response: { 200: tokenResponse, 400: oauthError, 401: oauthError },
      },
    },
    async (req, reply) => {
      // Tokens and their errors are never cached (RFC 6749 §5.1).
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      const fail = (status: 400 | 401, error: string, description: string) => {
        if (status === 401 && basicUsed) reply.header('www-authenticate', 'Basic realm="bista", charset="UTF-8"');
        return reply.status(status).send({ error, error_description: description });
      };
      const basicUsed = /^Basic\s/i.test(req.headers.authorization ?? '');
      if (
        !String(req.headers['content-type'] ?? '')
          .toLowerCase()
          .startsWith('application/x-www-form-urlencoded')
      ) {
        return fail(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded');
      }
      const form = req.body ?? {};
      if (repeated.has(req)) return fail(400, 'invalid_request', 'A parameter was sent more than once');
      if (!form.grant_type) return fail(400, 'invalid_request', 'grant_type is missing');
      if (form.grant_type !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'Only client_credentials is supported');
      const basic = basicUsed ? basicCredentials(req.headers.authorization!) : null;
      if (basicUsed && !basic) return fail(401, 'invalid_client', 'Malformed Basic credentials');
      if (basic && (form.client_id !== undefined || form.client_secret !== undefined)) {
        if (form.client_secret !== undefined || form.client_id !== basic.clientId) {
          return fail(400, 'invalid_request', 'Use one way of sending the client credentials');
        }
      }
      const credentials = basic ?? (form.client_id && form.client_secret ? { clientId: form.client_id, clientSecret: form.client_secret } : null);
      if (!credentials) return fail(401, 'invalid_client', 'Client authentication is missing');
      const result = await issueClientToken(req.ctx, credentials);
      if (!result.ok) return fail(401, 'invalid_client', 'Unknown or revoked client, or wrong secret');
      return { access_token: result.accessToken, token_type: 'Bearer' as const, expires_in: result.expiresIn };
    },
  );
}

/** RFC 6749 §2.3.1: Basic with the form-urlencoded client id and secret. */
function basicCredentials(header: string): { clientId: string; clientSecret: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  try {
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: dec(decoded.slice(0, i)), clientSecret: dec(decoded.slice(i + 1)) };
  } catch {
    return null;
  }
}
