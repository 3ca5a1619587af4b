// Pick-ups, investigations, reconditioning and buffer withdrawals at the centre. Types are the schema's.
import { apiGet as get, apiSend as send, type Role } from '../../api.ts';
import type { ApiData } from '../../api/client.ts';
import { allOf } from '../../api/types.ts';
import type { UnitSummary } from './provision-api.ts';

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
type StepResult = ApiData<'/api/provision/lines/{id}/picked-up', 'post'>;

const enc = encodeURIComponent;

export const pickUpApi = {
  orderPickUps: (orderId: string, signal?: AbortSignal) => get<{ orderId: string; lines: PickUpLine[] }>(`/api/provision/orders/${enc(orderId)}/pick-ups`, undefined, signal),
  pickedUp: (lineId: string, input: { version: number; pickedUpOn?: string; deregister?: boolean }) => send<StepResult>('POST', `/api/provision/lines/${enc(lineId)}/picked-up`, input),
  deregister: (lineId: string, input: { version: number; deregisteredOn?: string }) => send<StepResult>('POST', `/api/provision/lines/${enc(lineId)}/deregister`, input),
  unitMissing: (lineId: string, input: { version: number; comment?: string | null }) => send<StepResult>('POST', `/api/provision/lines/${enc(lineId)}/unit-missing`, input),
  investigations: (state: InvestigationState | null, signal?: AbortSignal) => get<Investigation[]>('/api/provision/investigations', { state: state ?? undefined }, signal),
  found: (id: string, input: { version: number; pickedUpOn?: string; note?: string | null }) => send<Investigation>('POST', `/api/provision/investigations/${enc(id)}/found`, input),
  writeOff: (id: string, input: { version: number; note?: string | null }) => send<Investigation>('POST', `/api/provision/investigations/${enc(id)}/write-off`, input),
  reconditioning: (signal?: AbortSignal) => get<ReconditioningUnit[]>('/api/provision/reconditioning', undefined, signal),
  startReconditioning: (unitId: string, version: number) => send<{ unit: UnitSummary }>('POST', `/api/provision/units/${enc(unitId)}/reconditioning/start`, { version }),
  finishReconditioning: (unitId: string, input: { version: number; warehouseId: string; cleaned: true; checked: true; note: string }) =>
    send<{ unit: UnitSummary }>('POST', `/api/provision/units/${enc(unitId)}/reconditioning/finish`, input),
  scrap: (unitId: string, input: { version: number; note?: string | null }) => send<{ unit: UnitSummary }>('POST', `/api/provision/units/${enc(unitId)}/reconditioning/scrap`, input),
  /** `balance`: what the store holds of an article that is not unit-tracked (null for unit-tracked articles). */
  bufferUnits: (lineId: string, signal?: AbortSignal) =>
    get<{ bufferStoreId: string | null; units: UnitSummary[]; balance: number | null }>(`/api/provision/lines/${enc(lineId)}/buffer-units`, undefined, signal),
  /** Units for a unit-tracked article, a quantity for one that is not. */
  registerWithdrawal: (lineId: string, input: { version: number } & ({ units: { unitNumber: string }[] } | { quantity: number })) =>
    send<{ lineId: string; lineVersion: number; state: string; units: { unitNumber: string }[]; quantity: number }>('POST', `/api/provision/lines/${enc(lineId)}/register-withdrawal`, input),
};
