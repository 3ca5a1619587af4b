import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../api/client.ts';
import { useInvalidate } from '../api/query.ts';
import { WEEKDAYS, type DeliveryArea } from '../api/types.ts';
import { SelectInput, TextInput } from '../components/fields.tsx';
import { FormDialog } from '../components/form-dialog.tsx';
import { Btn, ErrorAlert, Loading, Page, SuccessMessage, TableScroll } from '../components/ui.tsx';
import { weekdayLabel } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';
import { validators } from '../validation.ts';

export function DeliveryAreasPage() {
  const { t, collator } = useI18n();
  const list = $api.useQuery('get', '/api/delivery-areas');
  const invalidate = useInvalidate();
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
          <TableBody items={rows} renderEmptyState={() => (list.isPending ? <Loading /> : <p className="empty">{t('deliveryAreas.empty')}</p>)}>
            {(a) => (
              <Row id={a.id} className="row">
                <Cell className="cell">{a.name}</Cell>
                <Cell className="cell capitalize">{weekdayLabel(t, a.weekday)}</Cell>
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
            void invalidate('/api/delivery-areas');
          }}
        />
      ) : null}
    </Page>
  );
}

function DeliveryAreaDialog({
  area,
  onClose,
  onSaved,
}: {
  area: DeliveryArea | null;
  onClose: () => void;
  onSaved: (a: DeliveryArea, created: boolean) => void;
}) {
  const { t } = useI18n();
  const v = validators(t);
  const [name, setName] = useState(area?.name ?? '');
  const [weekday, setWeekday] = useState<number | null>(area?.weekday ?? null);

  return (
    <FormDialog
      title={area ? t('deliveryAreas.editTitle') : t('deliveryAreas.new')}
      onClose={onClose}
      send={() => {
        if (weekday == null) return null;
        const body = { name: name.trim(), weekday };
        return area
          ? fetchClient.PUT('/api/delivery-areas/{id}', { params: { path: { id: area.id } }, body }).then(dataOf)
          : fetchClient.POST('/api/delivery-areas', { body }).then(dataOf);
      }}
      onDone={(saved) => onSaved(saved, !area)}
      submitLabel={t('common.save')}
      shownFields={['name', 'weekday']}
      intro={<p className="help-text">{t('common.requiredNote')}</p>}
    >
      <TextInput label={t('field.name')} name="name" value={name} onChange={setName} isRequired validate={v.required} maxLength={100} autoFocus />
      <SelectInput
        label={t('field.weekday')}
        name="weekday"
        value={weekday}
        onChange={setWeekday}
        isRequired
        options={WEEKDAYS.map((d) => ({ id: d, label: capitalize(t(`weekday.${d}`)) }))}
      />
    </FormDialog>
  );
}

const capitalize = (s: string) => s.charAt(0).toLocaleUpperCase('sv') + s.slice(1);
