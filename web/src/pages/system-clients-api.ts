// System clients (OAuth2 client credentials). Types are the schema's.
import { apiGet as get, apiSend as send } from '../api.ts';
import type { ApiBody, ApiData } from '../api/client.ts';
import { allOf } from '../api/types.ts';

export type SystemClient = ApiData<'/api/system-clients'>[number];
export type ClientSecret = SystemClient['secrets'][number];
export type SystemClientInput = ApiBody<'/api/system-clients', 'post'>;
/** A new secret, shown once. */
export type NewSecret = ApiData<'/api/system-clients', 'post'>;

export type ClientRole = SystemClient['roles'][number];
export const CLIENT_ROLES = allOf<ClientRole>()(['prescriber', 'orderer', 'finance']);

const base = '/api/system-clients';
export const systemClientsApi = {
  list: (signal?: AbortSignal) => get<SystemClient[]>(base, undefined, signal),
  create: (input: SystemClientInput) => send<NewSecret>('POST', base, input),
  addSecret: (id: string) => send<NewSecret>('POST', `${base}/${encodeURIComponent(id)}/secrets`, {}),
  revokeSecret: (id: string, secretId: string) => send<SystemClient>('POST', `${base}/${encodeURIComponent(id)}/secrets/${encodeURIComponent(secretId)}/revoke`, {}),
  revoke: (id: string) => send<SystemClient>('POST', `${base}/${encodeURIComponent(id)}/revoke`, {}),
};
