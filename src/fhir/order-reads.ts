import { auditingRefusals } from '../ordering/patients/access.ts';
import { openOrderPatients, openPatientRecord, patientIdsByIdentifier } from '../ordering/patients/patient-gate.ts';
import {
  orderedLines,
  unitOnPatient,
  unitsOfPatient,
  type OrderedLine,
  type OrderedLineQuery,
  type ProvisionLineState,
} from '../provision/orders/orders-for-ordering-systems.ts';
import { requireRole, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { careProviderPatients } from './care-provider-patients.ts';
import { isoCodesOf, toDevice } from './device.ts';
import { statesOfStatus, toDeviceRequest } from './device-request.ts';
import { UUID } from './ids.ts';
import { FHIR_USERS } from './roles.ts';
import { statesOfTaskStatus, toTask } from './task.ts';
import type { FhirResource } from './types.ts';

/**
 * The reads of DeviceRequest, Task and Device. Each runs in one transaction: the centre's record (the provision
 * side's exported reads, scoped to the caller's customers or care providers) and the ordering side's patient gate
 * with its audit rows, so that what is read and its record commit together (DESIGN principle 4). A refused read
 * of one resource is recorded after the transaction rolls back (auditingRefusals).
 */

const notFound = (what: string) => new AppError('NOT_FOUND', `${what} finns inte, eller ligger utanför er behörighet`);

interface LineSearch {
  /** Patient/{id} of the ordering side. */
  patientId?: string | undefined;
  states?: readonly ProvisionLineState[] | undefined;
  lineIds?: readonly string[] | undefined;
  orderNumber?: string | undefined;
  count: number;
}

/**
 * The lines the caller may see with the patient id of each: by patient (the patient gate once), or otherwise each
 * order's own gate (the web's author-or-care-relationship rule); `one` refuses a line whose patient the caller may
 * not see instead of leaving it out.
 */
function lines(ctx: Ctx, q: LineSearch, one: boolean): Promise<{ line: OrderedLine; patientId: string | null }[]> {
  const actor = requireRole(ctx, ...FHIR_USERS);
  return auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      const inTx: Ctx = { ...ctx, db: tx };
      const query: OrderedLineQuery = {
        limit: q.count,
        ...(q.states ? { states: q.states } : {}),
        ...(q.lineIds ? { lineIds: q.lineIds } : {}),
        ...(q.orderNumber !== undefined ? { orderNumber: q.orderNumber } : {}),
      };
      if (q.patientId) {
        if (!UUID.test(q.patientId)) return [];
        const { identifier } = await openPatientRecord(inTx, tx, q.patientId, 'order', careProviderPatients);
        const found = await orderedLines(inTx, { ...query, patientIdentifier: identifier });
        return found.map((line) => ({ line, patientId: q.patientId! }));
      }
      const found = await orderedLines(inTx, query);
      const { visible, refused } = await openOrderPatients(
        inTx,
        tx,
        found.map((l) => ({
          orderId: l.orderId,
          careProviderId: l.careProviderId,
          patientIdentifier: l.patientIdentifier,
          placedByCaller: l.orderedByUserId === actor.userId,
        })),
        'order',
      );
      if (one && refused.length) throw refused[0]!;
      return found.flatMap((line) => {
        const v = visible.get(line.orderId);
        return v ? [{ line, patientId: v.patientId }] : [];
      });
    }),
  );
}

async function oneLine(ctx: Ctx, id: string, what: string) {
  if (!UUID.test(id)) throw notFound(what);
  const [found] = await lines(ctx, { lineIds: [id], count: 1 }, true);
  if (!found) throw notFound(what);
  return found;
}

/** GET /fhir/R4/DeviceRequest/{id}. */
export async function readDeviceRequest(ctx: Ctx, id: string): Promise<FhirResource> {
  const { line, patientId } = await oneLine(ctx, id, 'Beställningsraden');
  return toDeviceRequest(line, patientId);
}

export interface DeviceRequestSearch {
  patientId?: string | undefined;
  /** DeviceRequest statuses (active, completed, revoked): any of them. */
  statuses?: readonly string[] | undefined;
  orderNumber?: string | undefined;
  lineIds?: readonly string[] | undefined;
  count: number;
}

const statesFor = (statuses: readonly string[] | undefined, table: Record<string, readonly ProvisionLineState[]>) =>
  statuses ? [...new Set(statuses.flatMap((s) => table[s] ?? []))] : undefined;

/** GET /fhir/R4/DeviceRequest?patient=…&status=…&identifier=…. */
export async function searchDeviceRequests(ctx: Ctx, q: DeviceRequestSearch): Promise<FhirResource[]> {
  const found = await lines(ctx, { ...q, states: statesFor(q.statuses, statesOfStatus) }, false);
  return found.map(({ line, patientId }) => toDeviceRequest(line, patientId));
}

/** GET /fhir/R4/Task/{id}: the centre's work on the DeviceRequest with the same id. */
export async function readTask(ctx: Ctx, id: string): Promise<FhirResource> {
  const { line, patientId } = await oneLine(ctx, id, 'Uppgiften');
  return toTask(line, patientId);
}

export interface TaskSearch {
  /** DeviceRequest ids the tasks are about (focus). */
  focus?: readonly string[] | undefined;
  patientId?: string | undefined;
  statuses?: readonly string[] | undefined;
  count: number;
}

/** GET /fhir/R4/Task?focus=DeviceRequest/…&patient=…&status=…. */
export async function searchTasks(ctx: Ctx, q: TaskSearch): Promise<FhirResource[]> {
  const focus = q.focus?.filter((id) => UUID.test(id));
  const found = await lines(
    ctx,
    {
      patientId: q.patientId,
      states: statesFor(q.statuses, statesOfTaskStatus as Record<string, readonly ProvisionLineState[]>),
      lineIds: focus,
      count: q.count,
    },
    false,
  );
  return found.map(({ line, patientId }) => toTask(line, patientId)).filter((t) => !q.statuses || q.statuses.includes(t.status as string));
}

/** GET /fhir/R4/Device?patient=…: the patient's device list (current units first), behind the patient gate. */
export function searchDevices(ctx: Ctx, q: { patientId: string; count: number }): Promise<FhirResource[]> {
  requireRole(ctx, ...FHIR_USERS);
  if (!UUID.test(q.patientId)) return Promise.resolve([]);
  return auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      const inTx: Ctx = { ...ctx, db: tx };
      const { identifier } = await openPatientRecord(inTx, tx, q.patientId, 'device-overview', careProviderPatients);
      const units = (await unitsOfPatient(inTx, identifier)).slice(0, q.count);
      const iso = await isoCodesOf(tx, units);
      return units.map((u) => toDevice(u, q.patientId, iso.get(u.articleId) ?? null));
    }),
  );
}

/** GET /fhir/R4/Device/{unit number}: a unit a patient of the caller's care provider holds or held, behind that patient's gate. */
export function readDevice(ctx: Ctx, unitNumber: string): Promise<FhirResource> {
  requireRole(ctx, ...FHIR_USERS);
  return auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      const inTx: Ctx = { ...ctx, db: tx };
      const unit = await unitOnPatient(inTx, unitNumber);
      if (!unit) throw notFound('Individen');
      const patientId = (await patientIdsByIdentifier(tx, [unit.patientIdentifier])).get(unit.patientIdentifier) ?? null;
      if (!patientId) throw notFound('Individen');
      await openPatientRecord(inTx, tx, patientId, 'device-overview', careProviderPatients);
      const iso = await isoCodesOf(tx, [unit]);
      return toDevice(unit, patientId, iso.get(unit.articleId) ?? null);
    }),
  );
}
