import type { Database } from '../../platform/db/client.ts';

/** Where an order came from, as the composition root needs it to route the order's events (src/app/start.ts). */
export interface OrderOrigin {
  /** The system client that sent the order over REST; null for Bistå's own ordering side (and a user's script). */
  senderClientId: string | null;
  customerId: string;
  careProviderId: string;
}

/** The origin of an order the centre holds, or null for an order it does not know. */
export async function orderOrigin(database: Database, orderId: string): Promise<OrderOrigin | null> {
  const [row] = await database.query<{ sender_client_id: string | null; customer_id: string; care_provider_id: string }>(
    `SELECT sender_client_id, customer_id, care_provider_id FROM provision_order WHERE id = $1`,
    [orderId],
  );
  return row ? { senderClientId: row.sender_client_id, customerId: row.customer_id, careProviderId: row.care_provider_id } : null;
}
