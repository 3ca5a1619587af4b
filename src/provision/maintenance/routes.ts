import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { uuidParam } from '../../platform/http/schemas.ts';
import { INSPECTION_READERS, INSPECTORS } from '../roles.ts';
import { inspectionQueue, inspectionQueueQuery } from './inspection-queue.ts';
import { inspectionQueueView, inspectionView } from './inspection-views.ts';
import { recordInspection, recordInspectionInput } from './record-inspection.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { ...errors, 409: errorBody, 422: errorBody };
const tags = ['hjälpmedelscentralen'];

/** Preventive maintenance (besiktning, issue 19 item 1): the technician's queue and recording an inspection. */
export async function maintenanceRoutes(app: App) {
  app.get(
    '/api/provision/inspections',
    {
      config: { access: INSPECTION_READERS },
      schema: {
        tags,
        summary: 'Besiktningar: individer som ska besiktas inom N veckor per leveransområde, försenade och underkända (patientläsningar loggas)',
        querystring: inspectionQueueQuery,
        response: { 200: inspectionQueueView, ...errors },
      },
    },
    (req) => inspectionQueue(req.ctx, req.query),
  );
  app.post(
    '/api/provision/units/:id/inspections',
    {
      config: { access: INSPECTORS },
      schema: {
        tags,
        summary:
          'Registrera en besiktning med protokoll, resultat och nästa datum; underkänd tar individen ur bruk och meddelar kunden. Hämtad sedan listan visades: 409 UNIT_HOLDING_ENDED',
        params: uuidParam,
        body: recordInspectionInput,
        response: { 201: inspectionView, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await recordInspection(req.ctx, req.params.id, req.body)),
  );
}
