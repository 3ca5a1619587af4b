import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Button, Group, Input, Label, NumberField } from 'react-aria-components';
import { $api } from '../../api/client.ts';
import type { ArticleSearchItem } from '../../api/types.ts';
import { SearchInput } from '../../components/fields.tsx';
import { Badge, Btn, ErrorAlert, LiveStatus, useDebounced } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { articleTypeLabel, isoMatchLabel } from '../catalogue/catalogue-format.ts';
import { FavouriteToggle, useFavourites } from './Favourites.tsx';

/** A quantity, 1–999, with − and + buttons (React Aria NumberField: arrow keys step too). */
export function QuantityField({ label, itemName, value, onChange }: { label: string; itemName: string; value: number; onChange: (n: number) => void }) {
  return (
    <NumberField
      className="field quantity-field"
      value={value}
      minValue={1}
      maxValue={999}
      step={1}
      formatOptions={{ maximumFractionDigits: 0 }}
      onChange={(n) => onChange(Number.isFinite(n) ? n : 1)}
    >
      <Label className="field-label">
        {label}
        <span className="visually-hidden"> {itemName}</span>
      </Label>
      <Group className="quantity-group">
        <Button slot="decrement" className="quantity-button">
          −
        </Button>
        <Input className="input quantity-input" />
        <Button slot="increment" className="quantity-button">
          +
        </Button>
      </Group>
    </NumberField>
  );
}

/** What the cart needs of an article to add it: from a search hit or a favourite. */
export type PickedArticle = Pick<ArticleSearchItem, 'id' | 'articleNumber' | 'name'>;

/**
 * Catalogue search inside the order flow: orderable articles as you type (the same search as the article
 * register), each with a button that puts it in the cart (pressing again adds one more) and a star that keeps
 * it among the prescriber's favourites. With nothing typed, the favourites are listed to pick from.
 */
export function ArticlePicker({ onAdd, inCart }: { onAdd: (a: PickedArticle) => void; inCart: (articleId: string) => number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [q, setQ] = useState('');
  const debounced = useDebounced(q.trim(), 200);
  // While the next search runs, the previous hits stay (the count says it is loading).
  const search = $api.useQuery(
    'get',
    '/api/catalogue/articles/search',
    { params: { query: { q: debounced, orderable: 'true', limit: 10 } } },
    { enabled: !!debounced, placeholderData: keepPreviousData },
  );
  const hits = debounced ? (search.data?.items ?? []) : [];
  const total = debounced && search.data && !search.isPlaceholderData ? search.data.total : null;
  const error = search.error;
  // What was added, said in place of the count until the search changes.
  const [addedFor, setAddedFor] = useState<{ q: string; text: string } | null>(null);
  const added = addedFor?.q === debounced ? addedFor.text : null;
  const setAdded = (text: string) => setAddedFor({ q: debounced, text });
  const favourites = useFavourites();

  return (
    <div className="article-picker" role="search" aria-label={t('cart.searchRegion')}>
      <SearchInput label={t('cart.search')} name="articleQuery" value={q} onChange={setQ} description={t('cart.searchHelp')} />
      <ErrorAlert error={error} />
      {debounced ? <LiveStatus>{added ?? (total === null ? t('common.loading') : t('cart.hits', { count: total, shown: hits.length }))}</LiveStatus> : null}
      {debounced && search.data?.iso && !search.isPlaceholderData ? (
        <p className="help-text">{t('articles.isoMatch', { iso: isoMatchLabel(i18n.locale, search.data.iso) })}</p>
      ) : null}
      {hits.length ? (
        <ul className="pick-list" aria-label={t('cart.hitsLabel')}>
          {hits.map((h) => {
            const n = inCart(h.id);
            return (
              <li key={h.id} className="pick-item">
                <span className="pick-text">
                  <span className="pick-name">{h.name}</span> <span className="mono muted small">{h.articleNumber}</span>
                  <span className="block small muted">
                    {articleTypeLabel(i18n, h.articleType)}
                    {h.isoCode ? ` · ISO ${h.isoCode}` : ''}
                    {h.supplierName ? ` · ${h.supplierName}` : ''}
                  </span>
                  {n ? <Badge tone="ok">{t('cart.inCartCount', { count: n })}</Badge> : null}
                </span>
                <FavouriteToggle favourites={favourites} articleId={h.id} name={h.name} />
                <Btn
                  className="button--small"
                  variant={n ? 'secondary' : 'primary'}
                  aria-label={t('cart.addNamed', { name: h.name })}
                  onPress={() => {
                    onAdd(h);
                    setAdded(t('cart.added', { name: h.name, count: n + 1 }));
                  }}
                >
                  {t('cart.add')}
                </Btn>
              </li>
            );
          })}
        </ul>
      ) : null}
      {debounced ? null : <FavouriteList favourites={favourites} onAdd={onAdd} inCart={inCart} />}
    </div>
  );
}

/** The prescriber's favourites, each with "add to cart" and "remove from favourites". */
function FavouriteList({
  favourites,
  onAdd,
  inCart,
}: {
  favourites: ReturnType<typeof useFavourites>;
  onAdd: (a: PickedArticle) => void;
  inCart: (articleId: string) => number;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [added, setAdded] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const [refocus, setRefocus] = useState(false);
  // A favourite taken away takes its buttons with it: focus goes to the list's heading.
  useEffect(() => {
    if (refocus && favourites.pendingFor === null) {
      heading.current?.focus();
      setRefocus(false);
    }
  }, [refocus, favourites.pendingFor]);
  return (
    <section className="favourites" aria-labelledby="favourites-title">
      <h3 className="subheading" id="favourites-title" tabIndex={-1} ref={heading}>
        {t('favourites.title')}
      </h3>
      <ErrorAlert error={favourites.error} />
      <LiveStatus className="visually-hidden">{added}</LiveStatus>
      {favourites.loading ? null : favourites.items.length === 0 ? (
        <p className="help-text">{t('favourites.none')}</p>
      ) : (
        <ul className="pick-list" aria-labelledby="favourites-title">
          {favourites.items.map((f) => {
            const n = inCart(f.articleId);
            return (
              <li key={f.articleId} className="pick-item">
                <span className="pick-text">
                  <span className="pick-name">{f.name}</span> <span className="mono muted small">{f.articleNumber}</span>
                  <span className="block small muted">
                    {articleTypeLabel(i18n, f.articleType)}
                    {f.isoCode ? ` · ISO ${f.isoCode}` : ''}
                  </span>
                  {n ? <Badge tone="ok">{t('cart.inCartCount', { count: n })}</Badge> : null}
                  {f.orderable ? null : <Badge tone="muted">{t('favourites.notOrderable')}</Badge>}
                </span>
                <Btn
                  variant="quiet"
                  className="button--small"
                  aria-label={t('favourites.removeNamed', { name: f.name })}
                  onPress={() => {
                    favourites.set(f.articleId, false);
                    setRefocus(true);
                  }}
                >
                  {t('favourites.remove')}
                </Btn>
                {f.orderable ? (
                  <Btn
                    className="button--small"
                    variant={n ? 'secondary' : 'primary'}
                    aria-label={t('cart.addNamed', { name: f.name })}
                    onPress={() => {
                      onAdd({ id: f.articleId, articleNumber: f.articleNumber, name: f.name });
                      setAdded(t('cart.added', { name: f.name, count: n + 1 }));
                    }}
                  >
                    {t('cart.add')}
                  </Btn>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
