import { $api } from '../../api/client.ts';
import { Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { NewsItem } from '../StartPage.tsx';

/** Operational news about a product area, on its article pages: news for the code, its subclass or its class (issue 14 item 6). */
export function AreaNews({ isoCode }: { isoCode: string }) {
  const { t } = useI18n();
  // Secondary to the page: a failure leaves the article page as it is.
  const news = $api.useQuery('get', '/api/news', { params: { query: { isoCode } } }, { throwOnError: false });
  if (!news.data?.length) return null;
  return (
    <Section title={t('quality.news.forArea')} id="area-news">
      <div className="news-list">
        {news.data.map((n) => (
          <NewsItem key={n.id} item={n} />
        ))}
      </div>
    </Section>
  );
}
