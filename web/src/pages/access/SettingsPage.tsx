import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient, type ApiData } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ErrorAlert, Loading, Page, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';

type Setting = ApiData<'/api/admin/settings'>[number];

/**
 * Inställningar (issue 13 item 7): the rules system administration changes at run time, each with its
 * allowed values; the server audits every change.
 */
export function SettingsPage() {
  const { t, tMaybe, formatDateTime, locale } = useI18n();
  const list = $api.useQuery('get', '/api/admin/settings');
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState<Setting | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const label = (s: Setting) => tMaybe(`access.setting.${s.key}`) ?? s.label;
  const number = (n: number) => n.toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE');
  const allowed = (s: Setting) =>
    s.allowed.kind === 'choice'
      ? t('access.settings.choice', { values: s.allowed.values.map(number).join(', ') })
      : t('access.settings.range', { min: number(s.allowed.min), max: number(s.allowed.max) });

  return (
    <Page title={t('access.settings.title')} intro={t('access.settings.intro')}>
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ErrorAlert error={list.error} />
      <TableScroll>
        <Table aria-label={t('access.settings.title')} className="table">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('access.settings.colSetting')}
            </Column>
            <Column className="col">{t('access.settings.colValue')}</Column>
            <Column className="col">{t('access.settings.colAllowed')}</Column>
            <Column className="col">{t('access.settings.colChanged')}</Column>
            <Column className="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </Column>
          </TableHeader>
          <TableBody items={list.data ?? []} renderEmptyState={() => (list.isPending ? <Loading /> : null)}>
            {(s) => (
              <Row id={s.key} className="row">
                <Cell className="cell">{label(s)}</Cell>
                <Cell className="cell nowrap">
                  {number(s.value)}{' '}
                  {s.isDefault ? (
                    <Badge tone="muted">{t('access.settings.default')}</Badge>
                  ) : (
                    <span className="small block">{t('access.settings.defaultValue', { value: number(s.defaultValue) })}</span>
                  )}
                </Cell>
                <Cell className="cell">{allowed(s)}</Cell>
                <Cell className="cell nowrap">{s.updatedAt ? formatDateTime(s.updatedAt) : t('access.settings.notChanged')}</Cell>
                <Cell className="cell">
                  <Btn
                    className="button--small"
                    onPress={() => (setMessage(null), setEditing(s))}
                    aria-label={t('access.settings.editNamed', { name: label(s) })}
                  >
                    {t('access.settings.edit')}
                  </Btn>
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {editing ? (
        <EditSetting
          setting={editing}
          label={label(editing)}
          allowedText={allowed(editing)}
          onClose={() => setEditing(null)}
          onDone={(s) => {
            setEditing(null);
            setMessage(t('access.settings.saved', { name: label(s), value: number(s.value) }));
            void invalidate('/api/admin/settings');
          }}
        />
      ) : null}
    </Page>
  );
}

function EditSetting({
  setting,
  label,
  allowedText,
  onClose,
  onDone,
}: {
  setting: Setting;
  label: string;
  allowedText: string;
  onClose: () => void;
  onDone: (s: Setting) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(String(setting.value));
  const [choice, setChoice] = useState<string | null>(String(setting.value));
  const a = setting.allowed;
  const send = () => {
    const raw = a.kind === 'choice' ? (choice ?? '') : text.trim().replace(/\s/g, '').replace(',', '.');
    // A value that is not a number is still sent: the server says what is allowed, on the field.
    const value = raw === '' ? Number.NaN : Number(raw);
    return fetchClient
      .PUT('/api/admin/settings/{key}', {
        params: { path: { key: setting.key } },
        body: { value: Number.isFinite(value) ? value : (raw as unknown as number) },
      })
      .then(dataOf);
  };
  return (
    <FormDialog
      title={t('access.settings.editTitle')}
      onClose={onClose}
      send={send}
      onDone={onDone}
      submitLabel={t('common.save')}
      shownFields={['value']}
      intro={<p>{label}</p>}
    >
      {a.kind === 'choice' ? (
        <SelectInput
          label={t('access.settings.value')}
          name="value"
          value={choice}
          onChange={setChoice}
          options={a.values.map((n) => ({ id: String(n), label: String(n) }))}
          isRequired
          description={allowedText}
        />
      ) : (
        <TextInput
          label={t('access.settings.value')}
          name="value"
          value={text}
          onChange={setText}
          isRequired
          inputMode="numeric"
          description={allowedText}
          autoFocus
        />
      )}
    </FormDialog>
  );
}
