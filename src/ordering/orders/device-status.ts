import { defaultWorkOrderTypes, type OrderType } from '../../contract/index.ts';
import type { LineStatus } from './schema.ts';

/**
 * What the patient's device list says about a unit (issue 16 item 10), from what the ordering side knows: the
 * open orders that name the unit on a line, and the centre's confirmations on them. One status per unit, the
 * one that matters most to the prescriber first (a pick-up ordered outweighs a repair under way).
 */
export const deviceStatuses = [
  'onLoan',
  'purchased',
  // The centre's inspection failed it (contract event unitFailedInspection): out of use until repaired or replaced.
  'failedInspection',
  'workOrderOrdered',
  'faultReported',
  'inRepair',
  'reportedLost',
  'deinstallationOrdered',
  'pickUpOrdered',
  'pickedUp',
] as const;
export type DeviceStatus = (typeof deviceStatuses)[number];

/** An open order's line that names a unit, as the device list reads it. */
export interface OpenUnitLine {
  unitNumber: string;
  orderId: string;
  orderType: OrderType;
  lineStatus: LineStatus;
  workOrderTypeCode: string | null;
  /** The centre has confirmed the work started (workOrderStarted). */
  started: boolean;
}

// Later in the list = more important.
const RANK: Record<DeviceStatus, number> = Object.fromEntries(deviceStatuses.map((s, i) => [s, i])) as Record<DeviceStatus, number>;

/** Line states that no longer say anything about the unit's present (the line is finished or withdrawn). */
export const CLOSED_LINE_STATES: readonly LineStatus[] = ['draft', 'cancelled', 'done', 'deregistered', 'delivered'];

function statusOfLine(l: OpenUnitLine): DeviceStatus | null {
  if (CLOSED_LINE_STATES.includes(l.lineStatus)) return null;
  switch (l.orderType) {
    case 'pickUp':
      return l.lineStatus === 'pickedUp' ? 'pickedUp' : 'pickUpOrdered';
    case 'lostDevice':
      return 'reportedLost';
    case 'workOrder': {
      // The flags are the code's, not the region's: a region renames a type and changes its limits, never its kind.
      const type = defaultWorkOrderTypes.find((t) => t.code === l.workOrderTypeCode);
      if (type?.endsHolding) return 'deinstallationOrdered';
      if (type?.repair) return l.started ? 'inRepair' : 'faultReported';
      return 'workOrderOrdered';
    }
    default:
      return null;
  }
}

/**
 * The unit's status and the order it comes from (null for a unit with nothing open): the most important of its
 * open lines, else on loan (or bought, for a unit sold to the patient).
 */
export function deviceStatus(
  device: { unitNumber: string; chargingForm: string | null; failedInspectionOn?: string | null },
  lines: readonly OpenUnitLine[],
): { status: DeviceStatus; statusOrderId: string | null } {
  let best: { status: DeviceStatus; statusOrderId: string | null } = {
    status: device.failedInspectionOn ? 'failedInspection' : device.chargingForm === 'sale' ? 'purchased' : 'onLoan',
    statusOrderId: null,
  };
  for (const l of lines) {
    if (l.unitNumber !== device.unitNumber) continue;
    const s = statusOfLine(l);
    if (s && RANK[s] > RANK[best.status]) best = { status: s, statusOrderId: l.orderId };
  }
  return best;
}
