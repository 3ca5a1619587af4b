import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireActor, requireRole, type Ctx } from '../../platform/context.ts';
import { uniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { swedishCollator, swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { careProvider, collaboration, customer } from '../schema.ts';
import type { careProviderInput, careProviderView } from './org-schemas.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

type CareProviderInput = z.infer<typeof careProviderInput>;
type CareProviderView = z.infer<typeof careProviderView>;

/** Care providers of the collaboration, in Swedish order. Organisation data: every user may read it. */
export async function listCareProviders(ctx: Ctx): Promise<CareProviderView[]> {
  requireActor(ctx);
  const rows = await ctx.db
    .select({
      id: careProvider.id,
      name: careProvider.name,
      kind: careProvider.kind,
      organisationNumber: careProvider.organisationNumber,
      municipalityCode: careProvider.municipalityCode,
      active: careProvider.active,
      // A join, not a correlated subquery: Drizzle leaves columns in the select list unqualified, and in a
      // subquery on customer an unqualified "id" would be the customer's, so every count came out 0.
      customerCount: sql<number>`count(${customer.id})::int`,
    })
    .from(careProvider)
    .leftJoin(customer, eq(customer.careProviderId, careProvider.id))
    .groupBy(careProvider.id);
  return rows.sort((a, b) => swedishCollator.compare(a.name, b.name));
}

async function theCollaboration(ctx: Ctx): Promise<string> {
  const [c] = await ctx.db.select({ id: collaboration.id }).from(collaboration).limit(1);
  if (!c) throw new AppError('CONFLICT', 'Samarbetsorganisationen är inte upplagd (kör bista seed)');
  return c.id;
}

const conflict = (err: unknown): never => {
  if (uniqueViolation(err)) throw new AppError('ORGANISATION_NUMBER_TAKEN');
  throw err;
};

export async function createCareProvider(ctx: Ctx, input: CareProviderInput): Promise<CareProviderView> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  const collaborationId = await theCollaboration(ctx);
  return ctx.db
    .transaction(async (tx) => {
      const [row] = await tx
        .insert(careProvider)
        .values({
          collaborationId,
          name: input.name,
          sortKey: swedishSortKey(input.name),
          kind: input.kind,
          organisationNumber: input.organisationNumber,
          municipalityCode: input.municipalityCode ?? null,
          active: input.active ?? true,
        })
        .returning();
      await audit(tx, ctx, { action: 'care-provider.create', entityType: 'care_provider', entityId: row!.id, details: { name: input.name } });
      return { ...row!, customerCount: 0 };
    })
    .catch(conflict);
}

export async function updateCareProvider(ctx: Ctx, id: string, input: CareProviderInput): Promise<CareProviderView> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  return ctx.db
    .transaction(async (tx) => {
      const [row] = await tx
        .update(careProvider)
        .set({
          name: input.name,
          sortKey: swedishSortKey(input.name),
          kind: input.kind,
          organisationNumber: input.organisationNumber,
          municipalityCode: input.municipalityCode ?? null,
          ...(input.active !== undefined ? { active: input.active } : {}),
          updatedAt: ctx.now(),
        })
        .where(eq(careProvider.id, id))
        .returning();
      if (!row) throw new AppError('NOT_FOUND', 'Vårdgivaren finns inte');
      const [n] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(customer)
        .where(eq(customer.careProviderId, id));
      await audit(tx, ctx, { action: 'care-provider.update', entityType: 'care_provider', entityId: id, details: { ...input } });
      return { ...row, customerCount: n?.n ?? 0 };
    })
    .catch(conflict);
}
