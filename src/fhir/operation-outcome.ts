import type { AppError, FieldIssue } from '../platform/errors.ts';
import { ERROR_CODE_SYSTEM } from './systems.ts';
import type { OperationOutcome, OperationOutcomeIssue } from './types.ts';

/** FHIR's issue type (http://hl7.org/fhir/issue-type) for a Bistå error code, by its meaning, else by its status. */
const issueTypeByCode: Record<string, OperationOutcomeIssue['code']> = {
  BAD_REQUEST: 'structure',
  INVALID_TEXT: 'value',
  VALIDATION: 'invalid',
  INVALID: 'invalid',
  UNAUTHENTICATED: 'login',
  CSRF: 'security',
  FORBIDDEN: 'forbidden',
  CARE_RELATIONSHIP_REQUIRED: 'forbidden',
  UNIT_OTHER_CARE_PROVIDER: 'forbidden',
  NOT_FOUND: 'not-found',
  PATIENT_NOT_FOUND: 'not-found',
  MESSAGE_ID_CONFLICT: 'duplicate',
  PAYLOAD_TOO_LARGE: 'too-long',
  UNSUPPORTED_MEDIA_TYPE: 'not-supported',
  NOT_ALLOWED: 'business-rule',
  UNKNOWN_ORDER: 'not-found',
  ARTICLE_NOT_ORDERABLE: 'business-rule',
  TOO_MANY_REQUESTS: 'throttled',
  OVERLOADED: 'throttled',
  PATIENT_DIRECTORY_UNAVAILABLE: 'transient',
  NOT_READY: 'transient',
  INTERNAL: 'exception',
};

function issueType(err: AppError): OperationOutcomeIssue['code'] {
  const byCode = issueTypeByCode[err.code];
  if (byCode) return byCode;
  const s = err.status;
  if (s === 401) return 'login';
  if (s === 403) return 'forbidden';
  if (s === 404) return 'not-found';
  if (s === 409) return 'conflict';
  if (s === 422) return 'business-rule';
  if (s >= 500) return 'exception';
  return 'invalid';
}

/**
 * A field issue's path ('body.subject.identifier.value', 'querystring.status') as a FHIRPath expression on the
 * resource ('DeviceRequest.subject.identifier.value') or the search parameter's name.
 */
function expression(path: string, resourceType: string | null): string | null {
  const parts = path.split('.').filter(Boolean);
  const [where, ...rest] = parts;
  if (where === 'body') return [resourceType ?? 'Resource', ...rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : p))].join('.').replace(/\.\[/g, '[');
  if (where === 'querystring' || where === 'params') return rest.join('.') || null;
  return path || null;
}

/** The OperationOutcome of an error, with Bistå's code in each issue's details and the Swedish message as text. */
export function operationOutcome(err: AppError, message: string, requestId: string, resourceType: string | null): OperationOutcome {
  const code = issueType(err);
  const details = (text: string) => ({ coding: [{ system: ERROR_CODE_SYSTEM, code: err.code }], text });
  const fieldIssues = (err.details?.issues ?? []) as FieldIssue[];
  const issue: OperationOutcomeIssue[] = fieldIssues.length
    ? fieldIssues.map((i) => {
        const e = expression(i.path, resourceType);
        return { severity: 'error', code, details: details(`${i.message}`), diagnostics: `${i.code}; begäran ${requestId}`, ...(e ? { expression: [e] } : {}) };
      })
    : [{ severity: err.status >= 500 ? 'fatal' : 'error', code, details: details(message), diagnostics: `begäran ${requestId}` }];
  // The whole message first when the field issues do not repeat it.
  if (fieldIssues.length > 1 || (fieldIssues.length === 1 && fieldIssues[0]!.message !== message))
    issue.unshift({ severity: 'error', code, details: details(message), diagnostics: `begäran ${requestId}` });
  return { resourceType: 'OperationOutcome', issue };
}
