// The technician's work orders (arbetsorder). Types are the schema's.
import { apiGet as get, apiSend as send } from '../../api.ts';
import type { ApiBody, ApiData } from '../../api/client.ts';
import { allOf, type CancelReason } from '../../api/types.ts';

export type WorkOrder = ApiData<'/api/provision/work-orders/{id}'>;
export type WorkOrderState = WorkOrder['state'];
export type StepResult = ApiData<'/api/provision/work-orders/{id}/start', 'post'>;
/** A work order on the unit card. The route's schema gives these only as records, so the fields read are named here. */
export interface UnitWorkOrder {
  orderId: string;
  centreOrderNumber: string;
  typeSv: string;
  typeEn: string;
  state: WorkOrderState;
  receivedAt: string;
  doneAt: string | null;
  minutesSpent: number | null;
  notes: string | null;
}
export const WORK_ORDER_STATES = allOf<WorkOrderState>()(['received', 'booked', 'started', 'riskAnalysed', 'awaitingApproval', 'approved', 'stopped', 'manufacturing', 'done', 'closed', 'cancelled']);
/** The reasons the centre cancels a work order for (the centre never changes its type). */
export type WorkOrderCancelReason = ApiBody<'/api/provision/work-orders/{id}/cancel', 'post'>['reason'];
export const WORK_ORDER_CANCEL_REASONS = allOf<WorkOrderCancelReason>()(['wrongWorkOrderType', 'patientUnreachable', 'missingDocuments', 'requestedByCustomer', 'other']);

const path = (id: string, step = '') => `/api/provision/work-orders/${encodeURIComponent(id)}${step ? `/${step}` : ''}`;

export const workOrderApi = {
  get: (id: string, signal?: AbortSignal) => get<WorkOrder>(path(id), undefined, signal),
  book: (id: string, input: { version: number; bookedFor: string; technician?: string | null }) => send<StepResult>('POST', path(id, 'book'), input),
  start: (id: string, input: { version: number }) => send<StepResult>('POST', path(id, 'start'), input),
  done: (id: string, input: { version: number; notes: string; minutesSpent: number; material: { articleNumber: string; quantity: number; warehouseId?: string | null }[] }) =>
    send<StepResult>('POST', path(id, 'done'), input),
  close: (id: string, input: { version: number }) => send<StepResult>('POST', path(id, 'close'), input),
  cancel: (id: string, input: { version: number; reason: WorkOrderCancelReason; comment?: string | null }) => send<StepResult>('POST', path(id, 'cancel'), input),
  riskAnalysis: (id: string, input: { version: number; riskAnalysis: string }) => send<StepResult>('POST', path(id, 'risk-analysis'), input),
  quote: (id: string, input: { version: number; amount: number; text: string }) => send<StepResult>('POST', path(id, 'quote'), input),
  ceQuestion: (id: string, input: { version: number; question: string; answer?: string | null }) => send<StepResult>('POST', path(id, 'ce-question'), input),
};

export const workOrderHref = (orderId: string) => `/hmc/arbetsorder/${orderId}`;
