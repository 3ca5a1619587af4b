// Names for the centre's (provision side's) API types, all the schema's, and the lists its forms offer.
import type { ApiData } from '../../api/client.ts';
import { allOf, type CancelReason, type Role } from '../../api/types.ts';

/** The order as the centre reads it (`orderedBy` and `delivery` are records: read them with provision-format's readers). */
export type CentreOrder = ApiData<'/api/provision/orders/{id}'>;
export type ProvisionQueue = CentreOrder['queue'];
export const PROVISION_QUEUES = allOf<ProvisionQueue>()(['customerService', 'warehouse', 'technician', 'consultant']);
export type QueueItem = ApiData<'/api/provision/queues/{queue}'>['items'][number];
export type OrderLine = CentreOrder['lines'][number];
export type LineState = OrderLine['state'];
export type UnitCard = ApiData<'/api/provision/units/{id}'>;
export type UnitSummary = UnitCard['unit'];
export type Holding = UnitCard['holdings'][number];
export type Suggestions = ApiData<'/api/provision/lines/{id}/suggestions'>;
export type Warehouse = ApiData<'/api/provision/warehouses'>[number];
export type StockRow = ApiData<'/api/provision/stock'>[number];
export type UnitStatus = UnitSummary['status'];
export type WriteOffCode = NonNullable<UnitSummary['writeOffCode']>;
export const UNIT_STATUSES = allOf<UnitStatus>()([
  'newInStock',
  'reserved',
  'onPatient',
  'pickUpOrdered',
  'returned',
  'inReconditioning',
  'reconditionedInStock',
  'scrapped',
  'inBufferStore',
]);
export const WRITE_OFF_CODES = allOf<WriteOffCode>()(['lossByReport', 'lossAfterInvestigation', 'wornOut']);
export const CENTRE_CANCEL_REASONS = [
  'requestedByCustomer',
  'nobodyHome',
  'articleUnavailable',
  'patientUnreachable',
  'other',
] as const satisfies readonly CancelReason[];

/** The queue a role works; customer service may open every queue. */
export function queuesFor(roles: readonly Role[]): ProvisionQueue[] {
  if (roles.includes('customerService')) return [...PROVISION_QUEUES];
  return PROVISION_QUEUES.filter((q) => q !== 'customerService' && roles.includes(q));
}
