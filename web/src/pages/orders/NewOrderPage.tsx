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
 * /bestallningar/ny[?patient=<id>&typ=<type>&enheter=U-1,U-2&artikel=<id>&order=B…]: the first step of a new
 * order. The user picks the order type (only those the matrix lets their role register; without a patient only
 * those that need none; the one the link names chosen beforehand, e.g. from a unit on the patient's device
 * list) and the customer (their default preselected). The draft is then created on the server, so nothing is
 * lost, and the order page opens with the rest of the form: the units or the article the link named are on it
 * (an article page's "Beställ till patient"), a report names the unit or its delivery order.
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
  const articleId = search.get('artikel');
  const relatedOrder = search.get('order');
  const types = useOrderTypes();
  const article = $api.useQuery(
    'get',
    '/api/catalogue/articles/{id}',
    { params: { path: { id: articleId ?? '' } } },
    { enabled: !!articleId, throwOnError: false },
  );
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
      // Units chosen on the patient page (pick-up, work order, lost device) go on the draft at once, as does the
      // article of an article page's "Beställ till patient".
      const lines =
        units.length && row?.lines === 'unit'
          ? (v.orderType === 'pickUp' ? units : units.slice(0, 1)).map((u) => ({ unitNumber: u, quantity: 1 }))
          : articleId && article.data && row?.lines === 'article'
            ? [{ articleId: article.data.id, quantity: 1 }]
            : [];
      if (lines.length) {
        const chosenType = v.orderType;
        const body: DraftInput = {
          version: o.version,
          customerId: o.customer.id,
          patientId: o.patient?.id ?? null,
          urgent: false,
          delivery: (chosenType === 'pickUp' || row?.lines === 'article') && o.patient ? { kind: 'patientAddress' } : { kind: 'none' },
          contactName: o.contactName,
          contactPhone: o.contactPhone,
          messageToCentre: null,
          lines,
          details: null,
        };
        o = await fetchClient.PUT('/api/orders/{id}', { params: { path: { id: o.id } }, body }).then(dataOf);
      }
      return o;
    },
    onSuccess: (o) => {
      // A report about a unit names it (a deviation) or the order that delivered it (a fault report): the form fills it in.
      const q = new URLSearchParams();
      if (o.orderType === 'deviation' && units[0]) q.set('enhet', units[0]);
      if (o.orderType === 'faultReport' && relatedOrder) q.set('order', relatedOrder);
      navigate(q.size ? `${orderHref(o.id)}?${q.toString()}` : orderHref(o.id));
    },
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
  const loading = !types.data || me.isPending || patient.isLoading || article.isLoading;
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
          {article.data ? <p className="help-text">{t('newOrder.articleChosen', { name: article.data.name, number: article.data.articleNumber })}</p> : null}
          {articleId && article.error ? <p className="help-text">{t('newOrder.articleGone')}</p> : null}
          {relatedOrder && chosenType === 'faultReport' ? <p className="help-text">{t('newOrder.relatedOrder', { number: relatedOrder })}</p> : null}
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
