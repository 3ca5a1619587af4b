import { useCallback, useEffect, useRef, useState } from 'react';
import { dataOf, fetchClient } from '../../api/client.ts';
import type { Order, OrderTypeInfo } from '../../api/types.ts';
import { savedFromOrder, toDraftInput, type DraftForm, type Incomplete, type SavedInput } from './draft-form.ts';

export interface SaveState {
  status: 'saved' | 'dirty' | 'saving' | 'error';
  savedAt: Date | null;
  error: unknown;
  incomplete: Incomplete[];
  /** The server's warnings on the draft as last saved (prescribing right), never a block. */
  warnings: Order['warnings'];
}

/**
 * Saves the draft as the user works: a change is sent 0.7 s after the last keystroke, one save at a time
 * (each with the version the previous one returned), and nothing is sent when nothing changed. `flush`
 * sends what is waiting now (before submit, when leaving the page) and throws if the save fails.
 */
export function useDraftSaver(order: Order, type: OrderTypeInfo) {
  const version = useRef(order.version);
  const last = useRef<SavedInput>(savedFromOrder(order));
  const pending = useRef<DraftForm | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [state, setState] = useState<SaveState>({ status: 'saved', savedAt: null, error: null, incomplete: [], warnings: order.warnings });

  const run = useCallback(async () => {
    while (pending.current) {
      const form = pending.current;
      pending.current = null;
      const { input, incomplete } = toDraftInput(form, order, type, last.current);
      if (JSON.stringify(input) === JSON.stringify(last.current)) {
        setState((s) => ({ ...s, status: pending.current ? 'dirty' : 'saved', error: null, incomplete }));
        continue;
      }
      setState((s) => ({ ...s, status: 'saving', incomplete }));
      try {
        // A queue of its own rather than a mutation: each save must wait for the one before and send its version.
        const saved = await fetchClient
          .PUT('/api/orders/{id}', { params: { path: { id: order.id } }, body: { ...input, version: version.current } })
          .then(dataOf);
        version.current = saved.version;
        last.current = input;
        setState({ status: pending.current ? 'saving' : 'saved', savedAt: new Date(), error: null, incomplete, warnings: saved.warnings });
      } catch (e) {
        // Kept for the next try (the next change, or flush before submit).
        pending.current ??= form;
        setState((s) => ({ ...s, status: 'error', error: e }));
        throw e;
      }
    }
  }, [order, type]);

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    if (running.current) await running.current.catch(() => undefined);
    if (!pending.current) return;
    const p = run().finally(() => {
      running.current = null;
    });
    running.current = p;
    await p;
  }, [run]);

  const schedule = useCallback(
    (form: DraftForm) => {
      pending.current = form;
      setState((s) => (s.status === 'error' ? s : { ...s, status: 'dirty' }));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush().catch(() => undefined), 700);
    },
    [flush],
  );

  // Leaving the page saves what is waiting; closing the tab with unsaved changes asks first.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (pending.current || running.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      if (pending.current) void flush().catch(() => undefined);
    };
  }, [flush]);

  /** After the draft was sent or removed: nothing more to save. */
  const stop = useCallback(() => {
    clearTimeout(timer.current);
    pending.current = null;
  }, []);

  return { state, schedule, flush, stop };
}
