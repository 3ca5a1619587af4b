import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { uuidParam } from '../../platform/http/schemas.ts';
import { AGREEMENT_TERM_EDITORS } from '../roles.ts';
import { agreementView } from './agreement-view.ts';
import { agreementTermsInput, updateAgreementTerms } from './update-terms.ts';

/** Agreements (avtal): their ordering terms. The agreements themselves come with the catalogue import. */
export async function agreementRoutes(app: App) {
  const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
  app.put(
    '/api/catalogue/agreements/:id/terms',
    {
      config: { access: AGREEMENT_TERM_EDITORS },
      schema: {
        tags: ['artikelregister'],
        summary: 'Ändra ett avtals beställningsvillkor: leveranstid, minsta ordervärde, beställningsadress, kontakt',
        params: uuidParam,
        body: agreementTermsInput,
        response: { 200: agreementView, ...errors },
      },
    },
    (req) => updateAgreementTerms(req.ctx, req.params.id, req.body),
  );
}
