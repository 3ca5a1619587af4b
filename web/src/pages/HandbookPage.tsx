import { useEffect, useMemo } from 'react';
import { Link } from 'react-aria-components';
import { $api } from '../api/client.ts';
import { ErrorAlert, Loading } from '../components/ui.tsx';
import { Markdown } from '../handbook/Markdown.tsx';
import { parseMarkdown } from '../handbook/markdown.ts';
import { useI18n } from '../i18n/index.tsx';

/** Scrolls to the heading the address names (#anchor) and moves focus there, as a jump within a page does. */
function jumpToHash() {
  let id: string;
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return;
  }
  const target = id ? document.getElementById(id) : null;
  if (!target) return;
  target.scrollIntoView();
  target.focus({ preventScroll: true });
}

/**
 * A page of the user handbook (docs/handbok, issue 19 item 4), opened from a page's "Hjälp" link at its section.
 * The handbook is written in Swedish only: with the English interface its text is marked lang="sv" and a note
 * says so.
 */
export function HandbookPage({ doc }: { doc: string }) {
  const { t, locale } = useI18n();
  const q = $api.useQuery('get', '/api/handbook/{doc}', { params: { path: { doc } } }, { retry: false });
  const blocks = useMemo(() => (q.data ? parseMarkdown(q.data.markdown) : null), [q.data]);
  const title = blocks?.find((b) => b.kind === 'heading' && b.level === 1);

  useEffect(() => {
    document.title = `${title?.kind === 'heading' ? title.text : t('handbook.title')} – ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (!blocks) return;
    if (location.hash) jumpToHash();
    else document.querySelector<HTMLElement>('.handbook h1')?.focus({ preventScroll: true });
    window.addEventListener('hashchange', jumpToHash);
    return () => window.removeEventListener('hashchange', jumpToHash);
  }, [blocks]);

  return (
    <div className="page handbook">
      <nav aria-label={t('handbook.title')} className="handbook-nav">
        <Link className="link" href="/handbok/index">
          {t('handbook.index')}
        </Link>
      </nav>
      {locale === 'sv' ? null : <p className="handbook-language">{t('handbook.inSwedish')}</p>}
      {q.isPending ? <Loading /> : null}
      {q.error ? (
        <>
          <h1 className="page-title">{t('handbook.title')}</h1>
          <ErrorAlert error={q.error} message={t('handbook.notFound')} />
        </>
      ) : null}
      {blocks ? (
        <article lang="sv" className="handbook-text">
          <Markdown blocks={blocks} doc={doc} imageMissing={(name) => t('handbook.imageMissing', { name })} />
        </article>
      ) : null}
    </div>
  );
}
