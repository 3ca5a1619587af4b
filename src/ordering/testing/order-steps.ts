import { expect } from 'vitest';
import type { Client } from '../../../test/app.ts';
import type { OrderView } from '../orders/order-schemas.ts';

/** Looks the patient up and declares the care relationship, as a prescriber does before ordering; the patient's id. */
export async function openPatient(c: Client, identifier: string): Promise<string> {
  const r = await c.post('/api/patients/lookup', { identifier });
  expect(r.statusCode, r.body).toBe(200);
  const id = (r.json() as { patientId: string }).patientId;
  expect((await c.post(`/api/patients/${id}/care-relationship`, {})).statusCode).toBeLessThan(300);
  return id;
}

/** A new draft order. */
export async function draft(c: Client, body: Record<string, unknown>): Promise<OrderView> {
  const r = await c.post('/api/orders', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as OrderView;
}

/** Saves a draft with delivery to the patient's address and a contact; `body` overrides any of it. */
export async function save(c: Client, o: OrderView, body: Record<string, unknown>): Promise<OrderView> {
  const r = await c.put(`/api/orders/${o.id}`, {
    version: o.version,
    customerId: o.customer.id,
    delivery: { kind: 'patientAddress' },
    contactName: 'Anna Åberg',
    contactPhone: '070-123 45 67',
    lines: [],
    ...body,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as OrderView;
}
