import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { issuesByField } from '../api/errors.ts';
import { $api, fetchClient } from '../api/client.ts';
import { useInvalidate } from '../api/query.ts';
import type { News, NewsSeverity } from '../api/types.ts';
import { CheckboxGroupInput, RadioGroupInput, SelectInput, TextAreaInput, TextInput } from '../components/fields.tsx';
import { Btn, ConfirmModal, ErrorAlert, Loading, Page, Section, SuccessMessage } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { validators } from '../validation.ts';
import { NewsItem } from './StartPage.tsx';

export function NewsAdminPage() {
  const { t, collator } = useI18n();
  const news = $api.useQuery('get', '/api/news/manage');
  const customers = $api.useQuery('get', '/api/customers');
  const invalidate = useInvalidate();
  const [message, setMessage] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState<News | null>(null);
  const customerName = (id: string | null) => (id ? customers.data?.find((c) => c.id === id)?.name : undefined);
  const customerOptions = [
    { id: 'all', label: t('newsAdmin.allUsers') },
    ...[...(customers.data ?? [])].sort((a, b) => collator.compare(a.name, b.name)).map((c) => ({ id: c.id, label: `${c.customerNumber} ${c.name}` })),
  ];

  const withdraw = useMutation({
    mutationFn: async (n: News) => {
      await fetchClient.POST('/api/news/{id}/withdraw', { params: { path: { id: n.id } }, body: {} });
      setWithdrawing(null);
      // Said once the list no longer shows it.
      await invalidate('/api/news/manage');
      setMessage(t('newsAdmin.withdrawn'));
    },
  });

  return (
    <Page title={t('newsAdmin.title')} intro={t('newsAdmin.intro')}>
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <div className="two-col two-col--wide">
        <PublishForm
          customerOptions={customerOptions}
          onSubmitting={() => setMessage(null)}
          onPublished={async () => {
            // Said once the list shows it (and not left over from an earlier publish while this one is sent).
            await invalidate('/api/news/manage');
            setMessage(t('newsAdmin.published'));
          }}
        />
        <Section title={t('newsAdmin.current')} id="current">
          <p className="help-text">{t('newsAdmin.currentHelp')}</p>
          {news.isPending ? (
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
                      onPress={() => (withdraw.reset(), setMessage(null), setWithdrawing(n))}
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
        onConfirm={() => withdrawing && withdraw.mutate(withdrawing)}
        error={withdraw.error}
        pending={withdraw.isPending}
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
  const { t, locale } = useI18n();
  const v = validators(t);
  const classes = $api.useQuery('get', '/api/catalogue/iso', { params: { query: { edition: '2022' } } });
  const classOptions = (classes.data ?? []).map((c) => ({ id: c.code, label: `${c.code} ${(locale === 'en' ? c.titleEn : null) ?? c.titleSv}` }));
  const [areas, setAreas] = useState<string[]>([]);
  const [moreCodes, setMoreCodes] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [severity, setSeverity] = useState<NewsSeverity>('info');
  const [target, setTarget] = useState<string>('all');
  const [expiresAt, setExpiresAt] = useState('');
  const publish = useMutation({
    mutationFn: async () => {
      await fetchClient.POST('/api/news', {
        body: {
          title: title.trim(),
          body: body.trim(),
          severity,
          targetCustomerId: target === 'all' ? null : target,
          targetIsoCodes: [
            ...areas,
            ...moreCodes
              .split(',')
              .map((c) => c.trim())
              .filter(Boolean),
          ],
          // datetime-local is the user's local time; the API wants an instant.
          expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
        },
      });
      setTitle('');
      setBody('');
      setSeverity('info');
      setTarget('all');
      setAreas([]);
      setMoreCodes('');
      setExpiresAt('');
      await onPublished();
    },
  });
  const error = publish.error;
  function submit() {
    onSubmitting();
    publish.mutate();
  }

  return (
    <Section title={t('newsAdmin.publishHeading')} id="publish">
      <Form
        className="form"
        validationErrors={issuesByField(error)}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
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
        <SelectInput
          label={t('field.targetCustomer')}
          name="targetCustomerId"
          value={target}
          onChange={(x) => setTarget(x ?? 'all')}
          options={customerOptions}
        />
        <CheckboxGroupInput
          label={t('quality.news.areas')}
          name="targetIsoClasses"
          value={areas}
          onChange={setAreas}
          options={classOptions}
          description={t('quality.news.areasHelp')}
        />
        <TextInput
          label={t('quality.news.moreCodes')}
          name="targetIsoCodes"
          value={moreCodes}
          onChange={setMoreCodes}
          maxLength={200}
          description={t('quality.news.moreCodesHelp')}
          autoComplete="off"
        />
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
          <Btn type="submit" variant="primary" isPending={publish.isPending}>
            {t('newsAdmin.publish')}
          </Btn>
        </div>
      </Form>
    </Section>
  );
}
