import { requireRole, type Ctx } from '../../platform/context.ts';
import type { OrderEvent } from '../events.ts';
import { EVENT_READERS } from './roles.ts';

/**
 * GET /api/contract/v1/events?after=CURSOR&limit=N: the pull feed for systems that cannot take webhooks. The
 * events of the caller's customers (a system client's scope, a person's customers), oldest first, after the
 * cursor. Positions are handed out in commit order (record-events.ts), so continuing from `next` never skips
 * an event; an order's events come in sequence. The same events go to the client's webhooks.
 */
export async function readEventFeed(ctx: Ctx, query: { after?: string | undefined; limit: number }): Promise<{ events: OrderEvent[]; next: string }> {
  const actor = requireRole(ctx, ...EVENT_READERS);
  const after = query.after ?? '0';
  if (actor.customerIds.length === 0) return { events: [], next: after };
  const rows = await ctx.database.query<{ position: string; event: OrderEvent }>(
    `SELECT position::text AS position, event FROM contract_event
      WHERE customer_id = ANY($1::uuid[]) AND position > $2::bigint
      ORDER BY position LIMIT $3`,
    [`{${actor.customerIds.join(',')}}`, after, query.limit],
  );
  return { events: rows.map((r) => r.event), next: rows.at(-1)?.position ?? after };
}
