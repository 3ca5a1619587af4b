import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { dataOf, fetchClient } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import { TextInput } from '../../components/fields.tsx';
import { AppModal, Btn, ErrorAlert } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate } from '../../router.ts';
import { CareRelationshipDialog } from '../patients/CareRelationshipDialog.tsx';
import { checkPersonalNumber } from '../patients/personal-number.ts';
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
  const [value, setValue] = useState('');
  const [found, setFound] = useState<{ patientId: string; identifier: string; name: string } | null>(null);
  const go = (patientId: string) => navigate(newOrderHref({ patientId, type: 'customerOrder', articleId: article.id }));
  const lookup = useMutation({
    mutationFn: (identifier: string) => fetchClient.POST('/api/patients/lookup', { body: { identifier } }).then((r) => ({ ...dataOf(r), identifier })),
    onSuccess: (r) => {
      if (r.careRelationshipConfirmedToday) go(r.patientId);
      else {
        setOpen(false);
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
  return (
    <>
      <Btn variant="primary" onPress={() => (lookup.reset(), setOpen(true))}>
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
          <div className="button-row">
            {/* After success the button stays pending: the new order opens. */}
            <Btn type="submit" variant="primary" isPending={lookup.isPending || (lookup.isSuccess && !found)}>
              {t('orderForPatient.search')}
            </Btn>
            <Btn onPress={() => setOpen(false)}>{t('common.cancel')}</Btn>
          </div>
        </Form>
      </AppModal>
      {found ? (
        <CareRelationshipDialog
          patientId={found.patientId}
          identifier={found.identifier}
          name={found.name}
          isOpen
          onOpenChange={(o) => {
            if (!o) setFound(null);
          }}
          onConfirmed={() => go(found.patientId)}
        />
      ) : null}
    </>
  );
}
