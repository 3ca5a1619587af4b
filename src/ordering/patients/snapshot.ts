import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { patient } from '../schema.ts';
import { patientDirectory } from './configured-directory.ts';
import { DirectoryUnavailable, type DirectoryPatient } from './directory.ts';

/** The directory's answer, or the clear 503 when it cannot be asked. Logs the reason, never the number. */
export async function askDirectory(
  ctx: Ctx,
  identifier12: string,
  patientRef: string | null,
  /** The embedded register must be read in the caller's transaction when there is one (PGlite has one connection). */
  db: DbOrTx = ctx.db,
): Promise<DirectoryPatient | null> {
  try {
    return await patientDirectory(ctx, db).find(identifier12);
  } catch (err) {
    if (err instanceof DirectoryUnavailable) {
      ctx.log.warn({ reason: err.reason, error: err.message, patientRef }, 'patient directory unavailable');
      throw new AppError('PATIENT_DIRECTORY_UNAVAILABLE');
    }
    throw err;
  }
}

/** Inserts or refreshes the patient's snapshot from the directory; a protected identity keeps no address. */
export async function upsertSnapshot(tx: DbOrTx, now: Date, p: DirectoryPatient): Promise<string> {
  const address = p.protectedIdentity ? null : p.address;
  const values = {
    kind: p.kind,
    firstName: p.firstName,
    lastName: p.lastName,
    protectedIdentity: p.protectedIdentity,
    homeMunicipalityCode: p.homeMunicipality?.code ?? null,
    homeMunicipalityName: p.homeMunicipality?.name ?? null,
    street: address?.street ?? null,
    postalCode: address?.postalCode ?? null,
    city: address?.city ?? null,
    refreshedAt: now,
  };
  const [row] = await tx
    .insert(patient)
    .values({ identifier: p.identifier, ...values })
    .onConflictDoUpdate({ target: patient.identifier, set: values })
    .returning({ id: patient.id });
  return row!.id;
}
