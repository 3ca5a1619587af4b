import { useState } from 'react';
import { $api } from '../../api/client.ts';
import type { ArticleSearchQuery } from '../../api/types.ts';
import { CheckboxInput, SearchInput, SelectInput } from '../../components/fields.tsx';
import { ButtonLink, Page, useDebounced } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ARTICLE_EDITORS, CENTRE } from '../../nav.ts';
import { useSession } from '../../session.tsx';
import { ArticleResults } from './ArticleResults.tsx';
import { isoTitle } from './catalogue-format.ts';

type Published = 'all' | 'true' | 'false';

/** Artikelregister: search as you type with filters; without a query or filter, the assortment. */
export function ArticleSearchPage() {
  const { t, locale } = useI18n();
  const { hasRole } = useSession();
  const centre = hasRole(...CENTRE);
  const editor = hasRole(...ARTICLE_EDITORS);
  const [q, setQ] = useState('');
  const [isoClass, setIsoClass] = useState<string>('all');
  const [isoSub, setIsoSub] = useState<string>('all');
  const [type, setType] = useState<string>('all');
  const [inAssortment, setInAssortment] = useState(false);
  const [orderable, setOrderable] = useState(false);
  const [published, setPublished] = useState<Published>('all');
  const debouncedQ = useDebounced(q.trim(), 200);

  const classes = $api.useQuery('get', '/api/catalogue/iso');
  const subclasses = $api.useQuery('get', '/api/catalogue/iso', { params: { query: { parent: isoClass } } }, { enabled: isoClass !== 'all' });

  const iso = isoSub !== 'all' ? isoSub : isoClass !== 'all' ? isoClass : undefined;
  const filtered = !!iso || type !== 'all' || inAssortment || orderable || published !== 'all';
  const browsing = !debouncedQ && !filtered;
  const query: ArticleSearchQuery = {
    ...(debouncedQ ? { q: debouncedQ } : {}),
    ...(iso ? { iso } : {}),
    ...(type !== 'all' ? { type } : {}),
    ...(inAssortment || browsing ? { inAssortment: 'true' as const } : {}),
    ...(orderable ? { orderable: 'true' as const } : {}),
    ...(centre && published !== 'all' ? { published } : {}),
  };

  const classOptions = [
    { id: 'all', label: t('articles.allIso') },
    ...(classes.data ?? []).map((c) => ({ id: c.code, label: `${c.code} ${isoTitle(locale, c)}` })),
  ];
  const subOptions = [
    { id: 'all', label: t('articles.allIsoSub') },
    ...(subclasses.data ?? []).map((c) => ({ id: c.code, label: `${c.code} ${isoTitle(locale, c)}` })),
  ];
  const typeOptions = [
    { id: 'all', label: t('articles.allTypes') },
    { id: 'H', label: t('articleType.H') },
    { id: 'T', label: t('articleType.T') },
    { id: 'R', label: t('articleType.R') },
  ];
  const publishedOptions: { id: Published; label: string }[] = [
    { id: 'all', label: t('common.all') },
    { id: 'true', label: t('articles.publishedOnly') },
    { id: 'false', label: t('articles.unpublishedOnly') },
  ];

  return (
    <Page
      title={t('articles.title')}
      intro={t('articles.intro')}
      actions={
        <>
          <ButtonLink href="/artiklar/iso">{t('articles.browseIso')}</ButtonLink>
          {editor ? (
            <ButtonLink href="/artiklar/ny" variant="primary">
              {t('articles.new')}
            </ButtonLink>
          ) : null}
        </>
      }
    >
      <div className="card" role="search" aria-label={t('articles.filters')}>
        <SearchInput label={t('articles.search')} name="q" value={q} onChange={setQ} description={t('articles.searchHelp')} />
        <div className="filters">
          <SelectInput
            label={t('articles.isoClass')}
            name="isoClass"
            value={isoClass}
            onChange={(v) => {
              setIsoClass(v ?? 'all');
              setIsoSub('all');
            }}
            options={classOptions}
          />
          <SelectInput
            label={t('articles.isoSubclass')}
            name="isoSub"
            value={isoSub}
            onChange={(v) => setIsoSub(v ?? 'all')}
            options={subOptions}
            isDisabled={isoClass === 'all'}
          />
          <SelectInput label={t('articles.type')} name="type" value={type} onChange={(v) => setType(v ?? 'all')} options={typeOptions} />
          {centre ? (
            <SelectInput
              label={t('articles.published')}
              name="published"
              value={published}
              onChange={(v) => setPublished(v ?? 'all')}
              options={publishedOptions}
            />
          ) : null}
        </div>
        <div className="checkbox-row">
          <CheckboxInput isSelected={inAssortment} onChange={setInAssortment} name="inAssortment">
            {t('articles.onlyInAssortment')}
          </CheckboxInput>
          <CheckboxInput isSelected={orderable} onChange={setOrderable} name="orderable">
            {t('articles.onlyOrderable')}
          </CheckboxInput>
        </div>
      </div>
      <section className="article-results-section" aria-labelledby="results-heading">
        <h2 id="results-heading" className="section-title">
          {browsing ? t('articles.assortmentHeading') : t('articles.resultsHeading')}
        </h2>
        {browsing ? <p className="help-text">{t('articles.browseHint')}</p> : null}
        <ArticleResults query={query} label={browsing ? t('articles.assortmentHeading') : t('articles.resultsHeading')} showPublished={centre} />
      </section>
    </Page>
  );
}
