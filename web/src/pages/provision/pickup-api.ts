// Names for the API types of pick-ups, investigations, reconditioning and buffer withdrawals at the centre (all
// the schema's), and who acts on them.
import type { ApiData } from '../../api/client.ts';
import { allOf, type Role } from '../../api/types.ts';

export type PickUpLine = ApiData<'/api/provision/orders/{id}/pick-ups'>['lines'][number];
export type Investigation = ApiData<'/api/provision/investigations'>[number];
export type InvestigationState = Investigation['state'];
export const INVESTIGATION_STATES = allOf<InvestigationState>()(['open', 'found', 'closed']);

/** Who acts on a pick-up visit, follows up missing units, reconditions and registers withdrawals (the API checks again). */
export const PICK_UP_STAFF: readonly Role[] = ['technician', 'warehouse', 'customerService'];
export const INVESTIGATORS: readonly Role[] = ['customerService', 'warehouse'];
export const RECONDITIONERS: readonly Role[] = ['warehouse', 'technician'];
export const BUFFER_STAFF: readonly Role[] = ['customerService', 'warehouse'];

export type ReconditioningUnit = ApiData<'/api/provision/reconditioning'>[number];
