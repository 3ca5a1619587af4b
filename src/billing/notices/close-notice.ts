import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { customerByNumber } from '../../administration/organisation/customer-by-number.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { email } from '../../platform/http/schemas.ts';
import { queueMail } from '../../platform/mail/mail.ts';
import { basisNumberOf } from '../basis/basis.ts';
import { run } from '../db.ts';
import { FINANCE } from '../roles.ts';
import { billingSetting } from '../schema.ts';

/**
 * Where a customer number's invoice-basis notice goes (issue 12 item 6). The customer register has no
 * contact address for invoices, so billing keeps one per customer number (finance enters it), in its
 * settings table under one key. A customer number without one is not notified, and the close says which.
 */
const KEY = 'customerContacts';

export const customerContact = z.object({ customerNumber: z.string(), email: z.string() });
export const customerContactInput = z.strictObject({
  customerNumber: z.string().trim().min(1).max(40),
  email: email.nullable().describe('Adressen som får beskedet när en månad stängs; null tar bort den'),
});
export type CustomerContact = z.infer<typeof customerContact>;

async function loadContacts(db: DbOrTx): Promise<Record<string, string>> {
  const [row] = await db.select({ value: billingSetting.value }).from(billingSetting).where(eq(billingSetting.key, KEY));
  const parsed = z.record(z.string(), z.string()).safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : {};
}

export async function listCustomerContacts(ctx: Ctx): Promise<CustomerContact[]> {
  requireRole(ctx, ...FINANCE);
  const c = await loadContacts(ctx.db);
  return Object.entries(c)
    .map(([customerNumber, e]) => ({ customerNumber, email: e }))
    .sort((a, b) => a.customerNumber.localeCompare(b.customerNumber, 'sv'));
}

export async function setCustomerContact(ctx: Ctx, input: z.infer<typeof customerContactInput>): Promise<CustomerContact[]> {
  const actor = requireRole(ctx, ...FINANCE);
  await ctx.db.transaction(async (tx) => {
    if (!(await customerByNumber(tx, input.customerNumber)))
      throw new AppError('VALIDATION', `Kundnummer ${input.customerNumber} finns inte`, {
        issues: [
          { path: 'body.customerNumber', code: 'unknown', message: `kundnummer ${input.customerNumber} finns inte`, params: { value: input.customerNumber } },
        ],
      });
    // The row lock keeps two edits of different customer numbers from losing one of them.
    await tx.insert(billingSetting).values({ key: KEY, value: {}, updatedBy: actor.userId }).onConflictDoNothing();
    await run(tx, sql`SELECT 1 FROM billing_setting WHERE key = ${KEY} FOR UPDATE`);
    const next = { ...(await loadContacts(tx)) };
    if (input.email) next[input.customerNumber] = input.email.trim();
    else delete next[input.customerNumber];
    await tx.update(billingSetting).set({ value: next, updatedAt: ctx.now(), updatedBy: actor.userId }).where(eq(billingSetting.key, KEY));
    await audit(tx, ctx, {
      action: 'billing.contact.set',
      entityType: 'billing_setting',
      entityId: input.customerNumber,
      details: { customerNumber: input.customerNumber, email: input.email ? 'satt' : 'borttagen' },
    });
  });
  return listCustomerContacts(ctx);
}

const kronor = (ore: number) => new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(ore / 100);

/**
 * The notice to each customer number of a closed month, queued in the close's transaction (the mail goes
 * out after commit, or not at all if the close did not commit). No patient data: the basis is fetched in
 * Bistå or through the customer API.
 */
export async function queueCloseNotices(tx: DbOrTx, period: string): Promise<{ notified: string[]; withoutContact: string[] }> {
  const contacts = await loadContacts(tx);
  const customers = (
    await run(
      tx,
      sql`SELECT customer_number, count(*)::int AS lines, coalesce(sum(amount_ore), 0)::bigint AS total FROM billing_line WHERE period = ${period} GROUP BY customer_number ORDER BY customer_number`,
    )
  ).rows as { customer_number: string; lines: number; total: string }[];
  const notified: string[] = [];
  const withoutContact: string[] = [];
  for (const c of customers) {
    const to = contacts[c.customer_number];
    if (!to) {
      withoutContact.push(c.customer_number);
      continue;
    }
    const basisNumber = basisNumberOf(period, c.customer_number);
    await queueMail(tx, {
      to,
      subject: `Fakturaunderlag ${period} för kundnummer ${c.customer_number} är klart`,
      body: [
        `Månaden ${period} är stängd och fakturaunderlaget ${basisNumber} för kundnummer ${c.customer_number} är klart.`,
        `Rader: ${Number(c.lines)}. Summa: ${kronor(Number(c.total))} kr.`,
        '',
        'Hämta det i Bistå under Fakturaunderlag (Excel, CSV eller PDF), eller från ert system:',
        `GET /api/billing/v1/bases?period=${period}`,
        '',
        'The invoice basis for the month is ready. Download it in Bistå (Invoice bases) or through the customer API.',
      ].join('\n'),
      reason: 'billing.month.close',
    });
    notified.push(c.customer_number);
  }
  return { notified, withoutContact };
}
