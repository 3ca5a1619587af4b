import crypto from 'node:crypto';
import type { Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { receiveMessage } from '../intake/receive-message.ts';
import { as, submitMessage } from './given.ts';
import { finishWorkOrder } from '../work-orders/finish-work-order.ts';
import { recordRiskAnalysis } from '../work-orders/special-adaptation.ts';
import { startWorkOrder } from '../work-orders/start-work-order.ts';

/** A work order in a given state and the version a caller would send. */
export interface WorkOrderRef {
  id: string;
  version: number;
}

/**
 * Work orders for test/permissions.test.ts: one fresh target per allowed call of each route (denied callers
 * are refused by role before the target is read, so they all get `any`), and ordering-side orders awaiting
 * an answer to a quote, one per allowed ordering user.
 */
export interface WorkOrderPermissionFixtures {
  any: string;
  received: WorkOrderRef[];
  started: WorkOrderRef[];
  done: WorkOrderRef[];
  cancel: WorkOrderRef[];
  special: WorkOrderRef[];
  riskAnalysed: WorkOrderRef[];
  quotePending: string[];
}

export async function givenWorkOrderPermissionFixtures(
  database: Database,
  ctx: Ctx,
  o: { customerId: string; createdBy: string },
): Promise<WorkOrderPermissionFixtures> {
  const tech = as(ctx, 'technician');
  const receive = async (typeCode: string) => {
    const m = submitMessage({
      orderType: 'workOrder',
      lines: [{ unitNumber: 'U-BEH-01' }],
      workOrder: { typeCode, description: 'Behörighetstest', preferredDate: null },
    });
    if (typeCode === 'specialAdaptation') {
      m.order.attachments = ['instruction', 'riskAnalysis'].map((kind) => ({
        attachmentId: crypto.randomUUID(),
        kind,
        fileName: `${kind}.pdf`,
        contentType: 'application/pdf',
        size: 1,
        sha256: '0'.repeat(64),
        url: null,
      }));
    }
    await receiveMessage(ctx, m);
    return m.order.orderId;
  };
  const n = 2;
  const many = async (f: () => Promise<WorkOrderRef>, times = n) => {
    const out: WorkOrderRef[] = [];
    for (let i = 0; i < times; i++) out.push(await f());
    return out;
  };
  const received = async () => ({ id: await receive('repairAtCentre'), version: 1 });
  const started = async () => {
    const id = await receive('repairAtCentre');
    return { id, version: (await startWorkOrder(tech, id, { version: 1 })).version };
  };
  const f: WorkOrderPermissionFixtures = {
    any: await receive('repairAtCentre'),
    // Two routes draw on each of these (book and start; risk analysis and the CE question); two callers may take each step, three may cancel.
    received: await many(received, 4),
    started: await many(started),
    done: await many(async () => {
      const s = await started();
      return { id: s.id, version: (await finishWorkOrder(tech, s.id, { version: s.version, notes: 'Klart', minutesSpent: 1, material: [] })).version };
    }),
    cancel: await many(received, 3),
    special: await many(async () => ({ id: await receive('specialAdaptation'), version: 1 }), 4),
    riskAnalysed: await many(async () => {
      const id = await receive('specialAdaptation');
      return { id, version: (await recordRiskAnalysis(tech, id, { version: 1, riskAnalysis: 'Låg risk' })).version };
    }),
    quotePending: [],
  };
  // Ordering-side work orders with a quote from the centre that nobody has answered yet.
  const [c] = await database.query<{ customer_number: string; name: string; care_provider_id: string }>(
    `select customer_number, name, care_provider_id from customer where id = $1`,
    [o.customerId],
  );
  for (let i = 0; i < n; i++) {
    const [row] = await database.query<{ id: string }>(
      `insert into ordering_order (order_type, status, customer_id, customer_number, customer_name, care_provider_id, created_by, created_by_name, submitted_at)
       values ('workOrder', 'inProgress', $1, $2, $3, $4, $5, 'Behörighet', now()) returning id`,
      [o.customerId, c!.customer_number, c!.name, c!.care_provider_id, o.createdBy],
    );
    await database.query(
      `insert into ordering_order_event (event_id, order_id, sequence, type, occurred_at, payload) values (gen_random_uuid(), $1, 2, 'quoteSent', now(), '{"amount": 100, "text": "Offert"}')`,
      [row!.id],
    );
    f.quotePending.push(row!.id);
  }
  return f;
}
