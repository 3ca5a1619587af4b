import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { PatientDirectory } from './directory.ts';
import { EmbeddedPatientDirectory } from './embedded-directory.ts';
import { FhirPatientDirectory } from './fhir-directory.ts';

/** The directory configured for this installation (BISTA_PATIENT_DIRECTORY, BISTA_FHIR_BASE_URL). */
export function patientDirectory(ctx: Pick<Ctx, 'config' | 'db'>, db: DbOrTx = ctx.db): PatientDirectory {
  const c = ctx.config.patientDirectory;
  if (c.kind === 'fhir') return new FhirPatientDirectory({ baseUrl: c.baseUrl, timeoutMs: c.timeoutMs });
  return new EmbeddedPatientDirectory(db);
}
