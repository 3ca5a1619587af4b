import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { dataOf, fetchClient } from '../../api/client.ts';
import { errorMessage } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** An article the look-up found: the search result's item. */
export interface FoundArticle {
  id: string;
  name: string;
  articleNumber: string;
}

/**
 * A field's look-up of one article by its number (or by words that find exactly one), for a form that then opens
 * a dialog for that article: the query, the error to show at the field (not found, or the search's refusal), and
 * `lookUp(onFound)`.
 */
export function useArticleLookup() {
  const i18n = useI18n();
  const [query, setQuery] = useState('');
  const [notFound, setNotFound] = useState<string | null>(null);
  const lookup = useMutation({
    mutationFn: (q: string) => fetchClient.GET('/api/catalogue/articles/search', { params: { query: { q, limit: 5 } } }).then(dataOf),
  });

  function lookUp(onFound: (article: FoundArticle) => void) {
    setNotFound(null);
    lookup.reset();
    const q = query.trim();
    if (!q) return;
    // Only the latest look-up counts: the callbacks given to `mutate` run for the latest call only, so an
    // earlier answer arriving late never opens the dialog for another article.
    lookup.mutate(q, {
      onSuccess: (r) => {
        const a = r.items.find((x) => x.articleNumber.toLowerCase() === q.toLowerCase()) ?? (r.items.length === 1 ? r.items[0]! : null);
        if (!a) setNotFound(i18n.t('hmc.articleNotFound', { q }));
        else onFound(a);
      },
    });
  }

  return {
    query,
    setQuery,
    lookUp,
    isPending: lookup.isPending,
    error: notFound ?? (lookup.error ? errorMessage(i18n, lookup.error) : null),
  };
}
