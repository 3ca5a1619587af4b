import { useEffect, useState, type ReactNode } from 'react';
import { $api, isApiError } from '../../api/client.ts';
import type { Patient } from '../../api/types.ts';
import { Badge, Btn, ButtonLink, ErrorAlert, Loading, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { PatientOverviewSections } from '../orders/PatientOverviewSections.tsx';
import { CareRelationshipDialog } from './CareRelationshipDialog.tsx';
import { formatPersonalNumber } from './personal-number.ts';

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The header of the patient page: who the patient is, where they are registered and live (never for a protected identity). */
function PatientHeader({ p }: { p: Patient }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section className="card" aria-labelledby="patient-details-heading">
      <h2 className="card-title" id="patient-details-heading">
        {t('patient.details')}
      </h2>
      {p.protectedIdentity ? (
        <p className="badge-list">
          <Badge tone="warn">{t('patient.protectedIdentity')}</Badge>
        </p>
      ) : null}
      {p.directory.status !== 'current' ? (
        <div className="alert alert--info" role="status">
          <div className="alert-body">
            <p className="alert-title">
              {t(p.directory.status === 'unavailable' ? 'patient.directoryUnavailable' : 'patient.directoryNotFound', {
                date: formatDateTime(p.directory.refreshedAt),
              })}
            </p>
          </div>
        </div>
      ) : null}
      <dl className="details">
        <Detail term={t(p.kind === 'samordningsnummer' ? 'patient.samordningsnummer' : 'patient.personnummer')}>
          <span className="mono">{formatPersonalNumber(p.identifier)}</span>
        </Detail>
        <Detail term={t('patient.homeMunicipality')}>
          {p.homeMunicipality ? (
            <>
              {p.homeMunicipality.name} <span className="muted small mono">{p.homeMunicipality.code}</span>
            </>
          ) : (
            <span className="muted">{t('patient.noHomeMunicipality')}</span>
          )}
        </Detail>
        <Detail term={t('patient.address')}>
          {p.protectedIdentity ? (
            <strong>{t('patient.protectedAddress')}</strong>
          ) : p.address ? (
            <>
              {p.address.street}
              <br />
              {p.address.postalCode} {p.address.city}
            </>
          ) : (
            <span className="muted">{t('patient.noAddress')}</span>
          )}
        </Detail>
      </dl>
    </section>
  );
}

/**
 * /patienter/:id — the patient page (hjälpmedelsbild). The address uses the internal id, never the personnummer.
 * Without a care relationship declared today the server refuses (CARE_RELATIONSHIP_REQUIRED) and the page asks
 * for the declaration first.
 */
export function PatientPage({ id }: { id: string }) {
  const { t } = useI18n();
  const patient = $api.useQuery('get', '/api/patients/{id}', { params: { path: { id } } });
  const needsCareRelationship = isApiError(patient.error) && patient.error.code === 'CARE_RELATIONSHIP_REQUIRED';
  const [confirmOpen, setConfirmOpen] = useState(false);
  useEffect(() => {
    if (needsCareRelationship) setConfirmOpen(true);
  }, [needsCareRelationship]);

  if (isApiError(patient.error) && (patient.error.code === 'PATIENT_NOT_FOUND' || patient.error.code === 'VALIDATION')) {
    return <NotFoundPage message={t('error.PATIENT_NOT_FOUND')} />;
  }
  const p = patient.data;
  const name = p ? `${p.firstName} ${p.lastName}` : t('patient.title');
  const other = <ButtonLink href="/patienter">{t('patient.otherPatient')}</ButtonLink>;
  if (patient.error && !needsCareRelationship) {
    return (
      <Page title={t('patient.title')} actions={other}>
        <ErrorAlert error={patient.error} />
      </Page>
    );
  }

  if (needsCareRelationship || !p) {
    return (
      <Page title={t('patient.title')} breadcrumbs={[{ href: '/patienter', label: t('patient.breadcrumb') }, { label: t('patient.title') }]} actions={other}>
        {needsCareRelationship ? (
          <div className="card">
            <p>{t('patient.needsCareRelationship')}</p>
            <div className="button-row">
              <Btn variant="primary" onPress={() => setConfirmOpen(true)}>
                {t('patient.confirmAgain')}
              </Btn>
            </div>
            <CareRelationshipDialog
              patientId={id}
              isOpen={confirmOpen}
              onOpenChange={setConfirmOpen}
              onConfirmed={() => {
                setConfirmOpen(false);
                void patient.refetch();
              }}
            />
          </div>
        ) : (
          <Loading />
        )}
      </Page>
    );
  }

  return (
    <Page title={name} breadcrumbs={[{ href: '/patienter', label: t('patient.breadcrumb') }, { label: name }]} actions={other}>
      <PatientHeader p={p} />
      <PatientOverviewSections patientId={id} />
    </Page>
  );
}
