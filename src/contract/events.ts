import { z } from 'zod';
import { cancelReasons } from './matrix.ts';
import { CONTRACT_VERSION } from './version.ts';

/**
 * Order events, centre → ordering side: a typed, append-only stream per order (and per line), not free
 * text (DOMAIN.md §4). `eventId` is the idempotency key; `sequence` increases per order so a receiver
 * can show the timeline in the centre's order even if deliveries were retried out of order.
 */

const str = (max: number) => z.string().trim().min(1).max(max);
const optStr = (max: number) => z.string().trim().max(max).nullable().optional();
const date = z.iso.date();
const dateTime = z.iso.datetime({ offset: true });

const base = {
  contractVersion: z.literal(CONTRACT_VERSION),
  eventId: z.uuid(),
  orderId: z.uuid(),
  /** The centre's own number for the order, for the prescriber's conversations with customer service. */
  centreOrderNumber: optStr(40),
  sequence: z.int().min(1),
  occurredAt: dateTime,
};
const lineBase = { ...base, lineId: z.uuid() };

/** A unit (individ) as the ordering side's device list needs it. */
export const deliveredUnit = z.strictObject({
  unitNumber: str(40),
  serialNumber: optStr(80),
  articleNumber: str(40),
  articleName: str(300),
  isoCode: optStr(20),
  chargingForm: z.enum(['rent', 'sale', 'saleWithReturn']).nullable().optional(),
});
export type DeliveredUnit = z.infer<typeof deliveredUnit>;

export const received = z.strictObject({
  ...base,
  type: z.literal('received'),
  dueDate: date.nullable().optional(),
  /** A buffer withdrawal registered more than 24 hours after the device was taken from the store (issue 15 item 6). */
  lateRegistration: z.boolean().optional(),
});
export const plannedDate = z.strictObject({ ...lineBase, type: z.literal('plannedDate'), plannedDate: date });
export const delayed = z.strictObject({ ...lineBase, type: z.literal('delayed'), newDate: date, reason: optStr(500) });
export const delivered = z.strictObject({
  ...lineBase,
  type: z.literal('delivered'),
  deliveredOn: date,
  quantity: z.int().min(1),
  /** Unit-tracked articles: the units delivered; each starts a holding on the patient from `deliveredOn`. */
  units: z.array(deliveredUnit).max(9999),
  /** The line still has quantity left to deliver (partial delivery). */
  partial: z.boolean(),
});
export const cancelled = z.strictObject({
  ...base,
  type: z.literal('cancelled'),
  /** The line cancelled; absent = the whole order. */
  lineId: z.uuid().nullable().optional(),
  reason: z.enum(cancelReasons),
  comment: optStr(1000),
});
export const workOrderBooked = z.strictObject({ ...base, type: z.literal('workOrderBooked'), bookedFor: dateTime, technician: optStr(200) });
export const workOrderStarted = z.strictObject({ ...base, type: z.literal('workOrderStarted') });
export const workOrderDone = z.strictObject({ ...base, type: z.literal('workOrderDone'), summary: optStr(2000) });
/** Special adaptation: the centre's quote (amount in SEK, excl. VAT) for the cost-responsible to approve or decline (message order.answerQuote). */
export const quoteSent = z.strictObject({ ...base, type: z.literal('quoteSent'), amount: z.number().min(0).max(100_000_000), text: str(4000) });
export const pickedUp = z.strictObject({ ...lineBase, type: z.literal('pickedUp'), unitNumber: str(40), pickedUpOn: date });
export const deregistered = z.strictObject({ ...lineBase, type: z.literal('deregistered'), unitNumber: str(40), until: date });
/**
 * A pick-up recorded by mistake, undone the same day: the line waits for its pick-up again and, when the
 * deregistration was undone too, the unit is back on the patient's device list (its holding runs on).
 */
export const pickUpUndone = z.strictObject({
  ...lineBase,
  type: z.literal('pickUpUndone'),
  unitNumber: str(40),
  deregistrationUndone: z.boolean(),
});
/**
 * Registered on the patient without a delivery: units of a unit-tracked article (buffer withdrawal, or
 * re-registration of a lost unit), or a quantity of an article that is not unit-tracked, taken from a
 * buffer store (`units` empty, `quantity` set).
 */
export const registeredOnPatient = z
  .strictObject({
    ...base,
    type: z.literal('registeredOnPatient'),
    lineId: z.uuid().nullable().optional(),
    since: date,
    units: z.array(deliveredUnit).max(100),
    /** How many were registered; for an article that is not unit-tracked, the only count there is. */
    quantity: z.int().min(1).max(9999).optional(),
  })
  .refine((e) => e.units.length > 0 || e.quantity !== undefined, { message: 'individer eller antal krävs', path: ['units'] });
export const writtenOff = z.strictObject({
  ...base,
  type: z.literal('writtenOff'),
  lineId: z.uuid().nullable().optional(),
  unitNumber: str(40),
  code: z.enum(['lossByReport', 'lossAfterInvestigation', 'wornOut']),
  on: date,
});
/**
 * An urgent order acknowledged by the centre (due by 08:00 the next working day, DOMAIN §4): the confirmation goes
 * back to the prescriber, with whether it came in time.
 */
export const acknowledged = z.strictObject({ ...base, type: z.literal('acknowledged'), acknowledgedAt: dateTime, inTime: z.boolean() });
/**
 * The centre's inspection (besiktning) failed a unit the patient has from this order (issue 19 item 1): it is taken out
 * of use until the centre has repaired or replaced it. The ordering side shows it on the device list and in the news.
 */
export const unitFailedInspection = z.strictObject({
  ...base,
  type: z.literal('unitFailedInspection'),
  lineId: z.uuid().nullable().optional(),
  unitNumber: str(40),
  inspectedOn: date,
  remark: str(2000),
});
/** A unit that failed an inspection is approved again (repaired where it is): back in use; the device list drops the mark. */
export const unitBackInUse = z.strictObject({
  ...base,
  type: z.literal('unitBackInUse'),
  lineId: z.uuid().nullable().optional(),
  unitNumber: str(40),
  inspectedOn: date,
});
/** A fault report or deviation handled and closed, with the centre's answer to the reporter. */
export const answered = z.strictObject({ ...base, type: z.literal('answered'), answer: str(4000) });

export const orderEvent = z.discriminatedUnion('type', [
  received,
  plannedDate,
  delayed,
  delivered,
  cancelled,
  workOrderBooked,
  workOrderStarted,
  workOrderDone,
  pickedUp,
  deregistered,
  pickUpUndone,
  registeredOnPatient,
  writtenOff,
  answered,
  quoteSent,
  acknowledged,
  unitFailedInspection,
  unitBackInUse,
]);
export type OrderEvent = z.infer<typeof orderEvent>;
export type OrderEventOf<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>;
