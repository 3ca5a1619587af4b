import crypto from 'node:crypto';

// What another ordering system sends over the REST contract route (POST /api/contract/v1/messages) in the specs.

/** A patient of the demo directory; the sender declares a care relationship before naming them (the route checks it, as the web does). */
export const PATIENT = {
  identifier: '199707059896',
  identifierKind: 'personnummer',
  firstName: 'Mohammed',
  lastName: 'Ekström',
  protectedIdentity: false,
  homeMunicipalityCode: '9901',
  address: { careOf: null, street: 'Parkvägen 14', postalCode: '990 35', city: 'Norrvik' },
};

/** An order.submit as another system would send it over the REST contract route. */
export function orderSubmit(order: Record<string, unknown>) {
  return {
    contractVersion: 1,
    type: 'order.submit',
    messageId: crypto.randomUUID(),
    sentAt: new Date().toISOString(),
    order: {
      orderId: crypto.randomUUID(),
      orderNumber: `EXT-${crypto.randomUUID().slice(0, 8)}`,
      orderType: 'customerOrder',
      urgent: false,
      customerNumber: '20101',
      orderedBy: { userId: crypto.randomUUID(), name: 'Anna Åberg', hsaId: null, profession: 'Arbetsterapeut', phone: null, email: null },
      patient: PATIENT,
      delivery: { kind: 'patientAddress' },
      contact: { name: 'Anna Åberg', phone: '0611-12 34 56' },
      messageToCentre: null,
      lines: [],
      attachments: [],
      ...order,
    },
  };
}
