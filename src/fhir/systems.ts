/**
 * The code systems and identifier systems the facade uses, in one place (docs/fhir.md lists them). National
 * systems where Sweden has one (personnummer, samordningsnummer); HL7's own where FHIR has one; Bistå's own
 * `urn:bista:fhir:…` names for the concepts that are Bistå's (its article numbers, unit numbers, order states),
 * in the same namespace as the patient directory's home-municipality extension. A region that adopts national
 * names for these changes them here.
 */
export { PERSONNUMMER_SYSTEM, SAMORDNINGSNUMMER_SYSTEM, CONFIDENTIALITY_SYSTEM, HOME_MUNICIPALITY_EXTENSION } from '../ordering/patients/fhir-directory.ts';

const bista = (kind: 'identifier' | 'codesystem', name: string) => `urn:bista:fhir:${kind}:${name}`;

/** ISO 9999 (assistive products for persons with disability); Coding.version is the edition (2011, 2022). */
export const ISO_9999_SYSTEM = 'urn:iso:std:iso:9999';
/** GS1 GTIN. */
export const GTIN_SYSTEM = 'https://www.gs1.org/gtin';
/** Supplier GLN (GS1 Global Location Number). */
export const GLN_SYSTEM = 'https://www.gs1.org/gln';

export const ARTICLE_NUMBER_SYSTEM = bista('identifier', 'article-number');
export const UNIT_NUMBER_SYSTEM = bista('identifier', 'unit-number');
export const CUSTOMER_NUMBER_SYSTEM = bista('identifier', 'customer-number');
/** The Swedish organisationsnummer of a care provider (10 digits, NNNNNN-NNNN). */
export const ORGANISATION_NUMBER_SYSTEM = bista('identifier', 'organisation-number');
/** The ordering system's own number for an order (the contract's orderNumber). */
export const ORDER_NUMBER_SYSTEM = bista('identifier', 'order-number');
/** The centre's number for an order (K-100001). */
export const CENTRE_ORDER_NUMBER_SYSTEM = bista('identifier', 'centre-order-number');

/** The state of an order line at the centre (Task.businessStatus): received, orderedFromSupplier, inAdaptation, delivered, cancelled. */
export const LINE_STATE_SYSTEM = bista('codesystem', 'line-state');
/** The contract's cancel reasons (Task.statusReason). */
export const CANCEL_REASON_SYSTEM = bista('codesystem', 'cancel-reason');
/** DeviceRequest.parameter codes: quantity. */
export const REQUEST_PARAMETER_SYSTEM = bista('codesystem', 'device-request-parameter');
/** Task.output types: planned-date, new-date, delivered-on, delivered-quantity, delivered-unit. */
export const TASK_OUTPUT_SYSTEM = bista('codesystem', 'task-output');
/** DeviceDefinition.property types: article-type, charging-form, orderable, in-assortment. */
export const ARTICLE_PROPERTY_SYSTEM = bista('codesystem', 'article-property');
/** Article types: H main device, T accessory, R spare part, and the open codes (Tj, I, …). */
export const ARTICLE_TYPE_SYSTEM = bista('codesystem', 'article-type');
/** Charging forms: rent, sale, saleWithReturn. */
export const CHARGING_FORM_SYSTEM = bista('codesystem', 'charging-form');
/** HL7 v2 table 0136, Yes/No: Y, N. */
export const YES_NO_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0136';
/** Bistå's error codes (OperationOutcome.issue.details): FORBIDDEN, PATIENT_NOT_FOUND, … as in the JSON API. */
export const ERROR_CODE_SYSTEM = bista('codesystem', 'error-code');
/** The customer (kund) as an organisation type, beside HL7's organization-type 'prov' for the care provider. */
export const ORGANISATION_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/organization-type';
export const TASK_CODE_SYSTEM = 'http://hl7.org/fhir/CodeSystem/task-code';
