import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { AppError } from '../errors.ts';

/** Liveness and readiness answer whatever the load: a load balancer must not take a busy server for a dead one. */
const BYPASS = new Set(['/api/health', '/api/ready']);

/** Seconds a client is asked to wait after a 503 OVERLOADED. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 2;

export type RequestLimit = Config['requestLimit'];

/** Whether the bounded queue applies: `auto` means on PGlite, where one thread answers every query. */
export function requestLimitEnabled(limit: RequestLimit, kind: Database['kind']): boolean {
  return limit.mode === 'on' || (limit.mode === 'auto' && kind === 'pglite');
}

interface Waiter {
  admit: () => void;
  timer: NodeJS.Timeout;
}

/**
 * A bounded queue at the HTTP edge. The embedded database runs every query on the server's one thread:
 * 200 users at once used to mean each request's queries waited behind everybody else's (a median of
 * 565 ms and a p95 of 22 s for search). Here at most `maxInFlight` API requests run at a time, at most
 * `maxWaiting` wait in arrival order, none longer than `maxWaitMs`; beyond that the answer is at once a
 * 503 OVERLOADED with a Swedish message and Retry-After, which the web app shows and a client can act on.
 * The API, the FHIR facade and /oauth/token are counted; pages and assets (no database), the API docs and /api/health,
 * /api/ready are not.
 */
export class RequestLimiter {
  private running = 0;
  private readonly queue: Waiter[] = [];
  /** Counters since start, for tests and the benchmark. */
  readonly stats = { admitted: 0, queued: 0, refusedFull: 0, refusedWaited: 0 };

  constructor(private readonly limit: RequestLimit) {}

  get inFlight() {
    return this.running;
  }
  get waiting() {
    return this.queue.length;
  }

  /** Fastify onRequest hook: admits the request, queues it, or refuses it. */
  readonly onRequest = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const url = req.url;
    const counted = (url.startsWith('/api/') && !url.startsWith('/api/docs')) || url.startsWith('/fhir/') || url.startsWith('/oauth/');
    if (!counted || BYPASS.has(url.split('?')[0]!)) return;
    let state: 'waiting' | 'admitted' | 'done' = 'waiting';
    let cancel = () => {};
    const done = () => {
      if (state === 'admitted') this.release();
      else if (state === 'waiting') cancel();
      state = 'done';
    };
    releases.set(req, done);
    // A client that goes away frees its place in the queue, or its slot.
    reply.raw.once('close', done);
    const admitted = this.acquire((c) => (cancel = c));
    await admitted;
    // (The client may have left meanwhile: `done` ran while this awaited.)
    if ((state as string) === 'done') {
      // The client left while it waited and the slot came just after: pass it on.
      this.release();
      return;
    }
    state = 'admitted';
  };

  /** Fastify onResponse hook: the response is sent, the slot is free. */
  readonly onResponse = async (req: FastifyRequest): Promise<void> => {
    releases.get(req)?.();
  };

  private acquire(onCancel: (cancel: () => void) => void): Promise<void> {
    if (this.running < this.limit.maxInFlight) {
      this.running++;
      this.stats.admitted++;
      return Promise.resolve();
    }
    if (this.queue.length >= this.limit.maxWaiting) {
      this.stats.refusedFull++;
      return Promise.reject(overloaded());
    }
    this.stats.queued++;
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        clearTimeout(waiter.timer);
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
      };
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(waiter.timer);
          this.stats.admitted++;
          resolve();
        },
        timer: setTimeout(() => {
          leave();
          this.stats.refusedWaited++;
          reject(overloaded());
        }, this.limit.maxWaitMs),
      };
      onCancel(() => {
        leave();
        reject(overloaded());
      });
      this.queue.push(waiter);
    });
  }

  private release() {
    const next = this.queue.shift();
    // The slot passes straight to the next in line (running stays the same).
    if (next) next.admit();
    else this.running--;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The bounded queue at the edge, or null where it is off (a PostgreSQL server, or BISTA_REQUEST_LIMIT=off). */
    requestLimiter: RequestLimiter | null;
  }
}

/** Adds the bounded queue where it applies; call before any hook that reads the database (the session). */
export function registerRequestLimit(app: FastifyInstance, config: Config, database: Pick<Database, 'kind'>) {
  const limiter = requestLimitEnabled(config.requestLimit, database.kind) ? new RequestLimiter(config.requestLimit) : null;
  app.decorate('requestLimiter', limiter);
  if (!limiter) return;
  app.addHook('onRequest', limiter.onRequest);
  app.addHook('onResponse', limiter.onResponse);
}

const releases = new WeakMap<FastifyRequest, () => void>();

const overloaded = () =>
  new AppError('OVERLOADED', 'Bistå har fler förfrågningar än det hinner med just nu. Försök igen om en stund.', {
    retryAfterSeconds: OVERLOAD_RETRY_AFTER_SECONDS,
  });
