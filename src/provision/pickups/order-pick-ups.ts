import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { orderNotFound } from '../orders/order-store.ts';
import { ORDER_HANDLERS } from '../roles.ts';
import { provisionHolding, provisionOrder, provisionOrderLine, provisionUnit } from '../schema.ts';
import { investigationStates, provisionInvestigation, provisionPickUp } from './schema.ts';

export const pickUpLineView = z.object({
  lineId: z.uuid(),
  lineNumber: z.number(),
  state: z.string(),
  version: z.number(),
  unitNumber: z.string().nullable(),
  unitId: z.uuid().nullable(),
  unitStatus: z.string().nullable(),
  articleName: z.string().nullable(),
  /** False when the unit named is not on the patient at the centre: customer service cancels or asks. */
  unitOnPatient: z.boolean(),
  registeredOn: z.string(),
  rentStopsOn: z.string().nullable(),
  pickUpBy: z.string(),
  deregisterBy: z.string(),
  pickedUpOn: z.string().nullable(),
  deregisteredOn: z.string().nullable(),
  investigation: z.object({ id: z.uuid(), state: z.enum(investigationStates), version: z.number() }).nullable(),
  /** The caller recorded this pick-up today and the unit has not gone on: they may undo it. */
  mayUndo: z.boolean(),
});
export const orderPickUpsView = z.object({ orderId: z.uuid(), lines: z.array(pickUpLineView) });
export type OrderPickUpsView = z.infer<typeof orderPickUpsView>;

/** GET /api/provision/orders/:id/pick-ups: the pick-up order's lines with their units, rent stop and limits. */
export async function getOrderPickUps(ctx: Ctx, orderId: string): Promise<OrderPickUpsView> {
  requireRole(ctx, ...ORDER_HANDLERS);
  const [o] = await ctx.db.select({ id: provisionOrder.id }).from(provisionOrder).where(eq(provisionOrder.id, orderId));
  if (!o) throw orderNotFound();
  const rows = await ctx.db
    .select({
      lineId: provisionOrderLine.id,
      lineNumber: provisionOrderLine.lineNumber,
      state: provisionOrderLine.state,
      version: provisionOrderLine.version,
      lineUnitNumber: provisionOrderLine.unitNumber,
      unitId: provisionPickUp.unitId,
      unitNumber: provisionUnit.unitNumber,
      unitStatus: provisionUnit.status,
      articleName: provisionUnit.articleName,
      registeredOn: provisionPickUp.registeredOn,
      rentStopsOn: provisionHolding.rentStopsOn,
      pickUpBy: provisionPickUp.pickUpBy,
      deregisterBy: provisionPickUp.deregisterBy,
      pickedUpOn: provisionPickUp.pickedUpOn,
      deregisteredOn: provisionPickUp.deregisteredOn,
      pickedUpBy: provisionPickUp.pickedUpBy,
      pickedUpAt: provisionPickUp.pickedUpAt,
      deregisteredBy: provisionPickUp.deregisteredBy,
    })
    .from(provisionPickUp)
    .innerJoin(provisionOrderLine, eq(provisionOrderLine.id, provisionPickUp.lineId))
    .leftJoin(provisionUnit, eq(provisionUnit.id, provisionPickUp.unitId))
    .leftJoin(provisionHolding, eq(provisionHolding.id, provisionPickUp.holdingId))
    .where(eq(provisionPickUp.orderId, orderId))
    .orderBy(asc(provisionOrderLine.lineNumber));
  const lineIds = rows.map((r) => r.lineId);
  const today = stockholmDateTime(ctx.now()).date;
  const invs = lineIds.length
    ? await ctx.db
        .select({
          id: provisionInvestigation.id,
          lineId: provisionInvestigation.lineId,
          state: provisionInvestigation.state,
          version: provisionInvestigation.version,
        })
        .from(provisionInvestigation)
        .where(inArray(provisionInvestigation.lineId, lineIds))
    : [];
  return {
    orderId,
    lines: rows.map(({ lineUnitNumber, pickedUpBy, pickedUpAt, deregisteredBy, ...r }) => {
      const inv = invs.find((i) => i.lineId === r.lineId);
      const me = ctx.actor?.userId;
      const mayUndo =
        !!me &&
        pickedUpBy === me &&
        (!r.deregisteredOn || deregisteredBy === me) &&
        !!pickedUpAt &&
        stockholmDateTime(pickedUpAt).date === today &&
        r.unitStatus === 'returned' &&
        (r.state === 'pickedUp' || r.state === 'done');
      return {
        ...r,
        mayUndo,
        unitNumber: r.unitNumber ?? lineUnitNumber,
        unitOnPatient: r.unitId !== null,
        investigation: inv ? { id: inv.id, state: inv.state, version: inv.version } : null,
      };
    }),
  };
}
