// The centre's (provision side's) API: work queues, order handling, units, stock. Types are the schema's.
import { apiGet as get, apiSend as send, type Role } from '../../api.ts';
import type { ApiData, ApiQuery } from '../../api/client.ts';
import { allOf, type CancelReason } from '../../api/types.ts';

/**
 * The order as the centre reads it. The route's schema gives `orderedBy` and `delivery` only as records (they
 * are stored as the contract's message carried them); the fields this web reads are named here.
 */
export type CentreOrder = Omit<ApiData<'/api/provision/orders/{id}'>, 'orderedBy' | 'delivery'> & {
  orderedBy: { name?: string; profession?: string | null; phone?: string | null };
  delivery: { kind: string; label?: string; address?: { careOf?: string | null; street: string; postalCode: string; city: string } };
};
export type ProvisionQueue = CentreOrder['queue'];
export const PROVISION_QUEUES = allOf<ProvisionQueue>()(['customerService', 'warehouse', 'technician', 'consultant']);
export type QueueItem = ApiData<'/api/provision/queues/{queue}'>['items'][number];
export type QueueQuery = ApiQuery<'/api/provision/queues/{queue}'>;
export type OrderLine = CentreOrder['lines'][number];
export type UnitCard = ApiData<'/api/provision/units/{id}'>;
export type UnitSummary = UnitCard['unit'];
export type Holding = UnitCard['holdings'][number];
export type Suggestions = ApiData<'/api/provision/lines/{id}/suggestions'>;
export type Warehouse = ApiData<'/api/provision/warehouses'>[number];
export type StockRow = ApiData<'/api/provision/stock'>[number];
export type UnitStatus = UnitSummary['status'];
export type WriteOffCode = NonNullable<UnitSummary['writeOffCode']>;
export const UNIT_STATUSES = allOf<UnitStatus>()(['newInStock', 'reserved', 'onPatient', 'pickUpOrdered', 'returned', 'inReconditioning', 'reconditionedInStock', 'scrapped', 'inBufferStore']);
export const WRITE_OFF_CODES = allOf<WriteOffCode>()(['lossByReport', 'lossAfterInvestigation', 'wornOut']);
export const CENTRE_CANCEL_REASONS = ['requestedByCustomer', 'nobodyHome', 'articleUnavailable', 'patientUnreachable', 'other'] as const satisfies readonly CancelReason[];

/** Who handles orders (sees the order page); the API checks again. */
export const ORDER_HANDLERS: readonly Role[] = ['customerService', 'warehouse', 'technician', 'consultant'];
/** The queue a role works; customer service may open every queue. */
export function queuesFor(roles: readonly Role[]): ProvisionQueue[] {
  if (roles.includes('customerService')) return [...PROVISION_QUEUES];
  return PROVISION_QUEUES.filter((q) => q !== 'customerService' && roles.includes(q));
}

const enc = encodeURIComponent;

export const provisionApi = {
  queue: (queue: ProvisionQueue, q: QueueQuery, signal?: AbortSignal) =>
    get<{ items: QueueItem[]; nextCursor: string | null }>(
      `/api/provision/queues/${queue}`,
      {
        orderType: q.orderType || undefined,
        deliveryAreaId: q.deliveryAreaId || undefined,
        dueBefore: q.dueBefore || undefined,
        urgent: q.urgent ? 'true' : undefined,
        overdue: q.overdue ? 'true' : undefined,
        cursor: q.cursor,
        limit: q.limit ?? 50,
      },
      signal,
    ),
  order: (id: string, signal?: AbortSignal) => get<CentreOrder>(`/api/provision/orders/${enc(id)}`, undefined, signal),
  cancel: (id: string, input: { lineIds?: string[] | null; reason: CancelReason; comment?: string | null; versions?: Record<string, number> }) =>
    send<{ cancelledLineIds: string[] }>('POST', `/api/provision/orders/${enc(id)}/cancel`, input),
  acknowledge: (id: string) => send<{ orderId: string; acknowledgedAt: string; inTime: boolean }>('POST', `/api/provision/orders/${enc(id)}/acknowledge`),
  plannedDate: (lineId: string, input: { version: number; plannedDate: string }) =>
    send<{ lineVersion: number; plannedDate: string; state: string; overLimit: boolean }>('POST', `/api/provision/lines/${enc(lineId)}/planned-date`, input),
  suggestions: (lineId: string, signal?: AbortSignal) => get<Suggestions>(`/api/provision/lines/${enc(lineId)}/suggestions`, undefined, signal),
  reserve: (lineId: string, input: { version: number; unitIds?: string[]; count?: number }) =>
    send<{ lineId: string; lineVersion: number; reserved: UnitSummary[] }>('POST', `/api/provision/lines/${enc(lineId)}/reserve`, input),
  release: (lineId: string, input: { version: number; unitIds?: string[] }) =>
    send<{ lineId: string; lineVersion: number; reserved: UnitSummary[] }>('POST', `/api/provision/lines/${enc(lineId)}/release`, input),
  deliver: (lineId: string, input: { version: number; deliveredOn?: string; units?: { unitId: string; serialNumber?: string | null }[]; quantity?: number; warehouseId?: string }) =>
    send<{ lineId: string; lineVersion: number; state: string; deliveredQuantity: number; quantity: number; units: { unitNumber: string; serialNumber: string | null }[] }>(
      'POST',
      `/api/provision/lines/${enc(lineId)}/deliver`,
      input,
    ),
  warehouses: (signal?: AbortSignal) => get<Warehouse[]>('/api/provision/warehouses', undefined, signal),
  receiveUnits: (input: { warehouseId: string; articleId: string; units: { serialNumber: string | null; purchaseDate: string; purchaseCost: number }[] }) =>
    send<{ units: UnitSummary[] }>('POST', '/api/provision/units/receipts', input),
  units: (q: { q?: string; status?: UnitStatus | ''; warehouseId?: string; cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
    get<{ items: UnitSummary[]; nextCursor: string | null }>('/api/provision/units', { q: q.q || undefined, status: q.status || undefined, warehouseId: q.warehouseId, cursor: q.cursor, limit: q.limit ?? 50 }, signal),
  unit: (id: string, signal?: AbortSignal) => get<UnitCard>(`/api/provision/units/${enc(id)}`, undefined, signal),
  writeOff: (id: string, input: { version: number; code: WriteOffCode; note?: string | null }) => send<{ unit: UnitSummary }>('POST', `/api/provision/units/${enc(id)}/write-off`, input),
  stock: (q: { warehouseId?: string; q?: string }, signal?: AbortSignal) => get<StockRow[]>('/api/provision/stock', { warehouseId: q.warehouseId || undefined, q: q.q || undefined }, signal),
  postStock: (input: { warehouseId: string; articleId: string; quantity: number; kind: 'receipt' | 'adjustment'; note?: string | null }) =>
    send<{ balance: number }>('POST', '/api/provision/stock/transactions', input),
};
