import { AppError } from '../../platform/errors.ts';
import { declareLineTransitions } from '../orders/line-states.ts';
import type { ProvisionLineState } from '../schema.ts';
import type { WorkOrderState } from './schema.ts';

/**
 * The work order's state machine (DOMAIN §4): registered (on the ordering side) → received → booked →
 * started → done → closed, exit cancelled(reason). Special adaptation inserts risk analysis → quote →
 * awaiting approval → approved / stopped (by the cost-responsible) → manufacture before done.
 *
 * Assumptions written down: the quote is optional (the prescriber did not ask for one): after the risk
 * analysis the technician may go straight to manufacture, and there is then nothing for the
 * cost-responsible to approve. A time may be booked (and re-booked) before the work starts, and for a
 * special adaptation also after the risk analysis and after approval (the fitting); booking changes the
 * state only from 'received'. 'Closed' is the centre's own last step (checked, ready for billing); the
 * ordering side already heard 'done'.
 */
export type Table = Partial<Record<WorkOrderState, readonly WorkOrderState[]>>;

const standard: Table = {
  received: ['booked', 'started', 'cancelled'],
  booked: ['booked', 'started', 'cancelled'],
  started: ['done', 'cancelled'],
  done: ['closed'],
  closed: [],
  cancelled: [],
};

const specialAdaptation: Table = {
  received: ['booked', 'riskAnalysed', 'cancelled'],
  booked: ['booked', 'riskAnalysed', 'cancelled'],
  riskAnalysed: ['riskAnalysed', 'awaitingApproval', 'manufacturing', 'cancelled'],
  awaitingApproval: ['approved', 'stopped', 'cancelled'],
  approved: ['manufacturing', 'cancelled'],
  manufacturing: ['done', 'cancelled'],
  stopped: [],
  done: ['closed'],
  closed: [],
  cancelled: [],
};

export const tableFor = (special: boolean): Table => (special ? specialAdaptation : standard);

export function canMove(special: boolean, from: WorkOrderState, to: WorkOrderState): boolean {
  return tableFor(special)[from]?.includes(to) ?? false;
}

/** States in which a time may be booked (or re-booked). */
export function canBook(special: boolean, s: WorkOrderState): boolean {
  return s === 'received' || s === 'booked' || (special && (s === 'riskAnalysed' || s === 'approved'));
}

export const isFinished = (s: WorkOrderState) => s === 'done' || s === 'closed' || s === 'cancelled' || s === 'stopped';

export const workOrderStateLabels: Record<WorkOrderState, string> = {
  received: 'mottagen',
  booked: 'bokad',
  started: 'påbörjad',
  riskAnalysed: 'riskanalyserad',
  awaitingApproval: 'väntar på godkännande av offert',
  approved: 'offert godkänd',
  stopped: 'stoppad av kostnadsansvarig',
  manufacturing: 'under tillverkning',
  done: 'utförd',
  closed: 'avslutad',
  cancelled: 'makulerad',
};

export function assertMove(special: boolean, from: WorkOrderState, to: WorkOrderState) {
  if (!canMove(special, from, to)) {
    throw new AppError('INVALID_TRANSITION', `Arbetsordern är ${workOrderStateLabels[from]} och kan inte bli ${workOrderStateLabels[to]}`);
  }
}

/** The order line's state that goes with the work order's (queues and due dates read the lines). */
export function lineStateFor(s: WorkOrderState): ProvisionLineState {
  switch (s) {
    case 'received':
      return 'received';
    case 'booked':
      return 'booked';
    case 'riskAnalysed':
    case 'awaitingApproval':
    case 'approved':
      return 'inAdaptation';
    case 'started':
    case 'manufacturing':
      return 'started';
    case 'done':
    case 'closed':
      return 'done';
    case 'stopped':
    case 'cancelled':
      return 'cancelled';
  }
}

// The work-order lines' own table, replacing the minimal one (orders/line-states.ts).
declareLineTransitions('workOrder', {
  received: ['booked', 'inAdaptation', 'started', 'cancelled'],
  booked: ['inAdaptation', 'started', 'cancelled'],
  inAdaptation: ['started', 'cancelled'],
  started: ['done', 'cancelled'],
  done: [],
  cancelled: [],
});
