// The centre's reports (ärenden) and buffer stores (buffertförråd). Types are the schema's.
import { apiGet as get, apiSend as send } from '../../api.ts';
import type { ApiData } from '../../api/client.ts';
import { allOf } from '../../api/types.ts';

export type CaseView = ApiData<'/api/provision/cases/{id}'>;
export type CaseSummary = ApiData<'/api/provision/cases'>[number];
export type ReportType = CaseSummary['orderType'];
export type CaseStatus = CaseSummary['status'];
export type BufferStoreSummary = ApiData<'/api/provision/buffer-stores'>[number];
export type BufferStoreView = ApiData<'/api/provision/buffer-stores/{id}'>;
export type BufferLevel = ApiData<'/api/provision/buffer-stores/{id}/levels/{articleId}', 'put'>;
export type RefillProposal = ApiData<'/api/provision/buffer-proposals/{id}/accept', 'post'>;
export const REPORT_TYPES = allOf<ReportType>()(['faultReport', 'deviation', 'lostDevice']);

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
