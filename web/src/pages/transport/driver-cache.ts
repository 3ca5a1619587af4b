// The driver's copy of what the phone last fetched (issue 19 item 2): today's runs and each run opened, so a reload
// in a dead zone, or a request that fails or hangs on a slow connection, still shows the run instead of an error.
//
// The copy holds patients' names and addresses, so it stays on this phone for the day only: it is kept under the
// logged-in user's id (one driver never sees another's copy on a shared phone), entries of an earlier day are
// removed whenever the page reads or writes one, and a logout removes every `bista.user.` entry (web/src/session.tsx).
// Nothing of it goes anywhere else; the confirmations on their way to the server are the outbox's (driver-outbox.ts).
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError, dataOf, fetchClient, isApiError } from '../../api/client.ts';
import { isFault } from '../../api/query.ts';
import type { Run, RunSummary } from './transport-api.ts';

/** Per-user browser storage that a logout clears (see clearUserStorage in web/src/session.tsx). */
const PREFIX = 'bista.user.';

/** A request that has not answered in this time is given up, and the copy is shown. */
export const DRIVER_TIMEOUT_MS = 15_000;

export interface Copy<T> {
  data: T;
  /** When the phone fetched it (ms since the epoch). */
  savedAt: number;
}

/** Today on the phone, as YYYY-MM-DD in its own time zone (the driver's day). */
const today = () => new Date().toLocaleDateString('sv-SE');

const keyOf = (userId: string, what: string) => `${PREFIX}${userId}.driver.${today()}.${what}`;

/** Removes the copies of earlier days (of every user on this phone). */
function prune() {
  const day = today();
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i);
      if (k?.startsWith(PREFIX) && k.includes('.driver.') && !k.includes(`.driver.${day}.`)) localStorage.removeItem(k);
    }
  } catch {
    // Storage blocked: there is nothing to prune.
  }
}

function readCopy<T>(userId: string, what: string): Copy<T> | null {
  prune();
  try {
    const raw = localStorage.getItem(keyOf(userId, what));
    return raw ? (JSON.parse(raw) as Copy<T>) : null;
  } catch {
    return null;
  }
}

function writeCopy<T>(userId: string, what: string, copy: Copy<T>) {
  prune();
  try {
    localStorage.setItem(keyOf(userId, what), JSON.stringify(copy));
  } catch {
    // A full or blocked storage: the page works as before, only without a copy.
  }
}

/** The server could not be reached, or did not answer in time, or failed (5xx): a copy may stand in. A 4xx is an answer. */
export const isUnreachable = (e: unknown) => !isApiError(e) || e.status === 0 || e.status >= 500;

/** Runs a GET with the query's own signal (unmount) and a time limit; a hang or a lost connection becomes NETWORK. */
async function withTimeout<T>(signal: AbortSignal, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort(signal.reason);
  signal.addEventListener('abort', stop);
  const timer = setTimeout(() => controller.abort(new DOMException('Timed out', 'TimeoutError')), DRIVER_TIMEOUT_MS);
  try {
    return await call(controller.signal);
  } catch (e) {
    if (signal.aborted || isApiError(e)) throw e;
    // The time limit, or the body cut off on the way.
    throw new ApiError(0, 'NETWORK', 'Network error', null);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  }
}

export interface DriverQuery<T> {
  /** What to show: the live answer, or else the copy when the server could not be reached. */
  data: T | undefined;
  /** Set when what is shown is not the server's answer of now: when it was fetched. */
  staleSince: number | null;
  isPending: boolean;
  /** An error to show (only when there is nothing to show instead). */
  error: unknown;
  refetch: () => Promise<unknown>;
}

/**
 * A driver's query with the copy behind it. It is tried even when the browser says it is offline (networkMode
 * 'always': a paused query would spin for ever), gives up after DRIVER_TIMEOUT_MS, and polls more often while the
 * copy is shown, so the live data replaces it soon after the connection is back.
 */
function useDriverQuery<T>(
  userId: string,
  what: string,
  queryKey: readonly unknown[],
  fetchIt: (signal: AbortSignal) => Promise<T>,
  pollMs: number | false,
): DriverQuery<T> {
  const q = useQuery({
    queryKey,
    queryFn: ({ signal }) => withTimeout(signal, fetchIt),
    networkMode: 'always',
    refetchInterval: (query) => (query.state.status === 'error' && isUnreachable(query.state.error) ? 10_000 : pollMs),
    // A lost connection is expected on the road: the page shows the copy, or says so, instead of the error page.
    throwOnError: (e) => isFault(e) && !isUnreachable(e),
  });
  useEffect(() => {
    if (q.data !== undefined) writeCopy(userId, what, { data: q.data, savedAt: q.dataUpdatedAt });
  }, [userId, what, q.data, q.dataUpdatedAt]);
  const unreachable = q.isError && isUnreachable(q.error);
  const copy = unreachable && q.data === undefined ? readCopy<T>(userId, what) : null;
  const data = q.data ?? copy?.data;
  return {
    data,
    staleSince: unreachable && data !== undefined ? (q.data !== undefined ? q.dataUpdatedAt : copy!.savedAt) : null,
    isPending: q.isPending && data === undefined,
    error: data === undefined ? q.error : null,
    refetch: q.refetch,
  };
}

export function useMyRuns(userId: string): DriverQuery<RunSummary[]> {
  return useDriverQuery(
    userId,
    'runs',
    ['get', '/api/provision/transport/my-runs'],
    async (signal) => dataOf(await fetchClient.GET('/api/provision/transport/my-runs', { signal })),
    false,
  );
}

export function useDriverRun(userId: string, id: string): DriverQuery<Run> {
  return useDriverQuery(
    userId,
    `run.${id}`,
    ['get', '/api/provision/transport/runs/{id}', { params: { path: { id } } }],
    async (signal) => dataOf(await fetchClient.GET('/api/provision/transport/runs/{id}', { params: { path: { id } }, signal })),
    30_000,
  );
}
