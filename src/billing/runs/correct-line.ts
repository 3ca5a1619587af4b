import { sql } from 'drizzle-orm';
import { run } from '../db.ts';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { FINANCE } from '../roles.ts';
import { loadBillingSettings } from '../settings.ts';
import { nextPeriod } from './period.ts';

export const correctInput = z.strictObject({
  creditOnly: z.boolean().default(false).describe('Bara kreditera, ingen ny rad'),
  quantity: z.number().min(0).max(1_000_000).multipleOf(0.001).nullish().describe('Rätt antal (utelämnat: samma som originalet)'),
  unitPrice: z.number().min(0).max(10_000_000).multipleOf(0.01).nullish().describe('Rätt à-pris i kronor (utelämnat: samma som originalet)'),
  comment: z.string().trim().min(1, 'skriv varför').max(500).describe('Varför raden rättas'),
});
export type CorrectInput = z.input<typeof correctInput>;
export const correctResult = z.object({
  period: z.string(),
  creditLineId: z.number(),
  newLineId: z.number().nullable(),
  credited: z.number().describe('kronor, negativt'),
});

/**
 * A correction of a line in a closed month (DOMAIN §6: never silent re-billing): in the next open month, a
 * credit line with negative quantity taking back what the line's chain still bills (the original plus
 * earlier corrections), and — unless only crediting — a new line with the right quantity or price. Both
 * point at the original line. A credit therefore never exceeds what was billed; when nothing is left to
 * credit, the correction is refused. The original's row lock serialises two corrections of one line.
 */
export async function correctLine(ctx: Ctx, lineId: number, raw: CorrectInput) {
  const actor = requireRole(ctx, ...FINANCE);
  const input = correctInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [orig] = (
      await run(tx, sql`SELECT l.*, p.state FROM billing_line l JOIN billing_period p ON p.period = l.period WHERE l.id = ${lineId} FOR UPDATE OF l`)
    ).rows as Record<string, unknown>[];
    if (!orig) throw new AppError('NOT_FOUND', 'Raden finns inte');
    if (orig.corrects_line_id != null)
      throw new AppError('CONFLICT', 'Rätta originalraden, inte en rättelse av den', { reason: 'notOriginal', originalId: Number(orig.corrects_line_id) });
    if (orig.state !== 'closed')
      throw new AppError('CONFLICT', 'Raden hör till en månad som inte är stängd: räkna om månaden i stället', { reason: 'periodOpen' });
    const [net] = (
      await run(
        tx,
        sql`SELECT sum(quantity)::text AS quantity, sum(amount_ore)::bigint AS amount FROM billing_line WHERE id = ${lineId} OR corrects_line_id = ${lineId}`,
      )
    ).rows as { quantity: string; amount: string }[];
    const netQuantity = Number(net!.quantity);
    const netAmount = Number(net!.amount);
    if (netAmount <= 0 && netQuantity <= 0) throw new AppError('CONFLICT', 'Det finns inget kvar att kreditera på raden', { reason: 'nothingToCredit' });
    const period = await nextOpenPeriod(tx);
    const copy =
      sql.raw(`customer_number, ordering_customer_number, cost_rule_id, kind, fact_id, fact_month, fact_date, order_number, centre_order_number, line_number, order_type,
      order_date, delivery_date, prescriber, patient_identifier, patient_name, patient_protected, article_number, article_name, iso_code, unit_number, charging_form, rent_from, rent_to, days`);
    const insert = async (quantity: number, unitPriceOre: number, amountOre: number, comment: string) =>
      Number(
        (
          (
            await run(
              tx,
              sql`INSERT INTO billing_line (period, ${copy}, quantity, unit_price_ore, amount_ore, comment, corrects_line_id)
          SELECT ${period}, ${copy}, ${quantity}, ${unitPriceOre}, ${amountOre}, ${comment}, id FROM billing_line WHERE id = ${lineId} RETURNING id`,
            )
          ).rows[0] as { id: string }
        ).id,
      );
    const credit = await insert(-netQuantity, Number(orig.unit_price_ore), -netAmount, `Kredit av rad ${lineId} (${orig.period}): ${input.comment}`);
    let fresh: number | null = null;
    if (!input.creditOnly) {
      const quantity = input.quantity ?? Number(orig.quantity);
      const unitPriceOre = input.unitPrice != null ? Math.round(input.unitPrice * 100) : Number(orig.unit_price_ore);
      // Rent is charged per month (quantity 1) at a pro-rated amount: keep the original's share of the month.
      const share = orig.kind === 'rent' && Number(orig.unit_price_ore) > 0 ? Number(orig.amount_ore) / Number(orig.unit_price_ore) : 1;
      const amountOre = Math.round(unitPriceOre * quantity * share);
      fresh = await insert(quantity, unitPriceOre, amountOre, `Rättelse av rad ${lineId} (${orig.period}): ${input.comment}`);
    }
    await audit(tx, ctx, {
      action: 'billing.line.correct',
      entityType: 'billing_line',
      entityId: String(lineId),
      details: { period, creditLineId: credit, newLineId: fresh, creditedOre: -netAmount, by: actor.username },
    });
    return { period, creditLineId: credit, newLineId: fresh, credited: -netAmount / 100 };
  });
}

/** The month after the latest closed one, created as a draft when it does not exist yet. */
async function nextOpenPeriod(tx: DbOrTx): Promise<string> {
  const [last] = (await run(tx, sql`SELECT max(period) AS p FROM billing_period WHERE state = 'closed'`)).rows as { p: string | null }[];
  const period = nextPeriod(last!.p!);
  const settings = await loadBillingSettings(tx);
  await run(tx, sql`INSERT INTO billing_period (period, state, proration) VALUES (${period}, 'draft', ${settings.proration}) ON CONFLICT (period) DO NOTHING`);
  await run(tx, sql`SELECT 1 FROM billing_period WHERE period = ${period} FOR UPDATE`);
  return period;
}
