/**
 * Divides `total` (integer öre) over parties in proportion to their weights (integer öre), so that the
 * parts are integers summing exactly to `total` (largest-remainder method, Hamilton): each part is first
 * rounded down, and the öre left over go one each to the largest remainders; a tie goes to the larger
 * weight, then to the earlier key in the given order. Parties with no positive weight get nothing.
 */
export function largestRemainder<K>(total: number, parties: readonly { key: K; weight: number }[]): { key: K; part: number }[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new Error('total must be a non-negative integer');
  const sum = parties.reduce((s, p) => s + BigInt(Math.max(0, p.weight)), 0n);
  if (sum === 0n) return parties.map((p) => ({ key: p.key, part: 0 }));
  const T = BigInt(total);
  const rows = parties.map((p, i) => {
    const w = BigInt(Math.max(0, p.weight));
    const exact = T * w;
    return { key: p.key, i, w, part: exact / sum, rem: exact % sum };
  });
  let left = T - rows.reduce((s, r) => s + r.part, 0n);
  const order = [...rows].sort((a, b) => (a.rem === b.rem ? (a.w === b.w ? a.i - b.i : a.w > b.w ? -1 : 1) : a.rem > b.rem ? -1 : 1));
  for (const r of order) {
    if (left === 0n) break;
    if (r.w === 0n) continue;
    r.part += 1n;
    left -= 1n;
  }
  return rows.map((r) => ({ key: r.key, part: Number(r.part) }));
}
