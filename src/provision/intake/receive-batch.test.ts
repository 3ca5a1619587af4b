import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import type { Receipt } from '../../contract/endpoints.ts';
import type { Database } from '../../platform/db/client.ts';
import { givenUnitArticle, submitMessage } from '../testing/given.ts';
import { receiveMessage } from './receive-message.ts';

let t: TestApp;
let chair: string;
let cushion: string;
/** The batch statements run, counted through a database that otherwise is the test app's. */
let statements = 0;
let counting: Database;

beforeAll(async () => {
  t = await startTestApp();
  chair = (await givenUnitArticle(t.database, { name: 'Rullstol Parti 45' })).articleNumber;
  cushion = (await givenUnitArticle(t.database, { name: 'Sittdyna Parti', articleType: 'T', chargingForm: 'sale', unitTracked: false, stockForm: 'orderItem' }))
    .articleNumber;
  counting = {
    ...t.database,
    query: (text, params) => {
      if (text.includes('INSERT INTO provision_order (')) statements++;
      return t.database.query(text, params);
    },
  };
});
afterAll(() => t.close());

const ctx = () => ({ ...t.ctx(), database: counting });
const settle = (ps: Promise<Receipt>[]) => Promise.allSettled(ps);

async function rows<T>(sql: string, params: unknown[] = []) {
  return t.database.query<T>(sql, params);
}

describe('order intake in batches', () => {
  it('thirty orders at once are stored in a few statements, each complete: lines, patient, the received event, outbox job, audit row and receipt', async () => {
    const messages = Array.from({ length: 30 }, () => submitMessage({ lines: [{ articleNumber: chair }, { articleNumber: cushion, quantity: 2 }] }));
    const before = statements;
    const receipts = await Promise.all(messages.map((m) => receiveMessage(ctx(), m)));
    expect(statements - before).toBeLessThanOrEqual(5);
    const numbers = receipts.map((r) => r.centreOrderNumber);
    expect(new Set(numbers).size).toBe(30);
    expect(receipts.every((r) => r.accepted && !r.duplicate && /^K-\d{6}$/.test(r.centreOrderNumber ?? ''))).toBe(true);

    const ids = messages.map((m) => m.order.orderId);
    const orders = await rows<{ id: string; centre_order_number: string; due_date: string; lines: number; patients: number }>(
      `SELECT o.id::text, o.centre_order_number, o.due_date::text,
              (SELECT count(*)::int FROM provision_order_line l WHERE l.order_id = o.id) AS lines,
              (SELECT count(*)::int FROM provision_patient p WHERE p.order_id = o.id) AS patients
         FROM provision_order o WHERE o.id = ANY($1::uuid[])`,
      [ids],
    );
    expect(orders).toHaveLength(30);
    for (const [i, m] of messages.entries()) {
      const o = orders.find((x) => x.id === m.order.orderId)!;
      expect(o).toMatchObject({ centre_order_number: receipts[i]!.centreOrderNumber, lines: 2, patients: 1 });
    }

    // The order's one 'received' event, numbered 1, with the order's own number and delivery date.
    const one = messages[17]!;
    const events = await rows<{
      line_id: string | null;
      sequence: number | null;
      contract_event: { centreOrderNumber: string; dueDate: string; sequence: number } | null;
    }>(`SELECT line_id::text, sequence, contract_event FROM provision_order_event WHERE order_id = $1 ORDER BY id`, [one.order.orderId]);
    expect(events.map((e) => [e.line_id, e.sequence])).toEqual([[null, 1]]);
    const number = receipts[17]!.centreOrderNumber;
    expect(events[0]!.contract_event).toMatchObject({
      type: 'received',
      centreOrderNumber: number,
      sequence: 1,
      dueDate: orders.find((o) => o.id === one.order.orderId)!.due_date,
    });

    const [audit] = await rows<{ n: number; numbers: string[] }>(
      `SELECT count(*)::int AS n, array_agg(details->>'centreOrderNumber') AS numbers FROM audit_log WHERE action = 'provision.order.receive' AND entity_id = ANY($1::text[])`,
      [ids],
    );
    expect(audit!.n).toBe(30);
    expect([...audit!.numbers].sort()).toEqual([...numbers].sort());
    const [jobs] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM job WHERE kind = 'provision.send-event' AND payload->>'orderId' = ANY($1::text[])`,
      [ids],
    );
    expect(jobs!.n).toBe(30);

    // Sent again, every one is a duplicate with the receipt it had.
    const again = await Promise.all(messages.map((m) => receiveMessage(ctx(), structuredClone(m))));
    expect(again).toEqual(receipts.map((r) => ({ ...r, duplicate: true })));
  });

  it('an order that fails a check is refused alone; the others of its batch are stored', async () => {
    const good = Array.from({ length: 6 }, () => submitMessage({ lines: [{ articleNumber: chair }] }));
    const unknownArticle = submitMessage({ lines: [{ articleNumber: chair }, { articleNumber: 'X-SAKNAS' }] });
    const unknownCustomer = submitMessage({ customerNumber: '99999', lines: [{ articleNumber: chair }] });
    const all = [good[0]!, unknownArticle, ...good.slice(1, 3), unknownCustomer, ...good.slice(3)];
    const results = await settle(all.map((m) => receiveMessage(ctx(), m)));
    const byId = new Map(all.map((m, i) => [m.messageId, results[i]!]));
    expect(byId.get(unknownArticle.messageId)).toMatchObject({ status: 'rejected', reason: { code: 'INVALID', message: expect.stringContaining('X-SAKNAS') } });
    expect(byId.get(unknownCustomer.messageId)).toMatchObject({ status: 'rejected', reason: { code: 'INVALID', message: expect.stringContaining('99999') } });
    for (const m of good) expect(byId.get(m.messageId)).toMatchObject({ status: 'fulfilled', value: { accepted: true } });
    const [n] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM provision_order WHERE id = ANY($1::uuid[])`, [all.map((m) => m.order.orderId)]);
    expect(n!.n).toBe(6);
  });

  it('a line id another order already uses fails the batch statement; every order then gets the answer it would have had alone', async () => {
    const first = submitMessage({ lines: [{ articleNumber: chair }] });
    await receiveMessage(ctx(), first);
    const clash = submitMessage({ lines: [{ articleNumber: chair }] });
    clash.order.lines[0]!.lineId = first.order.lines[0]!.lineId;
    const others = Array.from({ length: 4 }, () => submitMessage({ lines: [{ articleNumber: cushion }] }));
    const all = [others[0]!, others[1]!, clash, others[2]!, others[3]!];
    const results = await settle(all.map((m) => receiveMessage(ctx(), m)));
    expect(results[2]).toMatchObject({ status: 'rejected', reason: { code: 'INVALID', message: expect.stringMatching(/rad-id som redan används/) } });
    for (const i of [0, 1, 3, 4]) expect(results[i]).toMatchObject({ status: 'fulfilled', value: { accepted: true, duplicate: false } });
    const [n] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM provision_order WHERE id = ANY($1::uuid[])`, [all.map((m) => m.order.orderId)]);
    expect(n!.n).toBe(4);
  });

  it('the same message three times among others at once makes one order, and the copies are answered as duplicates', async () => {
    const m = submitMessage({ lines: [{ articleNumber: chair }] });
    const others = Array.from({ length: 5 }, () => submitMessage({ lines: [{ articleNumber: cushion }] }));
    const all = [others[0]!, m, others[1]!, structuredClone(m), others[2]!, structuredClone(m), others[3]!, others[4]!];
    const receipts = await Promise.all(all.map((x) => receiveMessage(ctx(), x)));
    const copies = [receipts[1]!, receipts[3]!, receipts[5]!];
    expect(copies.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(copies.map((r) => r.centreOrderNumber)).size).toBe(1);
    const [n] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM provision_order WHERE message_id = $1`, [m.messageId]);
    expect(n!.n).toBe(1);
    expect(receipts.filter((r) => !r.duplicate)).toHaveLength(6);
  });

  it('a message id received before, sent again with another payload among others, is refused as a conflict; the others are stored', async () => {
    const m = submitMessage({ lines: [{ articleNumber: chair }] });
    await receiveMessage(ctx(), m);
    const changed = structuredClone(m);
    changed.order.lines[0]!.quantity = 4;
    const others = Array.from({ length: 4 }, () => submitMessage({ lines: [{ articleNumber: cushion }] }));
    const all = [others[0]!, others[1]!, changed, others[2]!, others[3]!];
    const results = await settle(all.map((x) => receiveMessage(ctx(), x)));
    expect(results[2]).toMatchObject({ status: 'rejected', reason: { code: 'MESSAGE_ID_CONFLICT' } });
    for (const i of [0, 1, 3, 4]) expect(results[i]).toMatchObject({ status: 'fulfilled', value: { accepted: true, duplicate: false } });
    const [l] = await rows<{ quantity: number }>(`SELECT quantity FROM provision_order_line WHERE order_id = $1`, [m.order.orderId]);
    expect(l!.quantity).toBe(1);
  });

  it('a protected identity keeps no address, also in a batch', async () => {
    const protectedPatient = submitMessage({
      lines: [{ articleNumber: chair }],
      patient: {
        identifier: '194001079120',
        identifierKind: 'personnummer',
        firstName: 'Skyddad',
        lastName: 'Person',
        protectedIdentity: true,
        homeMunicipalityCode: '9901',
        address: null,
      },
    });
    const others = Array.from({ length: 3 }, () => submitMessage({ lines: [{ articleNumber: chair }] }));
    await Promise.all([...others, protectedPatient].map((x) => receiveMessage(ctx(), x)));
    const [p] = await rows<{ street: string | null; protected_identity: boolean }>(
      `SELECT street, protected_identity FROM provision_patient WHERE order_id = $1`,
      [protectedPatient.order.orderId],
    );
    expect(p).toEqual({ street: null, protected_identity: true });
  });
});
