import { useEffect, useRef } from 'react';
import { Form } from 'react-aria-components';
import { issuesByField } from '../../api/errors.ts';
import { Btn, ErrorAlert, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate } from '../../router.ts';
import { usePatientLookup } from './patient-lookup.tsx';

export const patientHref = (id: string) => `/patienter/${encodeURIComponent(id)}`;

/**
 * /patienter: find a patient by personnummer or samordningsnummer. Keyboard first: the field has focus, Enter
 * searches, a wrong number is explained next to the field. The number is sent in a POST body and never appears
 * in an address; the patient page uses the internal id.
 */
export function PatientSearchPage() {
  const { t } = useI18n();
  const fieldWrap = useRef<HTMLDivElement>(null);
  const { lookup, search, field, relationshipDialog } = usePatientLookup({ onPatient: (patientId) => navigate(patientHref(patientId)) });

  // The page heading takes focus after a navigation (Page); the search field is where the user starts typing.
  useEffect(() => {
    const id = requestAnimationFrame(() => fieldWrap.current?.querySelector('input')?.focus());
    return () => cancelAnimationFrame(id);
  }, []);

  return (
    <Page title={t('patients.title')} intro={t('patients.intro')}>
      <div className="card" role="search" aria-label={t('patients.searchRegion')}>
        <Form
          className="form"
          validationErrors={issuesByField(lookup.error)}
          onSubmit={(e) => {
            e.preventDefault();
            search();
          }}
        >
          <ErrorAlert error={lookup.error} shownFields={['identifier']} />
          <div ref={fieldWrap}>{field}</div>
          <div className="button-row">
            <Btn type="submit" variant="primary" isPending={lookup.isPending}>
              {t('patients.searchButton')}
            </Btn>
          </div>
        </Form>
      </div>
      {relationshipDialog}
    </Page>
  );
}
