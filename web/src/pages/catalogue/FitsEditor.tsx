import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import type { Article, ArticleRef, ArticleSearchItem } from '../../api/types.ts';
import { SearchInput } from '../../components/fields.tsx';
import { Btn, ErrorAlert, LiveStatus, Section, useDebounced } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { articleHref } from './catalogue-format.ts';

/** The main articles an accessory or spare part fits: search main devices, add and remove (saved at once). */
export function FitsEditor({ article, onChanged }: { article: Article; onChanged: (a: Article) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const debounced = useDebounced(q.trim(), 200);
  const search = $api.useQuery(
    'get',
    '/api/catalogue/articles/search',
    { params: { query: { q: debounced, type: 'H', limit: 10 } } },
    { enabled: !!debounced },
  );
  const hits = debounced ? (search.data?.items ?? []).filter((x) => x.id !== article.id) : [];
  const searched = !!search.data && !search.isFetching;
  const saving = useMutation({
    mutationFn: (v: { key: string; mainIds: string[] }) =>
      fetchClient.PUT('/api/catalogue/articles/{id}/fits', { params: { path: { id: article.id } }, body: { mainIds: v.mainIds } }).then(dataOf),
    onSuccess: onChanged,
  });
  const pending = saving.isPending ? saving.variables.key : null;
  const error = saving.error ?? search.error;

  // Each save sends the whole list: one at a time, each from the list the previous one returned (two quick
  // presses would otherwise each send the list without the other's change).
  function save(mains: ArticleRef[] | ArticleSearchItem[], key: string) {
    if (pending) return;
    saving.mutate({ key, mainIds: mains.map((m) => m.id) });
  }

  const current = article.fits;
  return (
    <Section title={t('fits.title')} id="fits-editor">
      <p className="help-text">{t('fits.help')}</p>
      <ErrorAlert error={error} />
      {current.length ? (
        <ul className="chip-list" aria-label={t('fits.current')}>
          {current.map((m) => (
            <li key={m.id} className="chip">
              <span>
                <Link className="link" href={articleHref(m.id)}>
                  {m.name}
                </Link>{' '}
                <span className="mono muted small">{m.articleNumber}</span>
              </span>
              <Btn
                variant="quiet"
                className="button--small"
                isPending={pending === `remove-${m.id}`}
                isDisabled={pending !== null && pending !== `remove-${m.id}`}
                onPress={() =>
                  save(
                    current.filter((x) => x.id !== m.id),
                    `remove-${m.id}`,
                  )
                }
                aria-label={t('fits.removeNamed', { name: m.name })}
              >
                {t('common.remove')}
              </Btn>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t('fits.none')}</p>
      )}
      <SearchInput label={t('fits.search')} name="fitsQuery" value={q} onChange={setQ} description={t('fits.searchHelp')} />
      {debounced ? <LiveStatus>{searched ? t('fits.hits', { count: hits.length }) : t('common.loading')}</LiveStatus> : null}
      {hits.length ? (
        <ul className="chip-list" aria-label={t('fits.hitsLabel')}>
          {hits.map((h) => {
            const added = current.some((c) => c.id === h.id);
            return (
              <li key={h.id} className="chip">
                <span>
                  {h.name} <span className="mono muted small">{h.articleNumber}</span>
                </span>
                <Btn
                  className="button--small"
                  isDisabled={added || (pending !== null && pending !== `add-${h.id}`)}
                  isPending={pending === `add-${h.id}`}
                  onPress={() => save([...current, h], `add-${h.id}`)}
                  aria-label={added ? t('fits.alreadyNamed', { name: h.name }) : t('fits.addNamed', { name: h.name })}
                >
                  {added ? t('fits.already') : t('fits.add')}
                </Btn>
              </li>
            );
          })}
        </ul>
      ) : null}
    </Section>
  );
}
