import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { rowsOf } from '../orders/order-store.ts';
import { STOCK_VALUE_READERS } from '../roles.ts';
import { LOSS_WAREHOUSE } from '../units/warehouses.ts';
import { kronor } from './purchase-views.ts';

export const valuationQuery = z.strictObject({ warehouseId: z.uuid().optional() });

const valuationRow = z.object({
  articleId: z.uuid(),
  articleNumber: z.string(),
  articleName: z.string(),
  unitTracked: z.boolean(),
  quantity: z.number(),
  /** Kronor per piece: the average purchase cost (units: their own costs averaged); null when no cost is known. */
  unitCost: z.string().nullable(),
  value: z.string(),
});
export const valuationView = z.object({
  date: z.string(),
  warehouses: z.array(z.object({ warehouseId: z.uuid(), warehouseName: z.string(), quantity: z.number(), value: z.string(), rows: z.array(valuationRow) })),
  total: z.string(),
  /** Rows whose quantity has no known cost (stock entered before costs were kept): valued at 0. */
  withoutCost: z.number(),
});
export type ValuationView = z.infer<typeof valuationView>;

interface Raw {
  warehouse_id: string;
  warehouse_name: string;
  article_id: string;
  article_number: string;
  article_name: string;
  unit_tracked: boolean;
  quantity: number;
  value_ore: string | number | null;
}

/**
 * GET /api/provision/purchasing/stock-valuation: the stock value per warehouse (issue 17 item 6), quantity × cost.
 * Articles kept as balances are valued at their moving weighted average purchase cost (stock/ledger.ts); units in
 * stock (new, reconditioned, or reserved and not yet delivered) at their own purchase cost. The loss warehouse holds
 * nothing of value. Purchase cost, not depreciated book value: depreciation is the finance system's.
 */
export async function stockValuation(ctx: Ctx, q: z.infer<typeof valuationQuery>): Promise<ValuationView> {
  requireRole(ctx, ...STOCK_VALUE_READERS);
  const rows = rowsOf<Raw>(
    await ctx.db.execute(sql`
      SELECT s.warehouse_id, w.name AS warehouse_name, s.article_id, s.article_number, s.article_name, s.unit_tracked, s.quantity::int AS quantity, s.value_ore
        FROM (
          SELECT warehouse_id, article_id, article_number, article_name, false AS unit_tracked, balance AS quantity,
                 CASE WHEN average_cost IS NULL THEN NULL ELSE round(balance * average_cost * 100) END AS value_ore
            FROM provision_stock_balance WHERE balance > 0
          UNION ALL
          SELECT warehouse_id, article_id, min(article_number), min(article_name), true, count(*), round(sum(purchase_cost) * 100)
            FROM provision_unit
           WHERE warehouse_id IS NOT NULL AND status IN ('newInStock', 'reconditionedInStock', 'reserved')
           GROUP BY warehouse_id, article_id
        ) s JOIN provision_warehouse w ON w.id = s.warehouse_id
       WHERE w.code <> ${LOSS_WAREHOUSE.code} ${q.warehouseId ? sql`AND s.warehouse_id = ${q.warehouseId}` : sql``}`),
  );
  const byWarehouse = new Map<string, ValuationView['warehouses'][number] & { ore: number }>();
  let total = 0;
  let withoutCost = 0;
  for (const r of rows) {
    let w = byWarehouse.get(r.warehouse_id);
    if (!w) {
      w = { warehouseId: r.warehouse_id, warehouseName: r.warehouse_name, quantity: 0, value: '0.00', rows: [], ore: 0 };
      byWarehouse.set(r.warehouse_id, w);
    }
    const ore = r.value_ore === null ? null : Number(r.value_ore);
    if (ore === null) withoutCost++;
    w.ore += ore ?? 0;
    w.quantity += r.quantity;
    total += ore ?? 0;
    w.rows.push({
      articleId: r.article_id,
      articleNumber: r.article_number,
      articleName: r.article_name,
      unitTracked: r.unit_tracked,
      quantity: r.quantity,
      unitCost: ore === null ? null : kronor(Math.round(ore / r.quantity)),
      value: kronor(ore ?? 0),
    });
  }
  const warehouses = [...byWarehouse.values()]
    .sort((a, b) => swedishCollator.compare(a.warehouseName, b.warehouseName))
    .map(({ ore, ...w }) => ({
      ...w,
      value: kronor(ore),
      rows: w.rows.sort((a, b) => swedishCollator.compare(a.articleName, b.articleName) || a.articleNumber.localeCompare(b.articleNumber)),
    }));
  return { date: stockholmDateTime(ctx.now()).date, warehouses, total: kronor(total), withoutCost };
}

/** The valuation as an Excel workbook: one row per warehouse and article (numbers as numbers), a sum per warehouse, and the total. */
export async function stockValuationXlsx(v: ValuationView): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bistå';
  const ws = wb.addWorksheet('Lagervärde');
  ws.columns = [
    { header: 'Lager', key: 'warehouse', width: 24 },
    { header: 'Artikelnummer', key: 'articleNumber', width: 16 },
    { header: 'Benämning', key: 'articleName', width: 40 },
    { header: 'Individmärkt', key: 'unitTracked', width: 12 },
    { header: 'Antal', key: 'quantity', width: 10 },
    { header: 'Snittkostnad (kr)', key: 'unitCost', width: 18 },
    { header: 'Värde (kr)', key: 'value', width: 16 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const w of v.warehouses) {
    for (const r of w.rows)
      ws.addRow({
        warehouse: w.warehouseName,
        articleNumber: r.articleNumber,
        articleName: r.articleName,
        unitTracked: r.unitTracked ? 'Ja' : 'Nej',
        quantity: r.quantity,
        unitCost: r.unitCost === null ? 'Kostnad saknas' : Number(r.unitCost),
        value: Number(r.value),
      });
    ws.addRow({ warehouse: `Summa ${w.warehouseName}`, quantity: w.quantity, value: Number(w.value) }).font = { bold: true };
  }
  ws.addRow({ warehouse: 'Totalt', quantity: v.warehouses.reduce((s, w) => s + w.quantity, 0), value: Number(v.total) }).font = { bold: true };
  for (const key of ['unitCost', 'value']) ws.getColumn(key).numFmt = '#,##0.00';
  const about = wb.addWorksheet('Om rapporten');
  about.addRows([
    ['Rapport', 'Lagervärde per lager'],
    ['Datum', v.date],
    ['Värdering', 'Antal × inköpskostnad: glidande genomsnitt för lagersaldon, individernas eget inköpspris för individer i lager'],
    ['Rader utan känd kostnad (värderade till 0)', v.withoutCost],
  ]);
  about.getColumn(1).width = 40;
  about.getColumn(2).width = 90;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
