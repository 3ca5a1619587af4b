import type { OrderType } from '../../contract/matrix.ts';
import { AppError } from '../../platform/errors.ts';
import type { ProvisionLineState } from '../schema.ts';

/**
 * The order-line state machines (DOMAIN §4), one declared transition table per order type. A line enters
 * 'received' at intake (the ordering side registered it); `delayed(newDate)` is an event, not a state.
 * Pick-ups, work orders and reports get their full tables from their features; until then their lines
 * can only be received and cancelled (or closed as done).
 */
export type TransitionTable = Partial<Record<ProvisionLineState, readonly ProvisionLineState[]>>;

const customerOrder: TransitionTable = {
  received: ['orderedFromSupplier', 'inAdaptation', 'delivered', 'cancelled'],
  orderedFromSupplier: ['inAdaptation', 'delivered', 'cancelled'],
  inAdaptation: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: [],
};

const minimal: TransitionTable = {
  received: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

export const lineTransitions: Record<OrderType, TransitionTable> = {
  customerOrder,
  bufferWithdrawal: minimal,
  pickUp: minimal,
  workOrder: minimal,
  lostDevice: minimal,
  faultReport: minimal,
  deviation: minimal,
};

/** Lines in these states are finished: no queue shows them, the due-date job ignores them. */
export const closedLineStates = ['delivered', 'cancelled', 'done'] as const satisfies readonly ProvisionLineState[];
export const isClosed = (s: ProvisionLineState) => (closedLineStates as readonly string[]).includes(s);

/** SQL list for `state not in (...)`: the open lines. */
export const CLOSED_STATES_SQL = `('delivered', 'cancelled', 'done')`;

export function canTransition(type: OrderType, from: ProvisionLineState, to: ProvisionLineState): boolean {
  return lineTransitions[type][from]?.includes(to) ?? false;
}

/** Registers a feature's own table for an order type (pick-ups, work orders …), replacing the minimal one. */
export function declareLineTransitions(type: OrderType, table: TransitionTable) {
  lineTransitions[type] = table;
}

export const lineStateLabels: Record<ProvisionLineState, string> = {
  received: 'mottagen',
  orderedFromSupplier: 'beställd från leverantör',
  inAdaptation: 'under anpassning',
  delivered: 'levererad',
  cancelled: 'makulerad',
  booked: 'bokad',
  started: 'påbörjad',
  pickedUp: 'hämtad',
  done: 'klar',
};

export function assertTransition(type: OrderType, from: ProvisionLineState, to: ProvisionLineState, lineNumber: number) {
  if (!canTransition(type, from, to)) {
    throw new AppError('INVALID_TRANSITION', `Rad ${lineNumber} är ${lineStateLabels[from]} och kan inte bli ${lineStateLabels[to]}`);
  }
}
