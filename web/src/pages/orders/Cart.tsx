import { useQueries } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { $api } from '../../api/client.ts';
import type { Article, ArticleRef, CartEstimateLine } from '../../api/types.ts';
import { TextInput } from '../../components/fields.tsx';
import { Badge, Btn, LiveStatus } from '../../components/ui.tsx';
import { useI18n, type I18n } from '../../i18n/index.tsx';
import { kronor } from '../billing/billing-format.ts';
import { QuantityField } from './ArticlePicker.tsx';
import { normalizeLines, type CartLine } from './draft-form.ts';
import type { CartFacts } from './useCartEstimate.ts';

/** The articles of the main devices in the cart (type, and the published accessories that fit them). */
export function useMainArticles(ids: readonly string[]): Map<string, Article> {
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

/** "450,00 kr/mån" or "165,00 kr"; with a quantity over one, "2 × 165,00 kr = 330,00 kr". */
function priceText(i18n: Pick<I18n, 't' | 'locale'>, f: CartEstimateLine): string | null {
  if (f.unitPrice === null || f.amount === null) return null;
  const rent = f.chargingForm === 'rent';
  const each = rent ? i18n.t('cart.perMonth', { amount: kronor(i18n.locale, Number(f.unitPrice)) }) : kronor(i18n.locale, Number(f.unitPrice));
  if (f.quantity === 1) return each;
  const total = rent ? i18n.t('cart.perMonth', { amount: kronor(i18n.locale, Number(f.amount)) }) : kronor(i18n.locale, Number(f.amount));
  return `${f.quantity} × ${each} = ${total}`;
}

function StockBadge({ f }: { f: CartEstimateLine }) {
  const { t } = useI18n();
  if (f.stock === 'inStock') return <Badge tone="ok">{t('cart.stock.inStock')}</Badge>;
  if (f.stock === 'notInStock')
    return <Badge tone="warn">{f.available ? t('cart.stock.notEnough', { count: f.available }) : t('cart.stock.notInStock')}</Badge>;
  if (f.stock === 'orderItem') return <Badge tone="info">{t('cart.stock.orderItem')}</Badge>;
  return null;
}

/** Where focus goes after a change that takes away the control that had it. */
type FocusTarget = { line: string } | 'empty' | 'split' | null;

/**
 * The cart: one row per line with its quantity (and, for a buffer withdrawal, the unit taken), accessories
 * under their main device, each with its price, whether it is in stock and when it would come (issue 16
 * item 5), and the totals under them. When some lines alone move the order's delivery date, the cart says so
 * and offers to send them as an order of their own. For every main device the accessories that fit it (from
 * the article register) are offered, and one press adds them linked to that line; focus goes to the new line.
 */
export function Cart({
  lines,
  onChange,
  withUnit,
  facts,
}: {
  lines: CartLine[];
  onChange: (lines: CartLine[]) => void;
  withUnit?: boolean;
  /** Prices, stock and dates (customer orders; a buffer withdrawal shows prices only). */
  facts?: CartFacts | null;
}) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [announce, setAnnounce] = useState('');
  const mains = lines.filter((l) => !l.accessoryFor);
  const articles = useMainArticles(mains.flatMap((l) => (l.articleId ? [l.articleId] : [])));
  const list = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<FocusTarget>(null);

  // After the lines change, focus what the change asked for (the control pressed is gone: WCAG 2.4.3).
  useEffect(() => {
    if (!focus) return;
    const root = list.current;
    const el =
      focus === 'empty'
        ? root?.querySelector<HTMLElement>('[data-cart-empty]')
        : focus === 'split'
          ? root?.querySelector<HTMLElement>('[data-cart-delivery]')
          : root?.querySelector<HTMLElement>(`[data-line-key="${CSS.escape(focus.line)}"]`);
    if (el) {
      el.focus();
      setFocus(null);
    }
  }, [focus, lines]);

  const update = (key: string, patch: Partial<CartLine>) => onChange(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const remove = (line: CartLine) => {
    const gone = lines.filter((l) => l.key === line.key || l.accessoryFor === line.key);
    const ordered = normalizeLines(lines);
    const at = ordered.findIndex((l) => l.key === line.key);
    const left = ordered.filter((l) => !gone.includes(l));
    const next = ordered.slice(at).find((l) => !gone.includes(l)) ?? left.at(-1);
    onChange(lines.filter((l) => !gone.includes(l)));
    setAnnounce(t('cart.removed', { name: line.articleName ?? '', count: gone.length - 1 }));
    setFocus(next ? { line: next.key } : 'empty');
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
      separateOrder: !!main.separateOrder,
    };
    onChange([...lines.slice(0, at), line, ...lines.slice(at)]);
    setAnnounce(t('cart.accessoryAdded', { name: a.name, main: main.articleName ?? '' }));
    setFocus({ line: line.key });
  };
  /** Sends lines (with the accessories of a main device among them) as their own order, or back with the rest. */
  const setSeparate = (keys: readonly string[], separate: boolean) => {
    const chosen = new Set(keys);
    for (const l of lines) if (l.accessoryFor && chosen.has(l.accessoryFor)) chosen.add(l.key);
    onChange(lines.map((l) => (chosen.has(l.key) ? { ...l, separateOrder: separate } : l)));
    setFocus('split');
  };

  const names = (keys: readonly string[]) => {
    const n = keys.map((k) => lines.find((l) => l.key === k)?.articleName ?? '').filter(Boolean);
    return new Intl.ListFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { style: 'long', type: 'conjunction' }).format(n);
  };

  const row = (l: CartLine, n: number) => {
    const main = l.accessoryFor ? lines.find((x) => x.key === l.accessoryFor) : null;
    const f = facts?.line(l.key) ?? null;
    const price = f ? priceText(i18n, f) : null;
    const nameId = `cart-line-${n}`;
    return (
      <li
        key={l.key}
        className={`cart-line ${main ? 'cart-line--accessory' : ''} ${l.separateOrder ? 'cart-line--separate' : ''}`}
        tabIndex={-1}
        data-line-key={l.key}
        aria-labelledby={nameId}
      >
        <div className="cart-line-text">
          <span className="cart-line-number">{t('cart.lineN', { n })}</span>
          <strong id={nameId}>{l.articleName ?? l.unitNumber}</strong> <span className="mono muted small">{l.articleNumber}</span>
          {main ? <span className="block small muted">{t('cart.accessoryFor', { name: main.articleName ?? '' })}</span> : null}
          {f ? (
            <span className="cart-line-facts small">
              <span className="block">
                {price ?? <span className="muted">{t('cart.noPrice')}</span>}
                {f.chargingForm ? <span className="muted"> · {t(`cart.charging.${f.chargingForm}`)}</span> : null}
              </span>
              <span className="block">
                <StockBadge f={f} />
                {f.expectedDate ? <span className="nowrap"> {t('cart.lineExpected', { date: f.expectedDate })}</span> : null}
              </span>
            </span>
          ) : null}
          {l.separateOrder ? (
            <span className="block">
              <Badge tone="info">{t('cart.separateBadge')}</Badge>
            </span>
          ) : null}
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
  const e = facts?.estimate ?? null;
  const separateKeys = all.filter((l) => l.separateOrder).map((l) => l.key);
  const split = separateKeys.length > 0 && separateKeys.length < all.length;

  return (
    <div className="cart" ref={list}>
      <LiveStatus className="visually-hidden">{announce}</LiveStatus>
      {all.length ? (
        <ol className="cart-lines" aria-label={t('cart.title')}>
          {all.map((l, i) => row(l, i + 1))}
        </ol>
      ) : (
        <p className="empty" tabIndex={-1} data-cart-empty>
          {t('cart.empty')}
        </p>
      )}
      {all.length && facts ? (
        <section className="cart-summary" aria-labelledby="cart-summary-title" aria-busy={facts.stale}>
          <h3 className="subheading" id="cart-summary-title">
            {t('cart.summary')}
          </h3>
          {e ? (
            <dl className="details">
              {/* Only the kinds of cost the cart has: a cart of purchases has no rent to show. */}
              {e.lines.some((l) => l.chargingForm === 'rent') ? (
                <>
                  <dt>{t('cart.totalRent')}</dt>
                  <dd>{t('cart.perMonth', { amount: kronor(locale, Number(e.totals.rentPerMonth)) })}</dd>
                </>
              ) : null}
              {e.lines.some((l) => l.chargingForm && l.chargingForm !== 'rent') ? (
                <>
                  <dt>{t('cart.totalOneOff')}</dt>
                  <dd>{kronor(locale, Number(e.totals.oneOff))}</dd>
                </>
              ) : null}
              {e.expectedDate ? (
                <>
                  <dt>{split ? t('cart.expectedTogether') : t('cart.expected')}</dt>
                  <dd>{e.expectedDate}</dd>
                </>
              ) : null}
              {split && e.separateExpectedDate ? (
                <>
                  <dt>{t('cart.expectedSeparate')}</dt>
                  <dd>{e.separateExpectedDate}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
          {e && e.totals.withoutPrice > 0 ? <p className="help-text">{t('cart.withoutPrice', { count: e.totals.withoutPrice })}</p> : null}
          {e && !e.centreAnswered ? <p className="help-text">{t('cart.centreSilent')}</p> : null}
          {facts.error ? <p className="help-text">{t('cart.estimateFailed')}</p> : null}
          <div className="cart-delivery" tabIndex={-1} data-cart-delivery role="status">
            {e?.delay && facts.delayKeys.length ? (
              <div className="notice notice--warn">
                <p>
                  <strong>{t('cart.delayMoves', { from: e.delay.from, to: e.delay.to, names: names(facts.delayKeys) })}</strong>
                </p>
                <p>{split ? t('cart.delayHelpMore') : t('cart.delayHelp')}</p>
              </div>
            ) : null}
            {split ? (
              <div className="notice notice--info">
                <p>
                  {e?.separateExpectedDate && e.expectedDate
                    ? t('cart.splitChosen', { names: names(separateKeys), date: e.separateExpectedDate, rest: e.expectedDate })
                    : t('cart.splitChosenUndated', { names: names(separateKeys) })}
                </p>
              </div>
            ) : null}
          </div>
          {e?.delay && facts.delayKeys.length ? (
            <div className="button-row">
              <Btn onPress={() => setSeparate(facts.delayKeys, true)}>{t('cart.splitNamed', { names: names(facts.delayKeys) })}</Btn>
            </div>
          ) : null}
          {separateKeys.length ? (
            <div className="button-row">
              <Btn variant="quiet" onPress={() => setSeparate(separateKeys, false)}>
                {t('cart.unsplit')}
              </Btn>
            </div>
          ) : null}
        </section>
      ) : null}
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
