import { useEffect, useRef, useState } from 'react';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list served in keyset pages ("Visa fler"): the first page loads whenever `key` changes (a new filter
 * starts over; an answer to an older filter is dropped), `loadMore` appends the next page, leaving out rows
 * already shown.
 */
export function useCursorList<T extends { id: string }>(fetchPage: (cursor: string | null, signal?: AbortSignal) => Promise<CursorPage<T>>, key: string) {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const request = useRef(0);
  // The key the last first-page load started for: in the render after the key changes (before the effect
  // starts the new load) the old rows are still there, and `loading` says so.
  const startedFor = useRef<string | null>(null);
  const keyChanged = startedFor.current !== null && startedFor.current !== key;

  useEffect(() => {
    startedFor.current = key;
    const ac = new AbortController();
    const n = ++request.current;
    setLoading(true);
    setError(null);
    fetchPage(null, ac.signal).then(
      (r) => {
        if (n !== request.current) return;
        setItems(r.items);
        setNextCursor(r.nextCursor);
        setLoading(false);
      },
      (e: unknown) => {
        if (n !== request.current || ac.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ac.abort();
    // fetchPage is a new function on every render; `key` says when what it fetches has changed.
  }, [key]);

  async function loadMore() {
    // The cursor belongs to the rows shown: none while the first page of a new key is loading.
    if (!nextCursor || loading || keyChanged) return;
    const n = request.current;
    setLoadingMore(true);
    try {
      const r = await fetchPage(nextCursor);
      if (n !== request.current) return;
      setItems((prev) => {
        const shown = new Set(prev.map((p) => p.id));
        return [...prev, ...r.items.filter((x) => !shown.has(x.id))];
      });
      setNextCursor(r.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  return { items, nextCursor, loading: loading || keyChanged, loadingMore, error, loadMore };
}
