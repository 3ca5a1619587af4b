import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { dataOf, fetchClient } from '../../api/client.ts';
import { TextInput } from '../../components/fields.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { CareRelationshipDialog } from './CareRelationshipDialog.tsx';
import { checkPersonalNumber } from './personal-number.ts';

/**
 * Looking a patient up by personnummer or samordningsnummer, as the patient search and "Beställ till patient"
 * do: the number is checked as it is typed, sent in a POST body (never in an address; the look-up is logged),
 * and when today's care relationship is not yet given the dialog asks for it before `onPatient` is called.
 * `onNeedsRelationship` runs just before that dialog opens (e.g. to close the modal the field was in).
 */
export function usePatientLookup({ onPatient, onNeedsRelationship }: { onPatient: (patientId: string) => void; onNeedsRelationship?: () => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [found, setFound] = useState<{ patientId: string; identifier: string; name: string } | null>(null);
  const lookup = useMutation({
    mutationFn: (identifier: string) => fetchClient.POST('/api/patients/lookup', { body: { identifier } }).then((r) => ({ ...dataOf(r), identifier })),
    onSuccess: (r) => {
      if (r.careRelationshipConfirmedToday) onPatient(r.patientId);
      else {
        onNeedsRelationship?.();
        setFound({ patientId: r.patientId, identifier: r.identifier, name: `${r.firstName} ${r.lastName}` });
      }
    },
  });
  const validate = (v: string) => {
    const r = checkPersonalNumber(v);
    return r.ok ? null : t(`personalNumber.${r.code}`, r.vars);
  };
  const search = () => {
    const checked = checkPersonalNumber(value);
    if (checked.ok && !lookup.isPending) lookup.mutate(checked.identifier);
  };
  const field: ReactNode = (
    <TextInput
      label={t('patients.searchLabel')}
      name="identifier"
      value={value}
      onChange={(v) => {
        setValue(v);
        lookup.reset();
      }}
      description={t('patients.searchHelp')}
      validate={validate}
      autoFocus
      autoComplete="off"
      spellCheck={false}
      maxLength={40}
    />
  );
  const relationshipDialog: ReactNode = found ? (
    <CareRelationshipDialog
      patientId={found.patientId}
      identifier={found.identifier}
      name={found.name}
      isOpen
      onOpenChange={(open) => {
        if (!open) setFound(null);
      }}
      onConfirmed={() => onPatient(found.patientId)}
    />
  ) : null;
  return { lookup, search, field, relationshipDialog, awaitingRelationship: found !== null, reset: () => lookup.reset() };
}
