import type { Receipt } from '../../contract/endpoints.ts';
import { ContractRefused } from '../../contract/endpoints.ts';
import { parseOrderMessage } from '../../contract/parse.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { MESSAGE_SENDERS } from '../roles.ts';
import { checkSender, type SenderDeps } from './check-sender.ts';
import { messageFingerprint } from './fingerprint.ts';
import { receiveMessage } from './receive-message.ts';

/**
 * POST /api/contract/v1/messages: another region's or municipality's system (a system client, or a script as
 * a logged-in prescriber or orderer) sends a contract message for a customer it belongs to. The message is
 * checked as strictly as the web path checks an order (check-sender.ts) before intake; who ordered is the
 * caller. The answer is the Receipt; a refusal keeps the contract's code (UNSUPPORTED_VERSION, UNKNOWN_TYPE →
 * 400; INVALID, NOT_ALLOWED, UNKNOWN_ORDER → 422; MESSAGE_ID_CONFLICT → 409) with its Swedish message, and
 * nothing is stored.
 */
export async function submitContractMessage(ctx: Ctx, deps: SenderDeps, body: unknown): Promise<Receipt> {
  const actor = requireRole(ctx, ...MESSAGE_SENDERS);
  try {
    const parsed = parseOrderMessage(body);
    if (!parsed.ok) throw new ContractRefused(parsed.code, parsed.message);
    const { message, audits } = await checkSender(ctx, actor, parsed.value, deps);
    return await receiveMessage(ctx, message, {
      // A retry is told from another message by what the sender sent, before who ordered was set from the caller.
      fingerprint: messageFingerprint(parsed.value),
      audits,
      authorize(customerId) {
        if (!actor.customerIds.includes(customerId)) throw new AppError('FORBIDDEN', 'Du kan bara skicka beställningar för kunder du är kopplad till');
      },
    });
  } catch (err) {
    if (err instanceof ContractRefused) {
      const parsed = parseOrderMessage(body);
      const issues = !parsed.ok && parsed.code === 'INVALID' ? parsed.issues : undefined;
      throw new AppError(err.code, err.message, issues ? { issues } : undefined);
    }
    throw err;
  }
}
