// The centre's (provision side's) API: work queues, order handling, units, stock. Types mirror the
// server's zod schemas in src/provision.
import { apiGet as get, apiSend as send, type Role } from '../../api.ts';
import type { CancelReason, OrderType } from '../../../../src/contract/matrix.ts';

export const PROVISION_QUEUES = ['customerService', 'warehouse', 'technician', 'consultant'] as const;
export type ProvisionQueue = (typeof PROVISION_QUEUES)[number];
export const UNIT_STATUSES = ['newInStock', 'reserved', 'onPatient', 'pickUpOrdered', 'returned', 'inReconditioning', 'reconditionedInStock', 'scrapped', 'inBufferStore'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];
export const WRITE_OFF_CODES = ['lossByReport', 'lossAfterInvestigation', 'wornOut'] as const;
export type WriteOffCode = (typeof WRITE_OFF_CODES)[number];
export const CENTRE_CANCEL_REASONS = ['requestedByCustomer', 'nobodyHome', 'articleUnavailable', 'patientUnreachable', 'other'] as const satisfies readonly CancelReason[];

/** Who handles orders (sees the order page); the API checks again. */
export const ORDER_HANDLERS: readonly Role[] = ['customerService', 'warehouse', 'technician', 'consultant'];
/** The queue a role works; customer service may open every queue. */
export function queuesFor(roles: readonly Role[]): ProvisionQueue[] {
  if (roles.includes('customerService')) return [...PROVISION_QUEUES];
  return PROVISION_QUEUES.filter((q) => q !== 'customerService' && roles.includes(q));
}

export interface QueueItem {
  id: string;
  lineId: string | null;
  orderId: string;
  centreOrderNumber: string;
  orderNumber: string;
  orderType: OrderType;
  workOrderTypeCode: string | null;
  urgent: boolean;
  customerNumber: string;
  customerName: string;
  deliveryAreaId: string;
  deliveryAreaName: string;
  lineNumber: number | null;
  articleNumber: string | null;
  articleName: string | null;
  unitNumber: string | null;
  quantity: number | null;
  deliveredQuantity: number | null;
  state: string;
  dueDate: string | null;
  dueAt: string | null;
  plannedDate: string | null;
  expectedDate: string | null;
  overdue: boolean;
  needsPlannedDate: boolean;
  acknowledgeBy: string | null;
  acknowledged: boolean;
  receivedAt: string;
}

export interface QueueQuery {
  orderType?: OrderType | '';
  deliveryAreaId?: string;
  dueBefore?: string;
  urgent?: boolean;
  overdue?: boolean;
  cursor?: string | null;
  limit?: number;
}

export interface UnitSummary {
  id: string;
  unitNumber: string;
  articleId: string;
  articleNumber: string;
  articleName: string;
  serialNumber: string | null;
  purchaseDate: string;
  purchaseCost: string;
  status: UnitStatus;
  reconditionCount: number;
  warehouseId: string | null;
  warehouseName: string | null;
  reservedForLineId: string | null;
  writeOffCode: WriteOffCode | null;
  version: number;
}

export interface OrderLine {
  id: string;
  lineNumber: number;
  articleId: string | null;
  articleNumber: string | null;
  articleName: string | null;
  isoCode: string | null;
  chargingForm: string | null;
  stockForm: 'stock' | 'orderItem' | null;
  unitTracked: boolean;
  quantity: number;
  deliveredQuantity: number;
  unitNumber: string | null;
  accessoryForLineId: string | null;
  note: string | null;
  state: string;
  dueDate: string | null;
  dueAt: string | null;
  plannedDate: string | null;
  expectedDate: string | null;
  overdue: boolean;
  needsPlannedDate: boolean;
  cancelReason: CancelReason | null;
  version: number;
  reservedUnits: UnitSummary[];
  deliveredUnits: { unitId: string; unitNumber: string; serialNumber: string | null; fromDate: string; toDate: string | null }[];
}

export interface CentreOrder {
  id: string;
  centreOrderNumber: string;
  orderNumber: string;
  orderType: OrderType;
  urgent: boolean;
  status: 'open' | 'done' | 'cancelled';
  queue: ProvisionQueue;
  customerId: string;
  customerNumber: string;
  customerName: string;
  deliveryAreaName: string;
  deliveryWeekday: number;
  orderedBy: { name?: string; profession?: string | null; phone?: string | null };
  delivery: { kind: string; label?: string; address?: { careOf?: string | null; street: string; postalCode: string; city: string } };
  contact: { name: string; phone: string } | null;
  messageToCentre: string | null;
  details: Record<string, unknown>;
  dueDate: string | null;
  acknowledgeBy: string | null;
  acknowledgedAt: string | null;
  receivedAt: string;
  version: number;
  patient: {
    id: string;
    identifier: string;
    firstName: string;
    lastName: string;
    protectedIdentity: boolean;
    homeMunicipalityCode: string | null;
    address: { careOf: string | null; street: string; postalCode: string; city: string } | null;
  } | null;
  lines: OrderLine[];
  events: { id: number; lineId: string | null; type: string; fromState: string | null; toState: string | null; at: string; actorLabel: string | null; data: Record<string, unknown> | null; sequence: number | null; sentAt: string | null; refusal: string | null }[];
}

export interface Suggestions {
  lineId: string;
  lineVersion: number;
  unitTracked: boolean;
  remaining: number;
  reserved: UnitSummary[];
  suggestions: UnitSummary[];
  stock: { warehouseId: string; warehouseName: string; balance: number }[];
}

export interface Warehouse {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

export interface Holding {
  id: string;
  fromDate: string;
  toDate: string | null;
  endReason: string | null;
  customerId: string;
  customerNumber: string | null;
  customerName: string | null;
  orderId: string | null;
  centreOrderNumber: string | null;
  /** Shown only to the roles that handle orders; null for the others (see patientWithheld). */
  patient: { identifier: string; firstName: string; lastName: string; protectedIdentity: boolean } | null;
  /** The holding has a patient the user's roles may not see. */
  patientWithheld: boolean;
}

export interface UnitCard {
  unit: UnitSummary;
  article: { isoCode: string | null; chargingForm: string | null; articleType: string | null };
  currentHolding: Holding | null;
  holdings: Holding[];
  history: { id: number; type: string; fromStatus: UnitStatus | null; toStatus: UnitStatus; at: string; actorLabel: string | null; orderId: string | null; data: Record<string, unknown> | null }[];
  workOrders: unknown[];
  reconditionings: unknown[];
  inspections: unknown[];
}

export interface StockRow {
  warehouseId: string;
  warehouseName: string;
  articleId: string;
  articleNumber: string;
  articleName: string;
  unitTracked: boolean;
  balance: number;
  newUnits: number;
  reconditionedUnits: number;
  reservedUnits: number;
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
