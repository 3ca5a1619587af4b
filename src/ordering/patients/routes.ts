import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { noBody, uuidParam } from '../../platform/http/schemas.ts';
import { confirmCareRelationship } from './confirm-care-relationship.ts';
import { getPatient } from './get-patient.ts';
import { lookupPatient } from './lookup-patient.ts';
import { careRelationshipResult, lookupInput, lookupResult, patientView } from './patient-schemas.ts';
import { PATIENT_ROLES } from './access.ts';

/**
 * Patients on the ordering side. The personnummer is only ever in a request body or a response body, never in a
 * URL: pages and links use the internal id.
 */
export async function patientRoutes(app: App) {
  const tags = ['patienter'];
  const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 503: errorBody };

  app.post(
    '/api/patients/lookup',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Sök patient på personnummer eller samordningsnummer',
        description:
          'Kontrollerar numret (400 med orsaken), frågar patientregistret (404 PATIENT_NOT_FOUND om personen inte finns, ' +
          '503 PATIENT_DIRECTORY_UNAVAILABLE om registret inte svarar) och ger patientens interna id. Inga personuppgifter ' +
          'lämnas ut förrän vårdrelationen är bekräftad.',
        body: lookupInput,
        response: { 200: lookupResult, ...errors },
      },
    },
    (req) => lookupPatient(req.ctx, req.body),
  );
  app.post(
    '/api/patients/:id/care-relationship',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Bekräfta vårdrelation med patienten (gäller resten av dagen)',
        params: uuidParam,
        body: noBody,
        response: { 200: careRelationshipResult, ...errors },
      },
    },
    (req) => confirmCareRelationship(req.ctx, req.params.id),
  );
  app.get(
    '/api/patients/:id',
    {
      config: { access: PATIENT_ROLES },
      schema: {
        tags,
        summary: 'Patientens uppgifter (kräver bekräftad vårdrelation i dag; loggas)',
        description:
          '403 CARE_RELATIONSHIP_REQUIRED utan vårdrelation i dag. Vid skyddad identitet är adressen alltid null. ' +
          'Uppgifterna uppdateras från patientregistret; svarar det inte visas de sparade med directory.status = unavailable.',
        params: uuidParam,
        response: { 200: patientView, ...errors },
      },
    },
    (req) => getPatient(req.ctx, req.params.id),
  );
}
