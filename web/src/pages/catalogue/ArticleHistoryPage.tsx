import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api } from '../../api/client.ts';
import type { ArticleHistoryEntry } from '../../api/types.ts';
import { ErrorAlert, Loading, Page, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { articleMissing, useArticle } from './ArticlePage.tsx';
import { professionLabel } from '../../format.ts';
import type { ChargingForm, StockForm } from '../../api/types.ts';
import { articleHref, articleTypeLabel, chargingFormLabel, stockFormLabel } from './catalogue-format.ts';

function show(v: unknown, empty: string): string {
  if (v === null || v === undefined || v === '') return empty;
  if (typeof v === 'boolean') return v ? '✓' : '–';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** /artiklar/:id/historik (centre roles): who changed what and when, field before → after. */
export function ArticleHistoryPage({ id }: { id: string }) {
  const { t, tMaybe, formatDateTime } = useI18n();
  const article = useArticle(id);
  const history = $api.useQuery('get', '/api/catalogue/articles/{id}/history', { params: { path: { id } } });
  if (articleMissing(article.error) || articleMissing(history.error)) return <NotFoundPage message={t('article.notFound')} />;
  const a = article.data;
  const title = a ? t('history.title', { name: a.name }) : t('common.loading');
  const yesNo = (v: unknown) => (typeof v === 'boolean' ? (v ? t('common.yes') : t('common.no')) : show(v, t('history.empty')));
  // Codes by their names, never the code itself (issue 16 item 11).
  const value = (field: string, v: unknown): string => {
    if (typeof v === 'string' && v) {
      if (field === 'chargingForm') return chargingFormLabel(t, v as ChargingForm);
      if (field === 'stockForm') return stockFormLabel(t, v as StockForm);
      if (field === 'articleType') return articleTypeLabel({ tMaybe }, v);
    }
    if (field === 'prescribedBy' && Array.isArray(v))
      return v.length ? v.map((p) => professionLabel({ tMaybe }, String(p))).join(', ') : t('history.anyProfession');
    return yesNo(v);
  };
  const describe = (e: ArticleHistoryEntry) => tMaybe(`history.action.${e.action}`) ?? e.action;
  return (
    <Page
      title={title}
      breadcrumbs={[
        { href: '/artiklar', label: t('articles.title') },
        ...(a ? [{ href: articleHref(a.id), label: a.name }] : []),
        { label: t('article.history') },
      ]}
    >
      <ErrorAlert error={article.error ?? history.error} />
      {!history.data ? (
        <Loading />
      ) : (
        <TableScroll>
          <Table aria-label={t('history.tableLabel')} className="table">
            <TableHeader>
              <Column isRowHeader className="col">
                {t('history.colAt')}
              </Column>
              <Column className="col">{t('history.colActor')}</Column>
              <Column className="col">{t('history.colAction')}</Column>
              <Column className="col">{t('history.colChanges')}</Column>
            </TableHeader>
            <TableBody items={history.data} renderEmptyState={() => <p className="empty">{t('history.none')}</p>}>
              {(e) => (
                <Row id={e.id} className="row">
                  <Cell className="cell nowrap">{formatDateTime(e.at)}</Cell>
                  <Cell className="cell mono">{e.actor}</Cell>
                  <Cell className="cell">{describe(e)}</Cell>
                  <Cell className="cell">
                    {e.changes.length ? (
                      <ul className="plain-list change-list">
                        {e.changes.map((c) => (
                          <li key={c.field}>
                            <span className="change-field">{tMaybe(`history.field.${c.field}`) ?? c.field}:</span>{' '}
                            <span className="change-from">{value(c.field, c.from)}</span> <span aria-hidden="true">→</span>
                            <span className="visually-hidden"> {t('history.to')} </span> <span className="change-to">{value(c.field, c.to)}</span>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">{e.details ? summary(e.details) : ''}</span>
                    )}
                  </Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </TableScroll>
      )}
    </Page>
  );
}

/** Details of an entry without field changes (creation, price, what it fits), briefly. */
function summary(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}
