import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Form } from 'react-aria-components';
import { issuesByField } from '../api/errors.ts';
import { $api, dataOf, fetchClient, isApiError } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { TextInput } from '../components/fields.tsx';
import { Btn, ErrorAlert, Loading, Page, Section, SuccessMessage } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { validators } from '../validation.ts';
import { formatRoles, professionLabel } from '../format.ts';

export function ProfilePage() {
  const { t, formatDateTime, collator, tMaybe } = useI18n();
  const meQuery = $api.queryOptions('get', '/api/me');
  const me = $api.useQuery('get', '/api/me');
  const queryClient = useQueryClient();
  const u = me.data;
  return (
    <Page title={t('profile.title')}>
      {me.isPending ? <Loading /> : null}
      <ErrorAlert error={me.error} />
      {u ? (
        <div className="two-col">
          <div className="stack">
            <Section title={t('profile.details')} id="details">
              <dl className="details">
                <dt>{t('field.name')}</dt>
                <dd>
                  {u.firstName} {u.lastName}
                </dd>
                <dt>{t('field.username')}</dt>
                <dd className="mono">{u.username}</dd>
                <dt>{t('field.profession')}</dt>
                <dd>{u.profession ? professionLabel({ tMaybe }, u.profession) : t('common.notSet')}</dd>
                <dt>{t('field.hsaId')}</dt>
                <dd className="mono">{u.hsaId ?? t('common.notSet')}</dd>
                <dt>{t('field.roles')}</dt>
                <dd>{formatRoles(t, u.roles)}</dd>
                <dt>{t('profile.language')}</dt>
                <dd>{t('profile.languageValue')}</dd>
                <dt>{t('profile.lastLogin')}</dt>
                <dd>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('common.never')}</dd>
              </dl>
            </Section>
            <Section title={t('profile.customers')} id="customers">
              {u.memberships.length ? (
                <ul className="plain-list">
                  {[...u.memberships]
                    .sort((a, b) => collator.compare(a.customerName, b.customerName))
                    .map((m) => (
                      <li key={m.customerId}>
                        <span className="mono">{m.customerNumber}</span> {m.customerName}
                        {m.isDefault ? <span className="muted"> ({t('profile.default')})</span> : null}
                      </li>
                    ))}
                </ul>
              ) : (
                <p className="empty">{t('start.noCustomers')}</p>
              )}
            </Section>
          </div>
          <div className="stack">
            <ContactForm user={u} onSaved={(nu) => queryClient.setQueryData(meQuery.queryKey, nu)} />
            <PasswordForm />
          </div>
        </div>
      ) : null}
    </Page>
  );
}

function ContactForm({ user, onSaved }: { user: User; onSaved: (u: User) => void }) {
  const { t } = useI18n();
  const v = validators(t);
  const [phone, setPhone] = useState(user.phone ?? '');
  const [email, setEmail] = useState(user.email ?? '');
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => fetchClient.PATCH('/api/me', { body: { phone: phone.trim(), email: email.trim() } }).then(dataOf),
    onSuccess: (nu) => {
      onSaved(nu);
      setPhone(nu.phone ?? '');
      setEmail(nu.email ?? '');
      setSaved(true);
    },
  });
  const error = save.error;

  return (
    <Section title={t('profile.contact')} id="contact">
      <Form
        className="form"
        validationErrors={issuesByField(error)}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <p className="help-text">{t('profile.contactHelp')}</p>
        <ErrorAlert error={error} shownFields={['phone', 'email']} />
        <TextInput
          label={t('field.phone')}
          name="phone"
          type="tel"
          value={phone}
          onChange={(x) => (setPhone(x), setSaved(false))}
          autoComplete="tel"
          validate={v.phone}
        />
        <TextInput
          label={t('field.email')}
          name="email"
          type="email"
          value={email}
          onChange={(x) => (setEmail(x), setSaved(false))}
          autoComplete="email"
          validate={v.email}
        />
        <div className="button-row">
          <Btn type="submit" variant="primary" isPending={save.isPending}>
            {t('common.save')}
          </Btn>
        </div>
        {saved ? <SuccessMessage>{t('profile.contactSaved')}</SuccessMessage> : null}
      </Form>
    </Section>
  );
}

function PasswordForm() {
  const { t } = useI18n();
  const v = validators(t);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: () => fetchClient.POST('/api/me/password', { body: { currentPassword: current, newPassword: next } }),
    onMutate: () => setDone(false),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    },
  });
  const error = change.error;
  // A wrong current password comes back as INVALID_CREDENTIALS: shown at the field, not as a logout.
  // One object per error (see issuesByField): a new one on every keystroke would keep the error on the field.
  const fieldErrors = useMemo(() => {
    const f: Record<string, string> = { ...issuesByField(error) };
    if (isApiError(error) && error.code === 'INVALID_CREDENTIALS') f.currentPassword = t('profile.wrongCurrentPassword');
    return f;
  }, [error, t]);

  return (
    <Section title={t('profile.password')} id="password">
      <Form
        className="form"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate();
        }}
      >
        <p className="help-text">{t('profile.passwordHelp')}</p>
        <ErrorAlert
          error={error}
          shownFields={['currentPassword', 'newPassword']}
          {...(isApiError(error) && error.code === 'INVALID_CREDENTIALS' ? { message: t('profile.wrongCurrentPassword') } : {})}
        />
        <TextInput
          label={t('profile.currentPassword')}
          name="currentPassword"
          type="password"
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
          isRequired
        />
        <TextInput
          label={t('profile.newPassword')}
          name="newPassword"
          type="password"
          value={next}
          onChange={setNext}
          autoComplete="new-password"
          isRequired
          validate={v.password}
        />
        <TextInput
          label={t('profile.repeatPassword')}
          name="repeatPassword"
          type="password"
          value={repeat}
          onChange={setRepeat}
          autoComplete="new-password"
          isRequired
          validate={(r) => (r && r !== next ? t('validation.passwordMismatch') : null)}
        />
        <div className="button-row">
          <Btn type="submit" variant="primary" isPending={change.isPending}>
            {t('profile.password')}
          </Btn>
        </div>
        {done ? <SuccessMessage>{t('profile.passwordChanged')}</SuccessMessage> : null}
      </Form>
    </Section>
  );
}
