import { useState } from 'react';
import { Checkbox, CheckboxGroup, FieldError, Label, Text } from 'react-aria-components';
import type { PatientDevice } from '../../api/types.ts';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { useI18n } from '../../i18n/index.tsx';

/**
 * The patient's units to pick up: a checkbox per unit on the device list. A unit that already has a pick-up
 * order is shown but cannot be chosen.
 */
export function PickUpUnits({
  devices,
  value,
  onChange,
  orderId,
}: {
  devices: readonly PatientDevice[];
  value: string[];
  onChange: (v: string[]) => void;
  orderId: string;
}) {
  const { t, formatDate } = useI18n();
  if (!devices.length) return <p className="empty">{t('devices.noneCurrent')}</p>;
  return (
    <CheckboxGroup className="field checkbox-group" name="units" value={value} onChange={onChange} isRequired>
      <Label className="field-label">
        {t('pickUp.units')}
        <span className="required-mark" aria-hidden="true">
          {' '}
          *
        </span>
      </Label>
      <Text slot="description" className="field-help">
        {t('pickUp.unitsHelp')}
      </Text>
      <div className="unit-list">
        {devices.map((d) => {
          const taken = !!d.pickUpOrderId && d.pickUpOrderId !== orderId;
          return (
            <Checkbox key={d.unitNumber} className="checkbox" value={d.unitNumber} isDisabled={taken}>
              <span className="checkbox-box" aria-hidden="true">
                <svg viewBox="0 0 18 18" className="checkbox-check" focusable="false">
                  <polyline points="3.5 9.5 7.5 13 14.5 5" />
                </svg>
              </span>
              <span className="checkbox-label">
                <span className="mono">{d.unitNumber}</span> {d.articleName}
                <span className="block small muted">
                  {d.serialNumber ? `${t('devices.serial')} ${d.serialNumber} · ` : ''}
                  {t('devices.sinceDate', { date: formatDate(d.since) })}
                  {taken ? ` · ${t('devices.pickUpOrdered')}` : ''}
                </span>
              </span>
            </Checkbox>
          );
        })}
      </div>
      <FieldError className="field-error">{(v) => (v.validationDetails?.valueMissing ? t('pickUp.unitsRequired') : v.validationErrors.join(' '))}</FieldError>
    </CheckboxGroup>
  );
}

const OTHER = '__other';

/** One unit: chosen from the patient's devices, or typed (a unit in a buffer store, or one not on the list). */
export function UnitSelect({
  devices,
  value,
  onChange,
  required,
}: {
  devices: readonly PatientDevice[];
  value: string;
  onChange: (v: string) => void;
  required: boolean;
}) {
  const { t } = useI18n();
  const onList = devices.some((d) => d.unitNumber === value);
  const [typing, setTyping] = useState(!onList && value !== '');
  const showTyped = !devices.length || typing || (!onList && value !== '');
  return (
    <div className="stack">
      {devices.length ? (
        <SelectInput
          label={t('unit.choose')}
          name="unitChoice"
          value={onList ? value : showTyped ? OTHER : null}
          onChange={(k) => {
            if (k === OTHER) {
              setTyping(true);
              if (onList) onChange('');
            } else {
              setTyping(false);
              onChange(k ?? '');
            }
          }}
          isRequired={required}
          options={[
            ...devices.map((d) => ({ id: d.unitNumber, label: `${d.unitNumber} ${d.articleName}${d.serialNumber ? ` (${d.serialNumber})` : ''}` })),
            { id: OTHER, label: t('unit.other') },
          ]}
        />
      ) : null}
      {showTyped ? (
        <TextInput
          label={t('unit.number')}
          name="unitNumber"
          value={onList ? '' : value}
          onChange={onChange}
          isRequired={required}
          maxLength={40}
          spellCheck={false}
          description={t('unit.numberHelp')}
          autoComplete="off"
        />
      ) : null}
    </div>
  );
}
