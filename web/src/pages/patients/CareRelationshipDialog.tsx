import { useMutation } from '@tanstack/react-query';
import { fetchClient } from '../../api/client.ts';
import { AppModal, Btn, ErrorAlert } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formatPersonalNumber } from './personal-number.ts';

/**
 * The care-relationship declaration (DOMAIN §7, patientdatalagen): before any of the patient's data is shown the
 * user confirms a care relationship; the server records and audits it, and it covers the rest of the day.
 * Coming from a look-up it names the patient (the directory's name and the number, nothing more), so that the
 * user confirms for the right person, and says that the look-up is logged.
 */
export function CareRelationshipDialog({
  patientId,
  identifier,
  name,
  isOpen,
  onOpenChange,
  onConfirmed,
}: {
  patientId: string;
  /** The number the user searched for (12 digits), if they typed it. */
  identifier?: string | null;
  /** The patient's name from the look-up. */
  name?: string | null;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirmed: () => void;
}) {
  const { t } = useI18n();
  const confirmation = useMutation({
    mutationFn: () => fetchClient.POST('/api/patients/{id}/care-relationship', { params: { path: { id: patientId } }, body: {} }),
    onSuccess: () => onConfirmed(),
  });
  const { isPending: pending, error } = confirmation;
  const confirm = () => confirmation.mutate();

  return (
    <AppModal isOpen={isOpen} onOpenChange={onOpenChange} title={t('careRelationship.title')}>
      <p>{t('careRelationship.text')}</p>
      {identifier && name ? (
        <p>
          <strong>{t('careRelationship.forPatient', { name, number: formatPersonalNumber(identifier) })}</strong> {t('careRelationship.lookupLogged')}
        </p>
      ) : identifier ? (
        <p>{t('careRelationship.forNumber', { number: formatPersonalNumber(identifier) })}</p>
      ) : null}
      <p className="help-text">{t('careRelationship.validToday')}</p>
      <ErrorAlert error={error} />
      <div className="button-row">
        <Btn variant="primary" onPress={() => void confirm()} isPending={pending} autoFocus>
          {t('careRelationship.confirm')}
        </Btn>
        <Btn onPress={() => onOpenChange(false)}>{t('common.cancel')}</Btn>
      </div>
    </AppModal>
  );
}
