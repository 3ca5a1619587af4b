import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Form } from 'react-aria-components';
import { issuesByField } from '../api/errors.ts';
import { $api, dataOf, fetchClient, isApiError } from '../api/client.ts';
import { PROFESSIONS, ROLES, type Customer, type MembershipInput, type Profession, type Role, type User } from '../api/types.ts';
import { AddFromComboBox, CheckboxGroupInput, RadioGroupInput, SelectInput, TextInput } from '../components/fields.tsx';
import { AppModal, Badge, Btn, ConfirmModal, ErrorAlert, Loading, Page, Section, setFlash, SuccessMessage, useFlash } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.ts';
import { useSession } from '../session.tsx';
import { validators } from '../validation.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { formatRoles, professionLabel } from '../format.ts';

interface FormState {
  username: string;
  firstName: string;
  lastName: string;
  profession: Profession | 'none';
  hsaId: string;
  phone: string;
  email: string;
  roles: Role[];
  memberships: MembershipInput[];
  password: string;
}

const emptyForm: FormState = {
  username: '',
  firstName: '',
  lastName: '',
  profession: 'none',
  hsaId: '',
  phone: '',
  email: '',
  roles: [],
  memberships: [],
  password: '',
};

function fromUser(u: User): FormState {
  return {
    username: u.username,
    firstName: u.firstName,
    lastName: u.lastName,
    profession: (PROFESSIONS as readonly string[]).includes(u.profession ?? '') ? (u.profession as Profession) : 'none',
    hsaId: u.hsaId ?? '',
    phone: u.phone ?? '',
    email: u.email ?? '',
    roles: [...u.roles],
    memberships: u.memberships.map((m) => ({ customerId: m.customerId, isDefault: m.isDefault })),
    password: '',
  };
}

const FIELDS = ['username', 'firstName', 'lastName', 'profession', 'hsaId', 'phone', 'email', 'roles', 'memberships', 'password'];

export function UserPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { hasRole } = useSession();
  const isAdmin = hasRole('systemAdmin');
  const init = { params: { path: { id } } };
  const user = $api.useQuery('get', '/api/users/{id}', init);
  const queryClient = useQueryClient();
  const setUser = (nu: User) => queryClient.setQueryData($api.queryOptions('get', '/api/users/{id}', init).queryKey, nu);
  const [flash, setFlashMsg] = useFlash();

  if (isApiError(user.error) && (user.error.code === 'NOT_FOUND' || user.error.code === 'FORBIDDEN' || user.error.code === 'VALIDATION')) {
    return <NotFoundPage message={t('user.notFound')} />;
  }
  const u = user.data;
  const name = u ? `${u.firstName} ${u.lastName}` : t('common.loading');
  return (
    <Page title={name} breadcrumbs={[{ href: '/admin/anvandare', label: t('users.title') }, { label: name }]}>
      {flash ? <SuccessMessage>{flash}</SuccessMessage> : null}
      <ErrorAlert error={user.error} />
      {!u ? (
        <Loading />
      ) : isAdmin ? (
        <div className="two-col two-col--wide">
          <UserForm key={u.id} user={u} onSaved={(nu) => (setUser(nu), setFlashMsg(null))} />
          <AccountPanel user={u} onChanged={(nu) => (setUser(nu), setFlashMsg(null))} />
        </div>
      ) : (
        <UserReadOnly user={u} />
      )}
    </Page>
  );
}

export function NewUserPage() {
  const { t } = useI18n();
  return (
    <Page title={t('user.newTitle')} breadcrumbs={[{ href: '/admin/anvandare', label: t('users.title') }, { label: t('user.newTitle') }]}>
      <UserForm />
    </Page>
  );
}

function UserReadOnly({ user: u }: { user: User }) {
  const { t, tMaybe, formatDateTime } = useI18n();
  return (
    <Section title={t('user.details')} id="details">
      <dl className="details">
        <dt>{t('field.username')}</dt>
        <dd className="mono">{u.username}</dd>
        <dt>{t('field.profession')}</dt>
        <dd>{u.profession ? professionLabel({ tMaybe }, u.profession) : t('common.notSet')}</dd>
        <dt>{t('field.hsaId')}</dt>
        <dd className="mono">{u.hsaId ?? t('common.notSet')}</dd>
        <dt>{t('field.phone')}</dt>
        <dd>{u.phone ?? t('common.notSet')}</dd>
        <dt>{t('field.email')}</dt>
        <dd>{u.email ?? t('common.notSet')}</dd>
        <dt>{t('field.roles')}</dt>
        <dd>{formatRoles(t, u.roles) || t('common.notSet')}</dd>
        <dt>{t('user.memberships')}</dt>
        <dd>
          {u.memberships.length ? (
            <ul className="plain-list">
              {u.memberships.map((m) => (
                <li key={m.customerId}>
                  <span className="mono">{m.customerNumber}</span> {m.customerName}
                  {m.isDefault ? <span className="muted"> ({t('start.default')})</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            t('user.noMemberships')
          )}
        </dd>
        <dt>{t('common.status')}</dt>
        <dd>{u.active ? t('common.active') : t('common.inactive')}</dd>
        <dt>{t('profile.lastLogin')}</dt>
        <dd>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('common.never')}</dd>
      </dl>
    </Section>
  );
}

function UserForm({ user, onSaved }: { user?: User; onSaved?: (u: User) => void }) {
  const { t, collator } = useI18n();
  const v = validators(t);
  const isNew = !user;
  const [form, setForm] = useState<FormState>(() => (user ? fromUser(user) : emptyForm));
  const [saved, setSaved] = useState(false);
  const customers = $api.useQuery('get', '/api/customers');

  const set = <K extends keyof FormState>(k: K, val: FormState[K]) => {
    setForm((f) => ({ ...f, [k]: val }));
    setSaved(false);
  };

  const professionOptions = [{ id: 'none' as const, label: t('profession.none') }, ...PROFESSIONS.map((p) => ({ id: p, label: t(`profession.${p}`) }))];
  const roleOptions = ROLES.map((r) => ({ id: r, label: t(`role.${r}`) }));

  const save = useMutation({ onMutate: () => setSaved(false), mutationFn: send });
  const error = save.error;
  const pending = save.isPending;
  const submit = () => save.mutate();

  async function send() {
    const body = {
      firstName: form.firstName.trim(),
      lastName: form.lastName.trim(),
      profession: form.profession === 'none' ? null : form.profession,
      hsaId: form.hsaId.trim(),
      phone: form.phone.trim(),
      email: form.email.trim(),
      roles: form.roles,
      memberships: form.memberships,
    };
    if (isNew) {
      const created = await fetchClient
        .POST('/api/users', {
          body: {
            ...body,
            username: form.username.trim().toLowerCase(),
            ...(form.password ? { password: form.password } : {}),
          },
        })
        .then(dataOf);
      setFlash(t('user.created'));
      navigate(`/admin/anvandare/${created.id}`, { replace: true });
      return;
    }
    const updated = await fetchClient.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body }).then(dataOf);
    setForm(fromUser(updated));
    onSaved?.(updated);
    setSaved(true);
  }

  return (
    <Section title={t('user.details')} id="user-form">
      <Form
        className="form"
        validationErrors={issuesByField(error)}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="help-text">{t('common.requiredNote')}</p>
        <ErrorAlert error={error} shownFields={FIELDS} />
        {isNew ? (
          <TextInput
            label={t('field.username')}
            name="username"
            value={form.username}
            onChange={(x) => set('username', x)}
            isRequired
            validate={v.username}
            description={t('user.usernameHelp')}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
          />
        ) : null}
        <div className="field-row">
          <TextInput
            label={t('field.firstName')}
            name="firstName"
            value={form.firstName}
            onChange={(x) => set('firstName', x)}
            isRequired
            validate={v.required}
            maxLength={100}
          />
          <TextInput
            label={t('field.lastName')}
            name="lastName"
            value={form.lastName}
            onChange={(x) => set('lastName', x)}
            isRequired
            validate={v.required}
            maxLength={100}
          />
        </div>
        <div className="field-row">
          <SelectInput
            label={t('field.profession')}
            name="profession"
            value={form.profession}
            onChange={(x) => set('profession', x ?? 'none')}
            options={professionOptions}
          />
          <TextInput
            label={t('field.hsaId')}
            name="hsaId"
            value={form.hsaId}
            onChange={(x) => set('hsaId', x)}
            validate={v.hsaId}
            description={t('user.hsaIdHelp')}
            spellCheck={false}
            maxLength={31}
          />
        </div>
        <div className="field-row">
          <TextInput label={t('field.phone')} name="phone" type="tel" value={form.phone} onChange={(x) => set('phone', x)} validate={v.phone} />
          <TextInput label={t('field.email')} name="email" type="email" value={form.email} onChange={(x) => set('email', x)} validate={v.email} />
        </div>
        <CheckboxGroupInput
          label={t('field.roles')}
          name="roles"
          value={form.roles}
          onChange={(x) => set('roles', x)}
          options={roleOptions}
          description={t('user.rolesHelp')}
        />
        <MembershipEditor
          customers={customers.data ?? []}
          loading={customers.isPending}
          value={form.memberships}
          onChange={(m) => set('memberships', m)}
          collator={collator}
          serverError={issuesByField(error).memberships}
        />
        {isNew ? (
          <TextInput
            label={t('user.passwordOptional')}
            name="password"
            type="password"
            value={form.password}
            onChange={(x) => set('password', x)}
            validate={v.optionalPassword}
            description={t('user.passwordOptionalHelp')}
            autoComplete="new-password"
          />
        ) : null}
        <div className="button-row">
          <Btn type="submit" variant="primary" isPending={pending}>
            {isNew ? t('user.create') : t('common.save')}
          </Btn>
        </div>
        {saved ? <SuccessMessage>{t('user.saved')}</SuccessMessage> : null}
      </Form>
    </Section>
  );
}

function MembershipEditor({
  customers,
  loading,
  value,
  onChange,
  collator,
  serverError,
}: {
  customers: Customer[];
  loading: boolean;
  value: MembershipInput[];
  onChange: (m: MembershipInput[]) => void;
  collator: Intl.Collator;
  serverError?: string | undefined;
}) {
  const { t } = useI18n();
  const byId = useMemo(() => new Map(customers.map((c) => [c.id, c])), [customers]);
  const label = (id: string) => {
    const c = byId.get(id);
    return c ? `${c.customerNumber} ${c.name}` : id;
  };
  const chosen = new Set(value.map((m) => m.customerId));
  const options = customers
    .filter((c) => !chosen.has(c.id))
    .sort((a, b) => collator.compare(a.name, b.name))
    .map((c) => ({ id: c.id, label: `${c.customerNumber} ${c.name}` }));
  const sorted = [...value].sort((a, b) => collator.compare(byId.get(a.customerId)?.name ?? '', byId.get(b.customerId)?.name ?? ''));
  const defaultId = value.find((m) => m.isDefault)?.customerId ?? null;

  const add = (id: string) => onChange([...value, { customerId: id, isDefault: value.length === 0 }]);
  const remove = (id: string) => {
    const rest = value.filter((m) => m.customerId !== id);
    // Exactly one default: when the default goes, the first remaining customer becomes the default.
    if (rest.length && !rest.some((m) => m.isDefault)) rest[0] = { ...rest[0]!, isDefault: true };
    onChange(rest);
  };

  return (
    <fieldset className="fieldset">
      <legend className="fieldset-legend">{t('user.memberships')}</legend>
      <p className="help-text">{t('user.membershipsHelp')}</p>
      {serverError ? (
        <p className="field-error" role="alert">
          {serverError}
        </p>
      ) : null}
      {loading ? (
        <Loading />
      ) : (
        <>
          {sorted.length ? (
            <ul className="chip-list">
              {sorted.map((m) => (
                <li key={m.customerId} className="chip">
                  <span>
                    {label(m.customerId)}
                    {m.isDefault ? <span className="muted"> ({t('start.default')})</span> : null}
                  </span>
                  <Btn
                    variant="quiet"
                    className="button--small"
                    onPress={() => remove(m.customerId)}
                    aria-label={t('user.removeCustomer', { name: label(m.customerId) })}
                  >
                    {t('common.remove')}
                  </Btn>
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty">{t('user.noMemberships')}</p>
          )}
          {sorted.length > 1 ? (
            <RadioGroupInput
              label={t('user.defaultCustomer')}
              name="defaultCustomer"
              value={defaultId}
              onChange={(id) => onChange(value.map((m) => ({ ...m, isDefault: m.customerId === id })))}
              options={sorted.map((m) => ({ id: m.customerId, label: label(m.customerId) }))}
            />
          ) : null}
          <AddFromComboBox label={t('user.customer')} addLabel={t('user.addCustomer')} options={options} onAdd={add} description={t('user.addCustomerHelp')} />
        </>
      )}
    </fieldset>
  );
}

function AccountPanel({ user, onChanged }: { user: User; onChanged: (u: User) => void }) {
  const { t, formatDateTime } = useI18n();
  const v = validators(t);
  const name = `${user.firstName} ${user.lastName}`;
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [pwOpen, setPwOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const path = { path: { id: user.id } };
  const activation = useMutation({
    onMutate: () => setMessage(null),
    mutationFn: (active: boolean) =>
      (active
        ? fetchClient.POST('/api/users/{id}/activate', { params: path, body: {} })
        : fetchClient.POST('/api/users/{id}/inactivate', { params: path, body: {} })
      ).then(dataOf),
    onSuccess: (nu, active) => {
      onChanged(nu);
      setConfirmOpen(false);
      setMessage(t(active ? 'user.activated' : 'user.inactivated'));
    },
  });
  const passwordChange = useMutation({
    onMutate: () => setMessage(null),
    mutationFn: () => fetchClient.POST('/api/users/{id}/password', { params: path, body: { password } }),
    onSuccess: () => {
      setPwOpen(false);
      setPassword('');
      setMessage(t('user.passwordSet'));
    },
  });
  const error = activation.error;
  const pwError = passwordChange.error;
  const pending = activation.isPending || passwordChange.isPending;
  const setActive = (active: boolean) => activation.mutate(active);
  const savePassword = () => passwordChange.mutate();

  return (
    <Section title={t('user.account')} id="account">
      <dl className="details">
        <dt>{t('field.username')}</dt>
        <dd className="mono">{user.username}</dd>
        <dt>{t('common.status')}</dt>
        <dd>
          {user.active ? <Badge tone="ok">{t('common.active')}</Badge> : <Badge tone="muted">{t('common.inactive')}</Badge>}
          {!user.active && user.inactivatedAt ? <span className="muted"> {t('user.inactivatedAt', { date: formatDateTime(user.inactivatedAt) })}</span> : null}
          {user.lockedUntil && new Date(user.lockedUntil) > new Date() ? (
            <span className="muted"> {t('user.lockedUntil', { date: formatDateTime(user.lockedUntil) })}</span>
          ) : null}
        </dd>
        <dt>{t('profile.lastLogin')}</dt>
        <dd>{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('common.never')}</dd>
      </dl>
      <ErrorAlert error={error} />
      <div className="button-row">
        {user.active ? (
          <Btn variant="danger" onPress={() => (activation.reset(), setConfirmOpen(true))}>
            {t('user.inactivate')}
          </Btn>
        ) : (
          <Btn onPress={() => void setActive(true)} isPending={pending}>
            {t('user.activate')}
          </Btn>
        )}
        <Btn onPress={() => (passwordChange.reset(), setPassword(''), setPwOpen(true))}>{t('user.setPassword')}</Btn>
      </div>
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}

      <ConfirmModal
        isOpen={confirmOpen}
        onOpenChange={setConfirmOpen}
        title={t('user.inactivateTitle', { name })}
        text={t('user.inactivateText')}
        confirmLabel={t('user.inactivate')}
        onConfirm={() => void setActive(false)}
        error={error}
        pending={pending}
      />
      <AppModal isOpen={pwOpen} onOpenChange={setPwOpen} title={t('user.setPasswordTitle', { name })}>
        <Form
          className="form"
          validationErrors={issuesByField(pwError)}
          onSubmit={(e) => {
            e.preventDefault();
            void savePassword();
          }}
        >
          <ErrorAlert error={pwError} shownFields={['password']} />
          <TextInput
            label={t('field.password')}
            name="password"
            type="password"
            value={password}
            onChange={setPassword}
            isRequired
            validate={v.password}
            description={t('user.setPasswordHelp')}
            autoComplete="new-password"
            autoFocus
          />
          <div className="button-row">
            <Btn type="submit" variant="primary" isPending={pending}>
              {t('common.save')}
            </Btn>
            <Btn onPress={() => setPwOpen(false)}>{t('common.cancel')}</Btn>
          </div>
        </Form>
      </AppModal>
    </Section>
  );
}
