import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Cell, Column, Form, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import { useInvalidate } from '../../api/query.ts';
import { SelectInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ErrorAlert, LiveStatus, Loading, Page, Section, SuccessMessage, TableScroll, setFlash } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate } from '../../router.ts';
import { useSession } from '../../session.tsx';
import { refusalText } from './provision-format.ts';
import {
  agreementHref,
  deliveryTimeText,
  formatKronor,
  parseAmount,
  purchaseOrderHref,
  purchaseStatusLabel,
  purchaseStatusTone,
  type Agreement,
  type AgreementPage as AgreementView,
} from './purchasing-api.ts';

/** Leverantörer och avtal: every supplier with its agreements, their validity and ordering terms. */
export function SuppliersPage() {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const suppliers = $api.useQuery('get', '/api/provision/purchasing/suppliers');
  const rows = (suppliers.data ?? []).flatMap((s) =>
    s.agreements.length
      ? s.agreements.map((a) => ({ id: a.id, supplier: s, agreement: a as Agreement | null }))
      : [{ id: `s-${s.id}`, supplier: s, agreement: null as Agreement | null }],
  );
  return (
    <Page
      title={t('purchasing.suppliersTitle')}
      intro={t('purchasing.suppliersIntro')}
      breadcrumbs={[{ href: '/hmc/inkop', label: t('purchasing.title') }, { label: t('purchasing.suppliersTitle') }]}
    >
      <ErrorAlert error={suppliers.error} />
      <LiveStatus>{suppliers.isPending ? t('common.loading') : t('purchasing.supplierCount', { count: suppliers.data?.length ?? 0 })}</LiveStatus>
      <TableScroll>
        <Table aria-label={t('purchasing.suppliersTitle')} className="table table--dense">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('purchasing.supplier')}
            </Column>
            <Column className="col">{t('purchasing.agreement')}</Column>
            <Column className="col">{t('purchasing.validity')}</Column>
            <Column className="col">{t('purchasing.deliveryTime')}</Column>
            <Column className="col">{t('purchasing.minimumOrder')}</Column>
            <Column className="col">{t('purchasing.orderEmail')}</Column>
            <Column className="col">{t('purchasing.contact')}</Column>
            <Column className="col">{t('purchasing.openOrdersCount')}</Column>
          </TableHeader>
          <TableBody items={rows} renderEmptyState={() => (suppliers.isPending ? <Loading /> : <p className="empty">{t('purchasing.noSuppliers')}</p>)}>
            {(r) => (
              <Row id={r.id} className="row">
                <Cell className="cell">
                  {r.supplier.name} <span className="muted">GLN {r.supplier.gln}</span>
                  {r.supplier.active ? null : (
                    <>
                      {' '}
                      <Badge tone="muted">{t('purchasing.inactive')}</Badge>
                    </>
                  )}
                </Cell>
                <Cell className="cell">
                  {r.agreement ? (
                    <Link className="link" href={agreementHref(r.agreement.id)}>
                      {r.agreement.agreementNumber} {r.agreement.name}
                    </Link>
                  ) : (
                    <span className="muted">{t('purchasing.noAgreement')}</span>
                  )}
                </Cell>
                <Cell className="cell">
                  {r.agreement ? (
                    <>
                      {formatDate(r.agreement.validFrom)}–{r.agreement.validTo ? formatDate(r.agreement.validTo) : ''}{' '}
                      <Badge tone={r.agreement.validToday ? 'ok' : 'warn'}>{r.agreement.validToday ? t('purchasing.valid') : t('purchasing.notValid')}</Badge>
                    </>
                  ) : null}
                </Cell>
                <Cell className="cell">{r.agreement ? deliveryTimeText(t, r.agreement.deliveryWorkingDays) : ''}</Cell>
                <Cell className="cell nowrap">
                  {r.agreement ? (r.agreement.minimumOrderAmount === null ? t('purchasing.notStated') : formatKronor(r.agreement.minimumOrderAmount)) : ''}
                </Cell>
                <Cell className="cell">{r.agreement ? (r.agreement.orderEmail ?? r.agreement.orderAddress ?? t('purchasing.notStated')) : ''}</Cell>
                <Cell className="cell">
                  {r.agreement ? [r.agreement.contactName, r.agreement.contactPhone, r.agreement.contactEmail].filter(Boolean).join(', ') || '–' : ''}
                </Cell>
                <Cell className="cell">{r.supplier.openPurchaseOrders}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
    </Page>
  );
}

/** One agreement: its terms (kept by the centre), the articles bought under it at the agreed price, and a purchase order by hand. */
export function AgreementPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const { hasRole } = useSession();
  const view = $api.useQuery('get', '/api/provision/purchasing/agreements/{id}', { params: { path: { id } } });
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const v = view.data;
  if (!v) {
    return (
      <Page
        title={t('purchasing.agreement')}
        breadcrumbs={[{ href: '/hmc/leverantorer', label: t('purchasing.suppliersTitle') }, { label: t('purchasing.agreement') }]}
      >
        {view.isPending ? <Loading /> : <ErrorAlert error={view.error} />}
      </Page>
    );
  }
  const a = v.agreement;
  return (
    <Page
      title={t('purchasing.agreementNamed', { number: a.agreementNumber, name: a.name })}
      breadcrumbs={[{ href: '/hmc/leverantorer', label: t('purchasing.suppliersTitle') }, { label: a.agreementNumber }]}
      actions={
        hasRole('assortment', 'warehouse') ? (
          <Btn onPress={() => (setMessage(null), setEditing(true))} isDisabled={view.isFetching}>
            {t('purchasing.editTerms')}
          </Btn>
        ) : null
      }
    >
      <SuccessMessage>{message}</SuccessMessage>
      <Section title={t('purchasing.terms')} id="terms">
        <dl className="details">
          <dt>{t('purchasing.supplier')}</dt>
          <dd>
            {a.supplierName} <span className="muted">GLN {a.supplierGln}</span>
            {a.supplierOrganisationNumber ? <span className="muted"> · {t('purchasing.orgNumber', { number: a.supplierOrganisationNumber })}</span> : null}
          </dd>
          <dt>{t('purchasing.validity')}</dt>
          <dd>
            {formatDate(a.validFrom)}–{a.validTo ? formatDate(a.validTo) : ''}{' '}
            <Badge tone={a.validToday ? 'ok' : 'warn'}>{a.validToday ? t('purchasing.valid') : t('purchasing.notValid')}</Badge>
          </dd>
          <dt>{t('purchasing.deliveryTime')}</dt>
          <dd>{deliveryTimeText(t, a.deliveryWorkingDays)}</dd>
          <dt>{t('purchasing.minimumOrder')}</dt>
          <dd>{a.minimumOrderAmount === null ? t('purchasing.notStated') : formatKronor(a.minimumOrderAmount)}</dd>
          <dt>{t('purchasing.orderEmail')}</dt>
          <dd>{a.orderEmail ?? t('purchasing.notStated')}</dd>
          <dt>{t('purchasing.orderAddress')}</dt>
          <dd className="pre-line">{a.orderAddress ?? t('purchasing.notStated')}</dd>
          <dt>{t('purchasing.contact')}</dt>
          <dd>{[a.contactName, a.contactPhone, a.contactEmail].filter(Boolean).join(', ') || t('purchasing.notStated')}</dd>
        </dl>
      </Section>
      <ArticlesSection view={v} mayBuy={hasRole('warehouse') && a.validToday} />
      <Section title={t('purchasing.orders')} id="orders">
        {v.purchaseOrders.length ? (
          <ul className="event-list">
            {v.purchaseOrders.map((o) => (
              <li key={o.id}>
                <Link className="link mono" href={purchaseOrderHref(o.id)}>
                  {o.number}
                </Link>
                <span>
                  <Badge tone={purchaseStatusTone(o.status)}>{purchaseStatusLabel(t, o.status)}</Badge> · {formatKronor(o.total)}
                </span>
                <span className="muted">{formatDate(o.createdAt)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('purchasing.noOrders')}</p>
        )}
      </Section>
      {editing ? (
        <TermsDialog
          agreement={a}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            void invalidate('/api/provision/purchasing/agreements/{id}', '/api/provision/purchasing/suppliers').then(() =>
              setMessage(t('purchasing.termsSaved', { number: a.agreementNumber })),
            );
          }}
        />
      ) : null}
    </Page>
  );
}

/** The articles bought under the agreement, and a purchase order made from the quantities typed in. */
function ArticlesSection({ view, mayBuy }: { view: AgreementView; mayBuy: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const warehouses = $api.useQuery('get', '/api/provision/warehouses', {}, { enabled: mayBuy });
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const chosenWarehouse = warehouseId ?? warehouses.data?.find((w) => w.code === 'HMC')?.id ?? warehouses.data?.[0]?.id ?? null;
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const wanted = view.articles.filter((a) => Number(quantities[a.articleId]) > 0);
  const create = useMutation({
    mutationFn: (w: string) =>
      fetchClient
        .POST('/api/provision/purchasing/purchase-orders', {
          body: {
            agreementId: view.agreement.id,
            warehouseId: w,
            lines: wanted.map((a) => ({ articleId: a.articleId, quantity: Number(quantities[a.articleId]), source: 'manual' as const })),
          },
        })
        .then(dataOf),
    onSuccess: (po) => {
      setFlash(t('purchasing.created', { number: po.number }));
      navigate(purchaseOrderHref(po.id));
    },
  });
  const fieldErrors = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(issuesByField(create.error)).map(([k, val]) => {
          const m = /^lines\.(\d+)\.(quantity|articleId)$/.exec(k);
          return [m ? `quantity-${wanted[Number(m[1])]?.articleId}` : k, val];
        }),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one object per error: the lines as they were sent
    [create.error],
  );
  return (
    <Section title={t('purchasing.articles')} id="articles">
      <Form
        className="form"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          if (chosenWarehouse && wanted.length && !create.isPending) create.mutate(chosenWarehouse);
        }}
      >
        {mayBuy ? <p className="help-text">{t('purchasing.manualOrderHelp')}</p> : null}
        <ErrorAlert error={create.error} message={refusalText(i18n, create.error)} />
        <TableScroll>
          <Table aria-label={t('purchasing.articles')} className="table table--dense">
            <TableHeader>
              <Column isRowHeader className="col">
                {t('purchasing.article')}
              </Column>
              <Column className="col">{t('purchasing.supplierArticleNumber')}</Column>
              <Column className="col">{t('purchasing.stockForm')}</Column>
              <Column className="col">{t('purchasing.agreedPrice')}</Column>
              {mayBuy ? <Column className="col">{t('purchasing.quantity')}</Column> : <Column className="col">{t('purchasing.priceValid')}</Column>}
            </TableHeader>
            <TableBody
              items={view.articles.map((a) => ({ ...a, id: a.articleId }))}
              renderEmptyState={() => <p className="empty">{t('purchasing.noArticles')}</p>}
            >
              {(a) => (
                <Row id={a.id} className="row">
                  <Cell className="cell">
                    <Link className="link" href={`/artiklar/${a.articleId}`}>
                      {a.articleName}
                    </Link>{' '}
                    <span className="muted">({a.articleNumber})</span>
                  </Cell>
                  <Cell className="cell">{a.supplierArticleNumber ?? '–'}</Cell>
                  <Cell className="cell">{a.stockForm === 'orderItem' ? t('purchasing.orderItem') : t('purchasing.stockItem')}</Cell>
                  <Cell className="cell nowrap">{formatKronor(a.agreedPrice)}</Cell>
                  {mayBuy ? (
                    <Cell className="cell">
                      <TextInput
                        label={t('purchasing.quantityOf', { name: a.articleName })}
                        name={`quantity-${a.articleId}`}
                        value={quantities[a.articleId] ?? ''}
                        onChange={(val) => setQuantities((q) => ({ ...q, [a.articleId]: val }))}
                        inputMode="numeric"
                        validate={(val) => (val.trim() === '' || /^\d{1,5}$/.test(val.trim()) ? null : t('purchasing.quantityInvalid'))}
                      />
                    </Cell>
                  ) : (
                    <Cell className="cell">
                      {i18n.formatDate(a.priceValidFrom)}–{a.priceValidTo ? i18n.formatDate(a.priceValidTo) : ''}
                    </Cell>
                  )}
                </Row>
              )}
            </TableBody>
          </Table>
        </TableScroll>
        {mayBuy ? (
          <>
            <SelectInput
              label={t('purchasing.warehouse')}
              name="warehouseId"
              value={chosenWarehouse}
              onChange={setWarehouseId}
              isRequired
              options={(warehouses.data ?? []).filter((w) => w.active).map((w) => ({ id: w.id, label: w.name }))}
            />
            <div className="button-row">
              <Btn type="submit" variant="primary" isPending={create.isPending || create.isSuccess} isDisabled={!wanted.length || !chosenWarehouse}>
                {t('purchasing.createFromArticles', { count: wanted.length })}
              </Btn>
            </div>
          </>
        ) : null}
      </Form>
    </Section>
  );
}

function TermsDialog({ agreement: a, onClose, onDone }: { agreement: Agreement; onClose: () => void; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [days, setDays] = useState(a.deliveryWorkingDays === null ? '' : String(a.deliveryWorkingDays));
  const [minimum, setMinimum] = useState(a.minimumOrderAmount === null ? '' : a.minimumOrderAmount.replace('.', ','));
  const [orderEmail, setOrderEmail] = useState(a.orderEmail ?? '');
  const [orderAddress, setOrderAddress] = useState(a.orderAddress ?? '');
  const [contactName, setContactName] = useState(a.contactName ?? '');
  const [contactPhone, setContactPhone] = useState(a.contactPhone ?? '');
  const [contactEmail, setContactEmail] = useState(a.contactEmail ?? '');
  return (
    <FormDialog
      title={t('purchasing.termsTitle', { number: a.agreementNumber })}
      onClose={onClose}
      send={() =>
        fetchClient
          .PUT('/api/catalogue/agreements/{id}/terms', {
            params: { path: { id: a.id } },
            body: {
              termsVersion: a.termsVersion,
              deliveryWorkingDays: days.trim() === '' ? null : Number(days),
              minimumOrderAmount: minimum.trim() === '' ? null : parseAmount(minimum),
              orderEmail,
              orderAddress,
              contactName,
              contactPhone,
              contactEmail,
            },
          })
          .then(dataOf)
      }
      onDone={onDone}
      submitLabel={t('purchasing.saveTerms')}
      shownFields={['deliveryWorkingDays', 'minimumOrderAmount', 'orderEmail', 'orderAddress', 'contactName', 'contactPhone', 'contactEmail']}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p className="help-text">{t('purchasing.termsHelp')}</p>}
    >
      <TextInput
        label={t('purchasing.deliveryTimeDays')}
        name="deliveryWorkingDays"
        value={days}
        onChange={setDays}
        inputMode="numeric"
        validate={(v) => (v.trim() === '' || /^\d{1,3}$/.test(v.trim()) ? null : t('purchasing.daysInvalid'))}
        autoFocus
      />
      <TextInput
        label={t('purchasing.minimumOrderKr')}
        name="minimumOrderAmount"
        value={minimum}
        onChange={setMinimum}
        inputMode="numeric"
        validate={(v) => (v.trim() === '' || !Number.isNaN(parseAmount(v)) ? null : t('hmc.costInvalid'))}
      />
      <TextInput label={t('purchasing.orderEmail')} name="orderEmail" type="email" value={orderEmail} onChange={setOrderEmail} maxLength={200} />
      <TextAreaInput label={t('purchasing.orderAddress')} name="orderAddress" value={orderAddress} onChange={setOrderAddress} maxLength={500} rows={3} />
      <TextInput label={t('purchasing.contactName')} name="contactName" value={contactName} onChange={setContactName} maxLength={200} />
      <TextInput label={t('purchasing.contactPhone')} name="contactPhone" type="tel" value={contactPhone} onChange={setContactPhone} maxLength={30} />
      <TextInput label={t('purchasing.contactEmail')} name="contactEmail" type="email" value={contactEmail} onChange={setContactEmail} maxLength={200} />
    </FormDialog>
  );
}
