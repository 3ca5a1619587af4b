import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { dataOf, fetchClient } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import type { Article, PriceKind } from '../../api/types.ts';
import { RadioGroupInput, TextInput } from '../../components/fields.tsx';
import { AppModal, Btn, ErrorAlert } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** '1 234,50' or '1234.5' → 1234.5; null when it is not an amount. */
export function parseAmount(s: string): number | null {
  const v = s
    .replace(/[\s\u00a0]/g, '')
    .replace(/kr$/i, '')
    .replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return null;
  return Number(v);
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The assortment role adds a price version; the open version of the same kind is closed the day before. */
export function PriceDialog({
  article,
  isOpen,
  onOpenChange,
  onSaved,
  generalOnly,
}: {
  article: Article;
  /** Only general price versions (finance): the agreed price is the assortment role's. */
  generalOnly?: boolean;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (a: Article) => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<PriceKind>('general');
  const [amount, setAmount] = useState('');
  const [validFrom, setValidFrom] = useState(today);
  const [validTo, setValidTo] = useState('');
  const adding = useMutation({
    mutationFn: (n: number) =>
      fetchClient
        .POST('/api/catalogue/articles/{id}/prices', { params: { path: { id: article.id } }, body: { kind, amount: n, validFrom, validTo: validTo || null } })
        .then(dataOf),
    onSuccess: (a) => {
      setAmount('');
      setValidTo('');
      onSaved(a);
    },
  });
  const error = adding.error;
  const pending = adding.isPending;

  function submit() {
    const n = parseAmount(amount);
    if (n === null) return;
    adding.mutate(n);
  }

  return (
    <AppModal isOpen={isOpen} onOpenChange={onOpenChange} title={t('price.dialogTitle', { name: article.name })}>
      <Form
        className="form"
        validationErrors={issuesByField(error)}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <p className="help-text">{t('price.help')}</p>
        <ErrorAlert error={error} shownFields={['kind', 'amount', 'validFrom', 'validTo']} />
        <RadioGroupInput
          label={t('price.kind')}
          name="kind"
          value={kind}
          onChange={setKind}
          orientation="horizontal"
          options={[{ id: 'general', label: t('priceKind.general') }, ...(generalOnly ? [] : [{ id: 'agreed' as const, label: t('priceKind.agreed') }])]}
        />
        <TextInput
          label={t('price.amount')}
          name="amount"
          value={amount}
          onChange={setAmount}
          isRequired
          autoFocus
          description={t('price.amountHelp')}
          validate={(v) => (!v.trim() ? t('validation.required') : parseAmount(v) === null ? t('validation.amount') : null)}
          maxLength={20}
        />
        <div className="field-row">
          <TextInput label={t('price.validFrom')} name="validFrom" type="date" value={validFrom} onChange={setValidFrom} isRequired />
          <TextInput
            label={t('price.validTo')}
            name="validTo"
            type="date"
            value={validTo}
            onChange={setValidTo}
            description={t('price.validToHelp')}
            validate={(v) => (v && v < validFrom ? t('validation.dateOrder') : null)}
          />
        </div>
        <div className="button-row">
          <Btn type="submit" variant="primary" isPending={pending}>
            {t('price.add')}
          </Btn>
          <Btn onPress={() => onOpenChange(false)}>{t('common.cancel')}</Btn>
        </div>
      </Form>
    </AppModal>
  );
}
