import { Link } from 'react-aria-components';
import { useQuery } from '@tanstack/react-query';
import { $api, dataOf, fetchClient, isApiError } from '../../api/client.ts';
import type { IsoChild } from '../../api/types.ts';
import { ErrorAlert, Loading, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { CENTRE } from '../../nav.ts';
import { useSession } from '../../session.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { ArticleResults } from './ArticleResults.tsx';
import { isoHref, isoTitle } from './catalogue-format.ts';
import { AreaNews } from '../quality/AreaNews.tsx';

/**
 * The number of articles under each child. The children list has no counts (see the report to the lead),
 * so each node is asked for its own, all at once.
 */
function useChildCounts(children: IsoChild[] | undefined) {
  const codes = (children ?? []).map((c) => c.code);
  return useQuery({
    queryKey: ['iso-child-counts', codes],
    queryFn: async ({ signal }) => {
      const counts = await Promise.all(
        codes.map((code) =>
          fetchClient.GET('/api/catalogue/iso/{code}', { params: { path: { code } }, signal }).then((r) => [code, dataOf(r).articleCount] as const),
        ),
      );
      return new Map(counts);
    },
  });
}

function IsoChildren({ items, heading }: { items: IsoChild[]; heading: string }) {
  const { t, locale } = useI18n();
  const counts = useChildCounts(items);
  return (
    <section className="card" aria-labelledby="iso-children-heading">
      <h2 className="card-title" id="iso-children-heading">
        {heading}
      </h2>
      {items.length === 0 ? (
        <p className="empty">{t('iso.noChildren')}</p>
      ) : (
        <ul className="iso-list">
          {items.map((c) => {
            const n = counts.data?.get(c.code);
            return (
              <li key={c.code} className="iso-item">
                <Link className="link iso-link" href={isoHref(c.code)}>
                  <span className="mono iso-code">{c.code}</span> <span>{isoTitle(locale, c)}</span>
                </Link>
                <span className="iso-count">{n === undefined ? '' : t('iso.count', { count: n })}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** /artiklar/iso: the classes of ISO 9999. */
export function IsoRootPage() {
  const { t } = useI18n();
  const classes = $api.useQuery('get', '/api/catalogue/iso');
  return (
    <Page title={t('iso.title')} intro={t('iso.intro')} breadcrumbs={[{ href: '/artiklar', label: t('articles.title') }, { label: t('iso.title') }]}>
      <ErrorAlert error={classes.error} />
      {classes.data ? <IsoChildren items={classes.data} heading={t('iso.classes')} /> : <Loading />}
    </Page>
  );
}

/** /artiklar/iso/:code: a class, subclass or division with what lies under it and its articles. */
export function IsoNodePage({ code }: { code: string }) {
  const { t, locale } = useI18n();
  const { hasRole } = useSession();
  const node = $api.useQuery('get', '/api/catalogue/iso/{code}', { params: { path: { code } } });
  const children = $api.useQuery('get', '/api/catalogue/iso', { params: { query: { parent: code } } });

  if (isApiError(node.error) && (node.error.code === 'NOT_FOUND' || node.error.code === 'VALIDATION')) {
    return <NotFoundPage message={t('iso.notFound')} />;
  }
  const n = node.data;
  const title = n ? `${n.code} ${isoTitle(locale, n)}` : t('common.loading');
  const crumbs = [
    { href: '/artiklar', label: t('articles.title') },
    { href: '/artiklar/iso', label: t('iso.title') },
    ...(n?.path ?? []).map((p) =>
      p.code === n?.code ? { label: `${p.code} ${isoTitle(locale, p)}` } : { href: isoHref(p.code), label: `${p.code} ${isoTitle(locale, p)}` },
    ),
  ];
  const levelHeading = n?.level === 1 ? t('iso.subclasses') : t('iso.divisions');
  return (
    <Page title={title} breadcrumbs={crumbs} intro={n ? t('iso.articleCount', { count: n.articleCount }) : undefined}>
      <ErrorAlert error={node.error ?? children.error} />
      {!n || !children.data ? (
        <Loading />
      ) : (
        <>
          <AreaNews isoCode={n.code} />
          {children.data.length ? <IsoChildren items={children.data} heading={levelHeading} /> : null}
          <section className="article-results-section" aria-labelledby="iso-articles-heading">
            <h2 id="iso-articles-heading" className="section-title">
              {t('iso.articles', { code: n.code })}
            </h2>
            <ArticleResults key={n.code} query={{ iso: n.code }} label={t('iso.articles', { code: n.code })} showPublished={hasRole(...CENTRE)} />
          </section>
        </>
      )}
    </Page>
  );
}
