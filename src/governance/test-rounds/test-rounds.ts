import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { getCustomer } from '../../administration/organisation/customers.ts';
import { activeMembersByCareProvider, loadUsers } from '../../administration/users/load-user.ts';
import { audit } from '../../platform/audit/audit.ts';
import { hasRole, requireActor, requireRole, type Ctx } from '../../platform/context.ts';
import { TEST_COORDINATORS } from '../roles.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText, text } from '../../platform/http/schemas.ts';
import '../proposals-audit-actions.ts';
import { testCase, testOutcomes, testResult, testRound, testRoundTester } from '../schema.ts';

export const planRoundInput = z.strictObject({
  release: text(100),
  plannedDate: z.iso.date({ error: 'ange datum som ÅÅÅÅ-MM-DD' }),
  cases: z
    .array(z.strictObject({ title: text(200), steps: text(5000), expectedResult: text(2000) }))
    .min(1, 'minst ett testfall')
    .max(200),
  testerUserIds: z.array(z.uuid()).min(1, 'minst en testare').max(50),
});
export const resultInput = z.strictObject({ outcome: z.enum(testOutcomes), comment: optionalText(5000) });
export const signOffInput = z.strictObject({ note: optionalText(5000) });
export const roundListQuery = z.strictObject({ release: text(100).optional() });

export const roundView = z.object({
  id: z.uuid(),
  release: z.string(),
  plannedDate: z.string(),
  status: z.enum(['planned', 'signedOff']),
  createdAt: z.date(),
  signedOffAt: z.date().nullable(),
  signOffNote: z.string().nullable(),
  testers: z.array(z.object({ userId: z.uuid(), name: z.string(), careProviderIds: z.array(z.string()) })),
  cases: z.array(
    z.object({
      id: z.uuid(),
      position: z.number(),
      title: z.string(),
      steps: z.string(),
      expectedResult: z.string(),
      /** Run: at least one pass or fail (a comment alone does not run a case). Latest verdict: the last pass or fail. */
      run: z.boolean(),
      verdict: z.enum(['pass', 'fail']).nullable(),
      results: z.array(z.object({ id: z.uuid(), testerName: z.string(), outcome: z.enum(testOutcomes), comment: z.string().nullable(), at: z.date() })),
    }),
  ),
});
export const roundSummary = roundView.omit({ cases: true, testers: true }).extend({ cases: z.number(), casesRun: z.number(), failed: z.number() });
export const planView = z.object({ round: roundView, warnings: z.array(z.object({ code: z.string(), message: z.string() })) });

/**
 * The function coordinator plans a round for a release: date, test cases with steps and expected results, and
 * testers. Testers should come from at least two care providers (DOMAIN §9): fewer is a warning in the answer,
 * not a refusal, since a small release may be tested by whoever is at hand.
 */
export async function planRound(ctx: Ctx, input: z.infer<typeof planRoundInput>) {
  const actor = requireRole(ctx, ...TEST_COORDINATORS);
  const ids = [...new Set(input.testerUserIds)];
  const users = await loadUsers(ctx.db, ids);
  if (users.length !== ids.length)
    throw new AppError('VALIDATION', 'En testare finns inte som användare', {
      issues: [{ path: 'body.testerUserIds', code: 'unknown', message: 'okänd användare' }],
    });
  const inactive = users.find((u) => !u.active);
  if (inactive)
    throw new AppError('VALIDATION', `${inactive.firstName} ${inactive.lastName} är inaktiverad och kan inte testa`, {
      issues: [{ path: 'body.testerUserIds', code: 'inactive', message: 'inaktiv användare' }],
    });
  const careProviderOf = new Map<string, string>();
  for (const u of users)
    for (const m of u.memberships)
      if (!careProviderOf.has(m.customerId)) careProviderOf.set(m.customerId, (await getCustomer(ctx, m.customerId)).careProviderId);
  const testers = users.map((u) => ({
    userId: u.id,
    name: `${u.firstName} ${u.lastName}`,
    careProviderIds: [...new Set(u.memberships.map((m) => careProviderOf.get(m.customerId)!))],
  }));
  const providers = new Set(testers.flatMap((t) => t.careProviderIds));
  const warnings =
    providers.size < 2
      ? [
          {
            code: 'TESTERS_FROM_ONE_CARE_PROVIDER',
            message: `Testarna kommer från ${providers.size === 0 ? 'ingen vårdgivare' : 'en enda vårdgivare'}; uppgraderingstest ska köras av användare från minst två vårdgivare`,
          },
        ]
      : [];
  const id = await ctx.db.transaction(async (tx) => {
    const [round] = await tx
      .insert(testRound)
      .values({ release: input.release, plannedDate: input.plannedDate, createdBy: actor.userId, createdAt: ctx.now() })
      .returning({ id: testRound.id });
    await tx.insert(testCase).values(input.cases.map((c, i) => ({ roundId: round!.id, position: i + 1, ...c })));
    await tx.insert(testRoundTester).values(testers.map((t) => ({ roundId: round!.id, ...t })));
    await audit(tx, ctx, {
      action: 'test-round.plan',
      entityType: 'testRound',
      entityId: round!.id,
      details: { release: input.release, cases: input.cases.length, testers: testers.length, careProviders: providers.size },
    });
    return round!.id;
  });
  return { round: await getRound(ctx, id), warnings };
}

export const testerCandidate = z.object({ userId: z.uuid(), name: z.string(), careProviders: z.array(z.object({ id: z.uuid(), name: z.string() })) });

/** The people the coordinator can pick as testers: active users of the care providers, with their care providers. */
export async function listTesterCandidates(ctx: Ctx): Promise<z.infer<typeof testerCandidate>[]> {
  requireRole(ctx, ...TEST_COORDINATORS);
  return activeMembersByCareProvider(ctx.db);
}

/** The coordinator sees every round; a tester the rounds they are assigned to. */
async function loadRound(ctx: Ctx, tx: DbOrTx, id: string, lock = false) {
  const actor = requireActor(ctx);
  const q = tx.select().from(testRound).where(eq(testRound.id, id));
  const [round] = lock ? await q.for('update') : await q;
  if (!round) throw new AppError('NOT_FOUND', 'Testomgången finns inte');
  if (!hasRole(ctx, ...TEST_COORDINATORS)) {
    const [assigned] = await tx
      .select({ userId: testRoundTester.userId })
      .from(testRoundTester)
      .where(and(eq(testRoundTester.roundId, id), eq(testRoundTester.userId, actor.userId)));
    if (!assigned) throw new AppError('NOT_FOUND', 'Testomgången finns inte');
  }
  return round;
}

export async function getRound(ctx: Ctx, id: string): Promise<z.infer<typeof roundView>> {
  const round = await loadRound(ctx, ctx.db, id);
  const testers = await ctx.db
    .select({ userId: testRoundTester.userId, name: testRoundTester.name, careProviderIds: testRoundTester.careProviderIds })
    .from(testRoundTester)
    .where(eq(testRoundTester.roundId, id))
    .orderBy(asc(testRoundTester.name));
  const cases = await ctx.db.select().from(testCase).where(eq(testCase.roundId, id)).orderBy(asc(testCase.position));
  const results = cases.length
    ? await ctx.db
        .select()
        .from(testResult)
        .where(
          inArray(
            testResult.caseId,
            cases.map((c) => c.id),
          ),
        )
        .orderBy(asc(testResult.seq))
    : [];
  return {
    id: round.id,
    release: round.release,
    plannedDate: round.plannedDate,
    status: round.status,
    createdAt: round.createdAt,
    signedOffAt: round.signedOffAt,
    signOffNote: round.signOffNote,
    testers,
    cases: cases.map((c) => {
      const mine = results.filter((r) => r.caseId === c.id);
      const verdicts = mine.filter((r) => r.outcome !== 'comment');
      return {
        id: c.id,
        position: c.position,
        title: c.title,
        steps: c.steps,
        expectedResult: c.expectedResult,
        run: verdicts.length > 0,
        verdict: (verdicts.at(-1)?.outcome as 'pass' | 'fail' | undefined) ?? null,
        results: mine.map((r) => ({ id: r.id, testerName: r.testerName, outcome: r.outcome, comment: r.comment, at: r.at })),
      };
    }),
  };
}

/** The history per release: every round, newest first, with how many cases were run and failed. */
export async function listRounds(ctx: Ctx, q: z.infer<typeof roundListQuery>) {
  const actor = requireActor(ctx);
  const coordinator = hasRole(ctx, ...TEST_COORDINATORS);
  const rounds = await ctx.db
    .select({ r: testRound })
    .from(testRound)
    .leftJoin(testRoundTester, and(eq(testRoundTester.roundId, testRound.id), eq(testRoundTester.userId, actor.userId)))
    .where(and(q.release ? eq(testRound.release, q.release) : undefined, coordinator ? undefined : eq(testRoundTester.userId, actor.userId)))
    .orderBy(desc(testRound.plannedDate), desc(testRound.createdAt))
    .limit(500);
  const out = [];
  for (const { r } of rounds) {
    const v = await getRound(ctx, r.id);
    const { cases, testers: _t, ...rest } = v;
    out.push({ ...rest, cases: cases.length, casesRun: cases.filter((c) => c.run).length, failed: cases.filter((c) => c.verdict === 'fail').length });
  }
  return out;
}

/** An assigned tester records pass, fail or a comment on a case of a round not yet signed off. */
export async function recordResult(ctx: Ctx, roundId: string, caseId: string, input: z.infer<typeof resultInput>) {
  const actor = requireActor(ctx);
  if (input.outcome !== 'pass' && !input.comment)
    throw new AppError('VALIDATION', input.outcome === 'fail' ? 'Beskriv vad som gick fel' : 'Skriv kommentaren', {
      issues: [{ path: 'body.comment', code: 'required', message: 'saknas' }],
    });
  await ctx.db.transaction(async (tx) => {
    const round = await loadRound(ctx, tx, roundId, true);
    const [assigned] = await tx
      .select()
      .from(testRoundTester)
      .where(and(eq(testRoundTester.roundId, roundId), eq(testRoundTester.userId, actor.userId)));
    if (!assigned) throw new AppError('FORBIDDEN', 'Bara de utsedda testarna registrerar resultat');
    if (round.status === 'signedOff') throw new AppError('INVALID_TRANSITION', 'Testomgången är redan godkänd');
    const [c] = await tx
      .select({ id: testCase.id })
      .from(testCase)
      .where(and(eq(testCase.id, caseId), eq(testCase.roundId, roundId)));
    if (!c) throw new AppError('NOT_FOUND', 'Testfallet finns inte');
    await tx
      .insert(testResult)
      .values({ caseId, testerUserId: actor.userId, testerName: actor.name, outcome: input.outcome, comment: input.comment ?? null, at: ctx.now() });
  });
  return getRound(ctx, roundId);
}

/** Signed off only when every case has been run (a pass or a fail); otherwise a refusal naming the open cases. */
export async function signOffRound(ctx: Ctx, roundId: string, input: z.infer<typeof signOffInput>) {
  const actor = requireRole(ctx, ...TEST_COORDINATORS);
  await ctx.db.transaction(async (tx) => {
    const round = await loadRound(ctx, tx, roundId, true);
    if (round.status === 'signedOff') throw new AppError('INVALID_TRANSITION', 'Testomgången är redan godkänd');
    const cases = await tx
      .select({ id: testCase.id, position: testCase.position, title: testCase.title })
      .from(testCase)
      .where(eq(testCase.roundId, roundId))
      .orderBy(asc(testCase.position));
    const run = new Set(
      (
        await tx
          .select({ caseId: testResult.caseId })
          .from(testResult)
          .where(
            and(
              inArray(
                testResult.caseId,
                cases.map((c) => c.id),
              ),
              inArray(testResult.outcome, ['pass', 'fail']),
            ),
          )
      ).map((r) => r.caseId),
    );
    const open = cases.filter((c) => !run.has(c.id));
    if (open.length)
      throw new AppError(
        'INVALID_TRANSITION',
        `Testomgången kan inte godkännas: ${open.length} av ${cases.length} testfall är inte körda (${open.map((c) => `${c.position}. ${c.title}`).join(', ')})`,
        {
          openCaseIds: open.map((c) => c.id),
        },
      );
    await tx
      .update(testRound)
      .set({ status: 'signedOff', signedOffAt: ctx.now(), signedOffBy: actor.userId, signOffNote: input.note ?? null })
      .where(eq(testRound.id, roundId));
    await audit(tx, ctx, {
      action: 'test-round.sign-off',
      entityType: 'testRound',
      entityId: roundId,
      details: { release: round.release, cases: cases.length },
    });
  });
  return getRound(ctx, roundId);
}
