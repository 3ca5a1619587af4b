import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../api/client.ts';
import { CheckboxGroupInput, SelectInput, TextInput } from '../components/fields.tsx';
import { FormDialog } from '../components/form-dialog.tsx';
import { AppModal, Badge, Btn, ConfirmModal, ErrorAlert, Loading, Page, SuccessMessage, TableScroll } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { validators } from '../validation.ts';
import { CLIENT_ROLES, type ClientRole, type NewSecret, type SystemClient } from './system-clients-api.ts';

const dateTime = new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const when = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : null);

type Confirm = { kind: 'secret'; client: SystemClient; secretId: string; hint: string } | { kind: 'client'; client: SystemClient };

/** System administration registers the systems that call the API with client credentials (issue 18). */
export function SystemClientsPage() {
  const { t } = useI18n();
  const list = $api.useQuery('get', '/api/system-clients');
  const queryClient = useQueryClient();
  const setList = (f: (cur: SystemClient[]) => SystemClient[]) =>
    queryClient.setQueryData<SystemClient[]>($api.queryOptions('get', '/api/system-clients').queryKey, (cur) => f(cur ?? []));
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<NewSecret | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const replace = (c: SystemClient) => setList((cur) => cur.map((x) => (x.id === c.id ? c : x)));

  const rotation = useMutation({
    mutationFn: (c: SystemClient) => fetchClient.POST('/api/system-clients/{id}/secrets', { params: { path: { id: c.id } }, body: {} }).then(dataOf),
    onMutate: () => setMessage(null),
    onSuccess: (r) => {
      replace(r.client);
      setShown(r);
    },
  });
  const confirming = useMutation({
    mutationFn: (cf: Confirm) =>
      (cf.kind === 'secret'
        ? fetchClient.POST('/api/system-clients/{id}/secrets/{secretId}/revoke', { params: { path: { id: cf.client.id, secretId: cf.secretId } }, body: {} })
        : fetchClient.POST('/api/system-clients/{id}/revoke', { params: { path: { id: cf.client.id } }, body: {} })
      ).then(dataOf),
    onSuccess: (c, cf) => {
      replace(c);
      setMessage(t(cf.kind === 'secret' ? 'systemClients.secretRevoked' : 'systemClients.clientRevoked', { name: c.name }));
      setConfirm(null);
    },
  });
  const error = rotation.error;

  return (
    <Page
      title={t('systemClients.title')}
      intro={t('systemClients.intro')}
      actions={
        <Btn variant="primary" onPress={() => (setMessage(null), setCreating(true))}>
          {t('systemClients.new')}
        </Btn>
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ErrorAlert error={list.error ?? error} />
      <TableScroll>
        <Table aria-label={t('systemClients.title')} className="table">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('field.name')}
            </Column>
            <Column className="col">{t('systemClients.scope')}</Column>
            <Column className="col">{t('field.roles')}</Column>
            <Column className="col">{t('systemClients.secrets')}</Column>
            <Column className="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </Column>
          </TableHeader>
          <TableBody items={list.data ?? []} renderEmptyState={() => (list.isPending ? <Loading /> : <p className="empty">{t('systemClients.empty')}</p>)}>
            {(c) => (
              <Row id={c.id} className="row">
                <Cell className="cell">
                  {c.name}
                  <span className="mono small block">{c.id}</span>
                  {c.revokedAt ? (
                    <Badge tone="muted">{t('systemClients.revokedAt', { at: when(c.revokedAt)! })}</Badge>
                  ) : (
                    <Badge tone="ok">{t('common.active')}</Badge>
                  )}
                </Cell>
                <Cell className="cell">
                  {c.careProviderName}
                  <span className="small block">{c.customers.map((k) => `${k.customerNumber} ${k.name}`).join(', ')}</span>
                </Cell>
                <Cell className="cell">{c.roles.map((r) => t(`role.${r}`)).join(', ')}</Cell>
                <Cell className="cell">
                  <ul className="plain-list">
                    {c.secrets.map((s) => (
                      <li key={s.id}>
                        <span className="mono">{s.hint}…</span>{' '}
                        {s.revokedAt ? (
                          <span className="small">{t('systemClients.secretRevokedAt', { at: when(s.revokedAt)! })}</span>
                        ) : (
                          <>
                            <span className="small">
                              {s.lastUsedAt ? t('systemClients.lastUsed', { at: when(s.lastUsedAt)! }) : t('systemClients.neverUsed')}
                            </span>{' '}
                            {c.revokedAt ? null : (
                              <Btn
                                className="button--small"
                                onPress={() => (setMessage(null), confirming.reset(), setConfirm({ kind: 'secret', client: c, secretId: s.id, hint: s.hint }))}
                                aria-label={t('systemClients.revokeSecretNamed', { hint: s.hint, name: c.name })}
                              >
                                {t('systemClients.revokeSecret')}
                              </Btn>
                            )}
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                </Cell>
                <Cell className="cell">
                  {c.revokedAt ? null : (
                    <div className="button-row">
                      <Btn className="button--small" onPress={() => rotation.mutate(c)} aria-label={t('systemClients.newSecretNamed', { name: c.name })}>
                        {t('systemClients.newSecret')}
                      </Btn>
                      <Btn
                        className="button--small"
                        variant="danger"
                        onPress={() => (setMessage(null), confirming.reset(), setConfirm({ kind: 'client', client: c }))}
                        aria-label={t('systemClients.revokeNamed', { name: c.name })}
                      >
                        {t('systemClients.revoke')}
                      </Btn>
                    </div>
                  )}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {creating ? (
        <NewClientDialog
          onClose={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            setList((cur) => [...cur, r.client]);
            setShown(r);
          }}
        />
      ) : null}
      {shown ? <SecretShownOnce secret={shown} onClose={() => setShown(null)} /> : null}
      <ConfirmModal
        isOpen={!!confirm}
        onOpenChange={(o) => (o ? undefined : setConfirm(null))}
        title={confirm?.kind === 'secret' ? t('systemClients.revokeSecretTitle') : t('systemClients.revokeTitle')}
        text={
          confirm?.kind === 'secret'
            ? t('systemClients.revokeSecretText', { hint: confirm.hint, name: confirm.client.name })
            : t('systemClients.revokeText', { name: confirm?.client.name ?? '' })
        }
        confirmLabel={confirm?.kind === 'secret' ? t('systemClients.revokeSecret') : t('systemClients.revoke')}
        onConfirm={() => confirm && confirming.mutate(confirm)}
        error={confirming.error}
        pending={confirming.isPending}
      />
    </Page>
  );
}

function NewClientDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (r: NewSecret) => void }) {
  const { t, collator } = useI18n();
  const v = validators(t);
  const providers = $api.useQuery('get', '/api/care-providers');
  const [name, setName] = useState('');
  const [careProviderId, setCareProviderId] = useState<string | null>(null);
  const [customerIds, setCustomerIds] = useState<string[]>([]);
  const [roles, setRoles] = useState<ClientRole[]>(['prescriber', 'orderer']);
  const customers = $api.useQuery('get', '/api/customers', { params: { query: { careProviderId: careProviderId ?? '' } } }, { enabled: !!careProviderId });

  return (
    <FormDialog
      title={t('systemClients.new')}
      onClose={onClose}
      send={() =>
        careProviderId ? fetchClient.POST('/api/system-clients', { body: { name: name.trim(), careProviderId, customerIds, roles } }).then(dataOf) : null
      }
      onDone={onCreated}
      submitLabel={t('systemClients.register')}
      shownFields={['name', 'careProviderId', 'customerIds', 'roles']}
      isSubmitDisabled={!providers.data}
      intro={<p className="help-text">{t('systemClients.newIntro')}</p>}
    >
      <TextInput label={t('field.name')} name="name" value={name} onChange={setName} isRequired validate={v.required} maxLength={100} autoFocus />
      <SelectInput
        label={t('field.careProvider')}
        name="careProviderId"
        value={careProviderId}
        onChange={(id) => (setCareProviderId(id), setCustomerIds([]))}
        isRequired
        options={[...(providers.data ?? [])]
          .filter((p) => p.active)
          .sort((a, b) => collator.compare(a.name, b.name))
          .map((p) => ({ id: p.id, label: p.name }))}
      />
      {careProviderId ? (
        <CheckboxGroupInput
          label={t('systemClients.customers')}
          name="customerIds"
          value={customerIds}
          onChange={setCustomerIds}
          description={t('systemClients.customersHelp')}
          options={(customers.data ?? []).filter((c) => c.active).map((c) => ({ id: c.id, label: `${c.customerNumber} ${c.name}` }))}
        />
      ) : null}
      <CheckboxGroupInput
        label={t('field.roles')}
        name="roles"
        value={roles}
        onChange={setRoles}
        description={t('systemClients.rolesHelp')}
        options={CLIENT_ROLES.map((r) => ({ id: r, label: t(`role.${r}`) }))}
      />
    </FormDialog>
  );
}

/** The secret is in this answer only: the dialog says so and shows the client id beside it. */
function SecretShownOnce({ secret, onClose }: { secret: NewSecret; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <AppModal
      isOpen
      onOpenChange={(o) => (o ? undefined : onClose())}
      title={t('systemClients.secretTitle', { name: secret.client.name })}
      role="alertdialog"
      isDismissable={false}
    >
      <p>{t('systemClients.secretOnce')}</p>
      <dl className="details">
        <dt>{t('systemClients.clientId')}</dt>
        <dd className="mono">{secret.client.id}</dd>
        <dt>{t('systemClients.clientSecret')}</dt>
        <dd className="mono secret-value">{secret.clientSecret}</dd>
      </dl>
      <div className="button-row">
        <Btn variant="primary" onPress={onClose} autoFocus>
          {t('systemClients.secretSaved')}
        </Btn>
      </div>
    </AppModal>
  );
}
