// Typed client for the Bistå API. Every call goes to the same origin with the session cookie; every
// state-changing call carries the CSRF token from GET /api/auth/session.

export const ROLES = [
  'prescriber',
  'orderer',
  'localSupport',
  'customerService',
  'technician',
  'warehouse',
  'consultant',
  'finance',
  'assortment',
  'functionCoordinator',
  'systemAdmin',
  'logReviewer',
  'preparationGroup',
] as const;
export type Role = (typeof ROLES)[number];

export const PROFESSIONS = [
  'occupationalTherapist',
  'physiotherapist',
  'nurse',
  'doctor',
  'speechTherapist',
  'assistantNurse',
  'technician',
  'administrator',
  'other',
] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const CARE_PROVIDER_KINDS = ['region', 'municipality', 'private'] as const;
export type CareProviderKind = (typeof CARE_PROVIDER_KINDS)[number];

export const BUFFER_STORE_SIZES = ['mini', 'small', 'medium', 'large'] as const;
export type BufferStoreSize = (typeof BUFFER_STORE_SIZES)[number];

export const WEEKDAYS = [1, 2, 3, 4, 5] as const;

export type Locale = 'sv' | 'en';

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  roles: Role[];
  customerIds: string[];
  defaultCustomerId: string | null;
}

export interface Session {
  authenticated: boolean;
  csrfToken: string | null;
  user: SessionUser | null;
}

export interface Membership {
  customerId: string;
  customerNumber: string;
  customerName: string;
  isDefault: boolean;
}

export interface User {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  profession: string | null;
  hsaId: string | null;
  phone: string | null;
  email: string | null;
  locale: Locale;
  active: boolean;
  inactivatedAt: string | null;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  roles: Role[];
  memberships: Membership[];
}

export type UserListItem = Pick<User, 'id' | 'username' | 'firstName' | 'lastName' | 'profession' | 'hsaId' | 'active' | 'lastLoginAt' | 'roles'>;

export interface UserListQuery {
  q?: string;
  role?: Role | '';
  active?: 'true' | 'false' | '';
  limit?: number;
  cursor?: string | null;
}

export interface MembershipInput {
  customerId: string;
  isDefault: boolean;
}

export interface UserUpdate {
  firstName: string;
  lastName: string;
  profession: Profession | null;
  hsaId: string;
  phone: string;
  email: string;
  roles: Role[];
  memberships: MembershipInput[];
}

export interface UserCreate extends UserUpdate {
  username: string;
  password?: string;
}

export interface CareProvider {
  id: string;
  name: string;
  kind: CareProviderKind;
  organisationNumber: string;
  municipalityCode: string | null;
  active: boolean;
  customerCount: number;
}

export interface CareProviderInput {
  name: string;
  kind: CareProviderKind;
  organisationNumber: string;
  municipalityCode: string | null;
  active: boolean;
}

export interface DeliveryArea {
  id: string;
  name: string;
  weekday: number;
}

export interface DeliveryAreaInput {
  name: string;
  weekday: number;
}

export interface Address {
  id: string;
  label: string;
  street: string;
  postalCode: string;
  city: string;
  isDefault: boolean;
}

export interface BufferStore {
  id: string;
  name: string;
  size: BufferStoreSize;
  active: boolean;
}

export interface Customer {
  id: string;
  careProviderId: string;
  careProviderName: string;
  customerNumber: string;
  name: string;
  payer: string;
  costCentre: string;
  deliveryAreaId: string;
  deliveryAreaName: string;
  deliveryWeekday: number;
  urgentFeeExempt: boolean;
  active: boolean;
  addresses: Address[];
  bufferStores: BufferStore[];
}

export interface CustomerInput {
  careProviderId: string;
  customerNumber: string;
  name: string;
  payer: string;
  costCentre: string;
  deliveryAreaId: string;
  urgentFeeExempt: boolean;
  active: boolean;
  addresses: (Omit<Address, 'id'> & { id?: string })[];
  bufferStores: (Omit<BufferStore, 'id'> & { id?: string })[];
}

export type NewsSeverity = 'info' | 'disruption';

export interface News {
  id: string;
  title: string;
  body: string;
  severity: NewsSeverity;
  targetCustomerId: string | null;
  publishedAt: string;
  expiresAt: string | null;
}

export interface NewsInput {
  title: string;
  body: string;
  severity: NewsSeverity;
  targetCustomerId?: string | null;
  expiresAt?: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  careProviderId: string | null;
  patientRef: string | null;
  purpose: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditQuery {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  from?: string;
  to?: string;
  limit?: number;
  before?: number | null;
}

// ---------- article register (catalogue) ----------

export const CHARGING_FORMS = ['rent', 'sale', 'saleWithReturn'] as const;
export type ChargingForm = (typeof CHARGING_FORMS)[number];
export const STOCK_FORMS = ['stock', 'orderItem'] as const;
export type StockForm = (typeof STOCK_FORMS)[number];
export const MEDIA_KINDS = ['image', 'userManual', 'prescriberInfo', 'serviceManual'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
export const PRICE_KINDS = ['general', 'agreed'] as const;
export type PriceKind = (typeof PRICE_KINDS)[number];
export type IsoEdition = '2011' | '2016' | '2022';

export interface IsoNode {
  edition: IsoEdition;
  code: string;
  level: number;
  parentCode: string | null;
  titleSv: string;
  titleEn: string | null;
}
export interface IsoChild extends IsoNode {
  hasChildren: boolean;
}
export interface IsoNodeDetail extends IsoNode {
  path: IsoNode[];
  articleCount: number;
}

export interface ArticleSearchQuery {
  q?: string;
  iso?: string;
  type?: string;
  supplierId?: string;
  inAssortment?: 'true' | 'false';
  orderable?: 'true' | 'false';
  published?: 'true' | 'false';
  limit?: number;
  offset?: number | null;
  cursor?: string | null;
}
export interface ArticleSearchItem {
  id: string;
  articleNumber: string;
  name: string;
  articleType: string;
  isoCode: string | null;
  isoEdition: IsoEdition | null;
  supplierId: string | null;
  supplierName: string | null;
  chargingForm: ChargingForm;
  inAssortment: boolean;
  orderable: boolean;
  published: boolean;
  customerPrice: string | null;
  thumbnailUrl: string | null;
  matchedBy: 'exact' | 'text' | 'similar' | 'list';
}
export interface ArticleSearchResult {
  items: ArticleSearchItem[];
  total: number;
  totalIsEstimate: boolean;
  nextCursor: string | null;
  nextOffset: number | null;
}

export interface Price {
  id: string;
  kind: PriceKind;
  amount: string;
  validFrom: string;
  validTo: string | null;
  agreementId: string | null;
}
export interface ArticleRef {
  id: string;
  articleNumber: string;
  name: string;
  articleType: string;
  published: boolean;
  orderable: boolean;
}
export interface ArticleMedia {
  id: string;
  kind: MediaKind;
  title: string | null;
  contentType: string;
  url: string;
  thumbnailUrl: string | null;
}
export interface MediaItem extends ArticleMedia {
  articleId: string;
  bytes: number;
  sha256: string;
  position: number;
  sourceUrl: string | null;
  createdAt: string;
}
export interface Article {
  id: string;
  articleNumber: string;
  name: string;
  description: string | null;
  articleType: string;
  isoCode: string | null;
  isoEdition: IsoEdition | null;
  iso: { edition: IsoEdition; code: string; titleSv: string; titleEn: string | null } | null;
  product: { id: string; productNumber: string; name: string; description: string | null } | null;
  supplier: { id: string; name: string; gln: string } | null;
  supplierArticleNumber: string | null;
  gtin: string | null;
  chargingForm: ChargingForm;
  stockForm: StockForm;
  unitTracked: boolean;
  serialRequired: boolean;
  inspectionIntervalMonths: number | null;
  maintenanceIntervalMonths: number | null;
  depreciationYears: number | null;
  unit: string;
  published: boolean;
  orderable: boolean;
  inAssortment: boolean;
  mayBeComponent: boolean;
  source: 'national' | 'supplier' | 'local';
  version: number;
  removedAt: string | null;
  updatedAt: string;
  media: ArticleMedia[];
  customerPrice: Price | null;
  agreedPrice?: Price | null;
  priceHistory?: Price[];
  parts: ArticleRef[];
  fits: ArticleRef[];
}

/** The fields the assortment role edits (PATCH sends the changed ones with `version`). */
export interface ArticleFields {
  name: string;
  description: string | null;
  articleType: string;
  isoCode: string | null;
  isoEdition: IsoEdition;
  chargingForm: ChargingForm;
  stockForm: StockForm;
  unitTracked: boolean;
  serialRequired: boolean;
  inspectionIntervalMonths: number | null;
  maintenanceIntervalMonths: number | null;
  depreciationYears: 3 | 5 | null;
  unit: string;
  published: boolean;
  orderable: boolean;
  inAssortment: boolean;
  mayBeComponent: boolean;
}
export interface ArticleCreate extends ArticleFields {
  supplierId?: string | null;
  supplierArticleNumber?: string | null;
  gtin?: string | null;
}
export type ArticleUpdate = Partial<ArticleFields> & { version: number };

export interface PriceInput {
  kind: PriceKind;
  amount: number;
  validFrom: string;
  validTo?: string | null;
}

export interface ArticleHistoryEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  changes: { field: string; from: unknown; to: unknown }[];
  details: Record<string, unknown> | null;
}

export interface Supplier {
  id: string;
  gln: string;
  name: string;
  organisationNumber: string | null;
  active: boolean;
}

export type ImportStatus = 'queued' | 'staging' | 'validated' | 'invalid' | 'published' | 'failed';
export interface ImportIssue {
  line: number | null;
  sheet?: string;
  field?: string;
  message: string;
  text: string;
}
export interface ImportChanges {
  new: number;
  changed: number;
  unchanged: number;
  removed: number;
  newArticles: string[];
  changedArticles: string[];
  removedArticles: string[];
  listLimit: number;
}
export interface ImportReport {
  format: 'xml' | 'xlsx';
  fileName: string;
  bytes: number;
  sha256: string;
  header: { edition: string; source: 'national' | 'supplier'; scope: 'full' | 'delta'; exported: string | null } | null;
  counts: Record<string, number>;
  errorCount: number;
  errors: ImportIssue[];
  changes: ImportChanges | null;
  failure?: string;
  published: boolean;
  timingsMs: Record<string, number>;
}
export interface ImportBatch {
  id: string;
  fileName: string;
  format: 'xml' | 'xlsx';
  status: ImportStatus;
  rows: number;
  errorCount: number;
  report: ImportReport | null;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}
export interface ImportBatchListItem extends Omit<ImportBatch, 'report'> {
  changes: { new: number; changed: number; removed: number } | null;
}

// ---------- patients (ordering side) ----------

export type PatientKind = 'personnummer' | 'samordningsnummer';
export interface PatientLookup {
  patientId: string;
  careRelationshipConfirmedToday: boolean;
}
export interface CareRelationship {
  patientId: string;
  day: string;
  confirmedAt: string;
}
export interface Patient {
  id: string;
  /** 12 digits, YYYYMMDDNNNC. Never put in a URL. */
  identifier: string;
  kind: PatientKind;
  firstName: string;
  lastName: string;
  protectedIdentity: boolean;
  homeMunicipality: { code: string; name: string } | null;
  /** Always null for a protected identity. */
  address: { street: string; postalCode: string; city: string } | null;
  directory: { status: 'current' | 'unavailable' | 'notFound'; refreshedAt: string };
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** A failed call: `code` is the API's error code (or NETWORK when the server could not be reached). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly issues: FieldIssue[] = [],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when the session has ended (401 UNAUTHENTICATED): the app goes back to the login page. */
export function onUnauthorized(handler: (() => void) | null) {
  unauthorizedHandler = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

interface ErrorBody {
  error?: {
    code?: unknown;
    message?: unknown;
    requestId?: unknown;
    issues?: unknown;
    retryAfterSeconds?: unknown;
  };
}

async function toApiError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as ErrorBody | null;
  const e = body?.error;
  const fallbackCode = res.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
  const issues = Array.isArray(e?.issues)
    ? e.issues.filter((i): i is FieldIssue => typeof i?.path === 'string' && typeof i?.message === 'string')
    : [];
  const retry = typeof e?.retryAfterSeconds === 'number' ? e.retryAfterSeconds : Number(res.headers.get('retry-after')) || null;
  return new ApiError(
    res.status,
    typeof e?.code === 'string' ? e.code : fallbackCode,
    typeof e?.message === 'string' ? e.message : res.statusText,
    typeof e?.requestId === 'string' ? e.requestId : res.headers.get('x-request-id'),
    issues,
    retry,
  );
}

async function request<T>(
  method: Method,
  path: string,
  opts: { body?: unknown; form?: FormData; query?: Query; signal?: AbortSignal; retried?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A FormData body (file uploads) sets its own multipart content type with the boundary.
  if (opts.body !== undefined && !opts.form) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.form ?? (opts.body === undefined ? null : JSON.stringify(opts.body)),
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'Network error', null);
  }
  if (!res.ok) {
    const err = await toApiError(res);
    // A token that went stale (e.g. the session was renewed in another tab): fetch the current one and retry once.
    if (err.code === 'CSRF' && !opts.retried && method !== 'GET') {
      const s = await getSession().catch(() => null);
      if (s?.csrfToken) {
        setCsrfToken(s.csrfToken);
        return request<T>(method, path, { ...opts, retried: true });
      }
    }
    if (err.code === 'UNAUTHENTICATED' && path !== '/api/auth/login') unauthorizedHandler?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) });
// Actions without input (logout, activate, withdraw) still send an empty JSON object: the API's
// `noBody` schema rejects a request with no body at all (see the report to the lead).
const send = <T>(method: Exclude<Method, 'GET'>, path: string, body?: unknown) => request<T>(method, path, { body: body ?? {} });

function getSession(signal?: AbortSignal) {
  return get<Session>('/api/auth/session', undefined, signal);
}

export const api = {
  session: getSession,
  login: (username: string, password: string) => send<Session>('POST', '/api/auth/login', { username, password }),
  /** For a SITHS session, idpLogoutUrl is the IdP's logout page, where the browser goes next to end that session too. */
  logout: () => send<{ ok: true; idpLogoutUrl: string | null }>('POST', '/api/auth/logout'),
  /** Which ways to log in the login page offers. */
  authConfig: () => get<{ passwords: boolean; siths: boolean }>('/api/auth/config'),

  me: (signal?: AbortSignal) => get<User>('/api/me', undefined, signal),
  updateMe: (patch: { phone?: string; email?: string; locale?: Locale }) => send<User>('PATCH', '/api/me', patch),
  changePassword: (currentPassword: string, newPassword: string) =>
    send<{ ok: true }>('POST', '/api/me/password', { currentPassword, newPassword }),

  users: {
    list: (q: UserListQuery, signal?: AbortSignal) =>
      get<{ items: UserListItem[]; nextCursor: string | null }>(
        '/api/users',
        { q: q.q, role: q.role, active: q.active, limit: q.limit ?? 50, cursor: q.cursor },
        signal,
      ),
    get: (id: string, signal?: AbortSignal) => get<User>(`/api/users/${encodeURIComponent(id)}`, undefined, signal),
    create: (input: UserCreate) => send<User>('POST', '/api/users', input),
    update: (id: string, input: Partial<UserUpdate>) => send<User>('PATCH', `/api/users/${encodeURIComponent(id)}`, input),
    setActive: (id: string, active: boolean) =>
      send<User>('POST', `/api/users/${encodeURIComponent(id)}/${active ? 'activate' : 'inactivate'}`),
    setPassword: (id: string, password: string) =>
      send<{ ok: true }>('POST', `/api/users/${encodeURIComponent(id)}/password`, { password }),
  },

  careProviders: {
    list: (signal?: AbortSignal) => get<CareProvider[]>('/api/care-providers', undefined, signal),
    create: (input: CareProviderInput) => send<CareProvider>('POST', '/api/care-providers', input),
    update: (id: string, input: CareProviderInput) => send<CareProvider>('PUT', `/api/care-providers/${encodeURIComponent(id)}`, input),
  },

  customers: {
    list: (q: { q?: string; careProviderId?: string } = {}, signal?: AbortSignal) =>
      get<Customer[]>('/api/customers', { q: q.q, careProviderId: q.careProviderId }, signal),
    get: (id: string, signal?: AbortSignal) => get<Customer>(`/api/customers/${encodeURIComponent(id)}`, undefined, signal),
    create: (input: CustomerInput) => send<Customer>('POST', '/api/customers', input),
    update: (id: string, input: CustomerInput) => send<Customer>('PUT', `/api/customers/${encodeURIComponent(id)}`, input),
  },

  deliveryAreas: {
    list: (signal?: AbortSignal) => get<DeliveryArea[]>('/api/delivery-areas', undefined, signal),
    create: (input: DeliveryAreaInput) => send<DeliveryArea>('POST', '/api/delivery-areas', input),
    update: (id: string, input: DeliveryAreaInput) => send<DeliveryArea>('PUT', `/api/delivery-areas/${encodeURIComponent(id)}`, input),
  },

  news: {
    list: (signal?: AbortSignal) => get<News[]>('/api/news', undefined, signal),
    /** Editors: everything current or scheduled, whoever it is for. */
    manage: (signal?: AbortSignal) => get<News[]>('/api/news/manage', undefined, signal),
    publish: (input: NewsInput) => send<News>('POST', '/api/news', input),
    withdraw: (id: string) => send<{ ok: true }>('POST', `/api/news/${encodeURIComponent(id)}/withdraw`),
  },

  audit: {
    search: (q: AuditQuery, signal?: AbortSignal) =>
      get<{ items: AuditEntry[]; nextBefore: number | null }>(
        '/api/audit',
        {
          action: q.action,
          entityType: q.entityType,
          entityId: q.entityId,
          actorUserId: q.actorUserId,
          from: q.from,
          to: q.to,
          limit: q.limit ?? 100,
          before: q.before,
        },
        signal,
      ),
  },

  patients: {
    /** The number goes in the body: it must never be in a URL. */
    lookup: (identifier: string) => send<PatientLookup>('POST', '/api/patients/lookup', { identifier }),
    confirmCareRelationship: (id: string) => send<CareRelationship>('POST', `/api/patients/${encodeURIComponent(id)}/care-relationship`),
    get: (id: string, signal?: AbortSignal) => get<Patient>(`/api/patients/${encodeURIComponent(id)}`, undefined, signal),
  },

  catalogue: {
    isoChildren: (parent: string | null, signal?: AbortSignal) =>
      get<IsoChild[]>('/api/catalogue/iso', { parent: parent ?? undefined }, signal),
    isoNode: (code: string, signal?: AbortSignal) =>
      get<IsoNodeDetail>(`/api/catalogue/iso/${encodeURIComponent(code)}`, undefined, signal),
    search: (q: ArticleSearchQuery, signal?: AbortSignal) =>
      get<ArticleSearchResult>(
        '/api/catalogue/articles/search',
        {
          q: q.q,
          iso: q.iso,
          type: q.type,
          supplierId: q.supplierId,
          inAssortment: q.inAssortment,
          orderable: q.orderable,
          published: q.published,
          limit: q.limit ?? 20,
          offset: q.offset,
          cursor: q.cursor,
        },
        signal,
      ),
    article: (id: string, signal?: AbortSignal) => get<Article>(`/api/catalogue/articles/${encodeURIComponent(id)}`, undefined, signal),
    create: (input: ArticleCreate) => send<Article>('POST', '/api/catalogue/articles', input),
    update: (id: string, input: ArticleUpdate) => send<Article>('PATCH', `/api/catalogue/articles/${encodeURIComponent(id)}`, input),
    setFits: (id: string, mainIds: string[]) => send<Article>('PUT', `/api/catalogue/articles/${encodeURIComponent(id)}/fits`, { mainIds }),
    addPrice: (id: string, input: PriceInput) => send<Article>('POST', `/api/catalogue/articles/${encodeURIComponent(id)}/prices`, input),
    history: (id: string, signal?: AbortSignal) =>
      get<ArticleHistoryEntry[]>(`/api/catalogue/articles/${encodeURIComponent(id)}/history`, undefined, signal),
    suppliers: (signal?: AbortSignal) => get<Supplier[]>('/api/catalogue/suppliers', undefined, signal),
    media: (id: string, signal?: AbortSignal) => get<MediaItem[]>(`/api/catalogue/articles/${encodeURIComponent(id)}/media`, undefined, signal),
    /** multipart/form-data with kind, title and file (the file last, as the API reads the fields first). */
    uploadMedia: (id: string, input: { kind: MediaKind; title: string; file: File }) => {
      const form = new FormData();
      form.append('kind', input.kind);
      if (input.title.trim()) form.append('title', input.title.trim());
      form.append('file', input.file, input.file.name);
      return request<MediaItem>('POST', `/api/catalogue/articles/${encodeURIComponent(id)}/media`, { form });
    },
    removeMedia: (mediaId: string) => request<undefined>('DELETE', `/api/catalogue/media/${encodeURIComponent(mediaId)}`),
    imports: (signal?: AbortSignal) => get<ImportBatchListItem[]>('/api/catalogue/imports', { limit: 50 }, signal),
    importBatch: (id: string, signal?: AbortSignal) => get<ImportBatch>(`/api/catalogue/imports/${encodeURIComponent(id)}`, undefined, signal),
    uploadImport: (file: File, publish = false) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<ImportBatch>('POST', '/api/catalogue/imports', { form, query: { publish: publish ? 'true' : undefined } });
    },
    publishImport: (id: string) => send<ImportBatch>('POST', `/api/catalogue/imports/${encodeURIComponent(id)}/publish`),
  },
};

/** Field issues keyed by field name (the path without its `body.`/`querystring.` prefix), for React Aria's Form. */
const NO_ISSUES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const issuesOf = new WeakMap<object, Record<string, string>>();

/**
 * The server's field issues by field name, for a react-aria Form's `validationErrors`. The same error gives
 * the same object: react-aria shows a server error again whenever `validationErrors` is a new object, so a
 * fresh object on every render would put the error back on each keystroke, and the browser would refuse to
 * submit the corrected form.
 */
export function issuesByField(err: unknown): Record<string, string> {
  if (!isApiError(err)) return NO_ISSUES;
  const known = issuesOf.get(err);
  if (known) return known;
  const out: Record<string, string> = {};
  for (const i of err.issues) {
    const name = i.path.replace(/^(body|querystring|params)\.?/, '');
    if (!name) continue;
    out[name] = out[name] ? `${out[name]}; ${i.message}` : i.message;
  }
  issuesOf.set(err, out);
  return out;
}

// ---------- orders (ordering side) ----------
// The order-type matrix, fault categories, deviation kinds and cancel reasons are the contract's
// (src/contract/matrix.ts): one list for both sides.

import type { CancelReason, DeviationKind, FaultCategory, OrderType } from '../../src/contract/matrix.ts';
export type { CancelReason, DeviationKind, FaultCategory, OrderType };

export const ORDER_STATUSES = ['draft', 'submitted', 'received', 'inProgress', 'delivered', 'done', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type LineStatus = 'draft' | 'submitted' | 'received' | 'planned' | 'delivered' | 'pickedUp' | 'deregistered' | 'cancelled' | 'done';
export const ATTACHMENT_KINDS = ['instruction', 'riskAnalysis', 'motivation', 'incidentDescription', 'photo', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface OrderTypeInfo {
  type: OrderType;
  sv: string;
  en: string;
  registeredBy: string[];
  patient: 'required' | 'optional' | 'none';
  lines: 'article' | 'unit' | 'none';
  urgentAllowed: boolean;
  confirmations: string[];
  cancellable: boolean;
}
export interface WorkOrderTypeInfo {
  code: string;
  sv: string;
  en: string;
  requiredAttachments: string[];
  urgent: boolean;
  specialAdaptation: boolean;
}
export interface OrderTypes {
  orderTypes: OrderTypeInfo[];
  workOrderTypes: WorkOrderTypeInfo[];
}

export interface OtherAddress {
  careOf?: string | null;
  street: string;
  postalCode: string;
  city: string;
}
export type DeliveryInput =
  | { kind: 'patientAddress' }
  | { kind: 'otherAddress'; address: OtherAddress }
  | { kind: 'deliveryPoint'; deliveryAddressId: string }
  | { kind: 'bufferStore'; bufferStoreId: string }
  | { kind: 'none' };
export type DeliveryKind = DeliveryInput['kind'];

export interface OrderDetails {
  workOrder?: { typeCode: string; description: string; preferredDate?: string | null } | null;
  faultReport?: { category: FaultCategory; description: string; relatedOrderNumber?: string | null } | null;
  deviation?: { kind: DeviationKind; description: string; occurredOn?: string | null } | null;
  lostDevice?: { description: string; lostOn?: string | null } | null;
}

export interface OrderLineInput {
  articleId?: string | null;
  quantity: number;
  unitNumber?: string | null;
  /** The line number (1-based) of the main device this accessory is for. */
  accessoryForLine?: number | null;
  note?: string | null;
}

export interface DraftInput {
  version: number;
  customerId: string;
  patientId?: string | null;
  urgent: boolean;
  delivery: DeliveryInput;
  contactName?: string | null;
  contactPhone?: string | null;
  messageToCentre?: string | null;
  lines: OrderLineInput[];
  details?: OrderDetails | null;
}

export interface OrderLine {
  id: string;
  lineNumber: number;
  articleId: string | null;
  articleNumber: string | null;
  articleName: string | null;
  quantity: number;
  deliveredQuantity: number;
  unitNumber: string | null;
  accessoryForLine: number | null;
  note: string | null;
  status: LineStatus;
  plannedDate: string | null;
  cancelReason: string | null;
}
export type TimelineType = 'submitted' | 'refused' | 'cancelRequested' | 'received' | 'plannedDate' | 'delayed' | 'delivered' | 'cancelled' | 'workOrderBooked' | 'workOrderStarted' | 'workOrderDone' | 'pickedUp' | 'deregistered' | 'registeredOnPatient' | 'writtenOff' | 'answered' | 'quoteSent' | 'quoteAnswered';
export interface TimelineEntry {
  type: TimelineType;
  at: string;
  lineNumber: number | null;
  data: Record<string, unknown>;
}
export interface OrderAttachment {
  id: string;
  kind: string;
  fileName: string;
  contentType: string;
  size: number;
}
export interface Order {
  id: string;
  orderNumber: string | null;
  orderType: OrderType;
  urgent: boolean;
  status: OrderStatus;
  customer: { id: string; customerNumber: string; name: string };
  createdBy: { id: string; name: string };
  patient: { id: string; identifier: string; name: string; protectedIdentity: boolean } | null;
  delivery: Record<string, unknown>;
  contactName: string | null;
  contactPhone: string | null;
  messageToCentre: string | null;
  details: OrderDetails | null;
  centreOrderNumber: string | null;
  expectedDate: string | null;
  version: number;
  createdAt: string;
  submittedAt: string | null;
  cancellable: boolean;
  lines: OrderLine[];
  attachments: OrderAttachment[];
  timeline: TimelineEntry[];
}

export interface OrderListItem {
  id: string;
  orderNumber: string | null;
  orderType: OrderType;
  urgent: boolean;
  status: OrderStatus;
  customerName: string;
  createdByName: string;
  patientName: string | null;
  lineCount: number;
  summary: string;
  expectedDate: string | null;
  createdAt: string;
  submittedAt: string | null;
  lastEvent: { type: string; at: string } | null;
}
export interface OrderListQuery {
  scope: 'mine' | 'customer';
  customerId?: string;
  status?: 'open' | 'closed' | OrderStatus;
  orderType?: OrderType;
  patientId?: string;
  q?: string;
  cursor?: string | null;
  limit?: number;
}

export interface PatientDevice {
  id: string;
  unitNumber: string;
  serialNumber: string | null;
  articleNumber: string;
  articleName: string;
  isoCode: string | null;
  chargingForm: string | null;
  customerId: string;
  customerName: string | null;
  since: string;
  until: string | null;
  endReason: string | null;
  pickUpOrderId: string | null;
  orderId: string | null;
}
export interface PatientOverview {
  currentDevices: PatientDevice[];
  pastDevices: PatientDevice[];
  openOrders: OrderListItem[];
  pastOrders: OrderListItem[];
}

export interface OrderMessage {
  id: string;
  kind: string;
  createdAt: string;
  read: boolean;
  order: { id: string; orderNumber: string | null; orderType: OrderType };
  data: Record<string, unknown>;
}

const orderPath = (id: string) => `/api/orders/${encodeURIComponent(id)}`;

/** The ordering side's API: drafts, submit, cancel, lists, the patient's device list and messages. */
export const orderingApi = {
  types: (signal?: AbortSignal) => get<OrderTypes>('/api/ordering/order-types', undefined, signal),
  list: (q: OrderListQuery, signal?: AbortSignal) =>
    get<{ items: OrderListItem[]; nextCursor: string | null }>(
      '/api/orders',
      { scope: q.scope, customerId: q.customerId, status: q.status, orderType: q.orderType, patientId: q.patientId, q: q.q, cursor: q.cursor, limit: q.limit ?? 50 },
      signal,
    ),
  create: (input: { orderType: OrderType; customerId: string; patientId?: string | null }) => send<Order>('POST', '/api/orders', input),
  get: (id: string, signal?: AbortSignal) => get<Order>(orderPath(id), undefined, signal),
  save: (id: string, input: DraftInput) => send<Order>('PUT', orderPath(id), input),
  remove: (id: string) => request<undefined>('DELETE', orderPath(id)),
  submit: (id: string) => send<Order>('POST', `${orderPath(id)}/submit`),
  cancel: (id: string, comment: string) => send<Order>('POST', `${orderPath(id)}/cancel`, { comment: comment.trim() || null }),
  /** multipart/form-data: kind first, then the file (the API reads the fields first). */
  addAttachment: (id: string, kind: AttachmentKind, file: File) => {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file, file.name);
    return request<OrderAttachment>('POST', `${orderPath(id)}/attachments`, { form });
  },
  removeAttachment: (id: string, attachmentId: string) => request<undefined>('DELETE', `${orderPath(id)}/attachments/${encodeURIComponent(attachmentId)}`),
  attachmentHref: (id: string, attachmentId: string) => `${orderPath(id)}/attachments/${encodeURIComponent(attachmentId)}`,
  patientOverview: (patientId: string, signal?: AbortSignal) =>
    get<PatientOverview>(`/api/patients/${encodeURIComponent(patientId)}/overview`, undefined, signal),
  messages: (unread: boolean, signal?: AbortSignal) => get<OrderMessage[]>('/api/messages', { unread: unread ? 'true' : undefined }, signal),
  markRead: (id: string) => send<undefined>('POST', `/api/messages/${encodeURIComponent(id)}/read`),
  /** Special adaptation: the cost-responsible's answer to the centre's quote. */
  answerQuote: (id: string, input: { approved: boolean; comment: string | null }) => send<Order>('POST', `${orderPath(id)}/quote-answer`, input),
};

// For the other areas' clients in their own files (e.g. pages/provision/provision-api.ts).
export { get as apiGet, send as apiSend };
