import { describe, expect, it } from 'vitest';
import { Worker } from '../../platform/jobs/jobs.ts';
import { createLogger } from '../../platform/logger.ts';
import { provisionJobHandlers } from '../jobs.ts';
import { givenReceivedOrder, RecordingOrdering } from '../testing/given.ts';
import { deliverLine } from './deliver-line.ts';
import { orderLineFixture } from '../testing/order-lines.ts';

// The centre's outbox to the ordering side: events in sequence, retried in order.

const f = orderLineFixture();
const { chairWithUnits } = f;
const log = createLogger('silent');

describe('the outbox to the ordering side', () => {
  it('sends an order’s events in sequence; a failed delivery is retried and the later events wait behind it', async () => {
    // Earlier tests' events go out first, so the failure below hits this order.
    await new Worker({
      database: f.t.database,
      log,
      handlers: provisionJobHandlers({ database: f.t.database, config: f.t.config, log, ordering: new RecordingOrdering() }),
    }).runDue();
    const { article, units } = await chairWithUnits('Rullstol Utkorg', [{ purchaseDate: '2020-01-01' }]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    await deliverLine(f.warehouse, o.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id }] });
    const ordering = new RecordingOrdering();
    ordering.failures = 1;
    let clock = Date.now();
    const worker = new Worker({
      database: f.t.database,
      log,
      now: () => new Date(clock),
      handlers: provisionJobHandlers({ database: f.t.database, config: f.t.config, log, ordering }),
    });
    await worker.runDue();
    // The first job failed on 'received' and is waiting for its retry; the second job found 'received'
    // still unsent and failed on it too (or, once it got through, sent the rest in order) — never 2 before 1.
    const arrived = ordering.of(o.orderId).map((e) => e.sequence);
    expect(arrived).toEqual([1, 2].slice(0, arrived.length));
    clock += 3_600_000;
    await worker.runDue();
    expect(ordering.of(o.orderId).map((e) => [e.sequence, e.type])).toEqual([
      [1, 'received'],
      [2, 'delivered'],
    ]);
    const attempts = await f.t.database.query<{ ok: boolean }>(
      `SELECT a.ok FROM job_attempt a JOIN job j ON j.id = a.job_id WHERE j.payload->>'orderId' = $1 ORDER BY a.id`,
      [o.orderId],
    );
    expect(attempts.some((a) => !a.ok)).toBe(true);
  });
});
