import type { FastifyBaseLogger } from 'fastify';
import type { Role } from './auth/identity-schema.ts';
import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import { AppError } from './errors.ts';

/** Who is calling: the logged-in user with their roles and organisational scope. */
export interface Actor {
  userId: string;
  username: string;
  name: string;
  roles: ReadonlySet<Role>;
  /** Customers the user is a member of, default first. */
  customerIds: readonly string[];
  defaultCustomerId: string | null;
  /** Care providers of those customers. */
  careProviderIds: readonly string[];
  /**
   * Set when the caller is a registered system (OAuth2 client credentials, issue 18) rather than a person:
   * `roles` then holds what the client was granted, and `name` is the client's name as audited.
   */
  client?: { clientId: string };
}

/**
 * The request context every use case takes first (CONVENTIONS §3): the actor, where the call came from,
 * a clock, and the services. Permission and scope are checked inside the use case with `require`.
 */
export interface Ctx {
  actor: Actor | null;
  requestId: string;
  ip: string | null;
  now(): Date;
  db: Db;
  database: Database;
  config: Config;
  log: FastifyBaseLogger;
}

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  return ctx.actor;
}

/** The actor must hold at least one of `roles`. */
export function requireRole(ctx: Ctx, ...roles: Role[]): Actor {
  const actor = requireActor(ctx);
  if (!roles.some((r) => actor.roles.has(r))) throw new AppError('FORBIDDEN');
  return actor;
}

export function hasRole(ctx: Ctx, ...roles: Role[]): boolean {
  return !!ctx.actor && roles.some((r) => ctx.actor!.roles.has(r));
}

/** A system context for the CLI, seeding and background jobs. */
export function systemCtx(base: Pick<Ctx, 'db' | 'database' | 'config' | 'log'>, now: () => Date = () => new Date()): Ctx {
  return { ...base, actor: null, requestId: `system-${Date.now().toString(36)}`, ip: null, now };
}
