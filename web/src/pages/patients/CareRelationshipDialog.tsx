import { useMutation } from '@tanstack/react-query';
import { fetchClient } from '../../api/client.ts';
import { AppModal, Btn, ErrorAlert } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formatPersonalNumber } from './personal-number.ts';

/**
 * The care-relationship declaration (DOMAIN §7, patientdatalagen): before any of the patient's data is shown the
 * user confirms a care relationship; the server records and audits it, and it covers the rest of the day.
 * No personal data is shown here: at most the number the user typed.
 */
export function CareRelationshipDialog({
  patientId,
  identifier,
  isOpen,
  onOpenChange,
  onConfirmed,
}: {
  patientId: string;
  /** The number the user searched for (12 digits), if they typed it. */
  identifier?: string | null;
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
      {identifier ? <p>{t('careRelationship.forNumber', { number: formatPersonalNumber(identifier) })}</p> : null}
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
