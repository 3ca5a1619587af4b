import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliveryEstimate, deliveryEstimateRequest } from './estimate.ts';

const dir = path.join(import.meta.dirname, 'fixtures', 'estimate');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>;

describe('the delivery estimate, both ways', () => {
  it('the request fixture parses, and what the ordering side would send is the fixture', () => {
    const json = read('request.json');
    expect(deliveryEstimateRequest.parse(json)).toEqual(json);
  });

  it('the answer fixture parses, and what the centre would send is the fixture', () => {
    const json = read('estimate.json');
    expect(deliveryEstimate.parse(json)).toEqual(json);
  });

  it('refuses what a receiver cannot use: a quantity of 0, a date that is not a date, a stock word it does not know', () => {
    const req = read('request.json') as { lines: { quantity: number }[] };
    req.lines[0]!.quantity = 0;
    expect(deliveryEstimateRequest.safeParse(req).success).toBe(false);
    const e = read('estimate.json') as { lines: Record<string, unknown>[] };
    expect(deliveryEstimate.safeParse({ ...e, expectedDate: '28/12/2026' }).success).toBe(false);
    e.lines[0]!.stock = 'plenty';
    expect(deliveryEstimate.safeParse(e).success).toBe(false);
  });
});
