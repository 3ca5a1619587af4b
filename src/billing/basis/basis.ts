import { sql } from 'drizzle-orm';
import { customerByNumber } from '../../administration/organisation/customer-by-number.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { run } from '../db.ts';
import { periodBounds } from '../runs/period.ts';
import type { ChargeKind } from '../schema.ts';
import type { BillingSettings } from '../settings.ts';

/**
 * One customer number's invoice basis (fakturaunderlag, DOMAIN §6) for a month: the header and the lines
 * with every column the customer needs to check and approve each line, in one shape the XLSX, CSV and PDF
 * writers all take. Money stays integer öre until a writer formats it.
 */
export interface BasisHeader {
  period: string;
  basisNumber: string;
  basisDate: string;
  state: 'draft' | 'closed';
  customerNumber: string;
  customerName: string;
  payer: string;
  costCentre: string;
  totalOre: number;
  lines: number;
}

export interface BasisRow {
  lineId: number;
  correctsLineId: number | null;
  orderingCustomerNumber: string;
  orderNumber: string | null;
  centreOrderNumber: string | null;
  lineNumber: number | null;
  orderType: string | null;
  orderDate: string | null;
  deliveryDate: string | null;
  prescriber: string | null;
  patient: string;
  articleNumber: string | null;
  articleName: string | null;
  isoCode: string | null;
  unitNumber: string | null;
  chargingForm: string | null;
  /** What is charged, as a code (the `charge` column is its Swedish label). */
  kind: ChargeKind;
  charge: string;
  rentFrom: string | null;
  rentTo: string | null;
  days: number | null;
  quantity: number;
  unitPriceOre: number | null;
  amountOre: number | null;
  comment: string | null;
}

export const chargeLabels: Record<ChargeKind, string> = {
  rent: 'Hyra',
  sale: 'Försäljning',
  bufferWithdrawal: 'Uttag ur buffertförråd',
  workOrderTime: 'Arbetstid',
  installation: 'Installation',
  deinstallation: 'Avinstallation',
  material: 'Material',
  quote: 'Specialanpassning enligt offert',
  urgentFee: 'Akutavgift',
  failedDeliveryFee: 'Bomkörning',
};
const orderTypeLabels: Record<string, string> = {
  customerOrder: 'Kundorder',
  pickUp: 'Hämtorder',
  workOrder: 'Arbetsorder',
  bufferWithdrawal: 'Buffertuttag',
  lostDevice: 'Förkommet hjälpmedel',
  faultReport: 'Felanmälan',
  deviation: 'Avvikelse',
};
const chargingFormLabels: Record<string, string> = { rent: 'Hyra', sale: 'Försäljning', saleWithReturn: 'Försäljning med återtag' };

/**
 * The patient as the basis shows them: 'full' personnummer and name; 'masked' birth date and initials;
 * 'none' nothing. A protected identity is always masked (and billing never holds anyone's address).
 */
export function patientText(identifier: string | null, name: string | null, protectedIdentity: boolean, mode: BillingSettings['patientIdentity']): string {
  if (!identifier || mode === 'none') return '';
  const masked = `${identifier.slice(0, 8)}-****`;
  const initials = (name ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w[0]}.`)
    .join(' ');
  if (protectedIdentity) return `${masked} (skyddad identitet)`;
  if (mode === 'masked') return `${masked} ${initials}`.trim();
  return `${identifier.slice(0, 8)}-${identifier.slice(8)} ${name ?? ''}`.trim();
}

export const basisNumberOf = (period: string, customerNumber: string) => `FU-${period.replace('-', '')}-${customerNumber}`;

export async function basisHeader(db: DbOrTx, period: string, customerNumber: string): Promise<BasisHeader> {
  const b = periodBounds(period);
  const [p] = (await run(db, sql`SELECT state FROM billing_period WHERE period = ${period}`)).rows as { state: 'draft' | 'closed' }[];
  if (!p) throw new AppError('NOT_FOUND', `Månaden ${period} har inte körts`);
  const c = await customerByNumber(db, customerNumber);
  const [t] = (
    await run(
      db,
      sql`SELECT count(*)::int AS lines, coalesce(sum(amount_ore), 0)::bigint AS total FROM billing_line WHERE period = ${period} AND customer_number = ${customerNumber}`,
    )
  ).rows as {
    lines: number;
    total: string;
  }[];
  if (!c && Number(t!.lines) === 0) throw new AppError('NOT_FOUND', `Inget underlag för kund ${customerNumber} i ${period}`);
  return {
    period,
    basisNumber: basisNumberOf(period, customerNumber),
    basisDate: b.end,
    state: p.state,
    customerNumber,
    customerName: c?.name ?? '',
    payer: c?.payer ?? '',
    costCentre: c?.costCentre ?? '',
    totalOre: Number(t!.total),
    lines: Number(t!.lines),
  };
}

const day = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const num = (v: unknown) => (v == null ? null : Number(v));

export async function basisRows(db: DbOrTx, period: string, customerNumber: string, mode: BillingSettings['patientIdentity']): Promise<BasisRow[]> {
  const rows = (
    await run(
      db,
      sql`SELECT * FROM billing_line WHERE period = ${period} AND customer_number = ${customerNumber} ORDER BY order_number NULLS LAST, line_number NULLS FIRST, kind, id`,
    )
  ).rows as Record<string, unknown>[];
  return rows.map((r) => ({
    lineId: Number(r.id),
    correctsLineId: num(r.corrects_line_id),
    orderingCustomerNumber: String(r.ordering_customer_number),
    orderNumber: (r.order_number as string | null) ?? null,
    centreOrderNumber: (r.centre_order_number as string | null) ?? null,
    lineNumber: num(r.line_number),
    orderType: r.order_type ? (orderTypeLabels[r.order_type as string] ?? String(r.order_type)) : null,
    orderDate: day(r.order_date),
    deliveryDate: day(r.delivery_date),
    prescriber: (r.prescriber as string | null) ?? null,
    patient: patientText(r.patient_identifier as string | null, r.patient_name as string | null, Boolean(r.patient_protected), mode),
    articleNumber: (r.article_number as string | null) ?? null,
    articleName: (r.article_name as string | null) ?? null,
    isoCode: (r.iso_code as string | null) ?? null,
    unitNumber: (r.unit_number as string | null) ?? null,
    chargingForm: r.charging_form ? (chargingFormLabels[r.charging_form as string] ?? String(r.charging_form)) : null,
    kind: r.kind as ChargeKind,
    charge: chargeLabels[r.kind as ChargeKind] ?? String(r.kind),
    rentFrom: day(r.rent_from),
    rentTo: day(r.rent_to),
    days: num(r.days),
    quantity: Number(r.quantity),
    unitPriceOre: num(r.unit_price_ore),
    amountOre: num(r.amount_ore),
    comment: (r.comment as string | null) ?? null,
  }));
}

/** The columns of every format, in order (DOMAIN §6). `kind` says how a writer formats the value. */
export const basisColumns: {
  header: string;
  key: keyof BasisRow | 'period' | 'basisNumber' | 'customerNumber';
  kind: 'text' | 'int' | 'date' | 'quantity' | 'money';
  width: number;
}[] = [
  { header: 'Period', key: 'period', kind: 'text', width: 9 },
  { header: 'Underlagsnummer', key: 'basisNumber', kind: 'text', width: 20 },
  { header: 'Kundnummer', key: 'customerNumber', kind: 'text', width: 11 },
  { header: 'Beställande kund', key: 'orderingCustomerNumber', kind: 'text', width: 11 },
  { header: 'Ordernummer', key: 'orderNumber', kind: 'text', width: 16 },
  { header: 'Centralens ordernr', key: 'centreOrderNumber', kind: 'text', width: 12 },
  { header: 'Orderrad', key: 'lineNumber', kind: 'int', width: 8 },
  { header: 'Ordertyp', key: 'orderType', kind: 'text', width: 14 },
  { header: 'Orderdatum', key: 'orderDate', kind: 'date', width: 11 },
  { header: 'Leveransdatum', key: 'deliveryDate', kind: 'date', width: 11 },
  { header: 'Förskrivare', key: 'prescriber', kind: 'text', width: 20 },
  { header: 'Patient', key: 'patient', kind: 'text', width: 24 },
  { header: 'Artikelnummer', key: 'articleNumber', kind: 'text', width: 13 },
  { header: 'Benämning', key: 'articleName', kind: 'text', width: 28 },
  { header: 'ISO-kod', key: 'isoCode', kind: 'text', width: 10 },
  { header: 'Individnummer', key: 'unitNumber', kind: 'text', width: 12 },
  { header: 'Debiteringsform', key: 'chargingForm', kind: 'text', width: 12 },
  { header: 'Debitering', key: 'charge', kind: 'text', width: 14 },
  { header: 'Hyra från', key: 'rentFrom', kind: 'date', width: 11 },
  { header: 'Hyra till', key: 'rentTo', kind: 'date', width: 11 },
  { header: 'Dagar', key: 'days', kind: 'int', width: 6 },
  { header: 'Antal', key: 'quantity', kind: 'quantity', width: 8 },
  { header: 'À-pris', key: 'unitPriceOre', kind: 'money', width: 11 },
  { header: 'Belopp', key: 'amountOre', kind: 'money', width: 12 },
  { header: 'Kommentar', key: 'comment', kind: 'text', width: 30 },
  { header: 'Rad-id', key: 'lineId', kind: 'int', width: 9 },
  { header: 'Rättar rad', key: 'correctsLineId', kind: 'int', width: 9 },
];

/** The value of column `key` on a row (the header's fields for period, basis number and customer). */
export function cellOf(
  h: Pick<BasisHeader, 'period' | 'basisNumber' | 'customerNumber'>,
  r: BasisRow,
  key: (typeof basisColumns)[number]['key'],
): string | number | null {
  if (key === 'period' || key === 'basisNumber' || key === 'customerNumber') return h[key];
  return r[key] as string | number | null;
}
