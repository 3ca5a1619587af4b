import { describe, expect, it } from 'vitest';
import { largestRemainder } from './largest-remainder.ts';

const parts = (total: number, weights: number[]) =>
  largestRemainder(
    total,
    weights.map((w, i) => ({ key: i, weight: w })),
  ).map((p) => p.part);

describe('largest remainder', () => {
  it('the parts sum exactly to the total: 100 öre over three equal shares is 34 + 33 + 33', () => {
    expect(parts(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });

  it('the öre left over go to the largest remainders, not to the largest share', () => {
    // Exact shares: 10 × 0.5 = 5, 10 × 0.3 = 3, 10 × 0.2 = 2 of 10 öre; of 11 öre: 5.5, 3.3, 2.2 → 6, 3, 2.
    expect(parts(10, [50, 30, 20])).toEqual([5, 3, 2]);
    expect(parts(11, [50, 30, 20])).toEqual([6, 3, 2]);
    // 7 öre over 0.45 / 0.35 / 0.2: 3.15, 2.45, 1.4 → floors 3, 2, 1, one left, to the remainder 0.45.
    expect(parts(7, [45, 35, 20])).toEqual([3, 3, 1]);
  });

  it('a party with no positive cost gets nothing; with no cost at all nobody does', () => {
    expect(parts(1000, [0, 300, -50, 100])).toEqual([0, 750, 0, 250]);
    expect(parts(1000, [0, 0])).toEqual([0, 0]);
  });

  it('large sums stay exact (bigint arithmetic)', () => {
    const w = [123_456_789_01, 98_765_432_10, 55_555_555_55, 1];
    const p = parts(1_000_000_000_00, w);
    expect(p.reduce((a, b) => a + b, 0)).toBe(1_000_000_000_00);
    for (const x of p) expect(Number.isInteger(x)).toBe(true);
  });
});
