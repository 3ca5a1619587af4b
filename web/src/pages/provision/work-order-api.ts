// The technician's work orders (arbetsorder). Types mirror src/provision/work-orders (get-work-order.ts).
import { apiGet as get, apiSend as send } from '../../api.ts';
import type { CancelReason } from '../../../../src/contract/matrix.ts';

export const WORK_ORDER_STATES = ['received', 'booked', 'started', 'riskAnalysed', 'awaitingApproval', 'approved', 'stopped', 'manufacturing', 'done', 'closed', 'cancelled'] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];
/** The reasons the centre cancels a work order for (the centre never changes its type). */
export const WORK_ORDER_CANCEL_REASONS = ['wrongWorkOrderType', 'patientUnreachable', 'missingDocuments', 'requestedByCustomer', 'other'] as const satisfies readonly CancelReason[];
export type WorkOrderCancelReason = (typeof WORK_ORDER_CANCEL_REASONS)[number];

export interface WorkOrder {
  orderId: string;
  centreOrderNumber: string;
  orderNumber: string;
  typeCode: string;
  typeSv: string;
  typeEn: string;
  specialAdaptation: boolean;
  urgent: boolean;
  state: WorkOrderState;
  version: number;
  customerNumber: string;
  customerName: string;
  orderedBy: { name: string; phone: string | null; profession: string | null };
  contact: { name: string; phone: string } | null;
  description: string;
  preferredDate: string | null;
  messageToCentre: string | null;
  attachments: { kind: string; fileName: string }[];
  receivedAt: string;
  startBy: string | null;
  doneBy: string | null;
  dueAt: string | null;
  startOverdue: boolean;
  doneOverdue: boolean;
  patient: {
    firstName: string;
    lastName: string;
    identifier: string;
    protectedIdentity: boolean;
    address: { careOf: string | null; street: string; postalCode: string; city: string } | null;
  } | null;
  units: { lineId: string; lineNumber: number; unitNumber: string | null; unitId: string | null; articleName: string | null; state: string; note: string | null }[];
  bookedFor: string | null;
  technician: string | null;
  startedAt: string | null;
  doneAt: string | null;
  notes: string | null;
  minutesSpent: number | null;
  closedAt: string | null;
  cancelReason: CancelReason | null;
  cancelComment: string | null;
  riskAnalysis: string | null;
  riskAnalysedAt: string | null;
  riskAnalysedBy: string | null;
  quote: { amount: number; text: string; sentAt: string } | null;
  quoteAnswer: { approved: boolean; by: string; comment: string | null; at: string } | null;
  ceQuestion: string | null;
  ceAnswer: string | null;
  material: { articleNumber: string; articleName: string; quantity: number; unitTracked: boolean; warehouseName: string | null }[];
  allowed: { book: boolean; start: boolean; done: boolean; close: boolean; cancel: boolean; riskAnalysis: boolean; quote: boolean; ceQuestion: boolean };
  history: { type: string; at: string; actorLabel: string | null; data: Record<string, unknown> | null; sent: boolean | null }[];
}

export interface StepResult {
  orderId: string;
  state: WorkOrderState;
  version: number;
}

export interface UnitWorkOrder {
  orderId: string;
  centreOrderNumber: string;
  typeCode: string;
  typeSv: string;
  typeEn: string;
  state: WorkOrderState;
  receivedAt: string;
  doneAt: string | null;
  minutesSpent: number | null;
  notes: string | null;
  technician: string | null;
}

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
