import { useState } from 'react';
import { Form } from 'react-aria-components';
import { api, issuesByField, type News, type NewsSeverity } from '../api.ts';
import { RadioGroupInput, SelectInput, TextAreaInput, TextInput } from '../components/fields.tsx';
import { Btn, ConfirmModal, ErrorAlert, Loading, Page, Section, SuccessMessage, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { validators } from '../validation.ts';
import { NewsItem } from './StartPage.tsx';

export function NewsAdminPage() {
  const { t, collator } = useI18n();
  const news = useLoad((s) => api.news.manage(s), []);
  const customers = useLoad((s) => api.customers.list({}, s), []);
  const [message, setMessage] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState<News | null>(null);
  const [withdrawError, setWithdrawError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const customerName = (id: string | null) => (id ? customers.data?.find((c) => c.id === id)?.name : undefined);
  const customerOptions = [
    { id: 'all', label: t('newsAdmin.allUsers') },
    ...[...(customers.data ?? [])].sort((a, b) => collator.compare(a.name, b.name)).map((c) => ({ id: c.id, label: `${c.customerNumber} ${c.name}` })),
  ];

  async function withdraw() {
    if (!withdrawing) return;
    setPending(true);
    setWithdrawError(null);
    try {
      await api.news.withdraw(withdrawing.id);
      setWithdrawing(null);
      // Said once the list no longer shows it.
      await news.reload();
      setMessage(t('newsAdmin.withdrawn'));
    } catch (e) {
      setWithdrawError(e);
    } finally {
      setPending(false);
    }
  }

  return (
    <Page title={t('newsAdmin.title')} intro={t('newsAdmin.intro')}>
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <div className="two-col two-col--wide">
        <PublishForm
          customerOptions={customerOptions}
          onSubmitting={() => setMessage(null)}
          onPublished={async () => {
            // Said once the list shows it (and not left over from an earlier publish while this one is sent).
            await news.reload();
            setMessage(t('newsAdmin.published'));
          }}
        />
        <Section title={t('newsAdmin.current')} id="current">
          <p className="help-text">{t('newsAdmin.currentHelp')}</p>
          {news.loading && !news.data ? (
            <Loading />
          ) : news.data?.length ? (
            <div className="news-list">
              {news.data.map((n) => (
                <NewsItem
                  key={n.id}
                  item={n}
                  customerName={customerName(n.targetCustomerId)}
                  actions={
                    <Btn
                      variant="danger"
                      className="button--small"
                      onPress={() => (setWithdrawError(null), setMessage(null), setWithdrawing(n))}
                      aria-label={t('newsAdmin.withdrawNamed', { title: n.title })}
                    >
                      {t('newsAdmin.withdraw')}
                    </Btn>
                  }
                />
              ))}
            </div>
          ) : (
            <p className="empty">{t('start.noNews')}</p>
          )}
        </Section>
      </div>
      <ConfirmModal
        isOpen={!!withdrawing}
        onOpenChange={(o) => (o ? undefined : setWithdrawing(null))}
        title={t('newsAdmin.withdrawTitle')}
        text={t('newsAdmin.withdrawText', { title: withdrawing?.title ?? '' })}
        confirmLabel={t('newsAdmin.withdraw')}
        onConfirm={() => void withdraw()}
        error={withdrawError}
        pending={pending}
      />
    </Page>
  );
}

function PublishForm({
  customerOptions,
  onSubmitting,
  onPublished,
}: {
  customerOptions: { id: string; label: string }[];
  onSubmitting: () => void;
  onPublished: () => Promise<void>;
}) {
  const { t } = useI18n();
  const v = validators(t);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [severity, setSeverity] = useState<NewsSeverity>('info');
  const [target, setTarget] = useState<string>('all');
  const [expiresAt, setExpiresAt] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    setPending(true);
    setError(null);
    onSubmitting();
    try {
      await api.news.publish({
        title: title.trim(),
        body: body.trim(),
        severity,
        targetCustomerId: target === 'all' ? null : target,
        // datetime-local is the user's local time; the API wants an instant.
        expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
      });
      setTitle('');
      setBody('');
      setSeverity('info');
      setTarget('all');
      setExpiresAt('');
      await onPublished();
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  }

  return (
    <Section title={t('newsAdmin.publishHeading')} id="publish">
      <Form
        className="form"
        validationErrors={issuesByField(error)}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="help-text">{t('common.requiredNote')}</p>
        <ErrorAlert error={error} shownFields={['title', 'body', 'severity', 'targetCustomerId', 'expiresAt']} />
        <RadioGroupInput
          label={t('field.severity')}
          name="severity"
          value={severity}
          onChange={setSeverity}
          orientation="horizontal"
          options={[
            { id: 'info', label: t('news.info') },
            { id: 'disruption', label: t('news.disruption') },
          ]}
        />
        <TextInput label={t('field.title')} name="title" value={title} onChange={setTitle} isRequired validate={v.required} maxLength={200} />
        <TextAreaInput label={t('field.body')} name="body" value={body} onChange={setBody} isRequired validate={v.required} maxLength={5000} rows={6} />
        <SelectInput label={t('field.targetCustomer')} name="targetCustomerId" value={target} onChange={(x) => setTarget(x ?? 'all')} options={customerOptions} />
        <TextInput
          label={t('field.expiresAt')}
          name="expiresAt"
          type="datetime-local"
          value={expiresAt}
          onChange={setExpiresAt}
          description={t('newsAdmin.expiresHelp')}
          validate={(x) => (x && new Date(x).getTime() <= Date.now() ? t('validation.futureDate') : null)}
        />
        <div className="button-row">
          <Btn type="submit" variant="primary" isPending={pending}>
            {t('newsAdmin.publish')}
          </Btn>
        </div>
      </Form>
    </Section>
  );
}
