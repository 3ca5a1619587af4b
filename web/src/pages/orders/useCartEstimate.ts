import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { dataOf, fetchClient } from '../../api/client.ts';
import type { CartEstimate, CartEstimateInput, CartEstimateLine } from '../../api/types.ts';
import { useDebounced } from '../../components/ui.tsx';
import { normalizeLines, type CartLine } from './draft-form.ts';

export interface CartFacts {
  /** The estimate last answered (kept while the next one is asked for). */
  estimate: CartEstimate | null;
  /** A line's price, stock and date, by the cart line's key (null while it has not been asked about). */
  line(key: string): CartEstimateLine | null;
  /** The keys of the lines that alone move the order's date (estimate.delay), in cart order. */
  delayKeys: string[];
  /** Whether the answer shown is for an earlier state of the cart (a newer one is on its way). */
  stale: boolean;
  error: unknown;
}

/**
 * The cart's prices, stock and delivery dates (POST /api/orders/:id/estimate) for the lines as the form holds
 * them, asked 0.3 s after the last change. The answer carries the keys of the lines it was asked for, so a
 * line is never shown another line's facts while the next answer is on its way.
 */
export function useCartEstimate(orderId: string, lines: readonly CartLine[], urgent: boolean, enabled: boolean): CartFacts {
  const asked = normalizeLines(lines).filter((l) => l.articleId);
  const request = JSON.stringify({
    keys: asked.map((l) => l.key),
    body: {
      urgent,
      lines: asked.map((l) => ({
        articleId: l.articleId!,
        quantity: Math.min(999, Math.max(1, Math.round(l.quantity) || 1)),
        separateOrder: !!l.separateOrder,
      })),
    } satisfies CartEstimateInput,
  });
  const debounced = useDebounced(request, 300);
  const q = useQuery({
    queryKey: ['cart-estimate', orderId, debounced],
    queryFn: async () => {
      const { keys, body } = JSON.parse(debounced) as { keys: string[]; body: CartEstimateInput };
      const estimate = await fetchClient.POST('/api/orders/{id}/estimate', { params: { path: { id: orderId } }, body }).then(dataOf);
      return { keys, estimate };
    },
    enabled: enabled && asked.length > 0,
    placeholderData: keepPreviousData,
    // The cart works without the facts; a failure is said next to it, never thrown to the page.
    throwOnError: false,
  });
  const data = asked.length ? q.data : undefined;
  const index = new Map((data?.keys ?? []).map((k, i) => [k, i]));
  return {
    estimate: data?.estimate ?? null,
    line: (key) => {
      const i = index.get(key);
      const l = i === undefined ? undefined : data!.estimate.lines[i];
      const current = lines.find((x) => x.key === key);
      return l && current && l.articleId === current.articleId ? l : null;
    },
    delayKeys: (data?.estimate.delay?.lines ?? []).flatMap((i) => (data!.keys[i] ? [data!.keys[i]] : [])),
    stale: q.isPlaceholderData || request !== debounced || q.isFetching,
    error: q.error,
  };
}
