import type { FhirResource } from './types.ts';

const read = { code: 'read' };
const searchType = { code: 'search-type' };

/**
 * GET /fhir/R4/metadata: what the facade serves (FHIR R4 4.0.1, JSON), for a client to discover. Kept by hand
 * beside the routes (routes.ts) and checked against them by the facade's tests: every resource and search
 * parameter here has a route, and every route is here.
 */
export function capabilityStatement(opts: { baseUrl: string; date: string; software: { name: string; version: string } }): FhirResource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: opts.date,
    publisher: 'Bistå',
    kind: 'instance',
    software: opts.software,
    implementation: { description: 'Bistå: FHIR R4-fasad för beställningar av hjälpmedel (issue 18)', url: opts.baseUrl },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Beställningar (DeviceRequest), deras status hos hjälpmedelscentralen (Task), patientens hjälpmedel (Device), artiklar (DeviceDefinition), patienter och organisationer. ' +
          'Se docs/fhir.md för hur resurserna motsvarar Bistås begrepp.',
        security: {
          cors: false,
          service: [
            {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth', display: 'OAuth' }],
              text: 'OAuth2 client credentials: POST /oauth/token ger en Bearer-token (samma systemklienter som /api/contract/v1)',
            },
          ],
          description:
            'Anropa med Authorization: Bearer <token>. Klientens omfång (vårdgivare, kundnummer) avgör vad den når; patientuppgifter läses genom patientregistret och varje läsning loggas.',
        },
        resource: [
          {
            type: 'DeviceRequest',
            interaction: [read, searchType, { code: 'create', documentation: 'Idempotent på identifier: samma identifier igen ger samma beställning (200).' }],
            searchParam: [
              { name: 'patient', type: 'reference', documentation: 'Patient/{id}' },
              { name: 'status', type: 'token', documentation: 'active, completed, revoked (kommaseparerat = någon av dem)' },
              { name: 'identifier', type: 'token', documentation: 'Beställningens identifier: er egen (system|value) eller ordernumret' },
              { name: '_id', type: 'token' },
            ],
          },
          {
            type: 'Task',
            interaction: [read, searchType],
            searchParam: [
              { name: 'focus', type: 'reference', documentation: 'DeviceRequest/{id}' },
              { name: 'patient', type: 'reference', documentation: 'Patient/{id}' },
              { name: 'status', type: 'token', documentation: 'accepted, in-progress, completed, cancelled' },
              { name: '_id', type: 'token' },
            ],
          },
          {
            type: 'Device',
            interaction: [read, searchType],
            searchParam: [{ name: 'patient', type: 'reference', documentation: 'Patient/{id}: patientens hjälpmedel (individer)' }],
          },
          {
            type: 'DeviceDefinition',
            interaction: [read, searchType],
            searchParam: [
              { name: 'name', type: 'string', documentation: 'Artikelns benämning (svensk fritextsökning)' },
              { name: 'type', type: 'token', documentation: 'ISO 9999-kod (urn:iso:std:iso:9999|12 22 03); klass och underklass ger allt under dem' },
            ],
          },
          { type: 'Patient', interaction: [read] },
          {
            type: 'Organization',
            interaction: [read, searchType],
            searchParam: [
              { name: 'identifier', type: 'token', documentation: 'Kundnummer eller organisationsnummer' },
              { name: 'type', type: 'token', documentation: 'prov (vårdgivare) eller dept (kund)' },
            ],
          },
        ],
      },
    ],
  };
}
