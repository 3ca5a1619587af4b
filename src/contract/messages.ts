import { z } from 'zod';
import { cancelReasons, deviationKinds, faultCategories, orderTypes } from './matrix.ts';
import { CONTRACT_VERSION } from './version.ts';

/**
 * Order messages, ordering side → centre. The ordering side sends a snapshot of everything the centre
 * needs to fill the order (the centre keeps no link into the care providers' patient data): who ordered,
 * the patient as the order needs them (no address when the identity is protected), where to deliver, and
 * the lines. `messageId` is the idempotency key.
 */

const str = (max: number) => z.string().trim().min(1).max(max);
const optStr = (max: number) => z.string().trim().max(max).nullable().optional();
const date = z.iso.date();
const dateTime = z.iso.datetime({ offset: true });

export const address = z.strictObject({
  careOf: optStr(100),
  street: str(200),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{3} ?\d{2}$/, 'postnummer ska vara fem siffror'),
  city: str(100),
});

/** An address (or anything shaped like one) on one line, as a printed document writes it: "c/o …, street, 123 45 City". */
export function addressLine(a: unknown): string | null {
  if (!a || typeof a !== 'object') return null;
  const x = a as Record<string, unknown>;
  const parts = [x.careOf ? `c/o ${String(x.careOf)}` : null, x.street, [x.postalCode, x.city].filter(Boolean).join(' ')];
  return parts.filter(Boolean).join(', ') || null;
}
export type Address = z.infer<typeof address>;

export const orderedBy = z.strictObject({
  userId: z.uuid(),
  name: str(200),
  hsaId: optStr(40),
  profession: optStr(60),
  phone: optStr(30),
  email: optStr(200),
});

export const patientSnapshot = z
  .strictObject({
    /** 12-digit personnummer or samordningsnummer, YYYYMMDDNNNC. */
    identifier: z.string().regex(/^\d{12}$/, 'personnummer ska vara 12 siffror'),
    identifierKind: z.enum(['personnummer', 'samordningsnummer']),
    firstName: str(100),
    lastName: str(100),
    protectedIdentity: z.boolean(),
    homeMunicipalityCode: z
      .string()
      .regex(/^\d{4}$/)
      .nullable(),
    /** Never present when the identity is protected: deliveries then go via the centre's procedure. */
    address: address.nullable(),
  })
  .refine((p) => !(p.protectedIdentity && p.address), { message: 'adress får inte skickas för en patient med skyddad identitet', path: ['address'] });
export type PatientSnapshot = z.infer<typeof patientSnapshot>;

export const delivery = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('patientAddress') }),
  z.strictObject({ kind: z.literal('otherAddress'), address }),
  z.strictObject({ kind: z.literal('deliveryPoint'), deliveryAddressId: z.uuid(), label: str(200) }),
  z.strictObject({ kind: z.literal('bufferStore'), bufferStoreId: z.uuid(), label: str(200) }),
  z.strictObject({ kind: z.literal('none') }),
]);
export type Delivery = z.infer<typeof delivery>;

export const orderLine = z.strictObject({
  lineId: z.uuid(),
  lineNumber: z.int().min(1).max(999),
  /** The article to deliver (customer orders, buffer withdrawals). */
  articleNumber: optStr(40),
  quantity: z.int().min(1).max(9999),
  /** The patient's unit the line is about (pick-up, work order, lost device, buffer withdrawal of a unit). */
  unitNumber: optStr(40),
  /** An accessory ordered for the main device on another line of the same order. */
  accessoryForLineId: z.uuid().nullable().optional(),
  note: optStr(500),
});
export type OrderLine = z.infer<typeof orderLine>;

export const attachmentRef = z.strictObject({
  attachmentId: z.uuid(),
  kind: str(40),
  fileName: str(200),
  contentType: str(100),
  size: z.int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Where the centre can fetch it when the sides run in separate processes. */
  url: z.url().nullable().optional(),
});

export const submitOrder = z.strictObject({
  contractVersion: z.literal(CONTRACT_VERSION),
  type: z.literal('order.submit'),
  messageId: z.uuid(),
  sentAt: dateTime,
  order: z.strictObject({
    orderId: z.uuid(),
    orderNumber: str(40),
    orderType: z.enum(orderTypes),
    urgent: z.boolean(),
    customerNumber: str(20),
    orderedBy,
    patient: patientSnapshot.nullable(),
    delivery,
    contact: z.strictObject({ name: str(200), phone: str(30) }).nullable(),
    messageToCentre: optStr(2000),
    lines: z.array(orderLine).max(100),
    workOrder: z
      .strictObject({
        typeCode: str(40),
        description: str(4000),
        preferredDate: date.nullable().optional(),
        /** Installation: the work needs two trades (e.g. a technician and an electrician); only then does its time limit apply. */
        twoTrades: z.boolean().optional(),
      })
      .nullable()
      .optional(),
    faultReport: z
      .strictObject({ category: z.enum(faultCategories), description: str(4000), relatedOrderNumber: optStr(40) })
      .nullable()
      .optional(),
    deviation: z
      .strictObject({
        kind: z.enum(deviationKinds),
        description: str(4000),
        occurredOn: date.nullable().optional(),
        /** The unit or the article the incident concerns: the centre refuses a new deviation that names neither (the follow-up counts incidents per device). */
        unitNumber: optStr(40),
        articleNumber: optStr(40),
      })
      .nullable()
      .optional(),
    lostDevice: z
      .strictObject({ description: str(4000), lostOn: date.nullable().optional() })
      .nullable()
      .optional(),
    /** Buffer withdrawal: when the device was taken from the store; the 24-hour limit to register it runs from then (issue 15 item 6). */
    bufferWithdrawal: z.strictObject({ takenAt: dateTime }).nullable().optional(),
    /**
     * Customer orders: what the prescriber recorded with the prescription (issue 16 item 7) — the aim, the
     * follow-up (date and who) and the measurements each main device's ISO class asks for, with label and unit.
     * Optional: a sender without it is as before.
     */
    prescription: z
      .strictObject({
        aim: optStr(2000),
        followUp: z
          .strictObject({ date, by: str(200) })
          .nullable()
          .optional(),
        measurements: z
          .array(z.strictObject({ lineId: z.uuid(), code: str(40), label: str(100), unit: str(20), value: z.number().finite() }))
          .max(500)
          .optional(),
      })
      .nullable()
      .optional(),
    attachments: z.array(attachmentRef).max(20),
  }),
});
export type SubmitOrder = z.infer<typeof submitOrder>;

export const cancelOrder = z.strictObject({
  contractVersion: z.literal(CONTRACT_VERSION),
  type: z.literal('order.cancel'),
  messageId: z.uuid(),
  sentAt: dateTime,
  orderId: z.uuid(),
  /** Lines to cancel; absent = the whole order. */
  lineIds: z.array(z.uuid()).min(1).max(100).nullable().optional(),
  reason: z.enum(cancelReasons),
  comment: optStr(1000),
});
export type CancelOrder = z.infer<typeof cancelOrder>;

/** Special adaptation: the cost-responsible's answer to the centre's quote (event quoteSent). Declined stops the work order. */
export const answerQuote = z.strictObject({
  contractVersion: z.literal(CONTRACT_VERSION),
  type: z.literal('order.answerQuote'),
  messageId: z.uuid(),
  sentAt: dateTime,
  orderId: z.uuid(),
  approved: z.boolean(),
  /** Who answered for the cost-responsible. */
  by: z.strictObject({ userId: z.uuid(), name: str(200) }),
  comment: optStr(1000),
});
export type AnswerQuote = z.infer<typeof answerQuote>;

export const orderMessage = z.discriminatedUnion('type', [submitOrder, cancelOrder, answerQuote]);
export type OrderMessage = z.infer<typeof orderMessage>;
