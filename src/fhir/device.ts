import { articleFactsById } from '../catalogue/articles/articles-by-number.ts';
import type { PatientUnit } from '../provision/orders/orders-for-ordering-systems.ts';
import { ISO_9999_SYSTEM, UNIT_NUMBER_SYSTEM } from './systems.ts';
import type { FhirResource } from './types.ts';
import type { DbOrTx } from '../platform/db/client.ts';

/**
 * Device: a unit (individ) on a patient's device list as the centre confirmed it — the units the patient holds
 * (status active) or held (inactive) at the customers of the caller's care provider, whichever system ordered
 * them. Its id is the unit number (U-000123), which the Task of the delivering order line names too.
 */
export function toDevice(u: PatientUnit, patientId: string | null, isoCode: string | null): FhirResource {
  return {
    resourceType: 'Device',
    id: u.unitNumber,
    identifier: [{ use: 'official', system: UNIT_NUMBER_SYSTEM, value: u.unitNumber }],
    definition: { reference: `DeviceDefinition/${u.articleId}`, display: u.articleName },
    status: u.toDate === null ? 'active' : 'inactive',
    ...(u.serialNumber ? { serialNumber: u.serialNumber } : {}),
    deviceName: [{ name: u.articleName, type: 'user-friendly-name' }],
    ...(isoCode ? { type: { coding: [{ system: ISO_9999_SYSTEM, code: isoCode }] } } : {}),
    ...(patientId ? { patient: { reference: `Patient/${patientId}` } } : {}),
    owner: { reference: `Organization/${u.customerId}` },
    note: [
      {
        text: u.toDate === null ? `Hos patienten sedan ${u.fromDate}` : `Hos patienten ${u.fromDate}–${u.toDate}${u.endReason ? ` (${u.endReason})` : ''}`,
      },
    ],
  };
}

/** The ISO 9999 codes of the units' articles, from the article register. */
export async function isoCodesOf(db: DbOrTx, units: readonly PatientUnit[]): Promise<Map<string, string | null>> {
  const facts = await articleFactsById(
    db,
    units.map((u) => u.articleId),
  );
  return new Map([...facts].map(([id, f]) => [id, f.isoCode]));
}
