import { stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { addStop } from '../transport/edit-run.ts';
import { planRuns } from '../transport/plan-runs.ts';
import { as, givenReceivedOrder } from './given.ts';

export interface TransportPermissionFixtures {
  day: string;
  runId: string;
  /** A pending stop the planner moves (repeatable), one it removes, one the driver confirms 'nobody home' (repeatable). */
  moveStopId: string;
  removeStopId: string;
  confirmStopId: string;
  /** An order the planner adds to the run. */
  addOrderNumber: string;
}

/** Today's run of customer 20101's area (Centralorten), asked for by the planner whatever the weekday, with stops the rows act on. */
export async function givenTransportPermissionFixtures(database: Database, ctx: Ctx, articleNumber: string): Promise<TransportPermissionFixtures> {
  const day = stockholmDateTime(ctx.now()).date;
  const [area] = await database.query<{ id: string }>(`SELECT id FROM delivery_area WHERE name = 'Centralorten'`);
  const planner = as(ctx, 'warehouse');
  const plan = await planRuns(planner, { day, areaId: area!.id });
  const runId = plan.runs.find((r) => r.areaId === area!.id)!.runId;
  const orders = [];
  for (let i = 0; i < 4; i++) orders.push(await givenReceivedOrder(ctx, { lines: [{ articleNumber }] }));
  const number = async (orderId: string) =>
    (await database.query<{ n: string }>(`SELECT centre_order_number AS n FROM provision_order WHERE id = $1`, [orderId]))[0]!.n;
  const stopIds: string[] = [];
  for (const o of orders.slice(0, 3)) {
    await addStop(planner, runId, { centreOrderNumber: await number(o.orderId) });
    const [s] = await database.query<{ id: string }>(`SELECT id FROM provision_delivery_stop WHERE order_id = $1`, [o.orderId]);
    stopIds.push(s!.id);
  }
  return { day, runId, moveStopId: stopIds[0]!, removeStopId: stopIds[1]!, confirmStopId: stopIds[2]!, addOrderNumber: await number(orders[3]!.orderId) };
}
