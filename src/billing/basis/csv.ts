import { basisColumns, cellOf, type BasisHeader, type BasisRow } from './basis.ts';

/**
 * One customer's basis as CSV that Swedish Excel opens as it is: UTF-8 with a byte-order mark, semicolons,
 * decimal comma, ISO dates, CRLF line ends. One header row, the lines, and a total row.
 */
export function basisCsv(h: BasisHeader, rows: Iterable<BasisRow>): string {
  const out: string[] = [basisColumns.map((c) => field(c.header)).join(';')];
  let total = 0;
  for (const r of rows) {
    total += r.amountOre ?? 0;
    out.push(basisColumns.map((c) => format(cellOf(h, r, c.key), c.kind)).join(';'));
  }
  out.push(basisColumns.map((c, i) => (i === 0 ? 'Summa' : c.key === 'amountOre' ? oreText(total) : '')).join(';'));
  return `\uFEFF${out.join('\r\n')}\r\n`;
}

export const oreText = (ore: number) => {
  const sign = ore < 0 ? '-' : '';
  const a = Math.abs(ore);
  return `${sign}${Math.floor(a / 100)},${String(a % 100).padStart(2, '0')}`;
};

function format(v: string | number | null, kind: (typeof basisColumns)[number]['kind']): string {
  if (v === null || v === undefined) return '';
  if (kind === 'money') return oreText(v as number);
  if (kind === 'quantity') return String(v).replace('.', ',');
  return field(String(v));
}

function field(s: string): string {
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
