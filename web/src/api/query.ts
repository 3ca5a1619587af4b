// Server state through TanStack Query: one QueryClient, its defaults, and the hooks the pages share.
import { QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { isApiError, type paths } from './client.ts';

/** Server faults and lost connections go to the page's error boundary (with the request id); expected failures (403, 404) to the page. */
export const isFault = (e: unknown) => isApiError(e) && (e.status >= 500 || e.status === 0);

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // As before the query library: a page loads what it shows when it opens, once, and says so.
        // gcTime 0 drops a page's data when it closes, so coming back shows "loading" and then fresh data,
        // never another moment's data as current (and nothing of one user stays for the next).
        gcTime: 0,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        throwOnError: (e) => isFault(e),
      },
      mutations: { retry: false },
    },
  });
}

/** The options every keyset-paged list gives `$api.useInfiniteQuery` (the cursor goes in the `cursor` query parameter). */
export const cursorPages = {
  initialPageParam: null,
  getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor,
} as const;

/**
 * A list served in keyset pages ("Visa fler"), from `$api.useInfiniteQuery(..., cursorPages)`: the rows of
 * every page loaded (a row already shown is left out), and what ShowMore needs. While the first page of a
 * new filter loads there are no rows or cursor of the old filter to act on.
 */
export function pagedList<T extends { id: string }>(q: {
  data: { pages: { items: T[]; nextCursor: string | null }[] } | undefined;
  isPending: boolean;
  isFetchingNextPage: boolean;
  isFetching: boolean;
  hasNextPage: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}) {
  const seen = new Set<string>();
  const items: T[] = [];
  for (const page of q.data?.pages ?? [])
    for (const x of page.items)
      if (!seen.has(x.id)) {
        seen.add(x.id);
        items.push(x);
      }
  const loading = q.isPending;
  return {
    items,
    nextCursor: loading ? null : (q.data?.pages.at(-1)?.nextCursor ?? null),
    loading,
    loadingMore: q.isFetchingNextPage,
    error: q.error,
    loadMore: async () => {
      if (q.hasNextPage && !q.isFetching) await q.fetchNextPage();
    },
  };
}

/**
 * Marks the GET answers of these paths stale and loads the ones on screen again; the promise settles when
 * they are in, so a step can stay pending until the page shows its result (and a second step made before
 * then is not refused as a conflict with the first).
 */
export function useInvalidate() {
  const queryClient = useQueryClient();
  return useCallback(
    (...paths: (keyof paths)[]) => Promise.all(paths.map((p) => queryClient.invalidateQueries({ queryKey: ['get', p] }))).then(() => undefined),
    [queryClient],
  );
}
