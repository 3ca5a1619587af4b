import { AppError } from '../../platform/errors.ts';
import type { UnitStatus } from '../schema.ts';

/**
 * The unit (individ) state machine of DOMAIN.md §4 as a declared transition table:
 * new in stock → reserved → on patient (holding) → pick-up ordered → returned → reconditioning →
 * in stock (reconditioned) → reserved …; end state scrapped (loss by report | loss after investigation |
 * worn out). A unit lost "by report" may come back onto the patient within the re-registration period.
 */
export const unitTransitions: Record<UnitStatus, readonly UnitStatus[]> = {
  newInStock: ['reserved', 'onPatient', 'scrapped', 'inBufferStore'],
  reconditionedInStock: ['reserved', 'onPatient', 'scrapped', 'inBufferStore'],
  // Released reservations go back to the stock status the unit had.
  reserved: ['onPatient', 'newInStock', 'reconditionedInStock', 'scrapped'],
  // → returned: a unit missing at pick-up that the investigation found and picked up (pickups/).
  onPatient: ['pickUpOrdered', 'scrapped', 'returned'],
  pickUpOrdered: ['returned', 'onPatient', 'scrapped'],
  // → pickUpOrdered: the pick-up undone the same day by the one who recorded it (pickups/undo).
  returned: ['inReconditioning', 'scrapped', 'pickUpOrdered'],
  inReconditioning: ['reconditionedInStock', 'scrapped'],
  scrapped: ['onPatient'],
  // A buffer withdrawal registers it on the patient; it may also be taken back to a warehouse.
  inBufferStore: ['onPatient', 'newInStock', 'reconditionedInStock', 'scrapped'],
};

export const inStockStatuses = ['newInStock', 'reconditionedInStock'] as const satisfies readonly UnitStatus[];

export const unitStatusLabels: Record<UnitStatus, string> = {
  newInStock: 'ny i lager',
  reserved: 'reserverad',
  onPatient: 'hos brukare',
  pickUpOrdered: 'hämtorder registrerad',
  returned: 'återlämnad',
  inReconditioning: 'under rekonditionering',
  reconditionedInStock: 'i lager (rekonditionerad)',
  scrapped: 'avskriven',
  inBufferStore: 'i buffertförråd',
};

export function canUnitTransition(from: UnitStatus, to: UnitStatus): boolean {
  return unitTransitions[from].includes(to);
}

export function assertUnitTransition(unitNumber: string, from: UnitStatus, to: UnitStatus) {
  if (!canUnitTransition(from, to)) {
    throw new AppError('INVALID_TRANSITION', `Individ ${unitNumber} är ${unitStatusLabels[from]} och kan inte bli ${unitStatusLabels[to]}`);
  }
}

/** The stock status a unit returns to when its reservation is released. */
export const stockStatusOf = (u: { reconditionCount: number }): UnitStatus => (u.reconditionCount > 0 ? 'reconditionedInStock' : 'newInStock');
