import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../platform/http/app.ts';
import { clientMessage, toAppError } from '../platform/http/app.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { capabilityStatement } from './capability-statement.ts';
import { createDeviceRequest } from './create-device-request.ts';
import { readDeviceDefinition, searchDeviceDefinitions } from './device-definition.ts';
import { FHIR_ID, referencedId, requestIds, UUID } from './ids.ts';
import { operationOutcome } from './operation-outcome.ts';
import { readDevice, readDeviceRequest, readTask, searchDeviceRequests, searchDevices, searchTasks } from './order-reads.ts';
import { organisationsInScope, readOrganization } from './organization.ts';
import { readPatient } from './patient.ts';
import { FHIR_USERS } from './roles.ts';
import { CUSTOMER_NUMBER_SYSTEM, ISO_9999_SYSTEM, ORDER_NUMBER_SYSTEM, ORGANISATION_NUMBER_SYSTEM, ORGANISATION_TYPE_SYSTEM } from './systems.ts';
import type { Bundle, FhirResource } from './types.ts';

/**
 * The FHIR R4 facade at /fhir/R4 (issue 18): JSON only (application/fhir+json, or application/json), the same
 * system-client bearer tokens as /api/contract/v1 (a person's session works too, under the web's rules), every
 * route's access declared as everywhere (config.access), and every failure an OperationOutcome with its 4xx:
 * the plugin's own error and not-found handlers answer for everything under /fhir, the platform's refusals
 * (token, access, bad JSON, bad text) included. The mapping is docs/fhir.md.
 */
export async function fhirRoutes(app: App) {
  await app.register(facade, { prefix: '/fhir' });
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
/** When the CapabilityStatement last changed (its `date`): the facade's resources and search parameters. */
const CAPABILITY_DATE = '2026-11-30';
const tags = ['fhir'];
/** For the OpenAPI document: FHIR's media type first (JSON is answered either way). */
const produces = ['application/fhir+json', 'application/json'];
const security: { [k: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
const access = { access: FHIR_USERS, systemClients: true };

/** The resource type a URL is about ('/fhir/R4/DeviceRequest/…' → 'DeviceRequest'), for an issue's expression. */
function resourceTypeOf(url: string): string | null {
  const m = /^\/fhir\/R4\/([A-Z][A-Za-z]+)/.exec(url);
  return m ? m[1]! : null;
}

function sendOutcome(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const appErr = toAppError(err, req);
  const message =
    appErr.code === 'UNSUPPORTED_MEDIA_TYPE'
      ? 'Innehållstypen stöds inte; skicka application/fhir+json eller application/json'
      : appErr.code === 'BAD_REQUEST' && appErr.message === 'Ogiltig JSON i begäran'
        ? 'Ogiltig JSON i begäran: kroppen ska vara en FHIR-resurs i JSON'
        : clientMessage(appErr);
  const retry = appErr.details?.retryAfterSeconds;
  if (retry) reply.header('retry-after', String(retry));
  return reply
    .status(appErr.status)
    .type(FHIR_JSON)
    .send(JSON.stringify(operationOutcome(appErr, message, req.id, resourceTypeOf(req.url))));
}

/** Where this server's resources are (fullUrl, Location): the configured public address, else the request's. */
function baseUrl(req: FastifyRequest): string {
  const publicUrl = req.ctx.config.publicUrl?.replace(/\/$/, '');
  return `${publicUrl ?? `${req.protocol}://${req.host}`}/fhir/R4`;
}

/** Sends the resource as application/fhir+json (serialized here: the route schemas only document it). */
function send<R extends FastifyReply>(reply: R, resource: FhirResource | Bundle, status = 200): R {
  return reply.status(status).type(FHIR_JSON).send(JSON.stringify(resource)) as R;
}

function bundle(req: FastifyRequest, resources: FhirResource[], opts: { total?: number | null; next?: string | null } = {}): Bundle {
  const base = baseUrl(req);
  const self = `${base}${req.url.slice('/fhir/R4'.length)}`;
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(opts.total === null ? {} : { total: opts.total ?? resources.length }),
    link: [{ relation: 'self', url: self }, ...(opts.next ? [{ relation: 'next', url: opts.next }] : [])],
    ...(resources.length
      ? { entry: resources.map((r) => ({ fullUrl: `${base}/${r.resourceType}/${r.id}`, resource: r, search: { mode: 'match' as const } })) }
      : {}),
  };
}

// Search parameters: the ones the facade knows, each once. An unknown one is refused (400) rather than ignored,
// so that a filter the caller meant is never silently dropped (FHIR's handling=strict).
const common = {
  _count: z.coerce.number().int().min(1).max(100).default(50).describe('Antal träffar (1–100)'),
  _format: z.enum(['json', 'application/json', 'application/fhir+json']).optional().describe('Bara JSON'),
  _pretty: z.enum(['true', 'false']).optional(),
};
const token = z.string().trim().min(1).max(300);
const idParams = z.strictObject({ id: z.string().regex(FHIR_ID, 'ogiltigt id') });
const fhirResource = (type: string) => z.looseObject({ resourceType: z.literal(type) }).describe(`FHIR R4 ${type}`);
const bundleSchema = z.looseObject({ resourceType: z.literal('Bundle'), type: z.literal('searchset') }).describe('FHIR R4 Bundle (searchset)');
const outcome = z.looseObject({ resourceType: z.literal('OperationOutcome') }).describe('FHIR R4 OperationOutcome');
const errors = { 400: outcome, 401: outcome, 403: outcome, 404: outcome, 409: outcome, 422: outcome };

/** A reference parameter's id: 'Patient/{id}' or '{id}'. */
const refParam = (type: string) => (v: string | undefined) => (v === undefined ? undefined : (referencedId(v, type) ?? (FHIR_ID.test(v) ? v : '')));

/** A token parameter of codes from `allowed`, comma-separated (any of them). */
function codes(v: string | undefined, allowed: readonly string[], name: string): string[] | undefined {
  if (v === undefined) return undefined;
  const list = v.split(',').map((s) => s.trim());
  const bad = list.filter((s) => !allowed.includes(s));
  if (bad.length)
    throw new AppError('VALIDATION', `Okänt värde för ${name}: ${bad.join(', ')}; tillåtna: ${allowed.join(', ')}`, {
      issues: [{ path: `querystring.${name}`, code: 'invalid_value', message: `tillåtna: ${allowed.join(', ')}` }],
    });
  return list;
}

/** A token 'system|code' or 'code'. */
function splitToken(v: string): { system: string | null; code: string } {
  const i = v.indexOf('|');
  return i < 0 ? { system: null, code: v } : { system: v.slice(0, i) || null, code: v.slice(i + 1) };
}

async function facade(app: App) {
  // FHIR's own media type is JSON too; fastify's JSON parser (with its prototype-poisoning guard) reads it.
  app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  app.setErrorHandler(sendOutcome);
  app.setNotFoundHandler((req, reply) =>
    sendOutcome(
      new AppError('NOT_FOUND', `Det finns ingen sådan resurs eller operation: ${req.method} ${req.url.split('?')[0]}. Se ${baseUrl(req)}/metadata`),
      req,
      reply,
    ),
  );

  /** GET /R4/{type}/{id}: one resource, read by `read` (which answers 404 for an id it does not know). */
  function readRoute(type: string, summary: string, read: (ctx: Ctx, id: string) => Promise<FhirResource>, description?: string) {
    app.get(
      `/R4/${type}/:id`,
      {
        config: access,
        schema: {
          tags,
          produces,
          security,
          summary,
          ...(description ? { description } : {}),
          params: idParams,
          response: { 200: fhirResource(type), ...errors },
        },
      },
      async (req, reply) => send(reply, await read(req.ctx, req.params.id)),
    );
  }

  app.get(
    '/R4/metadata',
    {
      config: { access: 'public', systemClients: true },
      schema: {
        tags,
        produces,
        summary: 'FHIR CapabilityStatement: vad fasaden erbjuder',
        querystring: z.strictObject({ _format: common._format, _pretty: common._pretty, mode: z.enum(['full']).optional() }),
        response: { 200: fhirResource('CapabilityStatement') },
      },
    },
    async (req, reply) =>
      send(
        reply,
        capabilityStatement({ baseUrl: baseUrl(req), date: CAPABILITY_DATE, software: { name: 'Bistå', version: process.env.npm_package_version ?? '0.1.0' } }),
      ),
  );

  // DeviceRequest: an order line of a customer order.
  app.post(
    '/R4/DeviceRequest',
    {
      config: access,
      schema: {
        tags,
        produces,
        security: [{ bearer: [] }, { session: [], csrf: [] }],
        summary: 'Beställ: en DeviceRequest blir en kundorder med en rad, genom kontraktets väg in',
        description:
          'Kroppen är en FHIR R4 DeviceRequest (application/fhir+json). identifier (ert system och nummer) gör anropet idempotent: samma igen ger 200 med samma beställning, ' +
          'samma identifier med annat innehåll 409. Patienten (subject) kontrolleras mot folkbokföringen och läsningen loggas; kunden (requester) ska vara er. ' +
          'Fel svaras med OperationOutcome och inget sparas. Se docs/fhir.md.',
        consumes: ['application/fhir+json', 'application/json'],
        body: z.unknown().describe('FHIR R4 DeviceRequest'),
        response: { 200: fhirResource('DeviceRequest'), 201: fhirResource('DeviceRequest'), ...errors },
      },
    },
    async (req, reply) => {
      const { resource, created } = await createDeviceRequest(req.ctx, req.body);
      reply.header('location', `${baseUrl(req)}/DeviceRequest/${resource.id}`);
      return send(reply, resource, created ? 201 : 200);
    },
  );
  readRoute('DeviceRequest', 'En beställningsrad som DeviceRequest', readDeviceRequest);
  const deviceRequestQuery = z.strictObject({
    ...common,
    patient: token.optional().describe('Patient/{id}'),
    status: token.optional().describe('active, completed, revoked'),
    identifier: token.optional().describe('system|value: er egen identifier, eller ordernumret'),
    _id: token.optional(),
  });
  app.get(
    '/R4/DeviceRequest',
    {
      config: access,
      schema: {
        tags,
        produces,
        security,
        summary: 'Sök beställningsrader: per patient, status, identifier',
        querystring: deviceRequestQuery,
        response: { 200: bundleSchema, ...errors },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const byIdentifier = q.identifier ? identifierSearch(req.ctx, q.identifier) : { orderNumber: undefined, lineIds: undefined };
      const lineIds = mergeIds(q._id ? q._id.split(',') : undefined, byIdentifier.lineIds);
      const found = await searchDeviceRequests(req.ctx, {
        patientId: refParam('Patient')(q.patient),
        statuses: codes(q.status, ['active', 'completed', 'revoked'], 'status'),
        orderNumber: byIdentifier.orderNumber,
        ...(lineIds ? { lineIds: lineIds.filter((id) => UUID.test(id)) } : {}),
        count: q._count,
      });
      return send(reply, bundle(req, found, { total: exactTotal(found, q._count) }));
    },
  );

  // Task: the centre's work on an order line, per the contract's matrix.
  readRoute('Task', 'Hjälpmedelscentralens arbete med en beställningsrad (Task)', readTask);
  app.get(
    '/R4/Task',
    {
      config: access,
      schema: {
        tags,
        produces,
        security,
        summary: 'Sök Task: per beställningsrad (focus), patient, status',
        querystring: z.strictObject({
          ...common,
          focus: token.optional().describe('DeviceRequest/{id} (kommaseparerat = någon av dem)'),
          patient: token.optional().describe('Patient/{id}'),
          status: token.optional().describe('accepted, in-progress, completed, cancelled'),
          _id: token.optional(),
        }),
        response: { 200: bundleSchema, ...errors },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const focus = q.focus?.split(',').map((f) => refParam('DeviceRequest')(f.trim()) ?? '');
      const found = await searchTasks(req.ctx, {
        focus: mergeIds(focus, q._id ? q._id.split(',') : undefined),
        patientId: refParam('Patient')(q.patient),
        statuses: codes(q.status, ['accepted', 'in-progress', 'completed', 'cancelled'], 'status'),
        count: q._count,
      });
      return send(reply, bundle(req, found, { total: exactTotal(found, q._count) }));
    },
  );

  // Device: the units on a patient's device list.
  readRoute('Device', 'En individ hos en patient (Device; id = individnumret)', readDevice);
  app.get(
    '/R4/Device',
    {
      config: access,
      schema: {
        tags,
        produces,
        security,
        summary: 'Patientens hjälpmedel: individerna patienten har (och har haft)',
        querystring: z.strictObject({ ...common, patient: token.describe('Patient/{id}') }),
        response: { 200: bundleSchema, ...errors },
      },
    },
    async (req, reply) => {
      const found = await searchDevices(req.ctx, { patientId: refParam('Patient')(req.query.patient) ?? '', count: req.query._count });
      return send(reply, bundle(req, found, { total: exactTotal(found, req.query._count) }));
    },
  );

  // DeviceDefinition: articles.
  readRoute('DeviceDefinition', 'En artikel (DeviceDefinition)', (ctx, id) => {
    if (!UUID.test(id)) throw new AppError('NOT_FOUND', 'Artikeln finns inte');
    return readDeviceDefinition(ctx, id);
  });
  app.get(
    '/R4/DeviceDefinition',
    {
      config: access,
      schema: {
        tags,
        produces,
        security,
        summary: 'Sök artiklar på benämning (name) och ISO 9999-kod (type)',
        querystring: z.strictObject({
          ...common,
          name: z.string().trim().min(1).max(200).optional().describe('Ord i benämningen'),
          type: token.optional().describe('ISO 9999-kod, t.ex. urn:iso:std:iso:9999|12 22 03 eller 12 22'),
          _offset: z.coerce.number().int().min(0).max(10_000).default(0).describe('Hoppa över så många träffar (länken next)'),
        }),
        response: { 200: bundleSchema, ...errors },
      },
    },
    async (req, reply) => {
      const q = req.query;
      let isoCode: string | undefined;
      if (q.type) {
        const t = splitToken(q.type);
        if (t.system !== null && t.system !== ISO_9999_SYSTEM)
          throw new AppError('VALIDATION', `type söker på ISO 9999-kod (system ${ISO_9999_SYSTEM})`, {
            issues: [{ path: 'querystring.type', code: 'invalid', message: `system ${ISO_9999_SYSTEM}` }],
          });
        isoCode = t.code;
      }
      const r = await searchDeviceDefinitions(req.ctx, { name: q.name, isoCode, count: q._count, offset: q._offset });
      const next = r.next !== null ? nextUrl(req, r.next) : null;
      return send(reply, bundle(req, r.resources, { total: r.next === null ? q._offset + r.resources.length : null, next }));
    },
  );

  // Patient: read through the ordering side's patient directory and gate.
  readRoute(
    'Patient',
    'Patienten, genom patientregistret (vårdrelation krävs; läsningen loggas)',
    (ctx, id) => {
      if (!UUID.test(id)) throw new AppError('PATIENT_NOT_FOUND', 'Patienten finns inte');
      return readPatient(ctx, id);
    },
    'En person behöver vårdrelation med patienten i dag, som i webben; en systemklient når bara sin vårdgivares patienter. Ingen adress vid skyddad identitet.',
  );

  // Organization: the caller's care provider and customers.
  readRoute('Organization', 'Vårdgivaren eller en kund (Organization)', readOrganization);
  app.get(
    '/R4/Organization',
    {
      config: access,
      schema: {
        tags,
        produces,
        security,
        summary: 'Anroparens vårdgivare och kunder',
        querystring: z.strictObject({
          ...common,
          identifier: token.optional().describe('Kundnummer eller organisationsnummer (system|value)'),
          type: token.optional().describe('prov (vårdgivare) eller dept (kund)'),
        }),
        response: { 200: bundleSchema, ...errors },
      },
    },
    async (req, reply) => {
      const q = req.query;
      let found = await organisationsInScope(req.ctx);
      if (q.identifier) {
        const t = splitToken(q.identifier);
        found = found.filter((o) =>
          (o.identifier as { system: string; value: string }[]).some(
            (i) =>
              i.value === t.code && (t.system === null || t.system === i.system) && [CUSTOMER_NUMBER_SYSTEM, ORGANISATION_NUMBER_SYSTEM].includes(i.system),
          ),
        );
      }
      if (q.type) {
        const t = splitToken(q.type);
        if (t.system !== null && t.system !== ORGANISATION_TYPE_SYSTEM) found = [];
        found = found.filter((o) => (o.type as { coding: { code: string }[] }[])[0]!.coding[0]!.code === t.code);
      }
      return send(reply, bundle(req, found.slice(0, q._count), { total: found.length }));
    },
  );
}

/** The number of matches when the page holds them all; unknown (no total) when the page is full. */
const exactTotal = (found: readonly unknown[], count: number) => (found.length < count ? found.length : null);

function nextUrl(req: FastifyRequest, offset: number): string {
  const url = new URL(`${baseUrl(req)}${req.url.slice('/fhir/R4'.length)}`);
  url.searchParams.set('_offset', String(offset));
  return url.toString();
}

/** Both id lists narrow the search: their intersection (either alone when the other is absent). */
function mergeIds(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.filter((id) => b.includes(id));
}

/**
 * The identifier parameter of a DeviceRequest search: the ordering system's order number (Bistå's order-number
 * system, or no system), or the caller's own identifier of a request it created (which names its line's id).
 */
function identifierSearch(ctx: Ctx, v: string): { orderNumber: string | undefined; lineIds: string[] | undefined } {
  const t = splitToken(v);
  if (t.system === null || t.system === ORDER_NUMBER_SYSTEM) return { orderNumber: t.code, lineIds: undefined };
  return { orderNumber: undefined, lineIds: [requestIds(ctx.actor!.userId, { system: t.system, value: t.code }).lineId] };
}
