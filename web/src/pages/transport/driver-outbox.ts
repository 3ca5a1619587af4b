// The driver's confirmations on their way to the server (issue 19 item 2): each is kept in localStorage with the id
// the phone gave it until the server has it, so a reload, a dead zone or a flat battery loses nothing. The server
// treats the same confirmation id as the same confirmation, so sending one again after a lost answer is safe.
import { useSyncExternalStore } from 'react';
import { fetchClient, isApiError, type ApiBody } from '../../api/client.ts';

export type ConfirmBody = ApiBody<'/api/provision/transport/runs/{id}/stops/{stopId}/confirm', 'post'>;

export interface OutboxEntry {
  /** The driver who confirmed: only they send it (a phone shared between drivers keeps each one's own). */
  userId: string;
  runId: string;
  stopId: string;
  body: ConfirmBody;
  /** waiting: not sent yet (or the connection failed); refused: the server said no (the driver sees why). */
  status: 'waiting' | 'refused';
  error?: { code: string; message: string } | undefined;
}

const KEY = 'bista.driver.outbox';
const listeners = new Set<() => void>();
let entries: OutboxEntry[] = read();
let sending = false;
/** Something was queued while a send was under way: go round again. */
let again = false;

function read(): OutboxEntry[] {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as OutboxEntry[]) : [];
  } catch {
    return [];
  }
}

function write(next: OutboxEntry[]) {
  entries = next;
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // A full or blocked storage: the entry is still kept in memory until it is sent.
  }
  for (const l of listeners) l();
}

/** The confirmations of `userId` still on the phone (entries of another driver stay, unseen and unsent). */
export function useOutbox(userId: string): OutboxEntry[] {
  const all = useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => entries,
    () => entries,
  );
  return all.filter((e) => e.userId === userId);
}

/** Keeps the confirmation (replacing an earlier one of the stop that was refused) and tries to send it. */
export function enqueue(entry: Omit<OutboxEntry, 'status'>, onSent: () => Promise<unknown>) {
  write([...entries.filter((e) => e.stopId !== entry.stopId), { ...entry, status: 'waiting' }]);
  void flush(entry.userId, onSent);
}

export function discard(stopId: string) {
  write(entries.filter((e) => e.stopId !== stopId));
}

/**
 * Sends what is waiting, one at a time, in the order it was confirmed. A connection failure or a server fault
 * leaves it waiting (tried again on the next 'online' event or timer); a refusal (4xx) is kept with its reason.
 */
export async function flush(userId: string, onSent: () => Promise<unknown>) {
  if (sending) {
    again = true;
    return;
  }
  sending = true;
  again = false;
  let offline = false;
  try {
    for (const e of entries.filter((x) => x.status === 'waiting' && x.userId === userId)) {
      try {
        await fetchClient.POST('/api/provision/transport/runs/{id}/stops/{stopId}/confirm', {
          params: { path: { id: e.runId, stopId: e.stopId } },
          body: e.body,
        });
        // The page shows the stop as waiting until it has the server's answer, so it is never offered twice.
        await onSent();
        write(entries.filter((x) => x.body.confirmationId !== e.body.confirmationId));
      } catch (err) {
        if (isApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 408 && err.status !== 429) {
          write(
            entries.map((x) =>
              x.body.confirmationId === e.body.confirmationId ? { ...x, status: 'refused' as const, error: { code: err.code, message: err.message } } : x,
            ),
          );
          continue;
        }
        // Offline, a timeout or a server fault: stop here and try again later, in order.
        offline = true;
        break;
      }
    }
  } finally {
    sending = false;
  }
  if (again && !offline) await flush(userId, onSent);
}
