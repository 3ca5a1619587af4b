// System clients (OAuth2 client credentials): types mirror src/administration/clients/client-schemas.ts.
import { apiGet as get, apiSend as send } from '../api.ts';

export const CLIENT_ROLES = ['prescriber', 'orderer', 'finance'] as const;
export type ClientRole = (typeof CLIENT_ROLES)[number];

export interface ClientSecret {
  id: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface SystemClient {
  id: string;
  name: string;
  careProviderId: string;
  careProviderName: string;
  customers: { id: string; customerNumber: string; name: string }[];
  roles: ClientRole[];
  createdAt: string;
  revokedAt: string | null;
  secrets: ClientSecret[];
}

export interface SystemClientInput {
  name: string;
  careProviderId: string;
  customerIds: string[];
  roles: ClientRole[];
}

/** A new secret, shown once. */
export interface NewSecret {
  client: SystemClient;
  secretId: string;
  clientSecret: string;
}

const base = '/api/system-clients';
export const systemClientsApi = {
  list: (signal?: AbortSignal) => get<SystemClient[]>(base, undefined, signal),
  create: (input: SystemClientInput) => send<NewSecret>('POST', base, input),
  addSecret: (id: string) => send<NewSecret>('POST', `${base}/${encodeURIComponent(id)}/secrets`, {}),
  revokeSecret: (id: string, secretId: string) => send<SystemClient>('POST', `${base}/${encodeURIComponent(id)}/secrets/${encodeURIComponent(secretId)}/revoke`, {}),
  revoke: (id: string) => send<SystemClient>('POST', `${base}/${encodeURIComponent(id)}/revoke`, {}),
};
