import type { Customer, DeliveryKind, Order } from '../../api/types.ts';
import { RadioGroupInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { validators } from '../../validation.ts';
import type { DraftForm } from './draft-form.ts';

type Patch = (p: Partial<DraftForm>) => void;

/**
 * Where the order goes: the patient's address, another address, one of the customer's delivery points, or a
 * buffer store. A buffer withdrawal names the buffer store the unit was taken from; a pick-up, where to fetch.
 */
export function DeliveryFields({ form, patch, customer, order }: { form: DraftForm; patch: Patch; customer: Customer | undefined; order: Order }) {
  const { t } = useI18n();
  const v = validators(t);
  const stores = (customer?.bufferStores ?? []).filter((b) => b.active);
  const addresses = customer?.addresses ?? [];
  const withdrawal = order.orderType === 'bufferWithdrawal';
  const pickUp = order.orderType === 'pickUp';
  const kinds: { id: DeliveryKind; label: string }[] = withdrawal
    ? [{ id: 'bufferStore', label: t('delivery.bufferStore') }]
    : [
        ...(order.patient ? [{ id: 'patientAddress' as const, label: t('delivery.patientAddress') }] : []),
        ...(addresses.length ? [{ id: 'deliveryPoint' as const, label: t('delivery.deliveryPoint') }] : []),
        { id: 'otherAddress', label: t('delivery.otherAddress') },
        ...(stores.length && !pickUp ? [{ id: 'bufferStore' as const, label: t('delivery.bufferStore') }] : []),
      ];
  const kind = kinds.some((k) => k.id === form.deliveryKind) ? form.deliveryKind : null;
  const setAddress = (k: keyof DraftForm['address'], value: string) => patch({ address: { ...form.address, [k]: value } });

  return (
    <div className="stack">
      <RadioGroupInput
        label={withdrawal ? t('delivery.withdrawalLabel') : pickUp ? t('delivery.pickUpLabel') : t('delivery.label')}
        name="deliveryKind"
        value={kind}
        onChange={(k) => patch({ deliveryKind: k })}
        options={kinds}
        isRequired
        {...(order.patient?.protectedIdentity && !withdrawal ? { description: t('delivery.protectedHelp') } : {})}
      />
      {kind === 'deliveryPoint' ? (
        <SelectInput
          label={t('delivery.deliveryPointChoice')}
          name="deliveryAddressId"
          value={form.deliveryAddressId}
          onChange={(id) => patch({ deliveryAddressId: id })}
          isRequired
          options={addresses.map((a) => ({ id: a.id, label: `${a.label} – ${a.street}, ${a.postalCode} ${a.city}` }))}
        />
      ) : null}
      {kind === 'bufferStore' ? (
        <SelectInput
          label={t('delivery.bufferStoreChoice')}
          name="bufferStoreId"
          value={form.bufferStoreId}
          onChange={(id) => patch({ bufferStoreId: id })}
          isRequired
          options={stores.map((b) => ({ id: b.id, label: b.name }))}
        />
      ) : null}
      {withdrawal && !stores.length ? <p className="empty">{t('delivery.noBufferStores')}</p> : null}
      {kind === 'otherAddress' ? (
        <fieldset className="fieldset">
          <legend className="fieldset-legend">{t('delivery.otherAddress')}</legend>
          <TextInput
            label={t('delivery.careOf')}
            name="careOf"
            value={form.address.careOf}
            onChange={(x) => setAddress('careOf', x)}
            maxLength={100}
            autoComplete="off"
          />
          <TextInput
            label={t('field.street')}
            name="street"
            value={form.address.street}
            onChange={(x) => setAddress('street', x)}
            isRequired
            maxLength={200}
            autoComplete="off"
          />
          <div className="field-row">
            <TextInput
              label={t('field.postalCode')}
              name="postalCode"
              value={form.address.postalCode}
              onChange={(x) => setAddress('postalCode', x)}
              isRequired
              validate={v.postalCode}
              inputMode="numeric"
              maxLength={6}
              description={t('customer.postalCodeHelp')}
              autoComplete="off"
            />
            <TextInput
              label={t('field.city')}
              name="city"
              value={form.address.city}
              onChange={(x) => setAddress('city', x)}
              isRequired
              maxLength={100}
              autoComplete="off"
            />
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}

/** Who the centre calls about the delivery or the visit. */
export function ContactFields({ form, patch, required }: { form: DraftForm; patch: Patch; required: boolean }) {
  const { t } = useI18n();
  const v = validators(t);
  return (
    <div className="field-row">
      <TextInput
        label={t('order.contactName')}
        name="contactName"
        value={form.contactName}
        onChange={(x) => patch({ contactName: x })}
        isRequired={required}
        maxLength={200}
        autoComplete="name"
      />
      <TextInput
        label={t('order.contactPhone')}
        name="contactPhone"
        type="tel"
        value={form.contactPhone}
        onChange={(x) => patch({ contactPhone: x })}
        isRequired={required}
        validate={v.phone}
        maxLength={30}
        autoComplete="tel"
        description={t('order.contactPhoneHelp')}
      />
    </div>
  );
}
