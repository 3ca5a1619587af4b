import crypto from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { clientStanding } from '../../administration/clients/clients-by-customer.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { EVENT_READERS, WEBHOOK_ADMINS } from './roles.ts';
import { webhookSubscription } from './schema.ts';
import type { WebhookInput, WebhookView } from './webhook-schemas.ts';

/** A client has at most this many live webhooks (two while it moves to a new address). */
const MAX_LIVE = 2;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or http to this machine (tests, a receiver on the same host); no credentials in the address. */
function checkUrl(raw: string): string {
  const u = new URL(raw);
  const bad = (message: string) => new AppError('VALIDATION', message, { issues: [{ path: 'body.url', code: 'invalid', message }] });
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname)))
    throw bad('adressen ska börja med https:// (http bara till 127.0.0.1 eller localhost)');
  if (u.username || u.password) throw bad('adressen får inte innehålla användarnamn eller lösenord');
  if (u.hash) throw bad('adressen får inte ha ett #-fragment');
  return u.toString();
}

async function views(ctx: Ctx, where: { clientId: string; id?: string }): Promise<WebhookView[]> {
  const rows = await ctx.database.query<{
    id: string;
    client_id: string;
    url: string;
    created_at: Date | string;
    revoked_at: Date | string | null;
    pending: number;
    failed_at: Date | string | null;
    failed_status: number | null;
    failed_error: string | null;
  }>(
    `SELECT s.id, s.client_id, s.url, s.created_at, s.revoked_at,
            (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.delivered_at IS NULL)::int AS pending,
            f.last_attempt_at AS failed_at, f.last_status AS failed_status, f.last_error AS failed_error
       FROM webhook_subscription s
       LEFT JOIN LATERAL (SELECT d.last_attempt_at, d.last_status, d.last_error FROM webhook_delivery d
                           WHERE d.subscription_id = s.id AND d.delivered_at IS NULL AND d.last_error IS NOT NULL
                           ORDER BY d.last_attempt_at DESC LIMIT 1) f ON true
      WHERE s.client_id = $1 AND ($2::uuid IS NULL OR s.id = $2)
      ORDER BY s.created_at, s.id`,
    [where.clientId, where.id ?? null],
  );
  const iso = (d: Date | string) => new Date(d).toISOString();
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    url: r.url,
    createdAt: iso(r.created_at),
    revokedAt: r.revoked_at ? iso(r.revoked_at) : null,
    pending: r.pending,
    lastFailure: r.failed_at ? { at: iso(r.failed_at), status: r.failed_status, error: r.failed_error ?? '' } : null,
  }));
}

async function requireClient(ctx: Ctx, clientId: string) {
  const client = await clientStanding(ctx.database, clientId);
  if (!client) throw new AppError('NOT_FOUND', 'Systemklienten finns inte');
  return client;
}

/**
 * System administration registers a webhook for a client: the client's events (the centre's confirmations for
 * orders of its customers) are POSTed there from now on, signed with the secret in the answer, shown this once.
 */
export async function registerWebhook(ctx: Ctx, clientId: string, input: WebhookInput): Promise<{ webhook: WebhookView; secret: string }> {
  const admin = requireRole(ctx, ...WEBHOOK_ADMINS);
  const url = checkUrl(input.url);
  const client = await requireClient(ctx, clientId);
  if (client.revoked) throw new AppError('CONFLICT', 'Systemklienten är återkallad');
  const secret = `bwh_${crypto.randomBytes(32).toString('base64url')}`;
  const id = await ctx.db.transaction(async (tx) => {
    // Serialises registrations for one client, so two at once cannot pass the limit together.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`webhooks:${clientId}`}, 0))`);
    const live = await tx
      .select({ id: webhookSubscription.id })
      .from(webhookSubscription)
      .where(and(eq(webhookSubscription.clientId, clientId), isNull(webhookSubscription.revokedAt)));
    if (live.length >= MAX_LIVE) throw new AppError('CONFLICT', `En systemklient kan ha högst ${MAX_LIVE} aktiva webhooks; återkalla en först`);
    const [row] = await tx
      .insert(webhookSubscription)
      .values({ clientId, url, secret, createdAt: ctx.now(), createdByUserId: admin.client ? null : admin.userId })
      .returning({ id: webhookSubscription.id });
    await audit(tx, ctx, {
      action: 'webhook.create',
      entityType: 'webhook_subscription',
      entityId: row!.id,
      careProviderId: client.careProviderId,
      details: { clientId, url },
    });
    return row!.id;
  });
  const [webhook] = await views(ctx, { clientId, id });
  return { webhook: webhook!, secret };
}

/** A client's webhooks, live and revoked, with what is waiting and the last failure (system administration). */
export async function listWebhooks(ctx: Ctx, clientId: string): Promise<WebhookView[]> {
  requireRole(ctx, ...WEBHOOK_ADMINS);
  await requireClient(ctx, clientId);
  return views(ctx, { clientId });
}

/** Revokes a webhook: nothing more is sent to it (its undelivered events stay in the feed). */
export async function revokeWebhook(ctx: Ctx, clientId: string, webhookId: string): Promise<WebhookView> {
  const admin = requireRole(ctx, ...WEBHOOK_ADMINS);
  const client = await requireClient(ctx, clientId);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(webhookSubscription)
      .where(and(eq(webhookSubscription.id, webhookId), eq(webhookSubscription.clientId, clientId)))
      .for('update');
    if (!row) throw new AppError('NOT_FOUND', 'Webhooken finns inte');
    if (row.revokedAt) return;
    await tx
      .update(webhookSubscription)
      .set({ revokedAt: ctx.now(), revokedByUserId: admin.client ? null : admin.userId })
      .where(eq(webhookSubscription.id, webhookId));
    await audit(tx, ctx, {
      action: 'webhook.revoke',
      entityType: 'webhook_subscription',
      entityId: webhookId,
      careProviderId: client.careProviderId,
      details: { clientId },
    });
  });
  const [webhook] = await views(ctx, { clientId, id: webhookId });
  return webhook!;
}

/** The calling system client's own webhooks (a person, who has none, gets an empty list). Never the secret. */
export async function ownWebhooks(ctx: Ctx): Promise<WebhookView[]> {
  const actor = requireRole(ctx, ...EVENT_READERS);
  if (!actor.client) return [];
  return views(ctx, { clientId: actor.client.clientId });
}
