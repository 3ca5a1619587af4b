// The old per-call client, kept while pages move to `$api` (api/client.ts) and TanStack Query. Its types are
// the generated schema's (api/types.ts); its calls go through the new client's fetch (CSRF, session, errors).
import type * as T from './api/types.ts';
import type { ApiData } from './api/client.ts';
export * from './api/types.ts';
import { ApiError, bistaFetch, isApiError, onUnauthorized, setCsrfToken, type FieldIssue } from './api/client.ts';
export { ApiError, isApiError, onUnauthorized, setCsrfToken, type FieldIssue };

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

async function request<T>(
  method: Method,
  path: string,
  opts: { body?: unknown; form?: FormData; query?: Query; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  // A FormData body (file uploads) sets its own multipart content type with the boundary.
  if (opts.body !== undefined && !opts.form) headers['content-type'] = 'application/json';
  // The new client's fetch adds the CSRF token, the retry and the expired-session signal, and throws ApiError.
  const res = await bistaFetch(
    new Request(new URL(withQuery(path, opts.query), location.origin), {
      method,
      headers,
      body: opts.form ?? (opts.body === undefined ? null : JSON.stringify(opts.body)),
      signal: opts.signal ?? null,
    }),
  );
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) });
// Actions without input (logout, activate, withdraw) still send an empty JSON object: the API's
// `noBody` schema rejects a request with no body at all (see the report to the lead).
const send = <T>(method: Exclude<Method, 'GET'>, path: string, body?: unknown) => request<T>(method, path, { body: body ?? {} });

function getSession(signal?: AbortSignal) {
  return get<T.Session>('/api/auth/session', undefined, signal);
}

export const api = {
  session: getSession,
  login: (username: string, password: string) => send<T.Session>('POST', '/api/auth/login', { username, password }),
  logout: () => send<ApiData<'/api/auth/logout', 'post'>>('POST', '/api/auth/logout'),
  /** Which ways to log in the login page offers. */
  authConfig: () => get<ApiData<'/api/auth/config'>>('/api/auth/config'),

  me: (signal?: AbortSignal) => get<T.User>('/api/me', undefined, signal),
  updateMe: (patch: { phone?: string; email?: string; locale?: T.Locale }) => send<T.User>('PATCH', '/api/me', patch),
  changePassword: (currentPassword: string, newPassword: string) =>
    send<{ ok: true }>('POST', '/api/me/password', { currentPassword, newPassword }),

  users: {
    list: (q: T.UserListQuery, signal?: AbortSignal) =>
      get<{ items: T.UserListItem[]; nextCursor: string | null }>(
        '/api/users',
        { q: q.q, role: q.role, active: q.active, limit: q.limit ?? 50, cursor: q.cursor },
        signal,
      ),
    get: (id: string, signal?: AbortSignal) => get<T.User>(`/api/users/${encodeURIComponent(id)}`, undefined, signal),
    create: (input: T.UserCreate) => send<T.User>('POST', '/api/users', input),
    update: (id: string, input: Partial<T.UserUpdate>) => send<T.User>('PATCH', `/api/users/${encodeURIComponent(id)}`, input),
    setActive: (id: string, active: boolean) =>
      send<T.User>('POST', `/api/users/${encodeURIComponent(id)}/${active ? 'activate' : 'inactivate'}`),
    setPassword: (id: string, password: string) =>
      send<{ ok: true }>('POST', `/api/users/${encodeURIComponent(id)}/password`, { password }),
  },

  careProviders: {
    list: (signal?: AbortSignal) => get<T.CareProvider[]>('/api/care-providers', undefined, signal),
    create: (input: T.CareProviderInput) => send<T.CareProvider>('POST', '/api/care-providers', input),
    update: (id: string, input: T.CareProviderInput) => send<T.CareProvider>('PUT', `/api/care-providers/${encodeURIComponent(id)}`, input),
  },

  customers: {
    list: (q: { q?: string; careProviderId?: string } = {}, signal?: AbortSignal) =>
      get<T.Customer[]>('/api/customers', { q: q.q, careProviderId: q.careProviderId }, signal),
    get: (id: string, signal?: AbortSignal) => get<T.Customer>(`/api/customers/${encodeURIComponent(id)}`, undefined, signal),
    create: (input: T.CustomerInput) => send<T.Customer>('POST', '/api/customers', input),
    update: (id: string, input: T.CustomerInput) => send<T.Customer>('PUT', `/api/customers/${encodeURIComponent(id)}`, input),
  },

  deliveryAreas: {
    list: (signal?: AbortSignal) => get<T.DeliveryArea[]>('/api/delivery-areas', undefined, signal),
    create: (input: T.DeliveryAreaInput) => send<T.DeliveryArea>('POST', '/api/delivery-areas', input),
    update: (id: string, input: T.DeliveryAreaInput) => send<T.DeliveryArea>('PUT', `/api/delivery-areas/${encodeURIComponent(id)}`, input),
  },

  news: {
    list: (signal?: AbortSignal) => get<T.News[]>('/api/news', undefined, signal),
    /** Editors: everything current or scheduled, whoever it is for. */
    manage: (signal?: AbortSignal) => get<T.News[]>('/api/news/manage', undefined, signal),
    publish: (input: T.NewsInput) => send<T.News>('POST', '/api/news', input),
    withdraw: (id: string) => send<{ ok: true }>('POST', `/api/news/${encodeURIComponent(id)}/withdraw`),
  },

  audit: {
    search: (q: T.AuditQuery, signal?: AbortSignal) =>
      get<{ items: T.AuditEntry[]; nextBefore: number | null }>(
        '/api/audit',
        {
          action: q.action,
          entityType: q.entityType,
          entityId: q.entityId,
          actorUserId: q.actorUserId,
          // The route's schema leaves these two untyped (a coerced date).
          from: q.from as string | undefined,
          to: q.to as string | undefined,
          limit: q.limit ?? 100,
          before: q.before,
        },
        signal,
      ),
  },

  patients: {
    /** The number goes in the body: it must never be in a URL. */
    lookup: (identifier: string) => send<T.PatientLookup>('POST', '/api/patients/lookup', { identifier }),
    confirmCareRelationship: (id: string) => send<T.CareRelationship>('POST', `/api/patients/${encodeURIComponent(id)}/care-relationship`),
    get: (id: string, signal?: AbortSignal) => get<T.Patient>(`/api/patients/${encodeURIComponent(id)}`, undefined, signal),
  },

  catalogue: {
    isoChildren: (parent: string | null, signal?: AbortSignal) =>
      get<T.IsoChild[]>('/api/catalogue/iso', { parent: parent ?? undefined }, signal),
    isoNode: (code: string, signal?: AbortSignal) =>
      get<T.IsoNodeDetail>(`/api/catalogue/iso/${encodeURIComponent(code)}`, undefined, signal),
    search: (q: T.ArticleSearchQuery, signal?: AbortSignal) =>
      get<T.ArticleSearchResult>(
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
    article: (id: string, signal?: AbortSignal) => get<T.Article>(`/api/catalogue/articles/${encodeURIComponent(id)}`, undefined, signal),
    create: (input: T.ArticleCreate) => send<T.Article>('POST', '/api/catalogue/articles', input),
    update: (id: string, input: T.ArticleUpdate) => send<T.Article>('PATCH', `/api/catalogue/articles/${encodeURIComponent(id)}`, input),
    setFits: (id: string, mainIds: string[]) => send<T.Article>('PUT', `/api/catalogue/articles/${encodeURIComponent(id)}/fits`, { mainIds }),
    addPrice: (id: string, input: T.PriceInput) => send<T.Article>('POST', `/api/catalogue/articles/${encodeURIComponent(id)}/prices`, input),
    history: (id: string, signal?: AbortSignal) =>
      get<T.ArticleHistoryEntry[]>(`/api/catalogue/articles/${encodeURIComponent(id)}/history`, undefined, signal),
    suppliers: (signal?: AbortSignal) => get<T.Supplier[]>('/api/catalogue/suppliers', undefined, signal),
    media: (id: string, signal?: AbortSignal) => get<T.MediaItem[]>(`/api/catalogue/articles/${encodeURIComponent(id)}/media`, undefined, signal),
    /** multipart/form-data with kind, title and file (the file last, as the API reads the fields first). */
    uploadMedia: (id: string, input: { kind: T.MediaKind; title: string; file: File }) => {
      const form = new FormData();
      form.append('kind', input.kind);
      if (input.title.trim()) form.append('title', input.title.trim());
      form.append('file', input.file, input.file.name);
      return request<T.MediaItem>('POST', `/api/catalogue/articles/${encodeURIComponent(id)}/media`, { form });
    },
    removeMedia: (mediaId: string) => request<undefined>('DELETE', `/api/catalogue/media/${encodeURIComponent(mediaId)}`),
    imports: (signal?: AbortSignal) => get<T.ImportBatchListItem[]>('/api/catalogue/imports', { limit: 50 }, signal),
    importBatch: (id: string, signal?: AbortSignal) => get<T.ImportBatch>(`/api/catalogue/imports/${encodeURIComponent(id)}`, undefined, signal),
    uploadImport: (file: File, publish = false) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<T.ImportBatch>('POST', '/api/catalogue/imports', { form, query: { publish: publish ? 'true' : undefined } });
    },
    publishImport: (id: string) => send<T.ImportBatch>('POST', `/api/catalogue/imports/${encodeURIComponent(id)}/publish`),
  },
};

export { issuesByField } from './api/errors.ts';

const orderPath = (id: string) => `/api/orders/${encodeURIComponent(id)}`;

/** The ordering side's API: drafts, submit, cancel, lists, the patient's device list and messages. */
export const orderingApi = {
  types: (signal?: AbortSignal) => get<T.OrderTypes>('/api/ordering/order-types', undefined, signal),
  list: (q: T.OrderListQuery, signal?: AbortSignal) =>
    get<{ items: T.OrderListItem[]; nextCursor: string | null }>(
      '/api/orders',
      { scope: q.scope, customerId: q.customerId, status: q.status, orderType: q.orderType, patientId: q.patientId, q: q.q, cursor: q.cursor, limit: q.limit ?? 50 },
      signal,
    ),
  create: (input: { orderType: T.OrderType; customerId: string; patientId?: string | null }) => send<T.Order>('POST', '/api/orders', input),
  get: (id: string, signal?: AbortSignal) => get<T.Order>(orderPath(id), undefined, signal),
  save: (id: string, input: T.DraftInput) => send<T.Order>('PUT', orderPath(id), input),
  remove: (id: string) => request<undefined>('DELETE', orderPath(id)),
  submit: (id: string) => send<T.Order>('POST', `${orderPath(id)}/submit`),
  cancel: (id: string, comment: string) => send<T.Order>('POST', `${orderPath(id)}/cancel`, { comment: comment.trim() || null }),
  /** multipart/form-data: kind first, then the file (the API reads the fields first). */
  addAttachment: (id: string, kind: T.AttachmentKind, file: File) => {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file, file.name);
    return request<T.OrderAttachment>('POST', `${orderPath(id)}/attachments`, { form });
  },
  removeAttachment: (id: string, attachmentId: string) => request<undefined>('DELETE', `${orderPath(id)}/attachments/${encodeURIComponent(attachmentId)}`),
  attachmentHref: (id: string, attachmentId: string) => `${orderPath(id)}/attachments/${encodeURIComponent(attachmentId)}`,
  patientOverview: (patientId: string, signal?: AbortSignal) =>
    get<T.PatientOverview>(`/api/patients/${encodeURIComponent(patientId)}/overview`, undefined, signal),
  messages: (unread: boolean, signal?: AbortSignal) => get<T.OrderMessage[]>('/api/messages', { unread: unread ? 'true' : undefined }, signal),
  markRead: (id: string) => send<undefined>('POST', `/api/messages/${encodeURIComponent(id)}/read`),
  /** Special adaptation: the cost-responsible's answer to the centre's quote. */
  answerQuote: (id: string, input: { approved: boolean; comment: string | null }) => send<T.Order>('POST', `${orderPath(id)}/quote-answer`, input),
};

// For the other areas' clients in their own files (e.g. pages/provision/provision-api.ts).
export { get as apiGet, send as apiSend };
