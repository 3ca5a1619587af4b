import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { as, givenUnitArticle, givenUnits, givenWarehouses, markReconditioned } from './given.ts';

/**
 * The setting of the order-line tests (filling, delivering, cancelling lines at the centre): an app on a fresh
 * database with the warehouses, a system context and the warehouse's, fresh for each test, and readers of a
 * line's, a unit's and an order's state. Call once at the top of a test file; the hooks are registered there.
 */
export function orderLineFixture() {
  const f = {
    t: undefined as unknown as TestApp,
    wh: undefined as unknown as Awaited<ReturnType<typeof givenWarehouses>>,
    ctx: undefined as unknown as Ctx,
    warehouse: undefined as unknown as Ctx,
    today: () => stockholmDateTime(new Date()).date,
    line: async (lineId: string) =>
      (
        await f.t.database.query<{ state: string; delivered_quantity: number; version: number }>(
          `SELECT state, delivered_quantity, version FROM provision_order_line WHERE id = $1`,
          [lineId],
        )
      )[0]!,
    unitStatus: async (id: string) =>
      (
        await f.t.database.query<{ status: string; reserved_for_line_id: string | null }>(
          `SELECT status, reserved_for_line_id FROM provision_unit WHERE id = $1`,
          [id],
        )
      )[0]!,
    contractEvents: async (orderId: string) =>
      (
        await f.t.database.query<{ contract_event: Record<string, unknown> }>(
          `SELECT contract_event FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL ORDER BY sequence`,
          [orderId],
        )
      ).map((r) => r.contract_event),
    /** A unit-tracked article with units in the main warehouse (some of them reconditioned). */
    async chairWithUnits(name: string, units: { purchaseDate: string; serialNumber?: string; reconditioned?: boolean }[]) {
      const a = await givenUnitArticle(f.t.database, { name });
      const rows = await givenUnits(f.ctx, f.wh.main.id, a.id, units);
      for (const [i, u] of units.entries()) if (u.reconditioned) await markReconditioned(f.t.database, rows[i]!.id);
      return { article: a, units: rows };
    },
  };
  beforeAll(async () => {
    f.t = await startTestApp();
    f.wh = await givenWarehouses(f.t.database);
  });
  afterAll(() => f.t.close());
  beforeEach(() => {
    f.ctx = f.t.ctx();
    f.warehouse = as(f.ctx, 'warehouse');
  });
  return f;
}
