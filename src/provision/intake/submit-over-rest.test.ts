import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import type { SubmitOrder } from '../../contract/messages.ts';
import { deliverLine } from '../orders/deliver-line.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses, submitMessage } from '../testing/given.ts';
import { declareCareRelationship, directoryPatients } from '../testing/rest-sender.ts';
import { recordRiskAnalysis, sendQuote } from '../work-orders/special-adaptation.ts';
import { receiveMessage } from './receive-message.ts';

/**
 * POST /api/contract/v1/messages checks a message as strictly as the web path checks an order (issue 10
 * item 1): each hole the security probe found is a test here. The demo organisation: anvandarstod (local
 * support and prescriber) and forskrivare belong to Norrvik's customers 20101/20102 (forskrivare also the
 * region's 10101), sjukgymnast to the region's 10102, bestallare (an orderer) to 20102.
 */

let t: TestApp;
let chair: { id: string; articleNumber: string };
let pads: string;
let warehouseId: string;

async function rows<T>(sql: string, params: unknown[] = []) {
  return t.database.query<T>(sql, params);
}
const post = (c: Client, body: unknown) => c.post('/api/contract/v1/messages', body);
const orderStored = async (orderId: string) => (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM provision_order WHERE id = $1`, [orderId]))[0]!.n;

beforeAll(async () => {
  t = await startTestApp();
  chair = await givenUnitArticle(t.database, { name: 'Rullstol Kontrakt REST' });
  pads = (await givenUnitArticle(t.database, { name: 'Inkontinensskydd REST', articleType: 'T', chargingForm: 'sale', unitTracked: false, stockForm: 'stock' }))
    .articleNumber;
  warehouseId = (await givenWarehouses(t.database)).main.id;
});
afterAll(() => t.close());

/** A unit delivered to the ordinary demo patient on an order of `customerNumber`. */
async function unitHeldBy(customerNumber: string) {
  const ctx = t.ctx();
  const [u] = await givenUnits(ctx, warehouseId, chair.id, [{ purchaseDate: '2023-01-01' }]);
  const o = await givenReceivedOrder(ctx, { customerNumber, patient: directoryPatients.ordinary(), lines: [{ articleNumber: chair.articleNumber }] });
  await deliverLine(as(ctx, 'warehouse'), o.lineIds[0]!, { version: 1, units: [{ unitId: u!.id }] });
  return u!;
}

function pickUp(customerNumber: string, unitNumber: string): SubmitOrder {
  const m = submitMessage({ orderType: 'pickUp', customerNumber, patient: directoryPatients.ordinary(), lines: [{ unitNumber }] });
  m.order.delivery = { kind: 'none' };
  return m;
}

describe('the order type against the sender’s roles', () => {
  it('an orderer cannot send the types only prescribers register (pick-up, buffer withdrawal, deviation); the types orderers may register pass', async () => {
    const bo = await t.login('bestallare');
    await declareCareRelationship(bo, directoryPatients.ordinary().identifier);
    const deviation = submitMessage({ orderType: 'deviation', customerNumber: '20102', patient: null, lines: [] });
    deviation.order.delivery = { kind: 'none' };
    deviation.order.deviation = { kind: 'deviation', description: 'Bromsen tar inte', articleNumber: pads };
    const withdrawal = submitMessage({
      orderType: 'bufferWithdrawal',
      customerNumber: '20102',
      patient: directoryPatients.ordinary(),
      lines: [{ articleNumber: pads }],
    });
    for (const m of [deviation, pickUp('20102', 'U-FINNS-EJ'), withdrawal]) {
      const res = await post(bo, m);
      expect(res.statusCode, `${m.order.orderType}: ${res.body}`).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/registreras av förskrivare$/) });
      expect(await orderStored(m.order.orderId)).toBe(0);
    }
    const fault = submitMessage({
      orderType: 'faultReport',
      customerNumber: '20102',
      patient: null,
      lines: [],
      faultReport: { category: 'poorQuality', description: 'Hjulet lossnar' },
    });
    fault.order.delivery = { kind: 'none' };
    expect((await post(bo, fault)).statusCode).toBe(202);
    // Nor may an orderer mark an order urgent (issue 15 item 5): refused whole, nothing stored.
    const urgent = submitMessage({ customerNumber: '20102', urgent: true, patient: null, lines: [{ articleNumber: pads }] });
    urgent.order.delivery = { kind: 'none' };
    const res = await post(bo, urgent);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.message).toMatch(/Bara en förskrivare kan markera en beställning som akut/);
    expect(await orderStored(urgent.order.orderId)).toBe(0);
  });
});

describe('every unit, buffer store and delivery point within the ordering customer’s care provider', () => {
  it('local support (a prescriber of Norrvik) cannot order the pick-up of a unit the region’s patient holds: 403, the unit and its rent untouched', async () => {
    const unit = await unitHeldBy('10102');
    const lisa = await t.login('anvandarstod');
    await declareCareRelationship(lisa, directoryPatients.ordinary().identifier);
    const m = pickUp('20101', unit.unitNumber);
    const res = await post(lisa, m);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'UNIT_OTHER_CARE_PROVIDER', message: expect.stringContaining(unit.unitNumber) });
    expect(await orderStored(m.order.orderId)).toBe(0);
    const [u] = await rows<{ status: string; rent_stops_on: string | null }>(
      `SELECT u.status, h.rent_stops_on::text FROM provision_unit u JOIN provision_holding h ON h.unit_id = u.id AND h.to_date IS NULL WHERE u.id = $1`,
      [unit.id],
    );
    expect(u).toEqual({ status: 'onPatient', rent_stops_on: null });

    // The region's own prescriber orders it.
    const erik = await t.login('sjukgymnast');
    await declareCareRelationship(erik, directoryPatients.ordinary().identifier);
    const own = await post(erik, pickUp('10102', unit.unitNumber));
    expect(own.statusCode, own.body).toBe(202);
    expect((await rows<{ status: string }>(`SELECT status FROM provision_unit WHERE id = $1`, [unit.id]))[0]!.status).toBe('pickUpOrdered');
  });

  it('a buffer withdrawal cannot name another care provider’s buffer store: 422, and that store’s ledger is untouched', async () => {
    const [aby] = await rows<{ id: string }>(`SELECT b.id FROM buffer_store b JOIN customer c ON c.id = b.customer_id WHERE c.customer_number = '30101'`);
    const [own] = await rows<{ id: string; name: string }>(
      `SELECT b.id, b.name FROM buffer_store b JOIN customer c ON c.id = b.customer_id WHERE c.customer_number = '20101'`,
    );
    const anna = await t.login('forskrivare');
    await declareCareRelationship(anna, directoryPatients.ordinary().identifier);
    const m = submitMessage({
      orderType: 'bufferWithdrawal',
      customerNumber: '20101',
      patient: directoryPatients.ordinary(),
      lines: [{ articleNumber: pads, quantity: 2 }],
    });
    m.order.delivery = { kind: 'bufferStore', bufferStoreId: aby!.id, label: 'Buffertförråd Norrvik centrum' };
    const res = await post(anna, m);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'INVALID', message: 'Buffertförrådet hör inte till kunden' });
    expect(await orderStored(m.order.orderId)).toBe(0);
    expect((await rows<{ n: number }>(`SELECT count(*)::int AS n FROM provision_buffer_transaction WHERE buffer_store_id = $1`, [aby!.id]))[0]!.n).toBe(0);

    // The customer's own store is accepted, under the name the register gives it.
    const ok = submitMessage({
      orderType: 'bufferWithdrawal',
      customerNumber: '20101',
      patient: directoryPatients.ordinary(),
      lines: [{ articleNumber: pads }],
    });
    ok.order.delivery = { kind: 'bufferStore', bufferStoreId: own!.id, label: 'Fel namn' };
    expect((await post(anna, ok)).statusCode).toBe(202);
    const [stored] = await rows<{ delivery: { label: string } }>(`SELECT delivery FROM provision_order WHERE id = $1`, [ok.order.orderId]);
    expect(stored!.delivery.label).toBe(own!.name);
  });

  it('a delivery point must be one of the customer’s addresses', async () => {
    const [other] = await rows<{ id: string }>(
      `SELECT a.id FROM delivery_address a JOIN customer c ON c.id = a.customer_id WHERE c.customer_number = '30101' LIMIT 1`,
    );
    const anna = await t.login('forskrivare');
    const m = submitMessage({ customerNumber: '20101', patient: null, lines: [{ articleNumber: chair.articleNumber }] });
    m.order.delivery = { kind: 'deliveryPoint', deliveryAddressId: other!.id, label: 'Huvudadress' };
    const res = await post(anna, m);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'INVALID', message: 'Leveransadressen hör inte till kunden' });
  });
});

describe('who ordered is the caller, never the body', () => {
  it('orderedBy is the logged-in user, whatever the message says', async () => {
    const anna = await t.login('forskrivare');
    await declareCareRelationship(anna, directoryPatients.ordinary().identifier);
    const m = submitMessage({ customerNumber: '20101', patient: directoryPatients.ordinary(), lines: [{ articleNumber: chair.articleNumber }] });
    m.order.orderedBy = { userId: crypto.randomUUID(), name: 'Doktor Falsk', hsaId: 'SE-FALSK', profession: 'Läkare', phone: null, email: null };
    expect((await post(anna, m)).statusCode).toBe(202);
    const [me] = await rows<{ id: string }>(`SELECT id FROM app_user WHERE username = 'forskrivare'`);
    const [o] = await rows<{ ordered_by_name: string; ordered_by: { userId: string; name: string; hsaId: string | null } }>(
      `SELECT ordered_by_name, ordered_by FROM provision_order WHERE id = $1`,
      [m.order.orderId],
    );
    expect(o!.ordered_by_name).toBe('Anna Åberg');
    expect(o!.ordered_by).toMatchObject({ userId: me!.id, name: 'Anna Åberg' });
    expect(o!.ordered_by.hsaId).not.toBe('SE-FALSK');
  });

  it('the answer to a quote is recorded as given by the logged-in user, not the body’s `by`', async () => {
    const ctx = t.ctx();
    const tech = as(ctx, 'technician');
    const m = submitMessage({
      orderType: 'workOrder',
      customerNumber: '20101',
      lines: [{ unitNumber: 'U-OFFERT-REST' }],
      workOrder: { typeCode: 'specialAdaptation', description: 'Specialanpassning', preferredDate: null },
    });
    m.order.attachments = ['instruction', 'riskAnalysis'].map((kind) => ({
      attachmentId: crypto.randomUUID(),
      kind,
      fileName: `${kind}.pdf`,
      contentType: 'application/pdf',
      size: 1,
      sha256: '0'.repeat(64),
      url: null,
    }));
    await receiveMessage(ctx, m);
    const analysed = await recordRiskAnalysis(tech, m.order.orderId, { version: 1, riskAnalysis: 'Låg risk' });
    await sendQuote(tech, m.order.orderId, { version: analysed.version, amount: 12000, text: 'Anpassad sits' });
    const anna = await t.login('forskrivare');
    const answer = {
      contractVersion: 1,
      type: 'order.answerQuote',
      messageId: crypto.randomUUID(),
      sentAt: new Date().toISOString(),
      orderId: m.order.orderId,
      approved: true,
      by: { userId: crypto.randomUUID(), name: 'Doktor Falsk' },
      comment: null,
    };
    const res = await post(anna, answer);
    expect(res.statusCode, res.body).toBe(202);
    const [w] = await rows<{ quote_answered_by: string }>(`SELECT quote_answered_by FROM provision_work_order WHERE order_id = $1`, [m.order.orderId]);
    expect(w!.quote_answered_by).toBe('Anna Åberg');
  });
});

describe('the patient from the directory, with a care relationship, and the read audited', () => {
  const patientReads = async (patientId: string) =>
    (
      await rows<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'patient.read' AND patient_ref = $1 AND details->>'via' = 'contract'`,
        [patientId],
      )
    )[0]!.n;

  it('a protected patient sent as unprotected with an address is refused, and nothing of the address is kept', async () => {
    const anna = await t.login('forskrivare');
    await declareCareRelationship(anna, directoryPatients.protectedIdentity().identifier);
    const m = submitMessage({
      customerNumber: '20101',
      patient: {
        ...directoryPatients.protectedIdentity(),
        protectedIdentity: false,
        address: { careOf: null, street: 'Hemliga vägen 1', postalCode: '990 10', city: 'Norrvik' },
      },
      lines: [{ articleNumber: chair.articleNumber }],
    });
    const res = await post(anna, m);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'INVALID', message: expect.stringMatching(/skyddade identitet stämmer inte med folkbokföringen/) });
    expect(await orderStored(m.order.orderId)).toBe(0);
    expect((await rows<{ n: number }>(`SELECT count(*)::int AS n FROM provision_patient WHERE street = 'Hemliga vägen 1'`))[0]!.n).toBe(0);
  });

  it('without a care relationship today the patient is not accepted (403), as on the web', async () => {
    const bo = await t.login('bestallare');
    const m = submitMessage({ customerNumber: '20102', patient: directoryPatients.protectedIdentity(), lines: [{ articleNumber: chair.articleNumber }] });
    const res = await post(bo, m);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    expect(await orderStored(m.order.orderId)).toBe(0);
  });

  it('a refused read of a patient known here is audited (patient.read-refused), as on the web', async () => {
    const anna = await t.login('forskrivare');
    const patientId = await declareCareRelationship(anna, directoryPatients.protectedIdentity().identifier);
    const bo = await t.login('bestallare');
    const refusedRows = async () =>
      (
        await rows<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_user_id WHERE a.action = 'patient.read-refused' AND a.patient_ref = $1 AND u.username = 'bestallare'`,
          [patientId],
        )
      )[0]!.n;
    const before = await refusedRows();
    const m = submitMessage({ customerNumber: '20102', patient: directoryPatients.protectedIdentity(), lines: [{ articleNumber: chair.articleNumber }] });
    const res = await post(bo, m);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('CARE_RELATIONSHIP_REQUIRED');
    expect(await refusedRows()).toBe(before + 1);
    expect(await orderStored(m.order.orderId)).toBe(0);
  });

  it('with a care relationship the order keeps the directory’s patient (no address when protected) and the read has its audit row', async () => {
    const anna = await t.login('forskrivare');
    const protectedId = await declareCareRelationship(anna, directoryPatients.protectedIdentity().identifier);
    const before = await patientReads(protectedId);
    const m = submitMessage({
      customerNumber: '20101',
      patient: { ...directoryPatients.protectedIdentity(), firstName: 'Annat', lastName: 'Namn' },
      lines: [{ articleNumber: chair.articleNumber }],
    });
    expect((await post(anna, m)).statusCode).toBe(202);
    const [p] = await rows<{ first_name: string; protected_identity: boolean; street: string | null }>(
      `SELECT first_name, protected_identity, street FROM provision_patient WHERE order_id = $1`,
      [m.order.orderId],
    );
    expect(p).toEqual({ first_name: 'Sofia', protected_identity: true, street: null });
    expect(await patientReads(protectedId)).toBe(before + 1);

    // An unprotected patient's address is the directory's, not the one sent.
    const ordinaryId = await declareCareRelationship(anna, directoryPatients.ordinary().identifier);
    const sent = { ...directoryPatients.ordinary(), address: { careOf: null, street: 'Påhittade gatan 9', postalCode: '990 99', city: 'Norrvik' } };
    const m2 = submitMessage({ customerNumber: '20101', patient: sent, lines: [{ articleNumber: chair.articleNumber }] });
    const readsBefore = await patientReads(ordinaryId);
    expect((await post(anna, m2)).statusCode).toBe(202);
    const [p2] = await rows<{ street: string }>(`SELECT street FROM provision_patient WHERE order_id = $1`, [m2.order.orderId]);
    expect(p2!.street).toBe('Storgatan 5 lgh 1201');
    expect(await patientReads(ordinaryId)).toBe(readsBefore + 1);

    // A refused order writes no read: the audit row commits with the order or not at all.
    const refused = submitMessage({ customerNumber: '20101', patient: directoryPatients.ordinary(), lines: [{ articleNumber: 'X-FINNS-INTE' }] });
    expect((await post(anna, refused)).statusCode).toBe(422);
    expect(await patientReads(ordinaryId)).toBe(readsBefore + 1);
  });

  it('a patient the directory does not know is refused', async () => {
    const anna = await t.login('forskrivare');
    const m = submitMessage({ customerNumber: '20101', lines: [{ articleNumber: chair.articleNumber }] }); // 194001079120: not in the demo directory
    const res = await post(anna, m);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('PATIENT_NOT_FOUND');
  });
});

describe('a message id is its payload’s', () => {
  it('the same id again with another payload is a 409 conflict, not a duplicate; the same message again is a duplicate', async () => {
    const anna = await t.login('forskrivare');
    const m = submitMessage({ customerNumber: '20101', patient: null, lines: [{ articleNumber: chair.articleNumber }] });
    m.order.delivery = { kind: 'none' };
    const first = await post(anna, m);
    expect(first.statusCode, first.body).toBe(202);
    const changed = structuredClone(m);
    changed.order.lines[0]!.quantity = 3;
    const res = await post(anna, changed);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'MESSAGE_ID_CONFLICT', message: expect.stringContaining(m.messageId) });
    const again = await post(anna, m);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ ...first.json(), duplicate: true });
    const [l] = await rows<{ quantity: number }>(`SELECT quantity FROM provision_order_line WHERE order_id = $1`, [m.order.orderId]);
    expect(l!.quantity).toBe(1);
  });
});

describe('a system client is checked the same way, with the roles it was granted', () => {
  it('a client granted only the orderer role cannot send a pick-up; who ordered is the client, not the body', async () => {
    const admin = await t.login('admin');
    const [c] = await rows<{ id: string; care_provider_id: string }>(`SELECT id, care_provider_id FROM customer WHERE customer_number = '20101'`);
    const reg = await admin.post('/api/system-clients', {
      name: 'Beställarsystem Norrvik',
      careProviderId: c!.care_provider_id,
      customerIds: [c!.id],
      roles: ['orderer'],
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const { client, clientSecret } = reg.json() as { client: { id: string }; clientSecret: string };
    const tokenRes = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.id}:${clientSecret}`).toString('base64')}`,
      },
      payload: 'grant_type=client_credentials',
    });
    expect(tokenRes.statusCode, tokenRes.body).toBe(200);
    const bearer = (body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/api/contract/v1/messages',
        headers: { authorization: `Bearer ${tokenRes.json().access_token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });

    const refused = await bearer(pickUp('20101', 'U-FINNS-EJ'));
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Hämtorder registreras av förskrivare/) });

    const fault = submitMessage({
      orderType: 'faultReport',
      customerNumber: '20101',
      patient: null,
      lines: [],
      faultReport: { category: 'poorQuality', description: 'Hjulet lossnar' },
    });
    fault.order.delivery = { kind: 'none' };
    fault.order.orderedBy = { userId: crypto.randomUUID(), name: 'Doktor Falsk', hsaId: null, profession: null, phone: null, email: null };
    const ok = await bearer(fault);
    expect(ok.statusCode, ok.body).toBe(202);
    const [o] = await rows<{ ordered_by_name: string; ordered_by: { userId: string } }>(
      `SELECT ordered_by_name, ordered_by FROM provision_order WHERE id = $1`,
      [fault.order.orderId],
    );
    expect(o).toMatchObject({ ordered_by_name: 'Beställarsystem Norrvik', ordered_by: { userId: client.id } });
  });
});
