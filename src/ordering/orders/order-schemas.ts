import { z } from 'zod';
import { address, cancelReasons, deviationKinds, faultCategories, orderEventTypes, orderTypes } from '../../contract/index.ts';
import { optionalText, phone, text } from '../../platform/http/schemas.ts';
import { measurementsInput, prescriptionInput } from './prescription.ts';
import { lineStatuses, orderStatuses } from './schema.ts';

export const deliveryInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('patientAddress') }),
  z.strictObject({ kind: z.literal('otherAddress'), address }),
  z.strictObject({ kind: z.literal('deliveryPoint'), deliveryAddressId: z.uuid() }),
  z.strictObject({ kind: z.literal('bufferStore'), bufferStoreId: z.uuid() }),
  z.strictObject({ kind: z.literal('none') }),
]);
export type DeliveryInput = z.infer<typeof deliveryInput>;

export const detailsInput = z
  .strictObject({
    workOrder: z
      .strictObject({
        typeCode: text(40),
        description: text(4000),
        preferredDate: z.iso.date().nullish(),
        /** Installation: the work needs two trades (then the 10-working-day limit from the delivery applies). */
        twoTrades: z.boolean().nullish(),
      })
      .nullish(),
    faultReport: z.strictObject({ category: z.enum(faultCategories), description: text(4000), relatedOrderNumber: optionalText(40) }).nullish(),
    deviation: z
      .strictObject({
        kind: z.enum(deviationKinds),
        description: text(4000),
        occurredOn: z.iso.date().nullish(),
        /** The unit or the article the incident concerns; one of them is required when the deviation is sent. */
        unitNumber: optionalText(40),
        articleNumber: optionalText(40),
      })
      .nullish(),
    lostDevice: z.strictObject({ description: text(4000), lostOn: z.iso.date().nullish() }).nullish(),
    /** Buffer withdrawal: when the device was taken from the store (default: when the order is sent), issue 15 item 6. */
    bufferWithdrawal: z.strictObject({ takenAt: z.iso.datetime({ offset: true, error: 'ange tid som 2026-12-01T09:00:00+01:00' }).nullish() }).nullish(),
  })
  .nullish();
export type DetailsInput = z.infer<typeof detailsInput>;

export const lineInput = z.strictObject({
  articleId: z.uuid().nullish(),
  quantity: z.int().min(1, 'antal ska vara minst 1').max(999, 'antal får vara högst 999').default(1),
  unitNumber: optionalText(40),
  /** The line number (1-based) of the main device this accessory is for. */
  accessoryForLine: z.int().min(1).max(100).nullish(),
  note: optionalText(500),
  /** Customer order: send this line as an order of its own (the order is split in two when it is sent). */
  separateOrder: z.boolean().nullish(),
  /** Customer order, main device: the measurements its ISO class asks for, by code (issue 16 item 7). */
  measurements: measurementsInput,
});
export type LineInput = z.infer<typeof lineInput>;

export const createDraftInput = z.strictObject({
  orderType: z.enum(orderTypes),
  customerId: z.uuid().nullish(),
  patientId: z.uuid().nullish(),
});

export const draftInput = z.strictObject({
  version: z.int().min(1),
  customerId: z.uuid(),
  patientId: z.uuid().nullish(),
  urgent: z.boolean().default(false),
  delivery: deliveryInput,
  contactName: optionalText(200),
  contactPhone: phone.nullish().or(z.literal('').transform(() => null)),
  messageToCentre: optionalText(2000),
  lines: z.array(lineInput).max(100, 'högst 100 rader per beställning'),
  details: detailsInput,
  /** Customer order: aim, follow-up date and who follows up (issue 16 item 7). */
  prescription: prescriptionInput,
});
export type DraftInput = z.infer<typeof draftInput>;

export const cancelInput = z.strictObject({ comment: optionalText(1000) });

export const lineView = z.object({
  id: z.uuid(),
  lineNumber: z.number(),
  articleId: z.uuid().nullable(),
  articleNumber: z.string().nullable(),
  articleName: z.string().nullable(),
  quantity: z.number(),
  deliveredQuantity: z.number(),
  unitNumber: z.string().nullable(),
  accessoryForLine: z.number().nullable(),
  note: z.string().nullable(),
  separateOrder: z.boolean(),
  measurements: z.array(z.object({ code: z.string(), labelSv: z.string(), labelEn: z.string(), unit: z.string(), value: z.number() })),
  status: z.enum(lineStatuses),
  plannedDate: z.string().nullable(),
  cancelReason: z.string().nullable(),
});

export const timelineEntry = z.object({
  type: z.enum([...orderEventTypes, 'submitted', 'refused', 'cancelRequested', 'quoteAnswered']),
  at: z.string(),
  lineNumber: z.number().nullable(),
  /** The event's data as the centre sent it (dates, units, reason, answer). */
  data: z.record(z.string(), z.unknown()),
});

export const attachmentView = z.object({ id: z.uuid(), kind: z.string(), fileName: z.string(), contentType: z.string(), size: z.number() });

export const orderView = z.object({
  id: z.uuid(),
  orderNumber: z.string().nullable(),
  orderType: z.enum(orderTypes),
  urgent: z.boolean(),
  status: z.enum(orderStatuses),
  customer: z.object({ id: z.uuid(), customerNumber: z.string(), name: z.string() }),
  createdBy: z.object({ id: z.uuid(), name: z.string() }),
  patient: z.object({ id: z.uuid(), identifier: z.string(), name: z.string(), protectedIdentity: z.boolean() }).nullable(),
  delivery: z.record(z.string(), z.unknown()),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  messageToCentre: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  prescription: z
    .object({
      aim: z.string().nullable(),
      followUpDate: z.string().nullable(),
      /** Null: the prescriber follows up. */
      followUpBy: z.string().nullable(),
      /** Once sent: the follow-up on the prescriber's list. */
      followUp: z.object({ id: z.uuid(), doneAt: z.date().nullable(), doneNote: z.string().nullable() }).nullable(),
    })
    .nullable(),
  centreOrderNumber: z.string().nullable(),
  expectedDate: z.string().nullable(),
  version: z.number(),
  createdAt: z.date(),
  submittedAt: z.date().nullable(),
  cancellable: z.boolean(),
  lines: z.array(lineView),
  attachments: z.array(attachmentView),
  timeline: z.array(timelineEntry),
  /** Orders split off this one at submit, or the one it was split off (issue 16 item 5). */
  relatedOrders: z.array(z.object({ id: z.uuid(), orderNumber: z.string().nullable(), relation: z.enum(['splitFrom', 'splitInto']) })),
  /** Things to think about before sending, never a block: a line of an article usually prescribed by other professions (issue 15 item 10). */
  warnings: z.array(z.object({ code: z.literal('prescribingRight'), lineNumber: z.number(), articleNumber: z.string(), professions: z.array(z.string()) })),
});
export type OrderView = z.infer<typeof orderView>;

export const orderListQuery = z.strictObject({
  scope: z.enum(['mine', 'customer']).default('mine'),
  customerId: z.uuid().optional(),
  status: z.enum(['open', 'closed', ...orderStatuses]).optional(),
  orderType: z.enum(orderTypes).optional(),
  patientId: z.uuid().optional(),
  q: z.string().trim().max(40).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type OrderListQuery = z.infer<typeof orderListQuery>;

export const orderListItem = z.object({
  id: z.uuid(),
  orderNumber: z.string().nullable(),
  orderType: z.enum(orderTypes),
  urgent: z.boolean(),
  status: z.enum(orderStatuses),
  customerName: z.string(),
  createdByName: z.string(),
  patientName: z.string().nullable(),
  lineCount: z.number(),
  summary: z.string(),
  expectedDate: z.string().nullable(),
  createdAt: z.date(),
  submittedAt: z.date().nullable(),
  lastEvent: z.object({ type: z.string(), at: z.string() }).nullable(),
});
export type OrderListItem = z.infer<typeof orderListItem>;

export { cancelReasons };
