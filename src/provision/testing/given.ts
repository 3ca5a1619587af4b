/**
 * Test data builders for the provision side (CONVENTIONS §9): a centre with warehouses, unit-tracked
 * articles with units in stock, orders received through the real intake, and a recording ordering side.
 */
import crypto from 'node:crypto';
import type { Role } from '../../administration/schema.ts';
import { givenArticle } from '../../catalogue/testing/article-fixtures.ts';
import { ContractRefused, type OrderingEndpoint } from '../../contract/endpoints.ts';
import type { OrderEvent } from '../../contract/events.ts';
import type { SubmitOrder } from '../../contract/messages.ts';
import { CONTRACT_VERSION } from '../../contract/version.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { receiveMessage } from '../intake/receive-message.ts';
import { ensureWarehouses } from '../units/warehouses.ts';
import { receiveUnits } from '../units/receive-units.ts';

/** The same context with a logged-in centre user holding `roles`. */
export function as(ctx: Ctx, ...roles: Role[]): Ctx {
  return {
    ...ctx,
    actor: {
      userId: crypto.randomUUID(),
      username: `test.${roles.join('.')}`,
      name: `Test ${roles.join('/')}`,
      roles: new Set(roles),
      customerIds: [],
      defaultCustomerId: null,
      careProviderIds: [],
    },
  };
}

export async function givenWarehouses(database: Database) {
  const rows = await ensureWarehouses(database.db, [
    { code: 'HMC', name: 'Centrallagret' },
    { code: 'REKOND', name: 'Rekonditioneringen' },
  ]);
  return { main: rows.find((w) => w.code === 'HMC')!, second: rows.find((w) => w.code === 'REKOND')! };
}

/** A rented, unit-tracked main device (a wheelchair unless told otherwise). */
export function givenUnitArticle(database: Database, a: Partial<Parameters<typeof givenArticle>[1]> = {}) {
  // 'local': a catalogue import in the same test never removes it.
  return givenArticle(database, {
    name: 'Rullstol Test 45',
    articleType: 'H',
    chargingForm: 'rent',
    stockForm: 'stock',
    unitTracked: true,
    isoCode: '12 22 03',
    source: 'local',
    ...a,
  });
}

/** Units received into stock through goods receipt, in the order given. */
export async function givenUnits(
  ctx: Ctx,
  warehouseId: string,
  articleId: string,
  units: { purchaseDate: string; serialNumber?: string | null; cost?: number }[],
) {
  const r = await receiveUnits(as(ctx, 'warehouse'), {
    warehouseId,
    articleId,
    units: units.map((u) => ({ purchaseDate: u.purchaseDate, serialNumber: u.serialNumber ?? null, purchaseCost: u.cost ?? 12000 })),
  });
  return r.units;
}

/** Makes a unit "reconditioned in stock", as the reconditioning feature will (here by SQL, since that feature comes later). */
export async function markReconditioned(database: Database, unitId: string) {
  await database.query(`UPDATE provision_unit SET status = 'reconditionedInStock', recondition_count = recondition_count + 1 WHERE id = $1`, [unitId]);
}

export interface MessageLine {
  articleNumber?: string | null;
  unitNumber?: string | null;
  quantity?: number;
  note?: string | null;
}

/** A well-formed order.submit for a customer order (or another type), with fresh ids. */
export function submitMessage(o: {
  customerNumber?: string;
  lines: MessageLine[];
  urgent?: boolean;
  orderType?: SubmitOrder['order']['orderType'];
  patient?: SubmitOrder['order']['patient'];
  workOrder?: SubmitOrder['order']['workOrder'];
  faultReport?: SubmitOrder['order']['faultReport'];
  sentAt?: Date;
}): SubmitOrder {
  return {
    contractVersion: CONTRACT_VERSION,
    type: 'order.submit',
    messageId: crypto.randomUUID(),
    sentAt: (o.sentAt ?? new Date()).toISOString(),
    order: {
      orderId: crypto.randomUUID(),
      orderNumber: `B2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      orderType: o.orderType ?? 'customerOrder',
      urgent: o.urgent ?? false,
      customerNumber: o.customerNumber ?? '20101',
      orderedBy: { userId: crypto.randomUUID(), name: 'Anna Åberg', hsaId: null, profession: 'Arbetsterapeut', phone: null, email: null },
      patient:
        o.patient === undefined
          ? {
              identifier: '194001079120',
              identifierKind: 'personnummer',
              firstName: 'Märta',
              lastName: 'Öström',
              protectedIdentity: false,
              homeMunicipalityCode: '9901',
              address: { careOf: null, street: 'Storgatan 12', postalCode: '990 10', city: 'Norrvik' },
            }
          : o.patient,
      delivery: { kind: 'patientAddress' },
      contact: { name: 'Anna Åberg', phone: '0611-12 34 56' },
      messageToCentre: null,
      lines: o.lines.map((l, i) => ({
        lineId: crypto.randomUUID(),
        lineNumber: i + 1,
        articleNumber: l.articleNumber ?? null,
        quantity: l.quantity ?? 1,
        unitNumber: l.unitNumber ?? null,
        accessoryForLineId: null,
        note: l.note ?? null,
      })),
      ...(o.workOrder !== undefined ? { workOrder: o.workOrder } : {}),
      ...(o.faultReport !== undefined ? { faultReport: o.faultReport } : {}),
      attachments: [],
    },
  };
}

/** Receives a customer order through the real intake; returns the ids a test needs. */
export async function givenReceivedOrder(ctx: Ctx, o: Parameters<typeof submitMessage>[0]) {
  const message = submitMessage(o);
  const receipt = await receiveMessage(ctx, message);
  return { message, receipt, orderId: message.order.orderId, lineIds: message.order.lines.map((l) => l.lineId) };
}

/** The ordering side as a test sees it: records every event it is given; can be made to fail or refuse. */
export class RecordingOrdering implements OrderingEndpoint {
  readonly events: OrderEvent[] = [];
  failures = 0;
  refuseNext: ContractRefused | null = null;
  async receive(event: OrderEvent) {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('connect ECONNREFUSED (ordering side is down)');
    }
    if (this.refuseNext) {
      const r = this.refuseNext;
      this.refuseNext = null;
      throw r;
    }
    this.events.push(event);
  }
  of(orderId: string) {
    return this.events.filter((e) => e.orderId === orderId);
  }
}
