import type { Role } from '../../administration/schema.ts';

/** Who handles pick-ups on site: technicians (who may also deregister), the warehouse's drivers, customer service on the phone. */
export const PICK_UP_STAFF = ['technician', 'warehouse', 'customerService'] as const satisfies readonly Role[];
/** Who follows up a unit missing at pick-up and closes the investigation (found, or written off). */
export const INVESTIGATORS = ['customerService', 'warehouse'] as const satisfies readonly Role[];
