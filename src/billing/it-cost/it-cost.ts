import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { loadCustomers } from '../../administration/organisation/customers.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { MONEY_FORMAT } from '../basis/xlsx.ts';
import { run } from '../db.ts';
import { FINANCE } from '../roles.ts';
import { PERIOD_RE } from '../runs/period.ts';
import { billingSetting } from '../schema.ts';
import { largestRemainder } from './largest-remainder.ts';

/**
 * The IT cost split (issue 12 item 7, DOMAIN §6): finance enters the IT support's cost for a period (a
 * range of months); it is divided over the care providers by their share of the device cost in the
 * period's closed invoice bases — the sum of the stored lines billed to the care provider's customer
 * numbers (rent, sales and services, credits netted) — the parts summing exactly to the total (largest
 * remainder, ./largest-remainder.ts). The entered costs are kept in billing's settings table under one key
 * (a handful of rows a year; no table of their own).
 */
const KEY = 'itCosts';
const month = z.string().regex(PERIOD_RE, 'ange ÅÅÅÅ-MM');
export const itCostParams = z.strictObject({ from: month, to: month });
export const itCostInput = z.strictObject({
  amount: z
    .number()
    .min(0, 'kan inte vara negativt')
    .max(1_000_000_000)
    .multipleOf(0.01, 'högst två decimaler')
    .describe('IT-supportens kostnad för perioden, kronor'),
  note: z.string().trim().max(500).nullish(),
});
export const itCostEntry = z.object({
  from: z.string(),
  to: z.string(),
  amount: z.number(),
  note: z.string().nullable(),
  enteredBy: z.string(),
  enteredAt: z.string(),
});
export type ItCostEntry = z.infer<typeof itCostEntry>;
const stored = z.array(
  z.object({ from: z.string(), to: z.string(), amountOre: z.number(), note: z.string().nullable(), enteredBy: z.string(), enteredAt: z.string() }),
);

export const itCostSplit = z.object({
  from: z.string(),
  to: z.string(),
  amount: z.number().describe('kronor'),
  note: z.string().nullable(),
  deviceCost: z.number().describe('Vårdgivarnas hjälpmedelskostnad i periodens stängda underlag, kronor'),
  percentOfDeviceCost: z.number().nullable().describe('IT-kostnaden i procent av hjälpmedelskostnaden'),
  closedMonths: z.array(z.string()),
  openMonths: z.array(z.string()).describe('Månader i perioden som inte är stängda: de räknas inte'),
  parts: z.array(
    z.object({
      careProviderId: z.string().nullable(),
      careProviderName: z.string(),
      deviceCost: z.number(),
      share: z.number().describe('andel 0–1'),
      part: z.number().describe('kronor'),
    }),
  ),
});
export type ItCostSplit = z.infer<typeof itCostSplit>;

async function loadEntries(db: DbOrTx) {
  const [row] = await db.select({ value: billingSetting.value }).from(billingSetting).where(eq(billingSetting.key, KEY));
  const parsed = stored.safeParse((row?.value as { entries?: unknown } | undefined)?.entries ?? []);
  return parsed.success ? parsed.data : [];
}

const view = (e: z.infer<typeof stored>[number]): ItCostEntry => ({
  from: e.from,
  to: e.to,
  amount: e.amountOre / 100,
  note: e.note,
  enteredBy: e.enteredBy,
  enteredAt: e.enteredAt,
});

function checkRange(from: string, to: string) {
  if (!PERIOD_RE.test(from) || !PERIOD_RE.test(to))
    throw new AppError('VALIDATION', 'Ange perioden som ÅÅÅÅ-MM', { issues: [{ path: 'params.from', code: 'month_format', message: 'ange ÅÅÅÅ-MM' }] });
  if (to < from)
    throw new AppError('VALIDATION', 'Periodens slut är före dess början', {
      issues: [{ path: 'params.to', code: 'before_start', message: 'kan inte vara före från-månaden' }],
    });
}

export async function listItCosts(ctx: Ctx): Promise<ItCostEntry[]> {
  requireRole(ctx, ...FINANCE);
  return (await loadEntries(ctx.db)).map(view).sort((a, b) => (a.from === b.from ? b.to.localeCompare(a.to) : b.from.localeCompare(a.from)));
}

/** Enters (or replaces) the IT cost of the period from–to. */
export async function setItCost(ctx: Ctx, from: string, to: string, input: z.infer<typeof itCostInput>): Promise<ItCostEntry> {
  const actor = requireRole(ctx, ...FINANCE);
  checkRange(from, to);
  const amountOre = Math.round(input.amount * 100);
  const entry = { from, to, amountOre, note: input.note?.trim() || null, enteredBy: actor.username, enteredAt: ctx.now().toISOString() };
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(billingSetting)
      .values({ key: KEY, value: { entries: [] }, updatedBy: actor.userId })
      .onConflictDoNothing();
    await run(tx, sql`SELECT 1 FROM billing_setting WHERE key = ${KEY} FOR UPDATE`);
    const entries = (await loadEntries(tx)).filter((e) => !(e.from === from && e.to === to));
    entries.push(entry);
    await tx.update(billingSetting).set({ value: { entries }, updatedAt: ctx.now(), updatedBy: actor.userId }).where(eq(billingSetting.key, KEY));
    await audit(tx, ctx, { action: 'billing.it-cost.set', entityType: 'billing_setting', entityId: `${KEY}:${from}:${to}`, details: { from, to, amountOre } });
  });
  return view(entry);
}

/** The split of the period's entered IT cost over the care providers. */
export async function getItCostSplit(ctx: Ctx, from: string, to: string): Promise<ItCostSplit> {
  requireRole(ctx, ...FINANCE);
  checkRange(from, to);
  const entry = (await loadEntries(ctx.db)).find((e) => e.from === from && e.to === to);
  if (!entry) throw new AppError('NOT_FOUND', `Ingen IT-kostnad angiven för ${from}–${to}`);
  const months = (await run(ctx.db, sql`SELECT period, state FROM billing_period WHERE period BETWEEN ${from} AND ${to} ORDER BY period`)).rows as {
    period: string;
    state: string;
  }[];
  const closedMonths = months.filter((m) => m.state === 'closed').map((m) => m.period);
  const openMonths = months.filter((m) => m.state !== 'closed').map((m) => m.period);
  const byCustomer = (
    await run(
      ctx.db,
      sql`SELECT l.customer_number, coalesce(sum(l.amount_ore), 0)::bigint AS total FROM billing_line l JOIN billing_period p ON p.period = l.period
      WHERE p.state = 'closed' AND l.period BETWEEN ${from} AND ${to} GROUP BY l.customer_number`,
    )
  ).rows as { customer_number: string; total: string }[];
  const customers = new Map((await loadCustomers(ctx.db, undefined)).map((c) => [c.customerNumber, c]));
  const providers = new Map<string, { careProviderId: string | null; careProviderName: string; cost: number }>();
  for (const r of byCustomer) {
    const c = customers.get(r.customer_number);
    const key = c?.careProviderId ?? `?${r.customer_number}`;
    const p = providers.get(key) ?? {
      careProviderId: c?.careProviderId ?? null,
      careProviderName: c?.careProviderName ?? `Kundnummer ${r.customer_number}`,
      cost: 0,
    };
    p.cost += Number(r.total);
    providers.set(key, p);
  }
  const collator = new Intl.Collator('sv');
  const list = [...providers.values()].sort((a, b) => collator.compare(a.careProviderName, b.careProviderName));
  const deviceCost = list.reduce((s, p) => s + Math.max(0, p.cost), 0);
  const parts = largestRemainder(
    entry.amountOre,
    list.map((p) => ({ key: p, weight: p.cost })),
  );
  return {
    from,
    to,
    amount: entry.amountOre / 100,
    note: entry.note,
    deviceCost: deviceCost / 100,
    percentOfDeviceCost: deviceCost > 0 ? Math.round((entry.amountOre / deviceCost) * 1_000_000) / 10_000 : null,
    closedMonths,
    openMonths,
    parts: parts.map(({ key: p, part }) => ({
      careProviderId: p.careProviderId,
      careProviderName: p.careProviderName,
      deviceCost: p.cost / 100,
      share: deviceCost > 0 ? Math.max(0, p.cost) / deviceCost : 0,
      part: part / 100,
    })),
  };
}

/** The split as a workbook: one row per care provider, a total row (the parts sum to the IT cost). */
export async function itCostSplitWorkbook(ctx: Ctx, from: string, to: string) {
  const s = await getItCostSplit(ctx, from, to);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bistå';
  const ws = wb.addWorksheet('IT-kostnad', { views: [{ state: 'frozen', ySplit: 4 }] });
  ws.columns = [
    { width: 40 },
    { width: 18, style: { numFmt: MONEY_FORMAT } },
    { width: 12, style: { numFmt: '0.00%' } },
    { width: 18, style: { numFmt: MONEY_FORMAT } },
  ];
  ws.addRow([`IT-kostnad ${from}–${to} fördelad på vårdgivarna`, s.amount]);
  ws.addRow(['Hjälpmedelskostnad i stängda underlag', s.deviceCost, s.percentOfDeviceCost == null ? null : s.percentOfDeviceCost / 100]);
  ws.addRow([]);
  const head = ws.addRow(['Vårdgivare', 'Hjälpmedelskostnad', 'Andel', 'Del av IT-kostnaden']);
  head.font = { bold: true };
  for (const p of s.parts) ws.addRow([p.careProviderName, p.deviceCost, p.share, p.part]);
  const last = 4 + s.parts.length;
  const sum = ws.addRow([
    'Summa',
    { formula: `SUM(B5:B${last})`, result: s.deviceCost },
    { formula: `SUM(C5:C${last})`, result: s.parts.length ? 1 : 0 },
    { formula: `SUM(D5:D${last})`, result: s.amount },
  ]);
  sum.font = { bold: true };
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: 4 } };
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `it-kostnad-${from}-${to}.xlsx` };
}
