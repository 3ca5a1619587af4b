import { useEffect, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { useMutation } from '@tanstack/react-query';
import { issuesByField } from '../../api/errors.ts';
import { dataOf, fetchClient } from '../../api/client.ts';
import { TextInput } from '../../components/fields.tsx';
import { Btn, ErrorAlert, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate } from '../../router.ts';
import { CareRelationshipDialog } from './CareRelationshipDialog.tsx';
import { checkPersonalNumber } from './personal-number.ts';

export const patientHref = (id: string) => `/patienter/${encodeURIComponent(id)}`;

/**
 * /patienter: find a patient by personnummer or samordningsnummer. Keyboard first: the field has focus, Enter
 * searches, a wrong number is explained next to the field. The number is sent in a POST body and never appears
 * in an address; the patient page uses the internal id.
 */
export function PatientSearchPage() {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [found, setFound] = useState<{ patientId: string; identifier: string; name: string } | null>(null);
  const fieldWrap = useRef<HTMLDivElement>(null);

  // The page heading takes focus after a navigation (Page); the search field is where the user starts typing.
  useEffect(() => {
    const id = requestAnimationFrame(() => fieldWrap.current?.querySelector('input')?.focus());
    return () => cancelAnimationFrame(id);
  }, []);

  const validate = (v: string) => {
    const r = checkPersonalNumber(v);
    return r.ok ? null : t(`personalNumber.${r.code}`, r.vars);
  };

  // The number goes in the body: it must never be in a URL.
  const lookup = useMutation({
    mutationFn: (identifier: string) => fetchClient.POST('/api/patients/lookup', { body: { identifier: value } }).then((r) => ({ ...dataOf(r), identifier })),
    onSuccess: (r) => {
      if (r.careRelationshipConfirmedToday) navigate(patientHref(r.patientId));
      else setFound({ patientId: r.patientId, identifier: r.identifier, name: `${r.firstName} ${r.lastName}` });
    },
  });
  const { error, isPending: pending } = lookup;

  function search() {
    const checked = checkPersonalNumber(value);
    if (checked.ok) lookup.mutate(checked.identifier);
  }

  return (
    <Page title={t('patients.title')} intro={t('patients.intro')}>
      <div className="card" role="search" aria-label={t('patients.searchRegion')}>
        <Form
          className="form"
          validationErrors={issuesByField(error)}
          onSubmit={(e) => {
            e.preventDefault();
            search();
          }}
        >
          <ErrorAlert error={error} shownFields={['identifier']} />
          <div ref={fieldWrap}>
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
          </div>
          <div className="button-row">
            <Btn type="submit" variant="primary" isPending={pending}>
              {t('patients.searchButton')}
            </Btn>
          </div>
        </Form>
      </div>
      {found ? (
        <CareRelationshipDialog
          patientId={found.patientId}
          identifier={found.identifier}
          name={found.name}
          isOpen
          onOpenChange={(open) => {
            if (!open) setFound(null);
          }}
          onConfirmed={() => navigate(patientHref(found.patientId))}
        />
      ) : null}
    </Page>
  );
}
