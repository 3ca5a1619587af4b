import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { $api } from '../../api/client.ts';
import type { Article, ArticleRef } from '../../api/types.ts';
import { TextInput } from '../../components/fields.tsx';
import { Btn, LiveStatus } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { QuantityField } from './ArticlePicker.tsx';
import { normalizeLines, type CartLine } from './draft-form.ts';

/** The articles of the main devices in the cart (type, and the published accessories that fit them). */
function useMainArticles(ids: readonly string[]): Map<string, Article> {
  // An article that cannot be read just offers no accessories.
  const found = useQueries({
    queries: [...new Set(ids)]
      .sort()
      .map((id) => ({ ...$api.queryOptions('get', '/api/catalogue/articles/{id}', { params: { path: { id } } }), throwOnError: false })),
  });
  const articles = new Map<string, Article>();
  for (const q of found) if (q.data) articles.set(q.data.id, q.data);
  return articles;
}

/**
 * The cart: one row per line with its quantity (and, for a buffer withdrawal, the unit taken), accessories
 * under their main device. For every main device the accessories that fit it (from the article register) are
 * offered, and one press adds them linked to that line.
 */
export function Cart({ lines, onChange, withUnit }: { lines: CartLine[]; onChange: (lines: CartLine[]) => void; withUnit?: boolean }) {
  const { t } = useI18n();
  const [announce, setAnnounce] = useState('');
  const mains = lines.filter((l) => !l.accessoryFor);
  const articles = useMainArticles(mains.flatMap((l) => (l.articleId ? [l.articleId] : [])));

  const update = (key: string, patch: Partial<CartLine>) => onChange(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const remove = (line: CartLine) => {
    const gone = lines.filter((l) => l.key === line.key || l.accessoryFor === line.key);
    onChange(lines.filter((l) => !gone.includes(l)));
    setAnnounce(t('cart.removed', { name: line.articleName ?? '', count: gone.length - 1 }));
  };
  const addAccessory = (main: CartLine, a: ArticleRef) => {
    const at = lines.findLastIndex((l) => l.key === main.key || l.accessoryFor === main.key) + 1;
    const line: CartLine = {
      key: `acc-${main.key}-${a.id}`,
      articleId: a.id,
      articleNumber: a.articleNumber,
      articleName: a.name,
      quantity: 1,
      unitNumber: '',
      accessoryFor: main.key,
    };
    onChange([...lines.slice(0, at), line, ...lines.slice(at)]);
    setAnnounce(t('cart.accessoryAdded', { name: a.name, main: main.articleName ?? '' }));
  };

  const row = (l: CartLine, n: number) => {
    const main = l.accessoryFor ? lines.find((x) => x.key === l.accessoryFor) : null;
    return (
      <li key={l.key} className={`cart-line ${main ? 'cart-line--accessory' : ''}`}>
        <div className="cart-line-text">
          <span className="cart-line-number">{t('cart.lineN', { n })}</span>
          <strong>{l.articleName ?? l.unitNumber}</strong> <span className="mono muted small">{l.articleNumber}</span>
          {main ? <span className="block small muted">{t('cart.accessoryFor', { name: main.articleName ?? '' })}</span> : null}
        </div>
        <div className="cart-line-fields">
          <QuantityField label={t('cart.quantityFor')} itemName={l.articleName ?? ''} value={l.quantity} onChange={(q) => update(l.key, { quantity: q })} />
          {withUnit ? (
            <TextInput
              label={t('cart.unitFor', { name: l.articleName ?? '' })}
              name={`unit-${l.key}`}
              value={l.unitNumber}
              onChange={(v) => update(l.key, { unitNumber: v })}
              description={t('cart.unitHelp')}
              maxLength={40}
              spellCheck={false}
            />
          ) : null}
          <Btn
            variant="quiet"
            className="button--small cart-remove"
            onPress={() => remove(l)}
            aria-label={t('cart.removeNamed', { name: l.articleName ?? '' })}
          >
            {t('common.remove')}
          </Btn>
        </div>
      </li>
    );
  };

  // Accessories right after their main device; the numbers are the line numbers the order will have.
  const all = normalizeLines(lines);

  return (
    <div className="cart">
      <LiveStatus className="visually-hidden">{announce}</LiveStatus>
      {all.length ? (
        <ol className="cart-lines" aria-label={t('cart.title')}>
          {all.map((l, i) => row(l, i + 1))}
        </ol>
      ) : (
        <p className="empty">{t('cart.empty')}</p>
      )}
      {mains.map((m) => {
        const a = m.articleId ? articles.get(m.articleId) : undefined;
        if (!a || a.articleType !== 'H') return null;
        const fitting = a.parts.filter(
          (p) => p.articleType === 'T' && p.published && p.orderable && !lines.some((l) => l.accessoryFor === m.key && l.articleId === p.id),
        );
        if (!fitting.length) return null;
        return (
          <section key={m.key} className="suggestions" aria-labelledby={`sugg-${m.key}`}>
            <h3 className="subheading" id={`sugg-${m.key}`}>
              {t('cart.suggestions', { name: m.articleName ?? '' })}
            </h3>
            <ul className="pick-list">
              {fitting.map((p) => (
                <li key={p.id} className="pick-item">
                  <span className="pick-text">
                    <span className="pick-name">{p.name}</span> <span className="mono muted small">{p.articleNumber}</span>
                  </span>
                  <Btn
                    className="button--small"
                    onPress={() => addAccessory(m, p)}
                    aria-label={t('cart.addAccessoryNamed', { name: p.name, main: m.articleName ?? '' })}
                  >
                    {t('cart.addAccessory')}
                  </Btn>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
