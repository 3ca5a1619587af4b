import { z } from 'zod';
import { ContractRefused } from '../../contract/endpoints.ts';
import type { AnswerQuote } from '../../contract/messages.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText, text } from '../../platform/http/schemas.ts';
import { recordContractEvent } from '../orders/order-events.ts';
import { WORK_ORDER_HANDLERS } from '../roles.ts';
import { stopWorkOrderInTx } from './cancel-work-order.ts';
import { auditWorkOrder, lockWorkOrder, moveWorkOrder, stepResult, updateWorkOrder, type Locked, type StepResult } from './work-order-store.ts';

// Special adaptation (DOMAIN §4): technical risk analysis → quote (if asked) → approval by the
// cost-responsible → manufacture; and the CE question to the manufacturer.

const version = z.int().min(1).describe('Arbetsorderns version som användaren såg');

function requireSpecial(l: Locked) {
  if (!l.wo.specialAdaptation) throw new AppError('INVALID_TRANSITION', 'Steget finns bara för specialanpassningar');
}

export const riskAnalysisInput = z.strictObject({ version, riskAnalysis: text(8000).describe('Teknisk riskanalys') });

/** POST /api/provision/work-orders/:id/risk-analysis: the technician's risk analysis (may be revised until the quote goes out). */
export async function recordRiskAnalysis(ctx: Ctx, orderId: string, input: z.infer<typeof riskAnalysisInput>): Promise<StepResult> {
  const actor = requireRole(ctx, ...WORK_ORDER_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const l = await lockWorkOrder(tx, ctx, orderId, input.version);
    requireSpecial(l);
    const row = await moveWorkOrder(
      tx,
      ctx,
      l,
      'riskAnalysed',
      { type: 'riskAnalysed' },
      { riskAnalysis: input.riskAnalysis, riskAnalysedAt: ctx.now(), riskAnalysedBy: actor.name },
    );
    await auditWorkOrder(tx, ctx, l, 'risk-analysis');
    return stepResult(row);
  });
}

export const quoteInput = z.strictObject({
  version,
  amount: z.number('ange ett belopp').min(0, 'kan inte vara negativt').max(100_000_000).describe('Belopp i kronor exkl. moms'),
  text: text(4000).describe('Vad offerten omfattar'),
});

/** POST /api/provision/work-orders/:id/quote: sends the quote to the cost-responsible ('quoteSent'); the work waits for the answer. */
export async function sendQuote(ctx: Ctx, orderId: string, input: z.infer<typeof quoteInput>): Promise<StepResult> {
  requireRole(ctx, ...WORK_ORDER_HANDLERS);
  const amount = Math.round(input.amount * 100) / 100;
  return ctx.db.transaction(async (tx) => {
    const l = await lockWorkOrder(tx, ctx, orderId, input.version);
    requireSpecial(l);
    const row = await moveWorkOrder(
      tx,
      ctx,
      l,
      'awaitingApproval',
      { type: 'quoteSent', data: { amount } },
      { quoteAmount: amount.toFixed(2), quoteText: input.text, quoteSentAt: ctx.now() },
    );
    await recordContractEvent(tx, ctx, l.order, { data: { amount } }, { type: 'quoteSent', amount, text: input.text });
    await auditWorkOrder(tx, ctx, l, 'quote', { amount });
    return stepResult(row);
  });
}

export const ceQuestionInput = z.strictObject({
  version,
  question: text(2000).describe('Frågan till tillverkaren om CE-märkningen'),
  answer: optionalText(2000).describe('Tillverkarens svar, när det kommit'),
});

/** POST /api/provision/work-orders/:id/ce-question: notes the CE question to the manufacturer (and later its answer). */
export async function noteCeQuestion(ctx: Ctx, orderId: string, input: z.infer<typeof ceQuestionInput>): Promise<StepResult> {
  requireRole(ctx, ...WORK_ORDER_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const l = await lockWorkOrder(tx, ctx, orderId, input.version);
    requireSpecial(l);
    if (['cancelled', 'stopped', 'closed'].includes(l.wo.state)) throw new AppError('INVALID_TRANSITION', 'Arbetsordern är avslutad');
    const row = await updateWorkOrder(
      tx,
      ctx,
      l,
      { type: 'ceQuestion', data: { answered: !!input.answer } },
      { ceQuestion: input.question, ceAnswer: input.answer ?? null },
    );
    await auditWorkOrder(tx, ctx, l, 'ce-question');
    return stepResult(row);
  });
}

/**
 * The centre's end of 'order.answerQuote' (called by intake in the message's transaction): the
 * cost-responsible approves (the work order may go on to manufacture) or declines (it is stopped and
 * its lines cancelled). Only a work order awaiting an answer can take one; anything else is refused
 * (ContractRefused), and nothing is stored.
 */
export async function answerQuoteInTx(tx: DbOrTx, ctx: Ctx, message: AnswerQuote, authorize?: (customerId: string) => void): Promise<Locked['order']> {
  let l: Locked;
  try {
    l = await lockWorkOrder(tx, ctx, message.orderId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND')
      throw new ContractRefused('UNKNOWN_ORDER', `Arbetsordern ${message.orderId} finns inte hos hjälpmedelscentralen`);
    throw err;
  }
  authorize?.(l.order.customerId);
  if (l.wo.state !== 'awaitingApproval')
    throw new ContractRefused('NOT_ALLOWED', `Arbetsordern ${l.order.centreOrderNumber} väntar inte på svar på någon offert`);
  const answer = { quoteApproved: message.approved, quoteAnsweredBy: message.by.name, quoteAnswerComment: message.comment ?? null, quoteAnsweredAt: ctx.now() };
  if (message.approved) {
    await moveWorkOrder(
      tx,
      ctx,
      l,
      'approved',
      { type: 'quoteApproved', data: { by: message.by.name, comment: message.comment ?? null, messageId: message.messageId } },
      answer,
    );
  } else {
    await stopWorkOrderInTx(tx, ctx, l, { by: message.by.name, comment: message.comment ?? null, messageId: message.messageId }, answer);
  }
  await auditWorkOrder(tx, ctx, l, 'quote-answer', { approved: message.approved, messageId: message.messageId });
  return l.order;
}
