// Names for the system clients' (OAuth2 client credentials) API types, all the schema's.
import type { ApiBody, ApiData } from '../api/client.ts';
import { allOf } from '../api/types.ts';

export type SystemClient = ApiData<'/api/system-clients'>[number];
export type ClientSecret = SystemClient['secrets'][number];
export type SystemClientInput = ApiBody<'/api/system-clients', 'post'>;
/** A new secret, shown once. */
export type NewSecret = ApiData<'/api/system-clients', 'post'>;

export type ClientRole = SystemClient['roles'][number];
export const CLIENT_ROLES = allOf<ClientRole>()(['prescriber', 'orderer', 'finance']);
