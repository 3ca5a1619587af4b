// Names for the technician's work orders' (arbetsorder) API types, all the schema's.
import type { ApiBody, ApiData } from '../../api/client.ts';
import { allOf } from '../../api/types.ts';

export type WorkOrder = ApiData<'/api/provision/work-orders/{id}'>;
export type WorkOrderState = WorkOrder['state'];
export const WORK_ORDER_STATES = allOf<WorkOrderState>()([
  'received',
  'booked',
  'started',
  'riskAnalysed',
  'awaitingApproval',
  'approved',
  'stopped',
  'manufacturing',
  'done',
  'closed',
  'cancelled',
]);
/** The reasons the centre cancels a work order for (the centre never changes its type). */
export type WorkOrderCancelReason = ApiBody<'/api/provision/work-orders/{id}/cancel', 'post'>['reason'];
export const WORK_ORDER_CANCEL_REASONS = allOf<WorkOrderCancelReason>()([
  'wrongWorkOrderType',
  'patientUnreachable',
  'missingDocuments',
  'requestedByCustomer',
  'other',
]);

export const workOrderHref = (orderId: string) => `/hmc/arbetsorder/${orderId}`;
