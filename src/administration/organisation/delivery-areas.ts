import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireActor, requireRole, type Ctx } from '../../platform/context.ts';
import { uniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { deliveryArea } from '../schema.ts';
import type { deliveryAreaInput } from './org-schemas.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

type Input = z.infer<typeof deliveryAreaInput>;

export async function listDeliveryAreas(ctx: Ctx) {
  requireActor(ctx);
  const rows = await ctx.db.select({ id: deliveryArea.id, name: deliveryArea.name, weekday: deliveryArea.weekday }).from(deliveryArea);
  return rows.sort((a, b) => swedishCollator.compare(a.name, b.name));
}

const conflict = (err: unknown): never => {
  if (uniqueViolation(err)) throw new AppError('CONFLICT', 'Det finns redan ett leveransområde med det namnet');
  throw err;
};

export async function createDeliveryArea(ctx: Ctx, input: Input) {
  requireRole(ctx, ...SYSTEM_ADMIN);
  return ctx.db
    .transaction(async (tx) => {
      const [row] = await tx.insert(deliveryArea).values(input).returning({ id: deliveryArea.id, name: deliveryArea.name, weekday: deliveryArea.weekday });
      await audit(tx, ctx, { action: 'delivery-area.create', entityType: 'delivery_area', entityId: row!.id, details: input });
      return row!;
    })
    .catch(conflict);
}

export async function updateDeliveryArea(ctx: Ctx, id: string, input: Input) {
  requireRole(ctx, ...SYSTEM_ADMIN);
  return ctx.db
    .transaction(async (tx) => {
      const [row] = await tx
        .update(deliveryArea)
        .set(input)
        .where(eq(deliveryArea.id, id))
        .returning({ id: deliveryArea.id, name: deliveryArea.name, weekday: deliveryArea.weekday });
      if (!row) throw new AppError('NOT_FOUND', 'Leveransområdet finns inte');
      await audit(tx, ctx, { action: 'delivery-area.update', entityType: 'delivery_area', entityId: id, details: input });
      return row;
    })
    .catch(conflict);
}
