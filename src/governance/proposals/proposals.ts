import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { hasRole, requireActor, requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText, text } from '../../platform/http/schemas.ts';
import { readSetting, type SettingDefinition } from '../../platform/settings/settings.ts';
import '../proposals-audit-actions.ts';
import { PREPARATION_GROUP } from '../roles.ts';
import { changeProposal, changeProposalDecision, proposalDecisions, proposalKinds, proposalStatuses } from '../schema.ts';

/** "Anpassningar över 25 000 kr som kan användas av flera kunder bekostas av den nationella användarföreningen." */
export const fundingThresholdKr: SettingDefinition<number> = {
  key: 'proposals.fundingThresholdKr',
  label: 'Förändringsförslag: kostnad över vilken användarföreningen finansierar (kr)',
  schema: z.number().int().min(0).max(100_000_000),
  defaultValue: () => 25_000,
};

const isoDate = z.iso.date({ error: 'ange datum som ÅÅÅÅ-MM-DD' });

export const proposalInput = z.strictObject({ kind: z.enum(proposalKinds), title: text(200), description: text(10_000) });
export const preparationInput = z.strictObject({
  costEstimateKr: z.number().int().min(0).max(100_000_000).nullable(),
  usableBySeveralCustomers: z.boolean(),
  note: optionalText(5000),
});
export const decisionInput = z.strictObject({
  decision: z.enum(proposalDecisions),
  decisionDate: isoDate,
  minutes: text(10_000),
  /** For 'adopt': the region that already paid for the development. */
  adoptedFromRegion: optionalText(200),
});

export const proposalView = z.object({
  id: z.uuid(),
  kind: z.enum(proposalKinds),
  title: z.string(),
  description: z.string(),
  status: z.enum(proposalStatuses),
  submittedBy: z.uuid(),
  submitterName: z.string(),
  costEstimateKr: z.number().nullable(),
  usableBySeveralCustomers: z.boolean(),
  fundedByUserAssociation: z.boolean(),
  preparationNote: z.string().nullable(),
  adoptedFromRegion: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  decisions: z.array(
    z.object({ id: z.uuid(), decision: z.enum(proposalDecisions), decisionDate: z.string(), minutes: z.string(), decidedByName: z.string(), at: z.date() }),
  ),
});
export const proposalSummary = proposalView.omit({ description: true, decisions: true, preparationNote: true });

const statusAfter = { do: 'decidedDo', doNot: 'decidedDoNot', toCouncil: 'sentToCouncil', adopt: 'adopted' } as const;
/** Decided for good: no more preparation or decisions. A proposal sent to the management council comes back for the group to record the council's answer. */
const FINAL = new Set(['decidedDo', 'decidedDoNot', 'adopted']);

/** Anyone logged in sends feedback or a development proposal. */
export async function submitProposal(ctx: Ctx, input: z.infer<typeof proposalInput>) {
  const actor = requireActor(ctx);
  if (actor.client) throw new AppError('FORBIDDEN', 'Förslag lämnas av personer, inte av system');
  const now = ctx.now();
  const [row] = await ctx.db
    .insert(changeProposal)
    .values({
      kind: input.kind,
      title: input.title,
      description: input.description,
      submittedBy: actor.userId,
      submitterName: actor.name,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return getProposal(ctx, row!.id);
}

/** The preparation group sees every proposal; everyone else the list of their own, with its status. */
export async function listProposals(ctx: Ctx) {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select()
    .from(changeProposal)
    .where(hasRole(ctx, ...PREPARATION_GROUP) ? undefined : eq(changeProposal.submittedBy, actor.userId))
    .orderBy(desc(changeProposal.createdAt))
    .limit(500);
  return rows.map(({ description: _d, preparationNote: _p, ...r }) => r);
}

async function load(ctx: Ctx, tx: DbOrTx, id: string, lock = false) {
  const actor = requireActor(ctx);
  const q = tx
    .select()
    .from(changeProposal)
    .where(and(eq(changeProposal.id, id), hasRole(ctx, ...PREPARATION_GROUP) ? undefined : eq(changeProposal.submittedBy, actor.userId)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND', 'Förslaget finns inte');
  return row;
}

export async function getProposal(ctx: Ctx, id: string): Promise<z.infer<typeof proposalView>> {
  const p = await load(ctx, ctx.db, id);
  const decisions = await ctx.db
    .select({
      id: changeProposalDecision.id,
      decision: changeProposalDecision.decision,
      decisionDate: changeProposalDecision.decisionDate,
      minutes: changeProposalDecision.minutes,
      decidedByName: changeProposalDecision.decidedByName,
      at: changeProposalDecision.at,
    })
    .from(changeProposalDecision)
    .where(eq(changeProposalDecision.proposalId, id))
    .orderBy(asc(changeProposalDecision.at));
  return { ...p, decisions };
}

function requireGroup(ctx: Ctx, what: string) {
  if (!hasRole(ctx, ...PREPARATION_GROUP)) {
    requireActor(ctx);
    throw new AppError('FORBIDDEN', `Endast beredningsgruppen ${what}`);
  }
  return requireRole(ctx, ...PREPARATION_GROUP);
}

/** The group prepares: the cost estimate and whether several customers can use it decide the user association's funding. */
export async function prepareProposal(ctx: Ctx, id: string, input: z.infer<typeof preparationInput>) {
  requireGroup(ctx, 'bereder förslag');
  await ctx.db.transaction(async (tx) => {
    const p = await load(ctx, tx, id, true);
    if (FINAL.has(p.status)) throw new AppError('INVALID_TRANSITION', 'Förslaget är redan beslutat');
    const threshold = await readSetting(tx, ctx.config, fundingThresholdKr);
    const funded = input.costEstimateKr !== null && input.costEstimateKr > threshold && input.usableBySeveralCustomers;
    await tx
      .update(changeProposal)
      .set({
        costEstimateKr: input.costEstimateKr,
        usableBySeveralCustomers: input.usableBySeveralCustomers,
        fundedByUserAssociation: funded,
        preparationNote: input.note ?? p.preparationNote,
        status: p.status === 'submitted' ? 'preparing' : p.status,
        updatedAt: ctx.now(),
      })
      .where(eq(changeProposal.id, id));
    await audit(tx, ctx, {
      action: 'change-proposal.prepare',
      entityType: 'changeProposal',
      entityId: id,
      details: { costEstimateKr: input.costEstimateKr, usableBySeveralCustomers: input.usableBySeveralCustomers, fundedByUserAssociation: funded },
    });
  });
  return getProposal(ctx, id);
}

/**
 * A decision of the group, with its date and minutes: do, do not, send to the management council, or adopt a
 * development another region has already paid for. Only the group decides; anyone else is refused and nothing
 * is stored.
 */
export async function decideProposal(ctx: Ctx, id: string, input: z.infer<typeof decisionInput>) {
  const actor = requireGroup(ctx, 'fattar beslut om förändringsförslag');
  if (input.decision === 'adopt' && !input.adoptedFromRegion)
    throw new AppError('VALIDATION', 'Ange vilken region som redan har bekostat utvecklingen', {
      issues: [{ path: 'body.adoptedFromRegion', code: 'required', message: 'saknas' }],
    });
  if (input.decision !== 'adopt' && input.adoptedFromRegion)
    throw new AppError('VALIDATION', 'Region anges bara när en redan bekostad utveckling införs', {
      issues: [{ path: 'body.adoptedFromRegion', code: 'adoption_only', message: 'bara vid införande' }],
    });
  await ctx.db.transaction(async (tx) => {
    const p = await load(ctx, tx, id, true);
    if (FINAL.has(p.status)) throw new AppError('INVALID_TRANSITION', 'Förslaget är redan beslutat');
    await tx.insert(changeProposalDecision).values({
      proposalId: id,
      decision: input.decision,
      decisionDate: input.decisionDate,
      minutes: input.minutes,
      decidedBy: actor.userId,
      decidedByName: actor.name,
      at: ctx.now(),
    });
    await tx
      .update(changeProposal)
      .set({ status: statusAfter[input.decision], adoptedFromRegion: input.adoptedFromRegion ?? null, updatedAt: ctx.now() })
      .where(eq(changeProposal.id, id));
    await audit(tx, ctx, {
      action: 'change-proposal.decide',
      entityType: 'changeProposal',
      entityId: id,
      details: { decision: input.decision, decisionDate: input.decisionDate },
    });
  });
  return getProposal(ctx, id);
}
