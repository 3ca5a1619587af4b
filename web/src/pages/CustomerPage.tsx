import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { issuesByField } from '../api/errors.ts';
import { $api, dataOf, fetchClient, isApiError } from '../api/client.ts';
import { BUFFER_STORE_SIZES, type BufferStoreSize, type CareProvider, type Customer, type CustomerInput, type DeliveryArea } from '../api/types.ts';
import { CheckboxInput, RadioGroupInput, SelectInput, TextInput } from '../components/fields.tsx';
import { Btn, ErrorAlert, Loading, Page, Section, setFlash, SuccessMessage, useFlash } from '../components/ui.tsx';
import { weekdayLabel } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.ts';
import { validators } from '../validation.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

let keySeq = 0;
const newKey = () => `new-${++keySeq}`;

interface AddressDraft {
  key: string;
  id?: string;
  label: string;
  street: string;
  postalCode: string;
  city: string;
  isDefault: boolean;
}
interface StoreDraft {
  key: string;
  id?: string;
  name: string;
  size: BufferStoreSize;
  active: boolean;
}
interface Draft {
  careProviderId: string | null;
  customerNumber: string;
  name: string;
  payer: string;
  costCentre: string;
  deliveryAreaId: string | null;
  urgentFeeExempt: boolean;
  active: boolean;
  addresses: AddressDraft[];
  bufferStores: StoreDraft[];
}

function fromCustomer(c: Customer): Draft {
  return {
    careProviderId: c.careProviderId,
    customerNumber: c.customerNumber,
    name: c.name,
    payer: c.payer,
    costCentre: c.costCentre,
    deliveryAreaId: c.deliveryAreaId,
    urgentFeeExempt: c.urgentFeeExempt,
    active: c.active,
    addresses: c.addresses.map((a) => ({ ...a, key: a.id })),
    bufferStores: c.bufferStores.map((s) => ({ ...s, key: s.id })),
  };
}

const emptyDraft = (): Draft => ({
  careProviderId: null,
  customerNumber: '',
  name: '',
  payer: '',
  costCentre: '',
  deliveryAreaId: null,
  urgentFeeExempt: false,
  active: true,
  addresses: [],
  bufferStores: [],
});

function toInput(d: Draft): CustomerInput {
  return {
    careProviderId: d.careProviderId ?? '',
    customerNumber: d.customerNumber.trim(),
    name: d.name.trim(),
    payer: d.payer.trim(),
    costCentre: d.costCentre.trim(),
    deliveryAreaId: d.deliveryAreaId ?? '',
    urgentFeeExempt: d.urgentFeeExempt,
    active: d.active,
    addresses: d.addresses.map(({ key: _k, ...a }) => ({
      ...a,
      label: a.label.trim(),
      street: a.street.trim(),
      postalCode: a.postalCode.trim(),
      city: a.city.trim(),
    })),
    bufferStores: d.bufferStores.map(({ key: _k, ...s }) => ({ ...s, name: s.name.trim() })),
  };
}

export function CustomerPage({ id }: { id: string | null }) {
  const { t } = useI18n();
  const customerQuery = $api.queryOptions('get', '/api/customers/{id}', { params: { path: { id: id ?? '' } } }, { enabled: !!id });
  const customer = $api.useQuery('get', '/api/customers/{id}', { params: { path: { id: id ?? '' } } }, { enabled: !!id });
  const providers = $api.useQuery('get', '/api/care-providers');
  const areas = $api.useQuery('get', '/api/delivery-areas');
  const queryClient = useQueryClient();
  const [flash, setFlashMsg] = useFlash();

  if (isApiError(customer.error) && (customer.error.code === 'NOT_FOUND' || customer.error.code === 'VALIDATION')) {
    return <NotFoundPage message={t('customer.notFound')} />;
  }
  const c = customer.data;
  const title = id ? (c ? `${c.customerNumber} ${c.name}` : t('common.loading')) : t('customer.newTitle');
  const ready = providers.data && areas.data && (id ? customer.isSuccess : true);
  return (
    <Page title={title} breadcrumbs={[{ href: '/admin/kunder', label: t('customers.title') }, { label: title }]}>
      {flash ? <SuccessMessage>{flash}</SuccessMessage> : null}
      <ErrorAlert error={customer.error ?? providers.error ?? areas.error} />
      {ready ? (
        <CustomerForm
          key={c?.id ?? 'new'}
          customer={c ?? null}
          providers={providers.data ?? []}
          areas={areas.data ?? []}
          onSaved={(nc) => (queryClient.setQueryData(customerQuery.queryKey, nc), setFlashMsg(null))}
        />
      ) : (
        <Loading />
      )}
    </Page>
  );
}

function CustomerForm({
  customer,
  providers,
  areas,
  onSaved,
}: {
  customer: Customer | null;
  providers: CareProvider[];
  areas: DeliveryArea[];
  onSaved: (c: Customer) => void;
}) {
  const { t, collator } = useI18n();
  const v = validators(t);
  const [d, setD] = useState<Draft>(() => (customer ? fromCustomer(customer) : emptyDraft()));
  const [saved, setSaved] = useState(false);
  const set = <K extends keyof Draft>(k: K, val: Draft[K]) => {
    setD((x) => ({ ...x, [k]: val }));
    setSaved(false);
  };
  const setAddress = (key: string, patch: Partial<AddressDraft>) =>
    set(
      'addresses',
      d.addresses.map((a) => (a.key === key ? { ...a, ...patch } : a)),
    );
  const setStore = (key: string, patch: Partial<StoreDraft>) =>
    set(
      'bufferStores',
      d.bufferStores.map((s) => (s.key === key ? { ...s, ...patch } : s)),
    );

  const providerOptions = [...providers].sort((a, b) => collator.compare(a.name, b.name)).map((p) => ({ id: p.id, label: p.name }));
  const areaOptions = [...areas]
    .sort((a, b) => collator.compare(a.name, b.name))
    .map((a) => ({ id: a.id, label: t('customers.areaWithDay', { name: a.name, weekday: weekdayLabel(t, a.weekday) }) }));
  const sizeOptions = BUFFER_STORE_SIZES.map((s) => ({ id: s, label: t(`bufferSize.${s}`) }));
  const defaultKey = d.addresses.find((a) => a.isDefault)?.key ?? null;
  const save = useMutation({
    onMutate: () => setSaved(false),
    mutationFn: async () => {
      if (!customer) {
        const created = await fetchClient.POST('/api/customers', { body: toInput(d) }).then(dataOf);
        setFlash(t('customer.created'));
        navigate(`/admin/kunder/${created.id}`, { replace: true });
        return;
      }
      const updated = await fetchClient.PUT('/api/customers/{id}', { params: { path: { id: customer.id } }, body: toInput(d) }).then(dataOf);
      setD(fromCustomer(updated));
      onSaved(updated);
      setSaved(true);
    },
  });
  const error = save.error;
  const pending = save.isPending;
  const fieldErrors = issuesByField(error);
  const submit = () => save.mutate();

  const shownFields = [
    'careProviderId',
    'customerNumber',
    'name',
    'payer',
    'costCentre',
    'deliveryAreaId',
    ...d.addresses.flatMap((_, i) => ['label', 'street', 'postalCode', 'city'].map((f) => `addresses.${i}.${f}`)),
    ...d.bufferStores.flatMap((_, i) => ['name', 'size'].map((f) => `bufferStores.${i}.${f}`)),
  ];

  return (
    <Form
      className="form"
      validationErrors={fieldErrors}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="help-text">{t('common.requiredNote')}</p>
      <ErrorAlert error={error} shownFields={shownFields} />
      <Section title={t('customer.basics')} id="basics">
        <div className="field-row">
          <SelectInput
            label={t('field.careProvider')}
            name="careProviderId"
            value={d.careProviderId}
            onChange={(x) => set('careProviderId', x)}
            options={providerOptions}
            isRequired
          />
          <TextInput
            label={t('field.customerNumber')}
            name="customerNumber"
            value={d.customerNumber}
            onChange={(x) => set('customerNumber', x)}
            isRequired
            validate={v.customerNumber}
            maxLength={20}
            spellCheck={false}
          />
        </div>
        <TextInput label={t('field.name')} name="name" value={d.name} onChange={(x) => set('name', x)} isRequired validate={v.required} maxLength={200} />
        <div className="field-row">
          <TextInput label={t('field.payer')} name="payer" value={d.payer} onChange={(x) => set('payer', x)} isRequired validate={v.required} maxLength={200} />
          <TextInput
            label={t('field.costCentre')}
            name="costCentre"
            value={d.costCentre}
            onChange={(x) => set('costCentre', x)}
            isRequired
            validate={v.required}
            maxLength={50}
          />
        </div>
        <SelectInput
          label={t('field.deliveryArea')}
          name="deliveryAreaId"
          value={d.deliveryAreaId}
          onChange={(x) => set('deliveryAreaId', x)}
          options={areaOptions}
          isRequired
        />
        <div className="checkbox-row">
          <CheckboxInput isSelected={d.urgentFeeExempt} onChange={(x) => set('urgentFeeExempt', x)} name="urgentFeeExempt">
            {t('field.urgentFeeExempt')}
          </CheckboxInput>
          <CheckboxInput isSelected={d.active} onChange={(x) => set('active', x)} name="active">
            {t('field.active')}
          </CheckboxInput>
        </div>
      </Section>

      <Section title={t('customer.addresses')} id="addresses">
        {fieldErrors.addresses ? (
          <p className="field-error" role="alert">
            {fieldErrors.addresses}
          </p>
        ) : null}
        {d.addresses.length === 0 ? <p className="empty">{t('customer.noAddresses')}</p> : null}
        {d.addresses.map((a, i) => (
          <fieldset key={a.key} className="fieldset repeat">
            <legend className="fieldset-legend">{t('customer.address', { n: i + 1 })}</legend>
            <div className="field-row">
              <TextInput
                label={t('field.label')}
                name={`addresses.${i}.label`}
                value={a.label}
                onChange={(x) => setAddress(a.key, { label: x })}
                isRequired
                validate={v.required}
                maxLength={100}
              />
              <TextInput
                label={t('field.street')}
                name={`addresses.${i}.street`}
                value={a.street}
                onChange={(x) => setAddress(a.key, { street: x })}
                isRequired
                validate={v.required}
                maxLength={200}
                autoComplete="off"
              />
            </div>
            <div className="field-row">
              <TextInput
                label={t('field.postalCode')}
                name={`addresses.${i}.postalCode`}
                value={a.postalCode}
                onChange={(x) => setAddress(a.key, { postalCode: x })}
                isRequired
                validate={v.postalCode}
                description={t('customer.postalCodeHelp')}
                inputMode="numeric"
                maxLength={6}
                autoComplete="off"
              />
              <TextInput
                label={t('field.city')}
                name={`addresses.${i}.city`}
                value={a.city}
                onChange={(x) => setAddress(a.key, { city: x })}
                isRequired
                validate={v.required}
                maxLength={100}
                autoComplete="off"
              />
            </div>
            <div className="button-row">
              <Btn
                variant="quiet"
                className="button--small"
                onPress={() => {
                  const rest = d.addresses.filter((x) => x.key !== a.key);
                  if (rest.length && !rest.some((x) => x.isDefault)) rest[0] = { ...rest[0]!, isDefault: true };
                  set('addresses', rest);
                }}
              >
                {t('customer.removeAddress', { n: i + 1 })}
              </Btn>
            </div>
          </fieldset>
        ))}
        {d.addresses.length > 1 ? (
          <RadioGroupInput
            label={t('customer.defaultAddress')}
            name="defaultAddress"
            value={defaultKey}
            onChange={(key) =>
              set(
                'addresses',
                d.addresses.map((a) => ({ ...a, isDefault: a.key === key })),
              )
            }
            options={d.addresses.map((a, i) => ({ id: a.key, label: a.label.trim() || t('customer.address', { n: i + 1 }) }))}
          />
        ) : null}
        <div className="button-row">
          <Btn
            onPress={() =>
              set('addresses', [...d.addresses, { key: newKey(), label: '', street: '', postalCode: '', city: '', isDefault: d.addresses.length === 0 }])
            }
          >
            {t('customer.addAddress')}
          </Btn>
        </div>
      </Section>

      <Section title={t('customer.bufferStores')} id="buffer-stores">
        {d.bufferStores.length === 0 ? <p className="empty">{t('customer.noBufferStores')}</p> : null}
        {d.bufferStores.map((s, i) => (
          <fieldset key={s.key} className="fieldset repeat">
            <legend className="fieldset-legend">{t('customer.bufferStore', { n: i + 1 })}</legend>
            <div className="field-row">
              <TextInput
                label={t('field.name')}
                name={`bufferStores.${i}.name`}
                value={s.name}
                onChange={(x) => setStore(s.key, { name: x })}
                isRequired
                validate={v.required}
                maxLength={100}
              />
              <SelectInput
                label={t('field.size')}
                name={`bufferStores.${i}.size`}
                value={s.size}
                onChange={(x) => setStore(s.key, { size: x ?? 'small' })}
                options={sizeOptions}
                isRequired
              />
            </div>
            <div className="repeat-footer">
              <CheckboxInput isSelected={s.active} onChange={(x) => setStore(s.key, { active: x })}>
                {t('field.active')}
              </CheckboxInput>
              <Btn
                variant="quiet"
                className="button--small"
                onPress={() =>
                  set(
                    'bufferStores',
                    d.bufferStores.filter((x) => x.key !== s.key),
                  )
                }
              >
                {t('customer.removeBufferStore', { n: i + 1 })}
              </Btn>
            </div>
          </fieldset>
        ))}
        <div className="button-row">
          <Btn onPress={() => set('bufferStores', [...d.bufferStores, { key: newKey(), name: '', size: 'small', active: true }])}>
            {t('customer.addBufferStore')}
          </Btn>
        </div>
      </Section>

      <div className="form-footer">
        <Btn type="submit" variant="primary" isPending={pending}>
          {customer ? t('common.save') : t('customer.create')}
        </Btn>
        {saved ? <SuccessMessage>{t('customer.saved')}</SuccessMessage> : null}
      </div>
    </Form>
  );
}
