import { useMemo, useRef, useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { api, issuesByField, type ArticleSearchItem } from '../../api.ts';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { Btn, ErrorAlert, errorMessage, Page, Section, SuccessMessage, useLoad } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { refusalText, todayIso } from './provision-format.ts';
import { provisionApi, type UnitSummary } from './provision-api.ts';

interface Draft {
  key: number;
  serialNumber: string;
  purchaseDate: string;
  purchaseCost: string;
}

let nextKey = 1;
const blank = (purchaseDate: string, purchaseCost = ''): Draft => ({ key: nextKey++, serialNumber: '', purchaseDate, purchaseCost });

/** Goods receipt (inleverans): new units of a unit-tracked article into a warehouse; each gets its unit number. */
export function GoodsReceiptPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const warehouses = useLoad((s) => provisionApi.warehouses(s), []);
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const [articleQuery, setArticleQuery] = useState('');
  const [article, setArticle] = useState<ArticleSearchItem | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [rows, setRows] = useState<Draft[]>([blank(todayIso())]);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [received, setReceived] = useState<UnitSummary[] | null>(null);
  const lookups = useRef(0);
  const chosenWarehouse = warehouseId ?? warehouses.data?.[0]?.id ?? null;

  async function lookUp() {
    setLookupError(null);
    setArticle(null);
    const q = articleQuery.trim();
    if (!q) return;
    // Only the latest look-up counts: an earlier answer arriving late must not choose another article.
    const n = ++lookups.current;
    try {
      const r = await api.catalogue.search({ q, limit: 5 });
      if (n !== lookups.current) return;
      const exact = r.items.find((a) => a.articleNumber.toLowerCase() === q.toLowerCase()) ?? (r.items.length === 1 ? r.items[0]! : null);
      if (!exact) setLookupError(t('hmc.articleNotFound', { q }));
      else setArticle(exact);
    } catch (e) {
      if (n === lookups.current) setLookupError(errorMessage(i18n, e));
    }
  }

  async function submit() {
    if (!article || !chosenWarehouse) return;
    setPending(true);
    setError(null);
    setReceived(null);
    try {
      const r = await provisionApi.receiveUnits({
        warehouseId: chosenWarehouse,
        articleId: article.id,
        units: rows.map((d) => ({ serialNumber: d.serialNumber.trim() || null, purchaseDate: d.purchaseDate, purchaseCost: Number(d.purchaseCost.replace(',', '.').replace(/\s/g, '')) })),
      });
      setReceived(r.units);
      setRows([blank(rows[0]!.purchaseDate, rows[0]!.purchaseCost)]);
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  }

  const set = (key: number, patch: Partial<Draft>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  // One object per error (see issuesByField); the server's row numbers are those of the rows it was sent.
  const fieldErrors = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(issuesByField(error)).map(([k, v]) => {
          const m = /^units\.(\d+)\.(\w+)$/.exec(k);
          return [m ? `${m[2]}-${rows[Number(m[1])]?.key}` : k, v];
        }),
      ),
    [error],
  );

  return (
    <Page title={t('hmc.receiptTitle')} intro={t('hmc.receiptIntro')}>
      {received ? (
        <SuccessMessage>
          {t('hmc.receiptDone', { count: received.length })}{' '}
          {received.map((u, i) => (
            <span key={u.id}>
              {i ? ', ' : ''}
              <Link className="link" href={`/hmc/individer/${u.id}`}>
                {u.unitNumber}
              </Link>
            </span>
          ))}
        </SuccessMessage>
      ) : null}
      <Section title={t('hmc.receiptArticle')} id="receipt-article">
        <Form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void lookUp();
          }}
        >
          <TextInput label={t('hmc.articleNumber')} name="articleQuery" value={articleQuery} onChange={setArticleQuery} description={t('hmc.articleNumberHelp')} isRequired spellCheck={false} />
          {lookupError ? (
            <p className="field-error" role="alert">
              {lookupError}
            </p>
          ) : null}
          <div className="button-row">
            <Btn type="submit">{t('hmc.findArticle')}</Btn>
          </div>
          {article ? (
            <p role="status">
              {t('hmc.articleChosen', { name: article.name, number: article.articleNumber })}
            </p>
          ) : null}
        </Form>
      </Section>
      {article ? (
        <Section title={t('hmc.receiptUnits')} id="receipt-units">
          <Form
            className="form"
            validationErrors={fieldErrors}
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <ErrorAlert error={error} message={refusalText(i18n, error)} shownFields={rows.flatMap((_, i) => [`units.${i}.serialNumber`, `units.${i}.purchaseDate`, `units.${i}.purchaseCost`])} />
            {warehouses.error ? <ErrorAlert error={warehouses.error} /> : null}
            <SelectInput
              label={t('hmc.warehouse')}
              name="warehouseId"
              value={chosenWarehouse}
              onChange={setWarehouseId}
              isRequired
              options={(warehouses.data ?? []).map((w) => ({ id: w.id, label: w.name }))}
            />
            {rows.map((r, i) => (
              <fieldset key={r.key} className="fieldset">
                <legend className="fieldset-legend">{t('hmc.unitN', { n: i + 1 })}</legend>
                <div className="field-row">
                  <TextInput label={t('hmc.serialNumber')} name={`serialNumber-${r.key}`} value={r.serialNumber} onChange={(v) => set(r.key, { serialNumber: v })} maxLength={80} spellCheck={false} />
                  <TextInput label={t('hmc.purchaseDate')} name={`purchaseDate-${r.key}`} type="date" value={r.purchaseDate} onChange={(v) => set(r.key, { purchaseDate: v })} isRequired />
                  <TextInput
                    label={t('hmc.purchaseCost')}
                    name={`purchaseCost-${r.key}`}
                    value={r.purchaseCost}
                    onChange={(v) => set(r.key, { purchaseCost: v })}
                    inputMode="numeric"
                    isRequired
                    validate={(v) => (/^\d[\d\s]*([.,]\d{1,2})?$/.test(v.trim()) ? null : t('hmc.costInvalid'))}
                  />
                </div>
                {rows.length > 1 ? (
                  <Btn className="button--small" onPress={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                    {t('hmc.removeUnitN', { n: i + 1 })}
                  </Btn>
                ) : null}
              </fieldset>
            ))}
            <div className="button-row">
              <Btn onPress={() => setRows((rs) => [...rs, blank(rs.at(-1)!.purchaseDate, rs.at(-1)!.purchaseCost)])}>{t('hmc.addUnit')}</Btn>
              {/* The warehouse defaults to the first one once the list is in; until then there is nothing to send. */}
              <Btn type="submit" variant="primary" isPending={pending} isDisabled={!chosenWarehouse}>
                {t('hmc.receive', { count: rows.length })}
              </Btn>
            </div>
          </Form>
        </Section>
      ) : null}
    </Page>
  );
}
