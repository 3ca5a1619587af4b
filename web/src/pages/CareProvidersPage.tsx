import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../api/client.ts';
import { useInvalidate } from '../api/query.ts';
import { CARE_PROVIDER_KINDS, type CareProvider, type CareProviderKind } from '../api/types.ts';
import { CheckboxInput, SelectInput, TextInput } from '../components/fields.tsx';
import { FormDialog } from '../components/form-dialog.tsx';
import { Badge, Btn, ErrorAlert, Loading, Page, SuccessMessage, TableScroll } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { validators } from '../validation.ts';

interface Draft {
  name: string;
  kind: CareProviderKind | null;
  organisationNumber: string;
  municipalityCode: string;
  active: boolean;
}

export function CareProvidersPage() {
  const { t, collator } = useI18n();
  const list = $api.useQuery('get', '/api/care-providers');
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState<CareProvider | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const rows = [...(list.data ?? [])].sort((a, b) => collator.compare(a.name, b.name));

  return (
    <Page
      title={t('careProviders.title')}
      intro={t('careProviders.intro')}
      actions={
        <Btn variant="primary" onPress={() => (setMessage(null), setEditing('new'))}>
          {t('careProviders.new')}
        </Btn>
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ErrorAlert error={list.error} />
      <TableScroll>
        <Table aria-label={t('careProviders.title')} className="table">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('field.name')}
            </Column>
            <Column className="col">{t('field.kind')}</Column>
            <Column className="col">{t('field.organisationNumber')}</Column>
            <Column className="col">{t('field.municipalityCode')}</Column>
            <Column className="col num">{t('careProviders.colCustomers')}</Column>
            <Column className="col">{t('common.status')}</Column>
            <Column className="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </Column>
          </TableHeader>
          <TableBody items={rows} renderEmptyState={() => (list.isPending ? <Loading /> : <p className="empty">{t('careProviders.empty')}</p>)}>
            {(cp) => (
              <Row id={cp.id} className="row">
                <Cell className="cell">{cp.name}</Cell>
                <Cell className="cell">{t(`careProviderKind.${cp.kind}`)}</Cell>
                <Cell className="cell mono nowrap">{cp.organisationNumber}</Cell>
                <Cell className="cell mono">{cp.municipalityCode ?? ''}</Cell>
                <Cell className="cell num">{cp.customerCount}</Cell>
                <Cell className="cell">{cp.active ? <Badge tone="ok">{t('common.active')}</Badge> : <Badge tone="muted">{t('common.inactive')}</Badge>}</Cell>
                <Cell className="cell">
                  <Btn className="button--small" onPress={() => (setMessage(null), setEditing(cp))} aria-label={t('common.editNamed', { name: cp.name })}>
                    {t('common.edit')}
                  </Btn>
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {editing ? (
        <CareProviderDialog
          provider={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(cp, created) => {
            setEditing(null);
            setMessage(t(created ? 'careProviders.created' : 'careProviders.saved'));
            void invalidate('/api/care-providers');
          }}
        />
      ) : null}
    </Page>
  );
}

function CareProviderDialog({
  provider,
  onClose,
  onSaved,
}: {
  provider: CareProvider | null;
  onClose: () => void;
  onSaved: (cp: CareProvider, created: boolean) => void;
}) {
  const { t } = useI18n();
  const v = validators(t);
  const [d, setD] = useState<Draft>(() =>
    provider
      ? {
          name: provider.name,
          kind: provider.kind,
          organisationNumber: provider.organisationNumber,
          municipalityCode: provider.municipalityCode ?? '',
          active: provider.active,
        }
      : { name: '', kind: null, organisationNumber: '', municipalityCode: '', active: true },
  );
  const set = <K extends keyof Draft>(k: K, val: Draft[K]) => setD((x) => ({ ...x, [k]: val }));

  function send() {
    if (!d.kind) return null;
    const body = {
      name: d.name.trim(),
      kind: d.kind,
      organisationNumber: d.organisationNumber.trim(),
      municipalityCode: d.municipalityCode.trim() || null,
      active: d.active,
    };
    return provider
      ? fetchClient.PUT('/api/care-providers/{id}', { params: { path: { id: provider.id } }, body }).then(dataOf)
      : fetchClient.POST('/api/care-providers', { body }).then(dataOf);
  }

  return (
    <FormDialog
      title={provider ? t('careProviders.editTitle') : t('careProviders.new')}
      onClose={onClose}
      send={send}
      onDone={(saved) => onSaved(saved, !provider)}
      submitLabel={t('common.save')}
      shownFields={['name', 'kind', 'organisationNumber', 'municipalityCode', 'active']}
      intro={<p className="help-text">{t('common.requiredNote')}</p>}
    >
      <TextInput
        label={t('field.name')}
        name="name"
        value={d.name}
        onChange={(x) => set('name', x)}
        isRequired
        validate={v.required}
        maxLength={200}
        autoFocus
      />
      <SelectInput
        label={t('field.kind')}
        name="kind"
        value={d.kind}
        onChange={(x) => set('kind', x)}
        isRequired
        options={CARE_PROVIDER_KINDS.map((k) => ({ id: k, label: t(`careProviderKind.${k}`) }))}
      />
      <TextInput
        label={t('field.organisationNumber')}
        name="organisationNumber"
        value={d.organisationNumber}
        onChange={(x) => set('organisationNumber', x)}
        isRequired
        validate={v.orgNumber}
        description={t('careProviders.orgNumberHelp')}
        inputMode="numeric"
      />
      <TextInput
        label={t('field.municipalityCode')}
        name="municipalityCode"
        value={d.municipalityCode}
        onChange={(x) => set('municipalityCode', x)}
        validate={v.municipalityCode}
        description={t('careProviders.municipalityCodeHelp')}
        inputMode="numeric"
        maxLength={4}
      />
      <CheckboxInput isSelected={d.active} onChange={(x) => set('active', x)} name="active">
        {t('field.active')}
      </CheckboxInput>
    </FormDialog>
  );
}
