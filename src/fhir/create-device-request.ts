import { customerById } from '../administration/organisation/customers.ts';
import { getArticle } from '../catalogue/articles/get-article.ts';
import type { SubmitOrder } from '../contract/messages.ts';
import { CONTRACT_VERSION } from '../contract/version.ts';
import { identifierPatientCheck } from '../ordering/patients/contract-patient-check.ts';
import { patientIdentifierById } from '../ordering/patients/patient-gate.ts';
import { kindOf, parsePersonalNumber } from '../ordering/patients/personal-number.ts';
import { submitContractMessage } from '../provision/intake/submit-over-rest.ts';
import { stockholmDateTime } from '../platform/calendar/stockholm-time.ts';
import { requireRole, type Ctx } from '../platform/context.ts';
import { AppError, zodIssues, type FieldIssue } from '../platform/errors.ts';
import { articleNumberOf, deviceRequestInput, patientIdentifierSystems, quantityOf, type DeviceRequestInput } from './device-request.ts';
import { referencedId, requestIds, UUID } from './ids.ts';
import { readDeviceRequest } from './order-reads.ts';
import { FHIR_USERS } from './roles.ts';
import { CUSTOMER_NUMBER_SYSTEM } from './systems.ts';
import type { FhirResource } from './types.ts';

/**
 * POST /fhir/R4/DeviceRequest: a customer order of one line, submitted through the contract's own REST path
 * (src/provision/intake/submit-over-rest.ts) — the sender's checks (roles, customer scope, the patient in the
 * directory with the read audited), intake, the 'received' event — with nothing of the facade's own stored.
 *
 * Idempotent by identifier, like the contract's message id: the message id, order id and line id are named by
 * the caller and the request's first identifier (ids.ts), so the same request again is answered with the order
 * already made (200 instead of 201), and the same identifier with other content is 409 (the intake's
 * MESSAGE_ID_CONFLICT). Anything refused stores nothing.
 */
export async function createDeviceRequest(ctx: Ctx, body: unknown): Promise<{ resource: FhirResource; created: boolean }> {
  requireRole(ctx, ...FHIR_USERS);
  const parsed = deviceRequestInput.safeParse(body);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error, 'body');
    throw new AppError(
      'VALIDATION',
      `Ogiltig DeviceRequest: ${issues.map((i) => `${i.path.replace(/^body\.?/, '') || '(resursen)'}: ${i.message}`).join('; ')}`,
      {
        issues,
      },
    );
  }
  const r = parsed.data;
  const message = await toSubmitMessage(ctx, r);
  try {
    const receipt = await submitContractMessage(ctx, { patients: identifierPatientCheck }, message);
    return { resource: await readDeviceRequest(ctx, message.order.lines[0]!.lineId), created: !receipt.duplicate };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // What the contract calls the message is the request here.
    if (err.code === 'MESSAGE_ID_CONFLICT')
      throw new AppError(
        'MESSAGE_ID_CONFLICT',
        'En DeviceRequest med samma identifier har redan tagits emot med ett annat innehåll; en ny beställning behöver en ny identifier',
      );
    // A patient the directory does not know is a fault in the request, not a missing page.
    if (err.code === 'PATIENT_NOT_FOUND') throw invalid('subject', err.message);
    throw err;
  }
}

const invalid = (path: string, message: string, code: FieldIssue['code'] = 'invalid') =>
  new AppError('INVALID', message, { issues: [{ path: `body.${path}`, code, message }] });

/** The contract message of the request, named for idempotency; the sender's checks fill in who ordered and the patient. */
async function toSubmitMessage(ctx: Ctx, r: DeviceRequestInput): Promise<SubmitOrder> {
  const actor = ctx.actor!;
  const id = r.identifier[0]!;
  if (id.value.length > 40) throw invalid('identifier[0].value', 'identifier.value är beställningens nummer i ert system: högst 40 tecken');
  const ids = requestIds(actor.userId, { system: id.system, value: id.value });

  const articleNumber = await articleOf(ctx, r);
  const quantity = quantityOf(r);
  if (quantity === 'unknownParameter')
    throw invalid('parameter', "Okänd parameter: bara antal (code 'quantity' i urn:bista:fhir:codesystem:device-request-parameter, valueQuantity) tas emot");
  const identifier12 = await patientOf(ctx, r);
  const customerNumber = await customerOf(ctx, r);
  const messageToCentre = r.note?.map((n) => n.text).join('\n\n') ?? null;
  if (messageToCentre && messageToCentre.length > 2000) throw invalid('note', 'Anteckningarna är tillsammans högst 2000 tecken', 'too_big');

  return {
    contractVersion: CONTRACT_VERSION,
    type: 'order.submit',
    messageId: ids.messageId,
    // The order's time as the orderer gave it: a retry of the same request is the same message.
    sentAt: r.authoredOn,
    order: {
      orderId: ids.orderId,
      orderNumber: id.value,
      orderType: 'customerOrder',
      urgent: r.priority === 'urgent',
      customerNumber,
      // Replaced by the caller by the sender's check (check-sender.ts): never what a body says.
      orderedBy: { userId: actor.userId, name: actor.name, hsaId: null, profession: null, phone: null, email: null },
      // Only the identifier counts: the directory's facts replace the rest (identifierPatientCheck).
      patient: {
        identifier: identifier12,
        identifierKind: kindOf(identifier12),
        firstName: 'Enligt folkbokföringen',
        lastName: 'Enligt folkbokföringen',
        protectedIdentity: false,
        homeMunicipalityCode: null,
        address: null,
      },
      delivery: { kind: 'patientAddress' },
      contact: null,
      messageToCentre,
      lines: [{ lineId: ids.lineId, lineNumber: 1, articleNumber, quantity, unitNumber: null, accessoryForLineId: null, note: null }],
      attachments: [],
    },
  };
}

async function articleOf(ctx: Ctx, r: DeviceRequestInput): Promise<string> {
  if (r.codeReference && r.codeCodeableConcept) throw invalid('code[x]', 'Ange artikeln en gång: codeReference eller codeCodeableConcept');
  const byNumber = articleNumberOf(r);
  if (byNumber) return byNumber;
  const articleId = referencedId(r.codeReference?.reference, 'DeviceDefinition');
  if (articleId && UUID.test(articleId)) {
    try {
      return (await getArticle(ctx, articleId)).articleNumber;
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') throw invalid('codeReference', `Artikeln DeviceDefinition/${articleId} finns inte`, 'unknown');
      throw err;
    }
  }
  throw invalid(
    'code[x]',
    'Artikeln saknas: ange codeReference till en DeviceDefinition, eller codeCodeableConcept med artikelnumret (system urn:bista:fhir:identifier:article-number)',
    'required',
  );
}

async function patientOf(ctx: Ctx, r: DeviceRequestInput): Promise<string> {
  const s = r.subject;
  const patientId = referencedId(s.reference, 'Patient');
  if (s.reference && !patientId) throw invalid('subject.reference', 'subject ska vara en patient: Patient/{id} eller patientens identifier');
  if (patientId) {
    const identifier = UUID.test(patientId) ? await patientIdentifierById(ctx.db, patientId) : null;
    if (!identifier) throw invalid('subject.reference', `Patienten Patient/${patientId} finns inte`, 'unknown');
    return identifier;
  }
  if (!s.identifier) throw invalid('subject', 'subject krävs: patientens personnummer eller samordningsnummer (identifier), eller Patient/{id}', 'required');
  if (!patientIdentifierSystems.includes(s.identifier.system))
    throw invalid('subject.identifier.system', `Okänt identifierarsystem för patienten; använd ${patientIdentifierSystems.join(' eller ')}`);
  const p = parsePersonalNumber(s.identifier.value, stockholmDateTime(ctx.now()).date);
  if (!p.ok) throw invalid('subject.identifier.value', p.error.message, 'invalid_personal_number');
  return p.value.identifier;
}

async function customerOf(ctx: Ctx, r: DeviceRequestInput): Promise<string> {
  const actor = ctx.actor!;
  const q = r.requester;
  if (!q) {
    const id = actor.defaultCustomerId ?? actor.customerIds[0];
    const c = id ? await customerById(ctx.db, id) : null;
    if (!c) throw new AppError('FORBIDDEN', 'Ni är inte kopplade till någon kund och kan inte beställa');
    return c.customerNumber;
  }
  if (q.identifier) {
    if (q.identifier.system !== CUSTOMER_NUMBER_SYSTEM)
      throw invalid('requester.identifier.system', `requester anges med kundnumret (system ${CUSTOMER_NUMBER_SYSTEM})`);
    return q.identifier.value;
  }
  const orgId = referencedId(q.reference, 'Organization');
  if (!orgId) throw invalid('requester', 'requester ska vara kunden: Organization/{id} eller kundnumret som identifier', 'required');
  const c = UUID.test(orgId) ? await customerById(ctx.db, orgId) : null;
  if (!c) throw invalid('requester.reference', `Kunden Organization/${orgId} finns inte`, 'unknown');
  return c.customerNumber;
}
