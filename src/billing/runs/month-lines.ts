import { z } from 'zod';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { basisHeader, basisRows } from '../basis/basis.ts';
import { FINANCE } from '../roles.ts';
import { chargeKinds } from '../schema.ts';
import { loadBillingSettings } from '../settings.ts';
import { periodBounds } from './period.ts';

export const monthLinesQuery = z.strictObject({ customerNumber: z.string().trim().min(1).max(40) });

export const monthLineView = z.object({
  lineId: z.number(),
  correctsLineId: z.number().nullable(),
  orderingCustomerNumber: z.string(),
  orderNumber: z.string().nullable(),
  lineNumber: z.number().nullable(),
  orderType: z.string().nullable(),
  deliveryDate: z.string().nullable(),
  patient: z.string(),
  articleNumber: z.string().nullable(),
  articleName: z.string().nullable(),
  isoCode: z.string().nullable(),
  unitNumber: z.string().nullable(),
  kind: z.enum(chargeKinds),
  charge: z.string().describe('Debiteringen på svenska'),
  rentFrom: z.string().nullable(),
  rentTo: z.string().nullable(),
  days: z.number().nullable(),
  quantity: z.number(),
  unitPrice: z.number().nullable().describe('kronor; null = inget pris gäller'),
  amount: z.number().nullable().describe('kronor; null = inget pris gäller'),
  comment: z.string().nullable(),
});
export const monthLines = z.object({
  period: z.string(),
  customerNumber: z.string(),
  basisNumber: z.string(),
  state: z.enum(['draft', 'closed']),
  total: z.number(),
  lines: z.array(monthLineView),
});

/** One customer number's lines of a month as finance previews them (patient shown as in the basis files). */
export async function getMonthLines(ctx: Ctx, period: string, customerNumber: string): Promise<z.infer<typeof monthLines>> {
  requireRole(ctx, ...FINANCE);
  periodBounds(period);
  const header = await basisHeader(ctx.db, period, customerNumber);
  const settings = await loadBillingSettings(ctx.db);
  const rows = await basisRows(ctx.db, period, customerNumber, settings.patientIdentity);
  const kr = (o: number | null) => (o == null ? null : o / 100);
  return {
    period,
    customerNumber,
    basisNumber: header.basisNumber,
    state: header.state,
    total: header.totalOre / 100,
    lines: rows.map((r) => ({
      lineId: r.lineId,
      correctsLineId: r.correctsLineId,
      orderingCustomerNumber: r.orderingCustomerNumber,
      orderNumber: r.orderNumber,
      lineNumber: r.lineNumber,
      orderType: r.orderType,
      deliveryDate: r.deliveryDate,
      patient: r.patient,
      articleNumber: r.articleNumber,
      articleName: r.articleName,
      isoCode: r.isoCode,
      unitNumber: r.unitNumber,
      kind: r.kind,
      charge: r.charge,
      rentFrom: r.rentFrom,
      rentTo: r.rentTo,
      days: r.days,
      quantity: r.quantity,
      unitPrice: kr(r.unitPriceOre),
      amount: kr(r.amountOre),
      comment: r.comment,
    })),
  };
}
