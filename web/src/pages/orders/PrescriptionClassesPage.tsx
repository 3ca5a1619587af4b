import { useState } from 'react';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import type { PrescriptionClass } from '../../api/types.ts';
import { CheckboxInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Btn, ErrorAlert, Loading, Page, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { parseMeasurement } from './draft-form.ts';

// What a prescription records per ISO 9999 class (issue 16 item 7), set by system management: the measurements a
// class asks for (unit, range, required) and whether the aim is required. Orders already sent keep what they had.

interface MeasurementForm {
  key: string;
  code: string;
  labelSv: string;
  labelEn: string;
  unit: string;
  min: string;
  max: string;
  required: boolean;
}

let seq = 0;
const newKey = () => `m-${(seq++).toString(36)}`;

export function PrescriptionClassesPage() {
  const { t, locale } = useI18n();
  const list = $api.useQuery('get', '/api/ordering/prescription-classes');
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState<PrescriptionClass | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const num = (n: number | null) => (n === null ? '' : n.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB'));

  return (
    <Page
      title={t('prescriptionClasses.title')}
      intro={t('prescriptionClasses.intro')}
      actions={
        <Btn variant="primary" onPress={() => (setMessage(null), setEditing('new'))}>
          {t('prescriptionClasses.new')}
        </Btn>
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : (
        <TableScroll>
          <table className="table">
            <caption className="visually-hidden">{t('prescriptionClasses.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('prescriptionClasses.class')}</th>
                <th scope="col">{t('prescriptionClasses.measurements')}</th>
                <th scope="col">{t('prescriptionClasses.aimRequired')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(list.data ?? []).map((c) => (
                <tr key={c.isoPrefix}>
                  <th scope="row">
                    <span className="mono">{c.isoPrefix}</span> {locale === 'sv' ? c.titleSv : c.titleEn}
                  </th>
                  <td>
                    <ul className="plain-list">
                      {c.measurements.map((m) => (
                        <li key={m.code}>
                          {locale === 'sv' ? m.labelSv : m.labelEn} ({m.unit}
                          {m.min !== null && m.max !== null ? `, ${num(m.min)}–${num(m.max)}` : ''})
                          {m.required ? ` · ${t('prescriptionClasses.required')}` : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{c.aimRequired ? t('common.yes') : t('common.no')}</td>
                  <td>
                    <Btn
                      className="button--small"
                      onPress={() => (setMessage(null), setEditing(c))}
                      aria-label={t('common.editNamed', { name: `${c.isoPrefix} ${locale === 'sv' ? c.titleSv : c.titleEn}` })}
                    >
                      {t('common.edit')}
                    </Btn>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {editing ? (
        <ClassDialog
          cls={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(c) => {
            setEditing(null);
            setMessage(t('prescriptionClasses.saved', { name: `${c.isoPrefix} ${locale === 'sv' ? c.titleSv : c.titleEn}` }));
            void invalidate('/api/ordering/prescription-classes');
          }}
        />
      ) : null}
    </Page>
  );
}

function ClassDialog({ cls, onClose, onSaved }: { cls: PrescriptionClass | null; onClose: () => void; onSaved: (c: PrescriptionClass) => void }) {
  const { t } = useI18n();
  const [prefix, setPrefix] = useState(cls?.isoPrefix ?? '');
  const [titleSv, setTitleSv] = useState(cls?.titleSv ?? '');
  const [titleEn, setTitleEn] = useState(cls?.titleEn ?? '');
  const [aimRequired, setAimRequired] = useState(cls?.aimRequired ?? false);
  const [ms, setMs] = useState<MeasurementForm[]>(
    (cls?.measurements ?? []).map((m) => ({
      key: newKey(),
      code: m.code,
      labelSv: m.labelSv,
      labelEn: m.labelEn,
      unit: m.unit,
      min: m.min === null ? '' : String(m.min),
      max: m.max === null ? '' : String(m.max),
      required: m.required,
    })),
  );
  const set = (key: string, p: Partial<MeasurementForm>) => setMs(ms.map((m) => (m.key === key ? { ...m, ...p } : m)));
  const numberOrEmpty = (v: string) => (!v.trim() || parseMeasurement(v) !== null ? null : t('prescriptionClasses.notANumber'));
  const fields = [
    'prefix',
    'titleSv',
    'titleEn',
    ...ms.flatMap((_, i) => ['code', 'labelSv', 'labelEn', 'unit', 'min', 'max'].map((f) => `measurements.${i}.${f}`)),
  ];

  return (
    <FormDialog
      title={cls ? t('prescriptionClasses.editTitle', { name: `${cls.isoPrefix} ${cls.titleSv}` }) : t('prescriptionClasses.new')}
      onClose={onClose}
      shownFields={fields}
      send={() =>
        fetchClient
          .PUT('/api/ordering/prescription-classes/{prefix}', {
            params: { path: { prefix: prefix.trim() } },
            body: {
              titleSv: titleSv.trim(),
              titleEn: titleEn.trim(),
              aimRequired,
              measurements: ms.map((m) => ({
                code: m.code.trim(),
                labelSv: m.labelSv.trim(),
                labelEn: m.labelEn.trim(),
                unit: m.unit.trim(),
                min: parseMeasurement(m.min),
                max: parseMeasurement(m.max),
                required: m.required,
              })),
            },
          })
          .then(dataOf)
      }
      onDone={onSaved}
      submitLabel={t('common.save')}
      intro={<p className="help-text">{t('common.requiredNote')}</p>}
    >
      <TextInput
        label={t('prescriptionClasses.prefix')}
        name="prefix"
        value={prefix}
        onChange={setPrefix}
        isRequired
        isReadOnly={!!cls}
        maxLength={8}
        description={t('prescriptionClasses.prefixHelp')}
      />
      <TextInput label={t('prescriptionClasses.titleSv')} name="titleSv" value={titleSv} onChange={setTitleSv} isRequired maxLength={200} />
      <TextInput label={t('prescriptionClasses.titleEn')} name="titleEn" value={titleEn} onChange={setTitleEn} isRequired maxLength={200} />
      <CheckboxInput isSelected={aimRequired} onChange={setAimRequired} name="aimRequired">
        {t('prescriptionClasses.aimRequiredChoice')}
      </CheckboxInput>
      {ms.map((m, i) => (
        <fieldset key={m.key} className="fieldset repeat">
          <legend className="fieldset-legend">{t('prescriptionClasses.measurementN', { n: i + 1 })}</legend>
          <TextInput
            label={t('prescriptionClasses.code')}
            name={`measurements.${i}.code`}
            value={m.code}
            onChange={(x) => set(m.key, { code: x })}
            isRequired
            maxLength={40}
            spellCheck={false}
            description={t('prescriptionClasses.codeHelp')}
          />
          <TextInput
            label={t('prescriptionClasses.labelSv')}
            name={`measurements.${i}.labelSv`}
            value={m.labelSv}
            onChange={(x) => set(m.key, { labelSv: x })}
            isRequired
            maxLength={100}
          />
          <TextInput
            label={t('prescriptionClasses.labelEn')}
            name={`measurements.${i}.labelEn`}
            value={m.labelEn}
            onChange={(x) => set(m.key, { labelEn: x })}
            isRequired
            maxLength={100}
          />
          <TextInput
            label={t('prescriptionClasses.unit')}
            name={`measurements.${i}.unit`}
            value={m.unit}
            onChange={(x) => set(m.key, { unit: x })}
            isRequired
            maxLength={20}
          />
          <TextInput
            label={t('prescriptionClasses.min')}
            name={`measurements.${i}.min`}
            value={m.min}
            onChange={(x) => set(m.key, { min: x })}
            inputMode="decimal"
            maxLength={12}
            validate={numberOrEmpty}
          />
          <TextInput
            label={t('prescriptionClasses.max')}
            name={`measurements.${i}.max`}
            value={m.max}
            onChange={(x) => set(m.key, { max: x })}
            inputMode="decimal"
            maxLength={12}
            validate={numberOrEmpty}
          />
          <CheckboxInput isSelected={m.required} onChange={(x) => set(m.key, { required: x })} name={`measurements.${i}.required`}>
            {t('prescriptionClasses.requiredChoice')}
          </CheckboxInput>
          <div className="repeat-footer">
            <Btn
              variant="quiet"
              className="button--small"
              onPress={() => setMs(ms.filter((x) => x.key !== m.key))}
              aria-label={t('prescriptionClasses.removeNamed', { n: i + 1 })}
            >
              {t('common.remove')}
            </Btn>
          </div>
        </fieldset>
      ))}
      <div className="button-row">
        <Btn
          onPress={() => setMs([...ms, { key: newKey(), code: '', labelSv: '', labelEn: '', unit: '', min: '', max: '', required: false }])}
          isDisabled={ms.length >= 20}
        >
          {t('prescriptionClasses.addMeasurement')}
        </Btn>
      </div>
    </FormDialog>
  );
}
