import type { Receipt } from '../../contract/endpoints.ts';
import { ContractRefused } from '../../contract/endpoints.ts';
import { parseOrderMessage } from '../../contract/parse.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { MESSAGE_SENDERS } from '../roles.ts';
import { receiveMessage } from './receive-message.ts';

/**
 * POST /api/contract/v1/messages: another region's or municipality's system (or a script) sends a
 * contract message as a logged-in prescriber or orderer, for a customer the user belongs to. The answer
 * is the Receipt; a refusal keeps the contract's code (UNSUPPORTED_VERSION, UNKNOWN_TYPE → 400; INVALID,
 * NOT_ALLOWED, UNKNOWN_ORDER → 422) with its Swedish message, and nothing is stored.
 */
export async function submitContractMessage(ctx: Ctx, body: unknown): Promise<Receipt> {
  const actor = requireRole(ctx, ...MESSAGE_SENDERS);
  try {
    return await receiveMessage(ctx, body, {
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
