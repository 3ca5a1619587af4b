import type { OrderType } from '../../contract/matrix.ts';
import type { ProvisionQueue } from '../schema.ts';

/**
 * Which work queue handles an order, besides customer service (whose queue shows every open order).
 * Data, so a region can move a type: warehouse fills and collects, technicians do work orders,
 * consultants do fittings and products outside the assortment, customer service handles reports.
 */
export const queueByOrderType: Record<OrderType, ProvisionQueue> = {
  customerOrder: 'warehouse',
  bufferWithdrawal: 'warehouse',
  pickUp: 'warehouse',
  workOrder: 'technician',
  lostDevice: 'customerService',
  faultReport: 'customerService',
  deviation: 'customerService',
};

export const queueByWorkOrderType: Record<string, ProvisionQueue> = {
  consultation: 'consultant',
  consultationUrgent: 'consultant',
  outsideAssortment: 'consultant',
};

export function queueFor(orderType: OrderType, workOrderTypeCode: string | null | undefined): ProvisionQueue {
  if (orderType === 'workOrder' && workOrderTypeCode && queueByWorkOrderType[workOrderTypeCode]) return queueByWorkOrderType[workOrderTypeCode]!;
  return queueByOrderType[orderType];
}
