import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient, type ApiData } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { CheckboxInput, RadioGroupInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ErrorAlert, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { kronor, parseKronor } from './billing-format.ts';

type ServicePrice = ApiData<'/api/billing/service-prices'>[number];
type CostRule = ApiData<'/api/billing/cost-rules'>[number];
type Code = ServicePrice['code'];
const CODES: Code[] = ['urgentFee', 'failedDeliveryFee', 'technicianHour', 'consultantHour', 'installation', 'deinstallation'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Prices and rules as data (issue 12 items 1 and 2): the service price list with its valid-from versions,
 * the cost-responsibility rules, and (finance) the settings and the customers' contact addresses. Article
 * rents and sale prices are the article's general price versions, edited on the article page.
 */
export function BillingPricesPage() {
  const { t } = useI18n();
  const { hasRole } = useSession();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Page title={t('billingPrices.title')} intro={t('billingPrices.intro')}>
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ServicePrices onSaved={setMessage} />
      <Section title={t('billingPrices.articlePrices')} id="article-prices">
        <p>{t('billingPrices.articlePricesText')}</p>
        <p>
          <a className="link" href="/artiklar">
            {t('billingPrices.toArticles')}
          </a>
        </p>
      </Section>
      <CostRules onSaved={setMessage} />
      {hasRole('finance') ? <Settings onSaved={setMessage} /> : null}
      {hasRole('finance') ? <Contacts onSaved={setMessage} /> : null}
    </Page>
  );
}

function ServicePrices({ onSaved }: { onSaved: (m: string) => void }) {
  const { t, locale } = useI18n();
  const q = $api.useQuery('get', '/api/billing/service-prices');
  const invalidate = useInvalidate();
  const [adding, setAdding] = useState<Code | null>(null);
  return (
    <Section title={t('billingPrices.services')} id="services">
      <p className="help-text">{t('billingPrices.servicesHelp')}</p>
      <ErrorAlert error={q.error} />
      <div className="button-row">
        <Btn variant="primary" onPress={() => setAdding('urgentFee')}>
          {t('billingPrices.newVersion')}
        </Btn>
      </div>
      <TableScroll>
        <Table aria-label={t('billingPrices.services')} className="table">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('billingPrices.service')}
            </Column>
            <Column className="col">{t('billingPrices.price')}</Column>
            <Column className="col">{t('billingPrices.validFrom')}</Column>
            <Column className="col">{t('billingPrices.validUntil')}</Column>
          </TableHeader>
          <TableBody items={q.data ?? []} renderEmptyState={() => (q.isPending ? <Loading /> : <p className="empty">{t('billingPrices.noServices')}</p>)}>
            {(p) => (
              <Row id={p.id} className="row">
                <Cell className="cell">{t(`billing.service.${p.code}`)}</Cell>
                <Cell className="cell nowrap">
                  {kronor(locale, p.amount)}
                  {p.code.endsWith('Hour') ? ` ${t('billingPrices.perHour')}` : ''}
                </Cell>
                <Cell className="cell">{p.validFrom}</Cell>
                <Cell className="cell">{p.validUntil ?? <Badge tone="ok">{t('billingPrices.untilFurther')}</Badge>}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {adding ? (
        <ServicePriceDialog
          initial={adding}
          onClose={() => setAdding(null)}
          onDone={async (p) => {
            setAdding(null);
            await invalidate('/api/billing/service-prices');
            onSaved(t('billingPrices.versionAdded', { service: t(`billing.service.${p.code}`), from: p.validFrom }));
          }}
        />
      ) : null}
    </Section>
  );
}

function ServicePriceDialog({ initial, onClose, onDone }: { initial: Code; onClose: () => void; onDone: (p: ServicePrice) => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState<Code | null>(initial);
  const [amount, setAmount] = useState('');
  const [validFrom, setValidFrom] = useState(today);
  return (
    <FormDialog
      title={t('billingPrices.newVersion')}
      onClose={onClose}
      submitLabel={t('common.save')}
      shownFields={['code', 'amount', 'validFrom']}
      intro={<p className="help-text">{t('billingPrices.newVersionHelp')}</p>}
      send={() => {
        const a = parseKronor(amount);
        if (!code || a == null || !ISO_DATE.test(validFrom)) return null;
        return fetchClient.POST('/api/billing/service-prices', { body: { code, amount: a, validFrom } }).then(dataOf);
      }}
      onDone={onDone}
    >
      <SelectInput
        label={t('billingPrices.service')}
        name="code"
        value={code}
        onChange={setCode}
        isRequired
        options={CODES.map((c) => ({ id: c, label: t(`billing.service.${c}`) }))}
      />
      <TextInput
        label={t('billingPrices.priceKr')}
        name="amount"
        value={amount}
        onChange={setAmount}
        isRequired
        validate={(v) => (parseKronor(v) == null ? t('billing.amountInvalid') : null)}
        autoFocus
      />
      <TextInput label={t('billingPrices.validFrom')} name="validFrom" type="date" value={validFrom} onChange={setValidFrom} isRequired />
    </FormDialog>
  );
}

function CostRules({ onSaved }: { onSaved: (m: string) => void }) {
  const { t } = useI18n();
  const q = $api.useQuery('get', '/api/billing/cost-rules');
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState<CostRule | 'new' | null>(null);
  const condition = (r: CostRule) =>
    [
      r.maxPatientAge != null ? t('billingPrices.condAge', { age: r.maxPatientAge }) : null,
      r.isoCodePrefix ? t('billingPrices.condIso', { iso: r.isoCodePrefix }) : null,
      r.homeMunicipalityCode ? t('billingPrices.condMunicipality', { code: r.homeMunicipalityCode }) : null,
    ]
      .filter(Boolean)
      .join(t('billingPrices.and'));
  return (
    <Section title={t('billingPrices.rules')} id="rules">
      <p className="help-text">{t('billingPrices.rulesHelp')}</p>
      <ErrorAlert error={q.error} />
      <div className="button-row">
        <Btn variant="primary" onPress={() => setEditing('new')}>
          {t('billingPrices.newRule')}
        </Btn>
      </div>
      <TableScroll>
        <Table aria-label={t('billingPrices.rules')} className="table">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('field.name')}
            </Column>
            <Column className="col">{t('billingPrices.priority')}</Column>
            <Column className="col">{t('billingPrices.conditions')}</Column>
            <Column className="col">{t('billingPrices.payer')}</Column>
            <Column className="col">{t('billingPrices.validity')}</Column>
            <Column className="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </Column>
          </TableHeader>
          <TableBody items={q.data ?? []} renderEmptyState={() => (q.isPending ? <Loading /> : <p className="empty">{t('billingPrices.noRules')}</p>)}>
            {(r) => (
              <Row id={r.id} className="row">
                <Cell className="cell">
                  {r.name} {r.active ? null : <Badge tone="muted">{t('common.inactive')}</Badge>}
                </Cell>
                <Cell className="cell">{r.priority}</Cell>
                <Cell className="cell">{condition(r)}</Cell>
                <Cell className="cell">{r.payerCustomerNumber}</Cell>
                <Cell className="cell nowrap">
                  {r.validFrom} – {r.validTo ?? ''}
                </Cell>
                <Cell className="cell">
                  <Btn className="button--small" onPress={() => setEditing(r)} aria-label={t('common.editNamed', { name: r.name })}>
                    {t('common.edit')}
                  </Btn>
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {editing ? (
        <CostRuleDialog
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={async (r) => {
            setEditing(null);
            await invalidate('/api/billing/cost-rules');
            onSaved(t('billingPrices.ruleSaved', { name: r.name }));
          }}
        />
      ) : null}
    </Section>
  );
}

function CostRuleDialog({ rule, onClose, onDone }: { rule: CostRule | null; onClose: () => void; onDone: (r: CostRule) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(rule?.name ?? '');
  const [priority, setPriority] = useState(String(rule?.priority ?? 100));
  const [maxAge, setMaxAge] = useState(rule?.maxPatientAge == null ? '' : String(rule.maxPatientAge));
  const [iso, setIso] = useState(rule?.isoCodePrefix ?? '');
  const [municipality, setMunicipality] = useState(rule?.homeMunicipalityCode ?? '');
  const [payer, setPayer] = useState(rule?.payerCustomerNumber ?? '');
  const [validFrom, setValidFrom] = useState(rule?.validFrom ?? today());
  const [validTo, setValidTo] = useState(rule?.validTo ?? '');
  const [active, setActive] = useState(rule?.active ?? true);
  const int = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : null);
  return (
    <FormDialog
      title={rule ? t('billingPrices.editRule', { name: rule.name }) : t('billingPrices.newRule')}
      onClose={onClose}
      submitLabel={t('common.save')}
      shownFields={['name', 'priority', 'maxPatientAge', 'isoCodePrefix', 'homeMunicipalityCode', 'payerCustomerNumber', 'validFrom', 'validTo']}
      intro={<p className="help-text">{t('billingPrices.ruleHelp')}</p>}
      send={() => {
        const p = int(priority);
        if (!name.trim() || p == null || !payer.trim() || !ISO_DATE.test(validFrom) || (maxAge.trim() && int(maxAge) == null)) return null;
        const body = {
          name: name.trim(),
          priority: p,
          maxPatientAge: maxAge.trim() ? int(maxAge) : null,
          isoCodePrefix: iso.trim() || null,
          homeMunicipalityCode: municipality.trim() || null,
          payerCustomerNumber: payer.trim(),
          validFrom,
          validTo: validTo || null,
          active,
        };
        return rule
          ? fetchClient.PUT('/api/billing/cost-rules/{id}', { params: { path: { id: rule.id } }, body: { ...body, version: rule.version } }).then(dataOf)
          : fetchClient.POST('/api/billing/cost-rules', { body }).then(dataOf);
      }}
      onDone={onDone}
    >
      <TextInput label={t('field.name')} name="name" value={name} onChange={setName} isRequired maxLength={200} autoFocus />
      <TextInput
        label={t('billingPrices.priority')}
        name="priority"
        value={priority}
        onChange={setPriority}
        isRequired
        description={t('billingPrices.priorityHelp')}
        validate={(v) => (int(v) == null ? t('billingPrices.wholeNumber') : null)}
        inputMode="numeric"
      />
      <TextInput
        label={t('billingPrices.maxAge')}
        name="maxPatientAge"
        value={maxAge}
        onChange={setMaxAge}
        validate={(v) => (v.trim() && int(v) == null ? t('billingPrices.wholeNumber') : null)}
        inputMode="numeric"
      />
      <TextInput
        label={t('billingPrices.isoPrefix')}
        name="isoCodePrefix"
        value={iso}
        onChange={setIso}
        description={t('billingPrices.isoPrefixHelp')}
        maxLength={8}
      />
      <TextInput
        label={t('billingPrices.municipality')}
        name="homeMunicipalityCode"
        value={municipality}
        onChange={setMunicipality}
        maxLength={4}
        inputMode="numeric"
      />
      <TextInput label={t('billingPrices.payer')} name="payerCustomerNumber" value={payer} onChange={setPayer} isRequired maxLength={40} />
      <TextInput label={t('billingPrices.validFrom')} name="validFrom" type="date" value={validFrom} onChange={setValidFrom} isRequired />
      <TextInput label={t('billingPrices.validTo')} name="validTo" type="date" value={validTo} onChange={setValidTo} />
      <CheckboxInput isSelected={active} onChange={setActive} name="active">
        {t('common.active')}
      </CheckboxInput>
    </FormDialog>
  );
}

function Settings({ onSaved }: { onSaved: (m: string) => void }) {
  const { t } = useI18n();
  const q = $api.useQuery('get', '/api/billing/settings');
  const invalidate = useInvalidate();
  const save = useMutation({
    mutationFn: async (body: { proration?: 'day' | 'month'; patientIdentity?: 'full' | 'masked' | 'none' }) => {
      await fetchClient.PUT('/api/billing/settings', { body });
      await invalidate('/api/billing/settings');
      onSaved(t('billingPrices.settingsSaved'));
    },
  });
  return (
    <Section title={t('billingPrices.settings')} id="settings">
      <ErrorAlert error={q.error ?? save.error} />
      {q.data ? (
        <>
          <RadioGroupInput
            label={t('billing.proration')}
            name="proration"
            value={q.data.proration}
            onChange={(v) => save.mutate({ proration: v })}
            options={[
              { id: 'day', label: t('billing.prorationDay') },
              { id: 'month', label: t('billing.prorationMonth') },
            ]}
          />
          <RadioGroupInput
            label={t('billingPrices.patientIdentity')}
            name="patientIdentity"
            value={q.data.patientIdentity}
            onChange={(v) => save.mutate({ patientIdentity: v })}
            options={[
              { id: 'masked', label: t('billingPrices.identityMasked') },
              { id: 'full', label: t('billingPrices.identityFull') },
              { id: 'none', label: t('billingPrices.identityNone') },
            ]}
          />
        </>
      ) : (
        <Loading />
      )}
    </Section>
  );
}

function Contacts({ onSaved }: { onSaved: (m: string) => void }) {
  const { t } = useI18n();
  const q = $api.useQuery('get', '/api/billing/customer-contacts');
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState<{ customerNumber: string; email: string } | null>(null);
  return (
    <Section title={t('billingPrices.contacts')} id="contacts">
      <p className="help-text">{t('billingPrices.contactsHelp')}</p>
      <ErrorAlert error={q.error} />
      <div className="button-row">
        <Btn onPress={() => setEditing({ customerNumber: '', email: '' })}>{t('billingPrices.newContact')}</Btn>
      </div>
      {q.data?.length ? (
        <ul className="plain-list" aria-label={t('billingPrices.contacts')}>
          {q.data.map((c) => (
            <li key={c.customerNumber}>
              {c.customerNumber}: {c.email}{' '}
              <Btn className="button--small" onPress={() => setEditing(c)} aria-label={t('common.editNamed', { name: c.customerNumber })}>
                {t('common.edit')}
              </Btn>
            </li>
          ))}
        </ul>
      ) : q.isPending ? (
        <Loading />
      ) : (
        <p className="empty">{t('billingPrices.noContacts')}</p>
      )}
      {editing ? (
        <ContactDialog
          initial={editing}
          onClose={() => setEditing(null)}
          onDone={async () => (setEditing(null), await invalidate('/api/billing/customer-contacts'), onSaved(t('billingPrices.contactSaved')))}
        />
      ) : null}
    </Section>
  );
}

function ContactDialog({ initial, onClose, onDone }: { initial: { customerNumber: string; email: string }; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [customerNumber, setCustomerNumber] = useState(initial.customerNumber);
  const [email, setEmail] = useState(initial.email);
  return (
    <FormDialog
      title={t('billingPrices.contact')}
      onClose={onClose}
      submitLabel={t('common.save')}
      shownFields={['customerNumber', 'email']}
      intro={<p className="help-text">{t('billingPrices.contactDialogHelp')}</p>}
      send={() =>
        customerNumber.trim()
          ? fetchClient.PUT('/api/billing/customer-contacts', { body: { customerNumber: customerNumber.trim(), email: email.trim() || null } }).then(dataOf)
          : null
      }
      onDone={onDone}
    >
      <TextInput
        label={t('billing.customerNumber')}
        name="customerNumber"
        value={customerNumber}
        onChange={setCustomerNumber}
        isRequired
        isReadOnly={!!initial.customerNumber}
        maxLength={40}
        autoFocus={!initial.customerNumber}
      />
      <TextInput
        label={t('billingPrices.email')}
        name="email"
        type="email"
        value={email}
        onChange={setEmail}
        maxLength={200}
        description={t('billingPrices.emailHelp')}
      />
    </FormDialog>
  );
}
