import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import type { DraftInput, OrderType } from '../../api/types.ts';
import { RadioGroupInput, SelectInput } from '../../components/fields.tsx';
import { Btn, ButtonLink, ErrorAlert, Loading, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate, useLocation } from '../../router.ts';
import { useSession } from '../../session.tsx';
import { OrderErrorAlert, useOrderTypes } from './OrderBits.tsx';
import { orderHref, orderTypeLabel, patientPageHref } from './order-format.ts';

/**
 * /bestallningar/ny[?patient=<id>&typ=<type>&enheter=U-1,U-2]: the first step of a new order. The user picks
 * the order type (only those the matrix lets their role register; without a patient only those that need none)
 * and the customer (their default preselected). The draft is then created on the server, so nothing is lost,
 * and the order page opens with the rest of the form.
 */
export function NewOrderPage() {
  const i18n = useI18n();
  const { t, locale, collator } = i18n;
  const { user } = useSession();
  const { search } = useLocation();
  const patientId = search.get('patient');
  const units = (search.get('enheter') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const types = useOrderTypes();
  const me = $api.useQuery('get', '/api/me');
  const patient = $api.useQuery('get', '/api/patients/{id}', { params: { path: { id: patientId ?? '' } } }, { enabled: !!patientId });

  const roles = user?.roles ?? [];
  const allowed = (types.data?.orderTypes ?? []).filter(
    (o) => o.registeredBy.some((r) => (roles as string[]).includes(r)) && (patientId ? o.patient !== 'none' : o.patient !== 'required'),
  );
  const wanted = search.get('typ') as OrderType | null;
  const [type, setType] = useState<OrderType | null>(null);
  const chosenType = type ?? (wanted && allowed.some((o) => o.type === wanted) ? wanted : allowed.length === 1 ? allowed[0]!.type : null);
  const memberships = [...(me.data?.memberships ?? [])].sort(
    (a, b) => Number(b.isDefault) - Number(a.isDefault) || collator.compare(a.customerName, b.customerName),
  );
  const [customerId, setCustomerId] = useState<string | null>(null);
  const chosenCustomer = customerId ?? memberships.find((m) => m.isDefault)?.customerId ?? memberships[0]?.customerId ?? null;
  const creation = useMutation({
    mutationFn: async (v: { orderType: OrderType; customerId: string }) => {
      let o = await fetchClient.POST('/api/orders', { body: { ...v, patientId } }).then(dataOf);
      const row = allowed.find((x) => x.type === v.orderType);
      // Units chosen on the patient page (pick-up, work order, lost device) go on the draft at once.
      if (units.length && row?.lines === 'unit') {
        const chosenType = v.orderType;
        const lines = (chosenType === 'pickUp' ? units : units.slice(0, 1)).map((u) => ({ unitNumber: u, quantity: 1 }));
        const body: DraftInput = {
          version: o.version,
          customerId: o.customer.id,
          patientId: o.patient?.id ?? null,
          urgent: false,
          delivery: chosenType === 'pickUp' && o.patient ? { kind: 'patientAddress' } : { kind: 'none' },
          contactName: o.contactName,
          contactPhone: null,
          messageToCentre: null,
          lines,
          details: null,
        };
        o = await fetchClient.PUT('/api/orders/{id}', { params: { path: { id: o.id } }, body }).then(dataOf);
      }
      return o;
    },
    onSuccess: (o) => navigate(orderHref(o.id)),
  });
  // After success the button stays pending: the order page opens.
  const pending = creation.isPending || creation.isSuccess;
  const error = creation.error;

  function start() {
    if (!chosenType || !chosenCustomer || pending) return;
    creation.mutate({ orderType: chosenType, customerId: chosenCustomer });
  }

  const patientName = patient.data ? `${patient.data.firstName} ${patient.data.lastName}` : null;
  const breadcrumbs = patientId
    ? [
        { href: '/patienter', label: t('patient.breadcrumb') },
        { href: patientPageHref(patientId), label: patientName ?? t('patient.title') },
        { label: t('newOrder.title') },
      ]
    : [{ href: '/bestallningar', label: t('orders.title') }, { label: t('newOrder.title') }];

  if (types.error) {
    return (
      <Page title={t('newOrder.title')} breadcrumbs={breadcrumbs}>
        <ErrorAlert error={types.error} />
      </Page>
    );
  }
  const loading = !types.data || me.isPending || patient.isLoading;
  return (
    <Page
      title={t('newOrder.title')}
      breadcrumbs={breadcrumbs}
      intro={patientId ? t('newOrder.forPatient', { name: patientName ?? '' }) : t('newOrder.withoutPatient')}
    >
      {patient.error ? <ErrorAlert error={patient.error} /> : null}
      {loading ? (
        <Loading />
      ) : (
        <Form
          className="card form"
          onSubmit={(e) => {
            e.preventDefault();
            start();
          }}
        >
          {allowed.length === 0 ? <p className="empty">{t('newOrder.noTypes')}</p> : null}
          <RadioGroupInput
            label={t('newOrder.type')}
            name="orderType"
            value={chosenType}
            onChange={(v) => setType(v)}
            isRequired
            options={allowed.map((o) => ({ id: o.type, label: `${orderTypeLabel(locale, o.type)} – ${t(`orderTypeHelp.${o.type}`)}` }))}
          />
          {memberships.length ? (
            <SelectInput
              label={t('newOrder.customer')}
              name="customerId"
              value={chosenCustomer}
              onChange={(v) => setCustomerId(v)}
              isRequired
              description={t('newOrder.customerHelp')}
              options={memberships.map((m) => ({
                id: m.customerId,
                label: `${m.customerNumber} ${m.customerName}${m.isDefault ? ` (${t('start.default')})` : ''}`,
              }))}
            />
          ) : (
            <p className="empty">{t('start.noCustomers')}</p>
          )}
          {units.length ? <p className="help-text">{t('newOrder.unitsChosen', { units: units.join(', ') })}</p> : null}
          <OrderErrorAlert error={error} />
          <div className="button-row">
            <Btn type="submit" variant="primary" isPending={pending}>
              {t('newOrder.start')}
            </Btn>
            <ButtonLink href={patientId ? patientPageHref(patientId) : '/bestallningar'}>{t('common.cancel')}</ButtonLink>
          </div>
        </Form>
      )}
    </Page>
  );
}
