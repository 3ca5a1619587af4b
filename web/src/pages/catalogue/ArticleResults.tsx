import { useEffect, useRef, useState } from 'react';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { api, isApiError, type ArticleSearchItem, type ArticleSearchQuery } from '../../api.ts';
import { Badge, Btn, ErrorAlert, LiveStatus, Loading, TableScroll } from '../../components/ui.tsx';
import { serverDetail } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { articleHref, articleTypeLabel, chargingFormLabel, formatPrice } from './catalogue-format.ts';

/**
 * The articles matching a query, as a table with 'Visa fler' paging. The caller debounces what the user
 * types; here every new query aborts the request still running for the previous one, and the number of
 * matches is announced politely.
 */
export function ArticleResults({ query, label, showPublished }: { query: ArticleSearchQuery; label: string; showPublished?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<ArticleSearchItem[]>([]);
  const [total, setTotal] = useState<{ n: number; estimate: boolean } | null>(null);
  const [next, setNext] = useState<{ offset: number | null; cursor: string | null }>({ offset: null, cursor: null });
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const request = useRef(0);
  const key = JSON.stringify(query);

  useEffect(() => {
    const ac = new AbortController();
    const n = ++request.current;
    setLoading(true);
    setError(null);
    api.catalogue.search({ ...query, limit: 20 }, ac.signal).then(
      (r) => {
        if (n !== request.current) return;
        setItems(r.items);
        setTotal({ n: r.total, estimate: r.totalIsEstimate });
        setNext({ offset: r.nextOffset, cursor: r.nextCursor });
        setLoading(false);
      },
      (e: unknown) => {
        if (n !== request.current || ac.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ac.abort();
  }, [key]);

  async function loadMore() {
    const n = request.current;
    setLoadingMore(true);
    try {
      const r = await api.catalogue.search({ ...query, limit: 20, offset: next.offset ?? undefined, cursor: next.cursor ?? undefined });
      if (n !== request.current) return;
      setItems((prev) => [...prev, ...r.items.filter((x) => !prev.some((p) => p.id === x.id))]);
      setNext({ offset: r.nextOffset, cursor: r.nextCursor });
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  const more = next.offset !== null || next.cursor !== null;
  let status = t('common.loading');
  if (!loading && total) {
    status =
      total.n === 0
        ? t('articles.countNone')
        : t(total.estimate ? 'articles.countEstimate' : total.n === 1 ? 'articles.countOne' : 'articles.count', { count: total.n.toLocaleString('sv-SE'), shown: items.length });
  }

  return (
    <div className="article-results">
      <ErrorAlert error={error} message={isApiError(error) && error.code === 'VALIDATION' ? (serverDetail(i18n, error) ?? undefined) : undefined} />
      <LiveStatus>{status}</LiveStatus>
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
                <Cell className="cell num nowrap">{a.customerPrice ? formatPrice(a.customerPrice) : <span className="muted">{t('articles.noPrice')}</span>}</Cell>
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
          <Btn onPress={() => void loadMore()} isPending={loadingMore}>
            {t('common.showMore')}
          </Btn>
        </div>
      ) : null}
    </div>
  );
}
