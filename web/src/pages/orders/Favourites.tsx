import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ToggleButton } from 'react-aria-components';
import { $api, fetchClient } from '../../api/client.ts';
import type { Favourite } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';

/**
 * The prescriber's favourite articles (issue 16 item 6): the list, and starring or unstarring one. The list
 * is read again after each change, so every star on the page follows.
 */
export function useFavourites(enabled = true) {
  const list = $api.useQuery('get', '/api/ordering/favourites', {}, { enabled, throwOnError: false });
  const queryClient = useQueryClient();
  const { queryKey } = $api.queryOptions('get', '/api/ordering/favourites', {});
  const change = useMutation({
    mutationFn: async ({ articleId, star }: { articleId: string; star: boolean }) => {
      const init = { params: { path: { articleId } } };
      await (star
        ? fetchClient.PUT('/api/ordering/favourites/{articleId}', { ...init, body: {} })
        : fetchClient.DELETE('/api/ordering/favourites/{articleId}', init));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
  const items: Favourite[] = list.data ?? [];
  return {
    items,
    loading: list.isPending && enabled,
    error: list.error ?? change.error,
    isFavourite: (articleId: string) => items.some((f) => f.articleId === articleId),
    pendingFor: change.isPending ? (change.variables?.articleId ?? null) : null,
    set: (articleId: string, star: boolean) => {
      change.reset();
      change.mutate({ articleId, star });
    },
  };
}

export type Favourites = ReturnType<typeof useFavourites>;

/** A star that saves an article as a favourite or takes it away (a toggle button: its state is read out as pressed). */
export function FavouriteToggle({ favourites, articleId, name, withText }: { favourites: Favourites; articleId: string; name: string; withText?: boolean }) {
  const { t } = useI18n();
  const on = favourites.isFavourite(articleId);
  return (
    <ToggleButton
      className={withText ? 'button button--secondary favourite-toggle' : 'button button--quiet button--small favourite-toggle'}
      isSelected={on}
      // Not disabled while saving: a disabled button would drop the keyboard focus. A press meanwhile waits its turn.
      onChange={(star) => {
        if (favourites.pendingFor !== articleId) favourites.set(articleId, star);
      }}
      aria-label={withText ? undefined : t('favourites.toggleNamed', { name })}
    >
      <span aria-hidden="true">{on ? '★' : '☆'}</span>
      {withText ? <span> {t('favourites.toggle')}</span> : null}
    </ToggleButton>
  );
}
