import { z } from 'zod';
import type { OrderedLine, ProvisionLineState } from '../provision/orders/orders-for-ordering-systems.ts';
import {
  ARTICLE_NUMBER_SYSTEM,
  CENTRE_ORDER_NUMBER_SYSTEM,
  ORDER_NUMBER_SYSTEM,
  PERSONNUMMER_SYSTEM,
  REQUEST_PARAMETER_SYSTEM,
  SAMORDNINGSNUMMER_SYSTEM,
} from './systems.ts';
import type { FhirResource } from './types.ts';

/**
 * DeviceRequest ↔ an order line of a customer order (kundorder). A DeviceRequest the caller creates is one
 * order of one line: the article (codeReference to a DeviceDefinition, or codeCodeableConcept with the article
 * number), the quantity (parameter 'quantity'), the patient (subject), the customer (requester), urgent or not
 * (priority), and a message to the centre (note). Read back, every customer-order line of the caller's customers
 * is a DeviceRequest, whichever system sent it; the lines of one order share identifier and groupIdentifier.
 */

/** FHIR DeviceRequest.status of a line's state at the centre. */
export function requestStatus(state: ProvisionLineState): 'active' | 'completed' | 'revoked' {
  if (state === 'delivered' || state === 'done') return 'completed';
  if (state === 'cancelled') return 'revoked';
  return 'active';
}

/** The line states a DeviceRequest status stands for (search by status). */
export const statesOfStatus: Record<string, readonly ProvisionLineState[]> = {
  active: ['received', 'orderedFromSupplier', 'inAdaptation'],
  completed: ['delivered'],
  revoked: ['cancelled'],
};

/** The line as a DeviceRequest. `patientId`: the ordering side's patient id of the order's patient (Patient/{id}). */
export function toDeviceRequest(l: OrderedLine, patientId: string | null): FhirResource {
  return {
    resourceType: 'DeviceRequest',
    id: l.lineId,
    meta: { lastUpdated: l.updatedAt.toISOString() },
    identifier: [{ use: 'usual', system: ORDER_NUMBER_SYSTEM, value: l.orderNumber }],
    groupIdentifier: { use: 'official', system: CENTRE_ORDER_NUMBER_SYSTEM, value: l.centreOrderNumber },
    status: requestStatus(l.state),
    intent: 'order',
    priority: l.urgent ? 'urgent' : 'routine',
    ...(l.articleId
      ? {
          codeReference: {
            reference: `DeviceDefinition/${l.articleId}`,
            ...(l.articleNumber ? { identifier: { system: ARTICLE_NUMBER_SYSTEM, value: l.articleNumber } } : {}),
            ...(l.articleName ? { display: l.articleName } : {}),
          },
        }
      : {
          codeCodeableConcept: {
            ...(l.articleNumber ? { coding: [{ system: ARTICLE_NUMBER_SYSTEM, code: l.articleNumber }] } : {}),
            text: l.articleName ?? l.articleNumber ?? 'Artikel',
          },
        }),
    parameter: [
      { code: { coding: [{ system: REQUEST_PARAMETER_SYSTEM, code: 'quantity', display: 'Antal' }] }, valueQuantity: { value: l.quantity, unit: 'st' } },
    ],
    subject: patientId
      ? { reference: `Patient/${patientId}` }
      : { display: l.patientIdentifier ? 'Patient' : `Ingen patient: beställning för kund ${l.customerNumber}` },
    authoredOn: l.sentAt.toISOString(),
    requester: { reference: `Organization/${l.customerId}`, display: l.customerName },
    ...(l.messageToCentre ? { note: [{ text: l.messageToCentre }] } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------
// What a caller sends to create one (POST /fhir/R4/DeviceRequest)
// ---------------------------------------------------------------------------------------------------------

const str = (max: number) => z.string().trim().min(1).max(max);
const identifier = z.looseObject({ use: z.string().optional(), system: str(500), value: str(200) });
const coding = z.looseObject({ system: z.string().max(500).optional(), code: z.string().max(200).optional(), display: z.string().max(500).optional() });
const reference = z.looseObject({ reference: z.string().max(500).optional(), identifier: identifier.optional(), display: z.string().max(500).optional() });
const annotation = z.looseObject({ text: str(2000) });
const quantityValue = z.looseObject({ value: z.number().int('antalet ska vara ett heltal').min(1, 'antalet är minst 1').max(9999, 'antalet är högst 9999') });

/**
 * The DeviceRequest elements the facade takes. Elements of R4 it does not carry into the order (encounter,
 * occurrence, performer, reasons, insurance, supporting information, extensions …) are refused rather than
 * silently dropped: the orderer must know that the centre never saw them. id, meta and text are ignored (the
 * server names the resource).
 */
export const deviceRequestInput = z.strictObject({
  resourceType: z.literal('DeviceRequest', { error: 'resourceType ska vara DeviceRequest' }),
  id: z.string().max(64).optional(),
  meta: z.looseObject({}).optional(),
  text: z.looseObject({}).optional(),
  identifier: z
    .array(identifier)
    .min(1, 'identifier krävs: beställningens id i ert system (system och value); samma identifier igen ger samma beställning')
    .max(5),
  status: z.enum(['active'], { error: "status ska vara 'active': utkast tas inte emot" }),
  intent: z.enum(['order', 'original-order'], { error: "intent ska vara 'order'" }),
  priority: z.enum(['routine', 'urgent'], { error: "priority ska vara 'routine' eller 'urgent'" }).optional(),
  codeReference: reference.optional(),
  codeCodeableConcept: z.looseObject({ coding: z.array(coding).max(10).optional(), text: z.string().max(500).optional() }).optional(),
  parameter: z
    .array(
      z.strictObject({
        code: z.looseObject({ coding: z.array(coding).max(10).optional(), text: z.string().max(200).optional() }),
        valueQuantity: quantityValue.optional(),
      }),
    )
    .max(10)
    .optional(),
  subject: reference,
  authoredOn: z.iso.datetime({ offset: true, error: 'authoredOn krävs: när beställningen gjordes, med tid och tidszon (2026-11-25T10:00:00+01:00)' }),
  requester: reference.optional(),
  note: z.array(annotation).max(10).optional(),
});
export type DeviceRequestInput = z.infer<typeof deviceRequestInput>;

/** The article number the request names, from codeCodeableConcept's article-number coding or codeReference's identifier. */
export function articleNumberOf(r: DeviceRequestInput): string | null {
  const fromCoding = r.codeCodeableConcept?.coding?.find((c) => c.system === ARTICLE_NUMBER_SYSTEM)?.code;
  if (fromCoding) return fromCoding;
  const ref = r.codeReference?.identifier;
  if (ref && ref.system === ARTICLE_NUMBER_SYSTEM) return ref.value;
  return null;
}

/** The quantity: the parameter coded 'quantity' (1 when absent). */
export function quantityOf(r: DeviceRequestInput): number | 'unknownParameter' {
  let quantity = 1;
  for (const p of r.parameter ?? []) {
    const isQuantity = p.code.coding?.some((c) => c.system === REQUEST_PARAMETER_SYSTEM && c.code === 'quantity');
    if (!isQuantity || !p.valueQuantity) return 'unknownParameter';
    quantity = p.valueQuantity.value;
  }
  return quantity;
}

export const patientIdentifierSystems: readonly string[] = [PERSONNUMMER_SYSTEM, SAMORDNINGSNUMMER_SYSTEM];
