import type { CareProviderPatients } from '../ordering/patients/patient-gate.ts';
import { careProvidersHavePatient } from '../provision/orders/orders-for-ordering-systems.ts';

/**
 * The ordering side's patient gate asks, for a system client, whether the patient is its care provider's; the
 * centre knows (it has every care provider's orders, whichever system sent them). The facade joins the two
 * sides here, as the composition root joins them for the contract's ports.
 */
export const careProviderPatients: CareProviderPatients = {
  has: (ctx, identifier, careProviderIds) => careProvidersHavePatient(ctx.db, identifier, careProviderIds),
};
