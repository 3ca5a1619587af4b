import { useState } from 'react';
import { Cell, Column, Form, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { api, issuesByField, WEEKDAYS, type DeliveryArea } from '../api.ts';
import { SelectInput, TextInput } from '../components/fields.tsx';
import { AppModal, Btn, ErrorAlert, Loading, Page, SuccessMessage, TableScroll, useLoad } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { validators } from '../validation.ts';

export function DeliveryAreasPage() {
  const { t, collator } = useI18n();
  const list = useLoad((s) => api.deliveryAreas.list(s), []);
  const [editing, setEditing] = useState<DeliveryArea | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const rows = [...(list.data ?? [])].sort((a, b) => a.weekday - b.weekday || collator.compare(a.name, b.name));

  return (
    <Page
      title={t('deliveryAreas.title')}
      intro={t('deliveryAreas.intro')}
      actions={
        <Btn variant="primary" onPress={() => (setMessage(null), setEditing('new'))}>
          {t('deliveryAreas.new')}
        </Btn>
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ErrorAlert error={list.error} />
      <TableScroll>
        <Table aria-label={t('deliveryAreas.title')} className="table table--narrow">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('field.name')}
            </Column>
            <Column className="col">{t('field.weekday')}</Column>
            <Column className="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </Column>
          </TableHeader>
          <TableBody items={rows} renderEmptyState={() => (list.loading ? <Loading /> : <p className="empty">{t('deliveryAreas.empty')}</p>)}>
            {(a) => (
              <Row id={a.id} className="row">
                <Cell className="cell">{a.name}</Cell>
                <Cell className="cell capitalize">{t(`weekday.${a.weekday}` as MessageKey)}</Cell>
                <Cell className="cell">
                  <Btn className="button--small" onPress={() => (setMessage(null), setEditing(a))} aria-label={t('common.editNamed', { name: a.name })}>
                    {t('common.edit')}
                  </Btn>
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {editing ? (
        <DeliveryAreaDialog
          area={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(a, created) => {
            setEditing(null);
            setMessage(t(created ? 'deliveryAreas.created' : 'deliveryAreas.saved'));
            list.setData((current) => [...(current ?? []).filter((x) => x.id !== a.id), a]);
          }}
        />
      ) : null}
    </Page>
  );
}

function DeliveryAreaDialog({ area, onClose, onSaved }: { area: DeliveryArea | null; onClose: () => void; onSaved: (a: DeliveryArea, created: boolean) => void }) {
  const { t } = useI18n();
  const v = validators(t);
  const [name, setName] = useState(area?.name ?? '');
  const [weekday, setWeekday] = useState<number | null>(area?.weekday ?? null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    if (weekday == null) return;
    setPending(true);
    setError(null);
    try {
      const body = { name: name.trim(), weekday };
      const saved = area ? await api.deliveryAreas.update(area.id, body) : await api.deliveryAreas.create(body);
      onSaved(saved, !area);
    } catch (e) {
      setError(e);
      setPending(false);
    }
  }

  return (
    <AppModal isOpen onOpenChange={(o) => (o ? undefined : onClose())} title={area ? t('deliveryAreas.editTitle') : t('deliveryAreas.new')}>
      <Form
        className="form"
        validationErrors={issuesByField(error)}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="help-text">{t('common.requiredNote')}</p>
        <ErrorAlert error={error} shownFields={['name', 'weekday']} />
        <TextInput label={t('field.name')} name="name" value={name} onChange={setName} isRequired validate={v.required} maxLength={100} autoFocus />
        <SelectInput
          label={t('field.weekday')}
          name="weekday"
          value={weekday}
          onChange={setWeekday}
          isRequired
          options={WEEKDAYS.map((d) => ({ id: d, label: capitalize(t(`weekday.${d}` as MessageKey)) }))}
        />
        <div className="button-row">
          <Btn type="submit" variant="primary" isPending={pending}>
            {t('common.save')}
          </Btn>
          <Btn onPress={onClose}>{t('common.cancel')}</Btn>
        </div>
      </Form>
    </AppModal>
  );
}

const capitalize = (s: string) => s.charAt(0).toLocaleUpperCase('sv') + s.slice(1);
