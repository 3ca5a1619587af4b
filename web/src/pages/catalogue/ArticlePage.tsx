import { useState, type ReactNode } from 'react';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { useQueryClient } from '@tanstack/react-query';
import { $api, isApiError } from '../../api/client.ts';
import type { Article, ArticleRef, Price } from '../../api/types.ts';
import { Badge, Btn, ButtonLink, ErrorAlert, Loading, Page, Section, SuccessMessage, TableScroll, useFlash } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ARTICLE_EDITORS, CENTRE, PATIENT_ROLES } from '../../nav.ts';
import { useSession } from '../../session.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import {
  articleHref,
  articleTypeLabel,
  chargingFormLabel,
  formatBytes,
  formatPrice,
  isoHref,
  isoTitle,
  mediaKindLabel,
  stockFormLabel,
} from './catalogue-format.ts';
import { PriceDialog } from './PriceDialog.tsx';
import { AreaNews } from '../quality/AreaNews.tsx';
import { FavouriteToggle, useFavourites } from '../orders/Favourites.tsx';
import { OrderForPatient } from '../orders/OrderForPatient.tsx';

/**
 * An article (none for a new one); 404 (or a malformed id) becomes the not-found page. `setData` puts a
 * saved article's answer in place; `refresh` invalidates it and settles when the fresh one is in.
 */
export function useArticle(id: string | null) {
  const init = { params: { path: { id: id ?? '' } } };
  const query = $api.useQuery('get', '/api/catalogue/articles/{id}', init, { enabled: !!id });
  const queryClient = useQueryClient();
  const { queryKey } = $api.queryOptions('get', '/api/catalogue/articles/{id}', init);
  return {
    data: query.data,
    error: query.error,
    setData: (a: Article) => queryClient.setQueryData(queryKey, a),
    refresh: () => queryClient.invalidateQueries({ queryKey }),
  };
}

export const articleMissing = (error: unknown) => isApiError(error) && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION');

export function ArticleFlags({ a, centre }: { a: Article; centre: boolean }) {
  const { t } = useI18n();
  return (
    <p className="badge-list">
      {a.inAssortment ? <Badge tone="ok">{t('articles.inAssortment')}</Badge> : <Badge tone="muted">{t('articles.notInAssortment')}</Badge>}
      {a.orderable ? <Badge tone="info">{t('articles.orderable')}</Badge> : <Badge tone="muted">{t('articles.notOrderable')}</Badge>}
      {centre ? a.published ? <Badge tone="ok">{t('articles.publishedBadge')}</Badge> : <Badge tone="warn">{t('articles.unpublished')}</Badge> : null}
      {a.removedAt ? <Badge tone="warn">{t('articles.removed')}</Badge> : null}
    </p>
  );
}

function RefList({ items, empty }: { items: ArticleRef[]; empty: string }) {
  const i18n = useI18n();
  if (!items.length) return <p className="empty">{empty}</p>;
  return (
    <ul className="plain-list ref-list">
      {items.map((r) => (
        <li key={r.id}>
          <Link className="link" href={articleHref(r.id)}>
            {r.name}
          </Link>{' '}
          <span className="muted small">
            <span className="mono">{r.articleNumber}</span> · {articleTypeLabel(i18n, r.articleType)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function PriceHistory({ prices }: { prices: Price[] }) {
  const { t, formatDate } = useI18n();
  return (
    <TableScroll>
      <Table aria-label={t('price.history')} className="table table--dense">
        <TableHeader>
          <Column isRowHeader className="col">
            {t('price.kind')}
          </Column>
          <Column className="col num">{t('price.amount')}</Column>
          <Column className="col">{t('price.validFrom')}</Column>
          <Column className="col">{t('price.validTo')}</Column>
        </TableHeader>
        <TableBody items={prices} renderEmptyState={() => <p className="empty">{t('price.none')}</p>}>
          {(p) => (
            <Row id={p.id} className="row">
              <Cell className="cell">{t(p.kind === 'agreed' ? 'priceKind.agreed' : 'priceKind.general')}</Cell>
              <Cell className="cell num nowrap">{formatPrice(p.amount)}</Cell>
              <Cell className="cell nowrap">{formatDate(p.validFrom)}</Cell>
              <Cell className="cell nowrap">{p.validTo ? formatDate(p.validTo) : t('price.untilFurther')}</Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </TableScroll>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** /artiklar/:id: everything about one article, for everyone who may see it. */
export function ArticlePage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { hasRole } = useSession();
  const centre = hasRole(...CENTRE);
  const editor = hasRole(...ARTICLE_EDITORS);
  // Finance adds general price versions too (the customers' rent and sale price, issue 12); agreed prices are the assortment role's.
  const priceEditor = editor || hasRole('finance');
  // The ordering side orders from here (issue 16 item 6): to a patient, or keeps it among the favourites.
  const orders = hasRole(...PATIENT_ROLES);
  const favourites = useFavourites(orders);
  const article = useArticle(id);
  // Sizes only; without them the list still shows.
  const media = $api.useQuery('get', '/api/catalogue/articles/{id}/media', { params: { path: { id } } }, { throwOnError: false });
  const [flash, setFlashMsg] = useFlash();
  const [priceOpen, setPriceOpen] = useState(false);

  if (articleMissing(article.error)) return <NotFoundPage message={t('article.notFound')} />;
  const a = article.data;
  const title = a ? a.name : t('common.loading');
  const images = a?.media.filter((m) => m.kind === 'image') ?? [];
  const documents = a?.media.filter((m) => m.kind !== 'image') ?? [];
  const size = (mediaId: string) => media.data?.find((m) => m.id === mediaId)?.bytes;
  const notSet = <span className="muted">{t('common.notSet')}</span>;
  const months = (n: number | null) => (n == null ? notSet : t('article.months', { count: n }));

  return (
    <Page
      title={title}
      breadcrumbs={[{ href: '/artiklar', label: t('articles.title') }, { label: title }]}
      actions={
        a ? (
          <>
            {orders && a.orderable && a.published && !a.removedAt ? <OrderForPatient article={a} /> : null}
            {orders ? <FavouriteToggle favourites={favourites} articleId={a.id} name={a.name} withText /> : null}
            {centre ? <ButtonLink href={`/artiklar/${a.id}/historik`}>{t('article.history')}</ButtonLink> : null}
            {editor ? (
              <ButtonLink href={`/artiklar/${a.id}/redigera`} variant="primary">
                {t('article.edit')}
              </ButtonLink>
            ) : null}
          </>
        ) : undefined
      }
    >
      {flash ? <SuccessMessage>{flash}</SuccessMessage> : null}
      <ErrorAlert error={article.error} />
      {!a ? (
        <Loading />
      ) : (
        <>
          <p className="article-meta">
            <span className="mono">{a.articleNumber}</span> · {articleTypeLabel(i18n, a.articleType)}
          </p>
          <ArticleFlags a={a} centre={centre} />
          {a.description ? <p className="article-description">{a.description}</p> : null}
          {a.isoCode ? <AreaNews isoCode={a.isoCode} /> : null}
          <div className="two-col">
            <div className="stack">
              <Section title={t('article.price')} id="price">
                <dl className="details">
                  <Detail term={t('article.customerPrice')}>
                    {a.customerPrice ? (
                      <>
                        <strong className="price">{formatPrice(a.customerPrice.amount)}</strong>{' '}
                        <span className="muted small">{t('article.perUnit', { unit: a.unit })}</span>
                      </>
                    ) : (
                      <span className="muted">{t('articles.noPrice')}</span>
                    )}
                  </Detail>
                  {centre ? (
                    <Detail term={t('article.agreedPrice')}>
                      {a.agreedPrice ? formatPrice(a.agreedPrice.amount) : <span className="muted">{t('articles.noPrice')}</span>}
                    </Detail>
                  ) : null}
                </dl>
                {centre && a.priceHistory ? (
                  <>
                    <h3 className="subheading">{t('price.history')}</h3>
                    <PriceHistory prices={a.priceHistory} />
                  </>
                ) : null}
                {priceEditor ? (
                  <div className="button-row">
                    <Btn onPress={() => (setFlashMsg(null), setPriceOpen(true))}>{t('price.addVersion')}</Btn>
                  </div>
                ) : null}
              </Section>
              <Section title={t('article.documents')} id="documents">
                {documents.length ? (
                  <ul className="plain-list doc-list">
                    {documents.map((m) => {
                      const bytes = size(m.id);
                      return (
                        <li key={m.id}>
                          <a className="link" href={m.url} target="_blank" rel="noopener">
                            {m.title ?? mediaKindLabel(t, m.kind)}
                            <span className="visually-hidden"> {t('common.newWindow')}</span>
                          </a>{' '}
                          <span className="muted small">
                            ({mediaKindLabel(t, m.kind)}, {m.contentType === 'application/pdf' ? 'PDF' : m.contentType}
                            {bytes !== undefined ? `, ${formatBytes(bytes)}` : ''})
                          </span>
                        </li>
                      );
                    })}
                  </ul>
                ) : (
                  <p className="empty">{t('article.noDocuments')}</p>
                )}
              </Section>
            </div>
            <div className="stack">
              <Section title={t('article.images')} id="images">
                {images.length ? (
                  <ul className="gallery">
                    {images.map((m, i) => (
                      <li key={m.id}>
                        {/* A plain link: the full image is a file, not a page of the app. */}
                        <a className="gallery-link" href={m.url} target="_blank" rel="noopener">
                          <img
                            src={m.thumbnailUrl ?? m.url}
                            alt={m.title ?? t('article.imageN', { name: a.name, n: i + 1 })}
                            width={160}
                            height={160}
                            loading="lazy"
                          />
                          <span className="gallery-caption">
                            {t('article.openImage')}
                            <span className="visually-hidden"> {t('common.newWindow')}</span>
                          </span>
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="empty">{t('article.noImages')}</p>
                )}
              </Section>
            </div>
          </div>
          <Section title={t('article.productData')} id="product-data">
            <dl className="details">
              <Detail term={t('article.type')}>{articleTypeLabel(i18n, a.articleType)}</Detail>
              <Detail term={t('article.iso')}>
                {a.iso ? (
                  <Link className="link" href={isoHref(a.iso.code)}>
                    <span className="mono">{a.iso.code}</span> {isoTitle(locale, a.iso)}
                  </Link>
                ) : a.isoCode ? (
                  <span className="mono">{a.isoCode}</span>
                ) : (
                  notSet
                )}
              </Detail>
              {a.product ? (
                <Detail term={t('article.product')}>
                  {a.product.name} <span className="mono muted small">{a.product.productNumber}</span>
                </Detail>
              ) : null}
              <Detail term={t('article.supplier')}>{a.supplier ? a.supplier.name : notSet}</Detail>
              <Detail term={t('article.supplierArticleNumber')}>
                {a.supplierArticleNumber ? <span className="mono">{a.supplierArticleNumber}</span> : notSet}
              </Detail>
              <Detail term={t('article.gtin')}>{a.gtin ? <span className="mono">{a.gtin}</span> : notSet}</Detail>
              <Detail term={t('article.chargingForm')}>{chargingFormLabel(t, a.chargingForm)}</Detail>
              <Detail term={t('article.stockForm')}>{stockFormLabel(t, a.stockForm)}</Detail>
              <Detail term={t('article.unitTracked')}>
                {a.unitTracked ? (a.serialRequired ? t('article.unitTrackedSerial') : t('common.yes')) : t('common.no')}
              </Detail>
              <Detail term={t('article.inspectionInterval')}>{months(a.inspectionIntervalMonths)}</Detail>
              <Detail term={t('article.maintenanceInterval')}>{months(a.maintenanceIntervalMonths)}</Detail>
              <Detail term={t('article.depreciation')}>{a.depreciationYears ? t('article.years', { count: a.depreciationYears }) : notSet}</Detail>
              <Detail term={t('article.unit')}>{a.unit}</Detail>
              <Detail term={t('article.source')}>{t(`articleSource.${a.source}`)}</Detail>
            </dl>
          </Section>
          <div className="two-col">
            <Section title={t('article.parts')} id="parts">
              <RefList items={a.parts} empty={t('article.noParts')} />
            </Section>
            <Section title={t('article.fits')} id="fits">
              <RefList items={a.fits} empty={t('article.noFits')} />
            </Section>
          </div>
          {priceEditor ? (
            <PriceDialog
              article={a}
              generalOnly={!editor}
              isOpen={priceOpen}
              onOpenChange={setPriceOpen}
              onSaved={(na) => {
                article.setData(na);
                setPriceOpen(false);
                setFlashMsg(t('price.added'));
              }}
            />
          ) : null}
        </>
      )}
    </Page>
  );
}
