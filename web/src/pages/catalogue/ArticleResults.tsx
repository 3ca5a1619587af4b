import { useInfiniteQuery } from '@tanstack/react-query';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { dataOf, fetchClient, isApiError } from '../../api/client.ts';
import type { ArticleSearchItem, ArticleSearchQuery, ArticleSearchResult } from '../../api/types.ts';
import { Badge, Btn, ErrorAlert, LiveStatus, Loading, TableScroll } from '../../components/ui.tsx';
import { serverDetail } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { articleHref, articleTypeLabel, chargingFormLabel, formatPrice, isoMatchLabel } from './catalogue-format.ts';

/** Where the next page starts: ranked searches page by offset, the others by cursor. */
type NextPage = { offset: number | null; cursor: string | null } | null;
const nextPage = (r: ArticleSearchResult): NextPage => (r.nextOffset !== null || r.nextCursor !== null ? { offset: r.nextOffset, cursor: r.nextCursor } : null);

/**
 * The articles matching a query, as a table with 'Visa fler' paging. The caller debounces what the user
 * types; here every new query aborts the request still running for the previous one (an infinite query
 * keyed by the query), and the number of matches is announced politely.
 */
export function ArticleResults({ query, label, showPublished }: { query: ArticleSearchQuery; label: string; showPublished?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const search = { params: { query: { ...query, limit: 20 } } };
  const pages = useInfiniteQuery({
    // Under the GET's own key, so invalidating '/api/catalogue/articles/search' reaches it too.
    queryKey: ['get', '/api/catalogue/articles/search', search, 'pages'],
    queryFn: ({ pageParam, signal }) =>
      fetchClient
        .GET('/api/catalogue/articles/search', {
          params: { query: { ...search.params.query, offset: pageParam?.offset ?? undefined, cursor: pageParam?.cursor ?? undefined } },
          signal,
        })
        .then(dataOf),
    initialPageParam: null as NextPage,
    getNextPageParam: nextPage,
  });
  const loading = pages.isPending;
  const loadingMore = pages.isFetchingNextPage;
  const error = pages.error;
  const first = pages.data?.pages[0];
  const total = first ? { n: first.total, estimate: first.totalIsEstimate } : null;
  const seen = new Set<string>();
  const items: ArticleSearchItem[] = [];
  for (const page of pages.data?.pages ?? [])
    for (const x of page.items)
      if (!seen.has(x.id)) {
        seen.add(x.id);
        items.push(x);
      }
  const more = pages.hasNextPage;
  const loadMore = () => (pages.isFetching ? undefined : void pages.fetchNextPage());
  let status = t('common.loading');
  if (!loading && total) {
    status = t(total.estimate ? 'articles.countEstimate' : 'articles.count', { count: total.n, shown: items.length });
  }

  return (
    <div className="article-results">
      <ErrorAlert error={error} message={isApiError(error) && error.code === 'VALIDATION' ? (serverDetail(i18n, error) ?? undefined) : undefined} />
      <LiveStatus>{status}</LiveStatus>
      {first?.iso ? <p className="help-text">{t('articles.isoMatch', { iso: isoMatchLabel(i18n.locale, first.iso) })}</p> : null}
      <TableScroll>
        <Table aria-label={label} className="table article-table">
          <TableHeader>
            <Column className="col col--thumb">{t('articles.colImage')}</Column>
            <Column isRowHeader className="col">
              {t('articles.colName')}
            </Column>
            <Column className="col">{t('articles.colNumber')}</Column>
            <Column className="col">{t('articles.colIso')}</Column>
            <Column className="col">{t('articles.colSupplier')}</Column>
            <Column className="col">{t('articles.colCharging')}</Column>
            <Column className="col num">{t('articles.colPrice')}</Column>
            <Column className="col">{t('common.status')}</Column>
          </TableHeader>
          <TableBody items={items} renderEmptyState={() => (loading ? <Loading /> : <p className="empty">{t('articles.empty')}</p>)}>
            {(a) => (
              <Row id={a.id} className="row">
                <Cell className="cell cell--thumb">
                  {a.thumbnailUrl ? (
                    <img className="article-thumb" src={a.thumbnailUrl} alt={t('articles.imageOf', { name: a.name })} width={56} height={56} loading="lazy" />
                  ) : (
                    <span className="article-thumb article-thumb--none">{t('articles.noImage')}</span>
                  )}
                </Cell>
                <Cell className="cell">
                  <Link className="link" href={articleHref(a.id)}>
                    {a.name}
                  </Link>
                  <span className="block small muted">{articleTypeLabel(i18n, a.articleType)}</span>
                </Cell>
                <Cell className="cell mono nowrap">{a.articleNumber}</Cell>
                <Cell className="cell mono nowrap">{a.isoCode ?? ''}</Cell>
                <Cell className="cell">{a.supplierName ?? ''}</Cell>
                <Cell className="cell">{chargingFormLabel(t, a.chargingForm)}</Cell>
                <Cell className="cell num nowrap">
                  {a.customerPrice ? formatPrice(a.customerPrice) : <span className="muted">{t('articles.noPrice')}</span>}
                </Cell>
                <Cell className="cell">
                  <span className="badge-list">
                    {a.inAssortment ? <Badge tone="ok">{t('articles.inAssortment')}</Badge> : null}
                    {a.orderable ? <Badge tone="info">{t('articles.orderable')}</Badge> : null}
                    {showPublished && !a.published ? <Badge tone="warn">{t('articles.unpublished')}</Badge> : null}
                  </span>
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {more && !loading ? (
        <div className="button-row">
          <Btn onPress={loadMore} isPending={loadingMore}>
            {t('common.showMore')}
          </Btn>
        </div>
      ) : null}
    </div>
  );
}
