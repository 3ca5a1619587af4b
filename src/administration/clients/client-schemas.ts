import { z } from 'zod';
import type { Role } from '../schema.ts';
import { text } from '../../platform/http/schemas.ts';

/**
 * What a system client may be granted (a fixed list): ordering systems send orders as a prescriber or an
 * orderer would; `finance` is for finance systems reading billing data (no route takes clients for that yet).
 * A route must also take system clients (`config.systemClients`) before any of these lets a client call it.
 */
export const clientRoles = ['prescriber', 'orderer', 'finance'] as const satisfies readonly Role[];

export const clientInput = z.strictObject({
  name: text(100),
  careProviderId: z.uuid(),
  /** Customers of that care provider the client may act for. */
  customerIds: z.array(z.uuid()).min(1).max(500),
  roles: z.array(z.enum(clientRoles)).min(1).max(clientRoles.length),
});
export type ClientInput = z.infer<typeof clientInput>;

export const secretView = z.object({
  id: z.uuid(),
  /** The secret's first characters, to tell two apart. */
  hint: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const clientView = z.object({
  /** The OAuth2 client_id. */
  id: z.uuid(),
  name: z.string(),
  careProviderId: z.uuid(),
  careProviderName: z.string(),
  customers: z.array(z.object({ id: z.uuid(), customerNumber: z.string(), name: z.string() })),
  roles: z.array(z.enum(clientRoles)),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
  secrets: z.array(secretView),
});
export type ClientView = z.infer<typeof clientView>;

/** A new secret is shown once, in this answer; only its hash is kept. */
export const newSecretResult = z.object({
  client: clientView,
  secretId: z.uuid(),
  clientSecret: z.string(),
});
export type NewSecretResult = z.infer<typeof newSecretResult>;

export const clientSecretParams = z.strictObject({ id: z.uuid(), secretId: z.uuid() });
