import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import type { OrderingEndpoint } from '../contract/endpoints.ts';
import type { Config } from '../platform/config.ts';
import { systemCtx } from '../platform/context.ts';
import type { Database } from '../platform/db/client.ts';
import type { JobHandler } from '../platform/jobs/jobs.ts';
import { CHECK_DUE_DATES_JOB, checkDueDates } from './due-dates/check-due-dates.ts';
import { SEND_EVENT_JOB, SEND_PENDING_JOB } from './orders/order-events.ts';
import { sendOrderEventsHandler, sendPendingEventsHandler } from './orders/send-events.ts';
import { MAKE_PROPOSALS_JOB, makeDueProposals } from './buffers/refill-proposals.ts';

export interface ProvisionJobDeps {
  database: Database;
  config: Config;
  log: Logger;
  /** Where the centre's order events go: the ordering side's endpoint (in process, or an HTTP client). */
  ordering: OrderingEndpoint;
  now?: () => Date;
}

/** Jobs the provision side runs once a day (add them to the daily schedule). */
export const PROVISION_DAILY_JOBS = [CHECK_DUE_DATES_JOB, MAKE_PROPOSALS_JOB] as const;

/**
 * The provision side's background jobs, for the Worker (src/platform/jobs/jobs.ts):
 * - 'provision.send-event' { orderId }: the outbox — sends the order's unsent events, in sequence;
 * - 'provision.send-pending-events': the same for every order with unsent events (after the due-date job);
 * - 'provision.check-due-dates': sends 'delayed' for lines whose promised date has passed.
 */
export function provisionJobHandlers(deps: ProvisionJobDeps): Record<string, JobHandler> {
  const ctx = () => systemCtx({ db: deps.database.db, database: deps.database, config: deps.config, log: deps.log as unknown as FastifyBaseLogger }, deps.now);
  const send = { database: deps.database, log: deps.log, ordering: deps.ordering, ...(deps.now ? { now: deps.now } : {}) };
  return {
    [SEND_EVENT_JOB]: sendOrderEventsHandler(send),
    [SEND_PENDING_JOB]: sendPendingEventsHandler(send),
    [CHECK_DUE_DATES_JOB]: async () => {
      const r = await checkDueDates(ctx());
      if (r.delayedLines) deps.log.info({ delayedLines: r.delayedLines, orders: r.orders }, 'delayed sent for missed due dates');
    },
    // 'provision.buffer-proposals': each delivery area's refill proposal for its next delivery day (src/provision/buffers).
    [MAKE_PROPOSALS_JOB]: async () => {
      const r = await makeDueProposals(ctx());
      if (r.proposals) deps.log.info({ proposals: r.proposals }, 'buffer refill proposals made');
    },
  };
}
