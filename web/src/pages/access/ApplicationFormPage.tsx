import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Form } from 'react-aria-components';
import { $api, dataOf, fetchClient, isApiError, type ApiBody } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import { PROFESSIONS, ROLES, type Profession, type Role } from '../../api/types.ts';
import { CheckboxGroupInput, RadioGroupInput, SearchInput, SelectInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Btn, ErrorAlert, Page, setFlash, useDebounced } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate } from '../../router.ts';
import { useSession } from '../../session.tsx';
import { validators } from '../../validation.ts';

type Kind = 'newUser' | 'change' | 'leaver';
type Input = ApiBody<'/api/access-applications', 'post'>;

/** The roles local support may apply for (the server refuses others; system administration may apply for any). */
const LOCAL_SUPPORT_ROLES: readonly Role[] = ['prescriber', 'orderer', 'localSupport'];

const FIELDS = [
  'customerId',
  'firstName',
  'lastName',
  'email',
  'phone',
  'hsaId',
  'profession',
  'roles',
  'userId',
  'changes.firstName',
  'changes.lastName',
  'changes.customerId',
  'changes.roles',
  'changes.profession',
  'manager.name',
  'manager.email',
  'manager.phone',
  'note',
] as const;

/** The form fields whose change answers a refusal at the door. */
const CLEARED_BY: Record<string, readonly string[]> = {
  USER_ALREADY_EXISTS: ['email', 'hsaId'],
  CUSTOMER_OUTSIDE_CARE_PROVIDER: ['customerId'],
  MANAGER_REQUIRED: ['managerName', 'managerEmail', 'managerPhone'],
};

const empty = {
  kind: 'newUser' as Kind,
  customerId: null as string | null,
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  hsaId: '',
  profession: 'none' as Profession | 'none',
  roles: [] as Role[],
  userId: null as string | null,
  managerName: '',
  managerEmail: '',
  managerPhone: '',
  note: '',
};
type FormState = typeof empty;

/**
 * Behörighetsansökan (issue 13): local support applies for a workplace of its care provider, for a new user, a
 * change or a leaver, with the responsible manager. The refusals at the door (the person already has an
 * account, a workplace of another care provider, no manager) are shown on the fields they concern.
 */
export function ApplicationFormPage() {
  const { t, collator } = useI18n();
  const v = validators(t);
  const { hasRole } = useSession();
  const isAdmin = hasRole('systemAdmin');
  const [form, setForm] = useState<FormState>(empty);
  const [userQ, setUserQ] = useState('');
  const debouncedQ = useDebounced(userQ.trim(), 300);

  const customers = $api.useQuery('get', '/api/customers');
  const users = $api.useQuery('get', '/api/users', { params: { query: { q: debouncedQ, active: 'true', limit: 50 } } }, { enabled: form.kind !== 'newUser' });

  const customerOptions = [...(customers.data ?? [])]
    .filter((c) => c.active)
    .sort((a, b) => collator.compare(a.careProviderName, b.careProviderName) || a.customerNumber.localeCompare(b.customerNumber))
    .map((c) => ({ id: c.id, label: `${c.customerNumber} ${c.name} (${c.careProviderName})` }));
  const userOptions = [...(users.data?.items ?? [])]
    .sort((a, b) => collator.compare(`${a.lastName} ${a.firstName}`, `${b.lastName} ${b.firstName}`))
    .map((u) => ({ id: u.id, label: `${u.lastName}, ${u.firstName} (${u.username})` }));
  const roleOptions = (isAdmin ? ROLES : LOCAL_SUPPORT_ROLES).map((r) => ({ id: r, label: t(`role.${r}`) }));
  const professionOptions = [
    { id: 'none' as const, label: t(form.kind === 'change' ? 'access.form.unchanged' : 'profession.none') },
    ...PROFESSIONS.map((p) => ({ id: p, label: t(`profession.${p}`) })),
  ];

  const [noChange, setNoChange] = useState(false);
  const isNoChange = () =>
    form.kind === 'change' && !form.firstName.trim() && !form.lastName.trim() && !form.customerId && !form.roles.length && form.profession === 'none';
  const save = useMutation({
    mutationFn: async () => {
      const manager = { name: form.managerName.trim(), email: form.managerEmail.trim(), phone: form.managerPhone.trim() };
      const note = form.note.trim() || undefined;
      const opt = (s: string) => s.trim() || undefined;
      const profession = form.profession === 'none' ? undefined : form.profession;
      let body: Input;
      if (form.kind === 'newUser') {
        body = {
          kind: 'newUser',
          customerId: form.customerId ?? '',
          firstName: form.firstName.trim(),
          lastName: form.lastName.trim(),
          email: form.email.trim(),
          phone: opt(form.phone),
          hsaId: opt(form.hsaId),
          profession,
          roles: form.roles,
          manager,
          note,
        };
      } else if (form.kind === 'change') {
        body = {
          kind: 'change',
          userId: form.userId ?? '',
          changes: {
            firstName: opt(form.firstName),
            lastName: opt(form.lastName),
            customerId: form.customerId ?? undefined,
            roles: form.roles.length ? form.roles : undefined,
            profession,
          },
          manager,
          note,
        };
      } else {
        body = { kind: 'leaver', userId: form.userId ?? '', manager, note };
      }
      return fetchClient.POST('/api/access-applications', { body }).then(dataOf);
    },
    onSuccess: (a) => {
      setFlash(t('access.apps.submitted', { name: a.personName }));
      navigate('/admin/ansokningar');
    },
  });
  const error = save.error;
  const set = <K extends keyof FormState>(k: K, val: FormState[K]) => {
    setForm((f) => ({ ...f, [k]: val }));
    // A refusal at the door marks several fields (e.g. the e-mail and the HSA-id, either may be the account's):
    // changing one of them takes it off them all, so the corrected form can be sent.
    if (isApiError(error) && CLEARED_BY[error.code]?.includes(k)) save.reset();
  };
  const fieldErrors = useMemo(() => {
    // The refusals at the door come as codes without a field: they belong to the fields the user must change.
    const byField: Record<string, string> = { ...issuesByField(error) };
    if (!isApiError(error)) return byField;
    const workplace = form.kind === 'change' ? 'changes.customerId' : 'customerId';
    if (error.code === 'USER_ALREADY_EXISTS') {
      byField.email = t('error.USER_ALREADY_EXISTS');
      if (form.hsaId.trim()) byField.hsaId = t('error.USER_ALREADY_EXISTS');
    }
    if (error.code === 'CUSTOMER_OUTSIDE_CARE_PROVIDER') byField[workplace] = t('error.CUSTOMER_OUTSIDE_CARE_PROVIDER');
    if (error.code === 'MANAGER_REQUIRED') for (const f of ['manager.name', 'manager.email', 'manager.phone']) byField[f] = t('error.MANAGER_REQUIRED');
    return byField;
    // Recomputed per failure only: a new object on each keystroke would put the error back (see issuesByField).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the form's fields as they were when the error came
  }, [error, t]);

  const kinds: { id: Kind; label: string }[] = [
    { id: 'newUser', label: t('access.apps.kind.newUser') },
    { id: 'change', label: t('access.apps.kind.change') },
    { id: 'leaver', label: t('access.apps.kind.leaver') },
  ];

  return (
    <Page
      title={t('access.form.title')}
      intro={t('access.form.intro')}
      breadcrumbs={[{ href: '/admin/ansokningar', label: t('access.apps.title') }, { label: t('access.form.title') }]}
    >
      <Form
        className="form card"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          // A change with nothing to change is not sent: the user is told what is missing.
          const nothing = isNoChange();
          setNoChange(nothing);
          if (!nothing) save.mutate();
        }}
      >
        <p className="help-text">{t('common.requiredNote')}</p>
        <ErrorAlert error={error} shownFields={FIELDS} />
        <RadioGroupInput
          label={t('access.form.kind')}
          name="kind"
          value={form.kind}
          onChange={(k) => (save.reset(), set('kind', k))}
          options={kinds}
          orientation="horizontal"
          isRequired
        />

        {form.kind === 'newUser' ? (
          <fieldset className="fieldset">
            <legend className="fieldset-legend">{t('access.form.person')}</legend>
            <SelectInput
              label={t('access.form.workplace')}
              name="customerId"
              value={form.customerId}
              onChange={(x) => set('customerId', x)}
              options={customerOptions}
              isRequired
              description={isAdmin ? undefined : t('access.form.workplaceHelp')}
            />
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
              <TextInput
                label={t('field.email')}
                name="email"
                type="email"
                value={form.email}
                onChange={(x) => set('email', x)}
                isRequired
                validate={v.email}
                description={t('access.form.emailHelp')}
                maxLength={200}
              />
              <TextInput
                label={t('field.phone')}
                name="phone"
                type="tel"
                value={form.phone}
                onChange={(x) => set('phone', x)}
                validate={v.phone}
                maxLength={30}
              />
            </div>
            <div className="field-row">
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
              <SelectInput
                label={t('field.profession')}
                name="profession"
                value={form.profession}
                onChange={(x) => set('profession', x ?? 'none')}
                options={professionOptions}
              />
            </div>
            <CheckboxGroupInput
              label={t('field.roles')}
              name="roles"
              value={form.roles}
              onChange={(x) => set('roles', x)}
              options={roleOptions}
              description={isAdmin ? undefined : t('access.form.rolesLimited')}
            />
          </fieldset>
        ) : (
          <fieldset className="fieldset">
            <legend className="fieldset-legend">{t('access.form.person')}</legend>
            {/* Enter in the search narrows the list below; it must not send the application. */}
            <div onKeyDown={(e) => (e.key === 'Enter' ? e.preventDefault() : undefined)}>
              <SearchInput label={t('access.form.userSearch')} name="userQ" value={userQ} onChange={setUserQ} description={t('access.form.userSearchHelp')} />
            </div>
            <SelectInput label={t('access.form.user')} name="userId" value={form.userId} onChange={(x) => set('userId', x)} options={userOptions} isRequired />
          </fieldset>
        )}

        {form.kind === 'change' ? (
          <fieldset className="fieldset">
            <legend className="fieldset-legend">{t('access.form.changesLegend')}</legend>
            <p className="help-text">{t('access.form.changesHelp')}</p>
            {noChange && isNoChange() ? (
              <p className="field-error" role="alert">
                {t('access.form.noChange')}
              </p>
            ) : null}
            <div className="field-row">
              <TextInput
                label={t('access.form.newFirstName')}
                name="changes.firstName"
                value={form.firstName}
                onChange={(x) => set('firstName', x)}
                maxLength={100}
              />
              <TextInput
                label={t('access.form.newLastName')}
                name="changes.lastName"
                value={form.lastName}
                onChange={(x) => set('lastName', x)}
                maxLength={100}
              />
            </div>
            <SelectInput
              label={t('access.form.newWorkplace')}
              name="changes.customerId"
              value={form.customerId}
              onChange={(x) => set('customerId', x)}
              options={customerOptions}
              description={isAdmin ? undefined : t('access.form.workplaceHelp')}
            />
            <SelectInput
              label={t('field.profession')}
              name="changes.profession"
              value={form.profession}
              onChange={(x) => set('profession', x ?? 'none')}
              options={professionOptions}
            />
            <CheckboxGroupInput
              label={t('access.form.newRoles')}
              name="changes.roles"
              value={form.roles}
              onChange={(x) => set('roles', x)}
              options={roleOptions}
              description={t('access.form.newRolesHelp')}
            />
          </fieldset>
        ) : null}

        <fieldset className="fieldset">
          <legend className="fieldset-legend">{t('access.form.manager')}</legend>
          <p className="help-text">{t('access.form.managerHelp')}</p>
          <TextInput
            label={t('access.form.managerName')}
            name="manager.name"
            value={form.managerName}
            onChange={(x) => set('managerName', x)}
            isRequired
            validate={v.required}
            maxLength={200}
          />
          <div className="field-row">
            <TextInput
              label={t('access.form.managerEmail')}
              name="manager.email"
              type="email"
              value={form.managerEmail}
              onChange={(x) => set('managerEmail', x)}
              isRequired
              validate={v.email}
              maxLength={200}
            />
            <TextInput
              label={t('access.form.managerPhone')}
              name="manager.phone"
              type="tel"
              value={form.managerPhone}
              onChange={(x) => set('managerPhone', x)}
              isRequired
              validate={v.phone}
              maxLength={30}
            />
          </div>
        </fieldset>

        <TextAreaInput label={t('access.form.note')} name="note" value={form.note} onChange={(x) => set('note', x)} maxLength={2000} rows={3} />
        <div className="button-row">
          <Btn type="submit" variant="primary" isPending={save.isPending || save.isSuccess}>
            {t('access.form.submit')}
          </Btn>
        </div>
      </Form>
    </Page>
  );
}
