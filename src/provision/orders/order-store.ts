import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { provisionOrder, provisionOrderLine } from '../schema.ts';
import { CLOSED_STATES_SQL } from './line-states.ts';

export type OrderRow = typeof provisionOrder.$inferSelect;
export type LineRow = typeof provisionOrderLine.$inferSelect;

export const orderNotFound = () => new AppError('NOT_FOUND', 'Ordern finns inte');
export const lineNotFound = () => new AppError('NOT_FOUND', 'Orderraden finns inte');

/** The order, locked for the rest of the transaction (steps on one order are taken one at a time). */
export async function lockOrder(tx: DbOrTx, id: string): Promise<OrderRow> {
  const [o] = await tx.select().from(provisionOrder).where(eq(provisionOrder.id, id)).for('update');
  if (!o) throw orderNotFound();
  return o;
}

/** A line and its order, both locked: the order first, so two steps on one order always lock in the same order. */
export async function lockLine(tx: DbOrTx, lineId: string): Promise<{ order: OrderRow; line: LineRow }> {
  const [ref] = await tx.select({ orderId: provisionOrderLine.orderId }).from(provisionOrderLine).where(eq(provisionOrderLine.id, lineId));
  if (!ref) throw lineNotFound();
  const order = await lockOrder(tx, ref.orderId);
  const [line] = await tx.select().from(provisionOrderLine).where(eq(provisionOrderLine.id, lineId)).for('update');
  return { order, line: line! };
}

/**
 * Optimistic check on top of the row lock: the caller saw version `expected`. If someone else changed the
 * line meanwhile (two staff filling the same line), the second gets a clear 409 instead of acting on a
 * state they never saw.
 */
export function checkLineVersion(line: LineRow, expected: number | undefined) {
  if (expected !== undefined && expected !== line.version) {
    throw new AppError(
      'CONFLICT',
      `Rad ${line.lineNumber} har just ändrats av någon annan (levererad, reserverad eller makulerad). Ladda om ordern och se vad som gäller nu.`,
      { currentVersion: line.version },
    );
  }
}

/** Bumps the line's version with the change, so every step on a line is seen by the next one. */
export async function updateLine(tx: DbOrTx, line: LineRow, set: Partial<typeof provisionOrderLine.$inferInsert>, now: Date): Promise<LineRow> {
  const [row] = await tx
    .update(provisionOrderLine)
    .set({ ...set, version: sql`${provisionOrderLine.version} + 1`, updatedAt: now })
    .where(and(eq(provisionOrderLine.id, line.id), eq(provisionOrderLine.version, line.version)))
    .returning();
  if (!row) throw new AppError('CONFLICT', `Rad ${line.lineNumber} har just ändrats av någon annan. Ladda om ordern.`);
  return row;
}

/** When every line is closed the order is done (or cancelled, if nothing was delivered). */
export async function closeOrderIfFinished(tx: DbOrTx, orderId: string, now: Date) {
  const [r] = rowsOf<{ open: number; delivered: number }>(
    await tx.execute(sql`
    SELECT count(*) FILTER (WHERE state NOT IN ${sql.raw(CLOSED_STATES_SQL)})::int AS open,
           count(*) FILTER (WHERE delivered_quantity > 0 OR state IN ('delivered', 'done'))::int AS delivered
      FROM provision_order_line WHERE order_id = ${orderId}`),
  );
  if (!r || r.open > 0) return;
  await tx
    .update(provisionOrder)
    .set({ status: r.delivered > 0 ? 'done' : 'cancelled', version: sql`${provisionOrder.version} + 1`, updatedAt: now })
    .where(and(eq(provisionOrder.id, orderId), eq(provisionOrder.status, 'open')));
}

/** The rows of Drizzle's `execute` (a result with `.rows` on both drivers). */
export function rowsOf<T>(r: unknown): T[] {
  return Array.isArray(r) ? (r as T[]) : ((r as { rows: T[] }).rows ?? []);
}
