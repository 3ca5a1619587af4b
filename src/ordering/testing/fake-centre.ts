import {
  CONTRACT_VERSION,
  ContractRefused,
  defaultCodeLists,
  defaultWorkOrderTypes,
  parseOrderMessage,
  type CentreEndpoint,
  type DeliveryEstimate,
  type DeliveryEstimateRequest,
  type EstimateLine,
  type DeliveredUnit,
  type OrderEvent,
  type OrderMessage,
  type Receipt,
  type SubmitOrder,
} from '../../contract/index.ts';

type Ev = OrderEvent;
type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;
export type EventBody = DistributiveOmit<Ev, 'contractVersion' | 'eventId' | 'orderId' | 'sequence' | 'occurredAt' | 'centreOrderNumber'>;

/**
 * A hand-written centre behind the contract's CentreEndpoint, for the ordering side's tests: it records what
 * it receives (idempotently, like the real one), can be made unreachable or refusing, and builds well-formed
 * events for a test to deliver to the ordering side.
 */
export class FakeCentre implements CentreEndpoint {
  readonly received: OrderMessage[] = [];
  private seen = new Map<string, Receipt>();
  private sequence = new Map<string, number>();
  down = false;
  refuse: ContractRefused | null = null;

  async receive(message: OrderMessage): Promise<Receipt> {
    if (this.down) throw new Error('connect ECONNREFUSED (fake centre is down)');
    const parsed = parseOrderMessage(message);
    if (!parsed.ok) throw new ContractRefused(parsed.code, parsed.message);
    if (this.refuse) throw this.refuse;
    const before = this.seen.get(message.messageId);
    if (before) return { ...before, duplicate: true };
    this.received.push(parsed.value);
    const receipt: Receipt = { accepted: true, duplicate: false, centreOrderNumber: `K-${100000 + this.received.length}` };
    this.seen.set(message.messageId, receipt);
    return receipt;
  }

  async workOrderTypes() {
    return defaultWorkOrderTypes;
  }

  async codeLists() {
    return defaultCodeLists;
  }

  /** What the fake centre says about an article in a cart (by article number); others are unknown to it. */
  readonly stock = new Map<string, Omit<EstimateLine, 'articleNumber'>>();
  readonly estimated: DeliveryEstimateRequest[] = [];

  async estimateDelivery(request: DeliveryEstimateRequest): Promise<DeliveryEstimate> {
    if (this.down) throw new Error('connect ECONNREFUSED (fake centre is down)');
    this.estimated.push(request);
    const lines = request.lines.map((l) => ({
      articleNumber: l.articleNumber,
      ...(this.stock.get(l.articleNumber) ?? { stock: 'unknown' as const, available: null, expectedDate: null }),
    }));
    const dates = lines.flatMap((l) => (l.expectedDate ? [l.expectedDate] : [])).sort();
    return { lines, expectedDate: dates.at(-1) ?? null };
  }

  submitted(orderId: string): SubmitOrder {
    const m = this.received.find((x): x is SubmitOrder => x.type === 'order.submit' && x.order.orderId === orderId);
    if (!m) throw new Error(`fake centre has not received order ${orderId}`);
    return m;
  }

  /** A well-formed event for an order, numbered in sequence. */
  event(orderId: string, body: EventBody, occurredAt = new Date()): Ev {
    const seq = (this.sequence.get(orderId) ?? 0) + 1;
    this.sequence.set(orderId, seq);
    return {
      contractVersion: CONTRACT_VERSION,
      eventId: crypto.randomUUID(),
      orderId,
      centreOrderNumber: 'K-100001',
      sequence: seq,
      occurredAt: occurredAt.toISOString(),
      ...body,
    } as Ev;
  }

  unit(n: number, over: Partial<DeliveredUnit> = {}): DeliveredUnit {
    return {
      unitNumber: `U-${String(n).padStart(6, '0')}`,
      serialNumber: `SN-${n}`,
      articleNumber: '100001',
      articleName: 'Rullstol',
      isoCode: '12 22 03',
      chargingForm: 'rent',
      ...over,
    };
  }
}
