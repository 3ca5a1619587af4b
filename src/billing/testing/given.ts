/** Test builders for billing (CONVENTIONS §9): prices, and facts made through the provision side's real use cases. */
import { sql } from 'drizzle-orm';
import { givenPrice } from '../../catalogue/testing/article-fixtures.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { deliverLine } from '../../provision/orders/deliver-line.ts';
import { reserveUnits } from '../../provision/orders/fill-line.ts';
import { as, givenReceivedOrder, givenUnits } from '../../provision/testing/given.ts';
import { run } from '../db.ts';
import type { ServicePriceCode } from '../schema.ts';
import { billingServicePrice } from '../schema.ts';

/** A 12-digit personnummer with a valid check digit (Luhn over the last 10 digits before it). */
export function personnummer(yyyymmdd: string, serial = '238'): string {
  const nine = yyyymmdd.slice(2) + serial;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${yyyymmdd}${serial}${(10 - (sum % 10)) % 10}`;
}

export function patient(identifier: string, o: { protectedIdentity?: boolean; homeMunicipalityCode?: string } = {}) {
  const prot = o.protectedIdentity ?? false;
  return {
    identifier,
    identifierKind: 'personnummer' as const,
    firstName: 'Märta',
    lastName: 'Öström',
    protectedIdentity: prot,
    homeMunicipalityCode: o.homeMunicipalityCode ?? '9901',
    address: prot ? null : { careOf: null, street: 'Storgatan 12', postalCode: '990 10', city: 'Norrvik' },
  };
}

export const defaultServicePrices: Record<ServicePriceCode, number> = {
  urgentFee: 50000,
  failedDeliveryFee: 35000,
  technicianHour: 72000,
  consultantHour: 90000,
  installation: 120000,
  deinstallation: 80000,
};

export async function givenServicePrices(database: Database, validFrom = '2026-01-01', prices = defaultServicePrices) {
  await database.db
    .insert(billingServicePrice)
    .values(Object.entries(prices).map(([code, amountOre]) => ({ code: code as ServicePriceCode, amountOre, validFrom })));
}

export async function givenGeneralPrice(database: Database, articleId: string, amount: string, validFrom = '2026-01-01') {
  return givenPrice(database, { articleId, kind: 'general', amount, validFrom });
}

/** A unit of `articleId` delivered to a patient on a customer order, on `ctx`'s day. */
export async function givenDeliveredUnit(
  ctx: Ctx,
  warehouseId: string,
  article: { id: string; articleNumber: string },
  o: { customerNumber?: string; patient?: ReturnType<typeof patient>; urgent?: boolean } = {},
) {
  const [u] = await givenUnits(ctx, warehouseId, article.id, [{ purchaseDate: '2025-01-01' }]);
  const order = await givenReceivedOrder(ctx, {
    lines: [{ articleNumber: article.articleNumber }],
    ...(o.customerNumber ? { customerNumber: o.customerNumber } : {}),
    ...(o.patient ? { patient: o.patient } : {}),
    urgent: o.urgent ?? false,
  });
  const r = await reserveUnits(as(ctx, 'warehouse'), order.lineIds[0]!, { version: 1 });
  await deliverLine(as(ctx, 'warehouse'), order.lineIds[0]!, { version: r.lineVersion, units: [{ unitId: u!.id }] });
  return { unit: u!, orderId: order.orderId, orderNumber: order.message.order.orderNumber, lineId: order.lineIds[0]! };
}

export interface LineRow {
  id: number;
  period: string;
  customer_number: string;
  ordering_customer_number: string;
  kind: string;
  fact_id: string;
  fact_month: string;
  fact_date: string;
  order_number: string | null;
  unit_number: string | null;
  article_number: string | null;
  rent_from: string | null;
  rent_to: string | null;
  days: number | null;
  quantity: string;
  unit_price_ore: number | null;
  amount_ore: number | null;
  comment: string | null;
  corrects_line_id: number | null;
  patient_identifier: string | null;
}

/** The stored lines of a month, in a stable order, for comparing. */
export async function linesOf(database: Database, period: string) {
  const r = await run(
    database.db,
    sql`SELECT id, period, customer_number, ordering_customer_number, kind, fact_id, fact_month, fact_date::text, order_number, unit_number, article_number,
      rent_from::text, rent_to::text, days, quantity::text, unit_price_ore, amount_ore, comment, corrects_line_id, patient_identifier
    FROM billing_line WHERE period = ${period} ORDER BY kind, fact_id, corrects_line_id NULLS FIRST, id`,
  );
  const n = (v: unknown) => (v == null ? null : Number(v));
  return (r.rows as Record<string, unknown>[]).map((x): LineRow => ({
    ...(x as unknown as LineRow),
    id: Number(x.id),
    days: n(x.days),
    unit_price_ore: n(x.unit_price_ore),
    amount_ore: n(x.amount_ore),
    corrects_line_id: n(x.corrects_line_id),
  }));
}
