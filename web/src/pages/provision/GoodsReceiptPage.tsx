import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { Btn, ErrorAlert, errorMessage, Page, Section, SuccessMessage } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { refusalText, todayIso } from './provision-format.ts';

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
  const warehouses = $api.useQuery('get', '/api/provision/warehouses');
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const [articleQuery, setArticleQuery] = useState('');
  // The article number looked up. Only the latest look-up counts: the answer is the query's for this text,
  // so an earlier answer arriving late never chooses another article.
  const [sought, setSought] = useState('');
  const found = $api.useQuery('get', '/api/catalogue/articles/search', { params: { query: { q: sought, limit: 5 } } }, { enabled: !!sought });
  const items = sought ? found.data?.items : undefined;
  const article = items ? (items.find((a) => a.articleNumber.toLowerCase() === sought.toLowerCase()) ?? (items.length === 1 ? items[0]! : null)) : null;
  const lookupError = !sought ? null : found.error ? errorMessage(i18n, found.error) : items && !article ? t('hmc.articleNotFound', { q: sought }) : null;
  const [rows, setRows] = useState<Draft[]>([blank(todayIso())]);
  const chosenWarehouse = warehouseId ?? warehouses.data?.[0]?.id ?? null;
  const receive = useMutation({
    mutationFn: (v: { warehouseId: string; articleId: string; rows: Draft[] }) =>
      fetchClient
        .POST('/api/provision/units/receipts', {
          body: {
            warehouseId: v.warehouseId,
            articleId: v.articleId,
            units: v.rows.map((d) => ({
              serialNumber: d.serialNumber.trim() || null,
              purchaseDate: d.purchaseDate,
              purchaseCost: Number(d.purchaseCost.replace(',', '.').replace(/\s/g, '')),
            })),
          },
        })
        .then(dataOf),
    onSuccess: (_, v) => setRows([blank(v.rows[0]!.purchaseDate, v.rows[0]!.purchaseCost)]),
  });
  const error = receive.error;
  const received = receive.data?.units ?? null;

  function lookUp() {
    const q = articleQuery.trim();
    if (q && q === sought) void found.refetch();
    setSought(q);
  }

  function submit() {
    if (!article || !chosenWarehouse) return;
    receive.mutate({ warehouseId: chosenWarehouse, articleId: article.id, rows });
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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one object per error: the rows as they were sent
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
            lookUp();
          }}
        >
          <TextInput
            label={t('hmc.articleNumber')}
            name="articleQuery"
            value={articleQuery}
            onChange={setArticleQuery}
            description={t('hmc.articleNumberHelp')}
            isRequired
            spellCheck={false}
          />
          {lookupError ? (
            <p className="field-error" role="alert">
              {lookupError}
            </p>
          ) : null}
          <div className="button-row">
            <Btn type="submit">{t('hmc.findArticle')}</Btn>
          </div>
          {article ? <p role="status">{t('hmc.articleChosen', { name: article.name, number: article.articleNumber })}</p> : null}
        </Form>
      </Section>
      {article ? (
        <Section title={t('hmc.receiptUnits')} id="receipt-units">
          <Form
            className="form"
            validationErrors={fieldErrors}
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <ErrorAlert
              error={error}
              message={refusalText(i18n, error)}
              shownFields={rows.flatMap((_, i) => [`units.${i}.serialNumber`, `units.${i}.purchaseDate`, `units.${i}.purchaseCost`])}
            />
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
                  <TextInput
                    label={t('hmc.serialNumber')}
                    name={`serialNumber-${r.key}`}
                    value={r.serialNumber}
                    onChange={(v) => set(r.key, { serialNumber: v })}
                    maxLength={80}
                    spellCheck={false}
                  />
                  <TextInput
                    label={t('hmc.purchaseDate')}
                    name={`purchaseDate-${r.key}`}
                    type="date"
                    value={r.purchaseDate}
                    onChange={(v) => set(r.key, { purchaseDate: v })}
                    isRequired
                  />
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
              <Btn type="submit" variant="primary" isPending={receive.isPending} isDisabled={!chosenWarehouse}>
                {t('hmc.receive', { count: rows.length })}
              </Btn>
            </div>
          </Form>
        </Section>
      ) : null}
    </Page>
  );
}
