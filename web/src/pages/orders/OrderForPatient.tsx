import { useState } from 'react';
import { Form } from 'react-aria-components';
import { issuesByField } from '../../api/errors.ts';
import { AppModal, Btn, ErrorAlert } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate } from '../../router.ts';
import { usePatientLookup } from '../patients/patient-lookup.tsx';
import { newOrderHref } from './order-format.ts';

/**
 * "Beställ till patient" on an article page (issue 16 item 6): the prescriber looks up the patient by
 * personnummer (a POST: the number is never in an address; the look-up is logged), confirms the care
 * relationship if today's is not yet given, and the new order opens as a customer order for that patient with
 * the article in the cart.
 */
export function OrderForPatient({ article }: { article: { id: string; name: string } }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { lookup, search, field, relationshipDialog, awaitingRelationship, reset } = usePatientLookup({
    onPatient: (patientId) => navigate(newOrderHref({ patientId, type: 'customerOrder', articleId: article.id })),
    onNeedsRelationship: () => setOpen(false),
  });
  return (
    <>
      <Btn variant="primary" onPress={() => (reset(), setOpen(true))}>
        {t('orderForPatient.button')}
      </Btn>
      <AppModal isOpen={open} onOpenChange={setOpen} title={t('orderForPatient.title', { name: article.name })}>
        <Form
          className="form"
          validationErrors={issuesByField(lookup.error)}
          onSubmit={(e) => {
            e.preventDefault();
            search();
          }}
        >
          <p>{t('orderForPatient.text')}</p>
          <ErrorAlert error={lookup.error} shownFields={['identifier']} />
          {field}
          <div className="button-row">
            {/* After success the button stays pending: the new order opens. */}
            <Btn type="submit" variant="primary" isPending={lookup.isPending || (lookup.isSuccess && !awaitingRelationship)}>
              {t('orderForPatient.search')}
            </Btn>
            <Btn onPress={() => setOpen(false)}>{t('common.cancel')}</Btn>
          </div>
        </Form>
      </AppModal>
      {relationshipDialog}
    </>
  );
}
