// The centre's reports (ärenden) and buffer stores (buffertförråd). Types mirror the server's zod schemas
// in src/provision/reports and src/provision/buffers.
import { apiGet as get, apiSend as send } from '../../api.ts';
import type { DeviationKind, FaultCategory } from '../../../../src/contract/matrix.ts';
import type { UnitStatus, WriteOffCode } from './provision-api.ts';

export const REPORT_TYPES = ['faultReport', 'deviation', 'lostDevice'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
export type CaseStatus = 'open' | 'closed';

export interface CaseSummary {
  orderId: string;
  centreOrderNumber: string;
  orderNumber: string;
  orderType: ReportType;
  category: FaultCategory | null;
  deviationKind: DeviationKind | null;
  customerNumber: string;
  customerName: string;
  reportedBy: string;
  receivedAt: string;
  status: CaseStatus;
  assignedToName: string | null;
  assignedToMe: boolean;
}

export interface CaseView extends CaseSummary {
  description: string;
  relatedOrderNumber: string | null;
  occurredOn: string | null;
  messageToCentre: string | null;
  contact: { name: string; phone: string } | null;
  reporter: { name: string; profession: string | null; phone: string | null; email: string | null };
  patient: { identifier: string; firstName: string; lastName: string; protectedIdentity: boolean } | null;
  answer: string | null;
  closedAt: string | null;
  closedByName: string | null;
  notes: { id: string; text: string; at: string; actorLabel: string }[];
  units: {
    lineId: string;
    lineNumber: number;
    unitNumber: string | null;
    lineState: string;
    lineVersion: number;
    unitId: string | null;
    articleName: string | null;
    serialNumber: string | null;
    unitStatus: UnitStatus | null;
    writeOffCode: WriteOffCode | null;
    writtenOffOn: string | null;
    reRegisterUntil: string | null;
    mayReRegister: boolean;
  }[];
  events: { id: number; type: string; at: string; actorLabel: string | null; sentAt: string | null }[];
}

export interface BufferStoreSummary {
  id: string;
  name: string;
  size: string;
  customerId: string;
  customerNumber: string;
  customerName: string;
  deliveryAreaId: string;
  deliveryAreaName: string;
  deliveryWeekday: number;
  nextDeliveryDate: string;
  articles: number;
  belowSafetyLevel: number;
}

export interface BufferLevel {
  articleId: string;
  articleNumber: string;
  articleName: string;
  unitTracked: boolean;
  safetyLevel: number;
  quantity: number;
  shortfall: number;
  version: number;
}

export interface BufferStoreView {
  store: BufferStoreSummary;
  levels: BufferLevel[];
  transactions: { id: number; at: string; articleNumber: string; quantity: number; kind: string; note: string | null }[];
}

export interface RefillProposal {
  id: string;
  deliveryAreaId: string;
  deliveryAreaName: string;
  deliveryDate: string;
  status: 'proposed' | 'delivered';
  createdAt: string;
  deliveredAt: string | null;
  warehouseId: string | null;
  version: number;
  lines: {
    id: string;
    bufferStoreId: string;
    bufferStoreName: string;
    customerNumber: string;
    customerName: string;
    articleId: string;
    articleNumber: string;
    articleName: string;
    unitTracked: boolean;
    safetyLevel: number;
    quantityBefore: number;
    proposedQuantity: number;
    deliveredQuantity: number | null;
  }[];
}

const enc = encodeURIComponent;

export const reportsApi = {
  cases: (q: { orderType?: ReportType | ''; status: CaseStatus; mine?: boolean }, signal?: AbortSignal) =>
    get<CaseSummary[]>('/api/provision/cases', { orderType: q.orderType || undefined, status: q.status, mine: q.mine ? 'true' : undefined }, signal),
  case: (id: string, signal?: AbortSignal) => get<CaseView>(`/api/provision/cases/${enc(id)}`, undefined, signal),
  assign: (id: string) => send<{ status: CaseStatus; assignedToName: string | null }>('POST', `/api/provision/cases/${enc(id)}/assign`),
  note: (id: string, text: string) => send<{ id: string }>('POST', `/api/provision/cases/${enc(id)}/notes`, { text }),
  answer: (id: string, answer: string) => send<{ status: CaseStatus }>('POST', `/api/provision/cases/${enc(id)}/answer`, { answer }),
  writeOffLost: (id: string, note: string | null) =>
    send<{ writtenOff: { unitNumber: string; writtenOffOn: string; reRegisterUntil: string }[] }>('POST', `/api/provision/cases/${enc(id)}/write-off`, { note }),
  reRegister: (lineId: string, version: number) => send<{ unitNumber: string; since: string }>('POST', `/api/provision/lines/${enc(lineId)}/re-register`, { version }),
};

export const buffersApi = {
  stores: (signal?: AbortSignal) => get<BufferStoreSummary[]>('/api/provision/buffer-stores', undefined, signal),
  store: (id: string, signal?: AbortSignal) => get<BufferStoreView>(`/api/provision/buffer-stores/${enc(id)}`, undefined, signal),
  setSafetyLevel: (id: string, articleId: string, safetyLevel: number) => send<BufferLevel>('PUT', `/api/provision/buffer-stores/${enc(id)}/levels/${enc(articleId)}`, { safetyLevel }),
  /** A change (`quantity`) or a count (`counted`, inventering) of an article that is not unit-tracked. */
  adjust: (id: string, input: { articleId: string; note?: string | null } & ({ quantity: number } | { counted: number })) =>
    send<{ quantity: number; change: number }>('POST', `/api/provision/buffer-stores/${enc(id)}/transactions`, input),
  proposals: (q: { deliveryAreaId?: string; status?: 'proposed' | 'delivered' }, signal?: AbortSignal) =>
    get<RefillProposal[]>('/api/provision/buffer-proposals', { deliveryAreaId: q.deliveryAreaId || undefined, status: q.status }, signal),
  propose: (deliveryAreaId: string) => send<RefillProposal>('POST', '/api/provision/buffer-proposals', { deliveryAreaId }),
  accept: (id: string, input: { version: number; warehouseId: string }) => send<RefillProposal>('POST', `/api/provision/buffer-proposals/${enc(id)}/accept`, input),
};
